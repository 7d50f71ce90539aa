-- "Five more" (issue 5): a referral may continue an earlier one of the same call.
ALTER TABLE referrals ADD COLUMN parent_id TEXT;
