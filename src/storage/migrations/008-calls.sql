-- "Five more" chains: a call's referrals are found from its first one by their parent links.
CREATE INDEX referrals_by_parent ON referrals (parent_id) WHERE parent_id IS NOT NULL;
