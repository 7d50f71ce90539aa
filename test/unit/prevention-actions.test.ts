import { expect } from 'chai';
import { actionFromCsvRow, missingActionColumns } from '../../src/domain/prevention/action-csv-row.js';
import { actionsToMention, addDays } from '../../src/domain/prevention/match-actions.js';
import { actionProblems, type PreventionAction, type PreventionActionInput } from '../../src/domain/prevention/prevention-action.js';
import { REGION_OF_DEPARTMENT, REGIONS } from '../../src/domain/prevention/regions.js';
import { parisDay, withPreventionActions } from '../../src/use-cases/prevention-board.js';

const TODAY = '2026-11-23';
let nextId = 1;

function input(overrides: Partial<PreventionActionInput> = {}): PreventionActionInput {
  return {
    title: 'Action', summary: 'À lire à l\'adhérent.', url: 'https://www.ameli.fr/x', startsOn: '2026-11-01', endsOn: '2026-12-31',
    national: true, regions: [], departments: [], specialties: [], themes: [], ...overrides,
  };
}

function action(overrides: Partial<PreventionAction> = {}): PreventionAction {
  const id = nextId++;
  return {
    ...input(), title: `Action ${id}`, id, createdAt: '2026-11-01T00:00:00.000Z', createdBy: 'admin', updatedAt: '2026-11-01T00:00:00.000Z', updatedBy: 'admin',
    retiredAt: null, retiredBy: null, ...overrides,
  };
}

const titles = (matched: ReturnType<typeof actionsToMention>) => matched.map((m) => `${m.action.title}/${m.reach}`);

describe('actionsToMention', () => {
  it('when actions of the department, its region and the nation all apply, then at most three, the most local first', () => {
    const national = action({ title: 'national' });
    const region = action({ title: 'region', national: false, regions: ['84'] });
    const department = action({ title: 'department', national: false, departments: ['07'] });
    const secondNational = action({ title: 'national-2' });
    expect(titles(actionsToMention([national, region, secondNational, department], '07', 'ophtalmologie', TODAY)))
      .to.deep.equal(['department/department', 'region/region', 'national/national']);
  });

  it('when an action lists both the region and the department, then it reaches the member through the department', () => {
    const both = action({ title: 'both', national: false, regions: ['84'], departments: ['07'] });
    expect(titles(actionsToMention([both], '07', 'ophtalmologie', TODAY))).to.deep.equal(['both/department']);
    expect(titles(actionsToMention([both], '69', 'ophtalmologie', TODAY))).to.deep.equal(['both/region']);
  });

  it('when an action applies elsewhere, or the place has no department (coordinates), then only national actions reach it', () => {
    const elsewhere = action({ title: 'elsewhere', national: false, departments: ['26'], regions: ['93'] });
    const national = action({ title: 'national' });
    expect(titles(actionsToMention([elsewhere, national], '07', 'ophtalmologie', TODAY))).to.deep.equal(['national/national']);
    expect(titles(actionsToMention([action({ title: 'here', national: false, departments: ['07'] }), national], null, 'ophtalmologie', TODAY)))
      .to.deep.equal(['national/national']);
  });

  it('when actions are retired, over, or start in more than 30 days, then they are left out; one starting in 30 days is in, after those under way', () => {
    const retired = action({ title: 'retired', retiredAt: '2026-11-20T00:00:00.000Z', retiredBy: 'admin' });
    const over = action({ title: 'over', endsOn: addDays(TODAY, -1) });
    const endsToday = action({ title: 'ends-today', endsOn: TODAY });
    const tooFar = action({ title: 'too-far', startsOn: addDays(TODAY, 31), endsOn: '2027-03-01' });
    const inThirty = action({ title: 'in-30-days', startsOn: addDays(TODAY, 30), endsOn: '2027-03-01' });
    const underWay = action({ title: 'under-way', endsOn: '2027-06-30' });
    expect(titles(actionsToMention([retired, over, tooFar, inThirty, underWay, endsToday], '07', 'ophtalmologie', TODAY)))
      .to.deep.equal(['ends-today/national', 'under-way/national', 'in-30-days/national']);
  });

  it('when actions concern specialties or themes, then they reach those specialties only; with neither, every specialty', () => {
    const vision = action({ title: 'vision', themes: ['vision'] });
    const dental = action({ title: 'dental', themes: ['dental'] });
    const cardio = action({ title: 'cardio', specialties: ['cardiologie'] });
    const everyone = action({ title: 'everyone' });
    const all = [vision, dental, cardio, everyone];
    expect(titles(actionsToMention(all, '07', 'orthoptie', TODAY))).to.deep.equal(['vision/national', 'everyone/national']);
    expect(titles(actionsToMention(all, '07', 'orthodontie', TODAY))).to.deep.equal(['dental/national', 'everyone/national']);
    expect(titles(actionsToMention(all, '07', 'cardiologie', TODAY))).to.deep.equal(['cardio/national', 'everyone/national']);
  });
});

describe('actionProblems', () => {
  it('when an action is complete and consistent, then it has no problem', () => {
    expect(actionProblems(input({ national: false, regions: ['84'], departments: ['2A', '974'], specialties: ['ophtalmologie'], themes: ['vision'] }))).to.deep.equal([]);
  });

  const cases: [string, Partial<PreventionActionInput>, RegExp][] = [
    ['it ends before it starts', { startsOn: '2026-12-01', endsOn: '2026-11-30' }, /endsOn 2026-11-30 is before startsOn 2026-12-01/],
    ['a date does not exist', { startsOn: '2026-02-30' }, /startsOn "2026-02-30" must be a date/],
    ['it is national and lists a department', { departments: ['07'] }, /a national action lists no region or department/],
    ['it applies nowhere', { national: false }, /applies nationally or in at least one region or department/],
    ['a region is unknown', { national: false, regions: ['99'] }, /"99" is not a region code/],
    ['a department is unknown', { national: false, departments: ['20'] }, /"20" is not a department code/],
    ['a specialty is unknown', { specialties: ['astrologie'] }, /"astrologie" is not a specialty code/],
    ['the link is not a web address', { url: 'javascript:alert(1)' }, /must be a web address/],
    ['the summary is too long to read aloud', { summary: 'x'.repeat(401) }, /summary must be 1 to 400 characters/],
  ];
  for (const [name, overrides, problem] of cases) {
    it(`when ${name}, then it is refused`, () => {
      expect(actionProblems(input(overrides)).join('; ')).to.match(problem);
    });
  }
});

describe('the regions table', () => {
  it('when read, then it holds the 101 departments, each in one of the 18 regions', () => {
    expect(Object.keys(REGION_OF_DEPARTMENT)).to.have.length(101);
    expect(Object.keys(REGIONS)).to.have.length(18);
    for (const region of Object.values(REGION_OF_DEPARTMENT)) expect(REGIONS).to.have.property(region);
    expect(REGION_OF_DEPARTMENT).to.include({ '07': '84', '69': '84', '2A': '94', '974': '04', '75': '11' });
  });
});

describe('a CSV row of prevention actions', () => {
  const row = {
    title: ' Dépistage ', summary: 'Kit gratuit.', url: 'https://www.ameli.fr/a', startsOn: '2026-11-01', endsOn: '2026-12-31',
    national: 'false', regions: '84', departments: '07; 2a', specialties: '', themes: 'screening;vision',
  };

  it('when complete, then lists are split on semicolons, codes upper-cased and text trimmed', () => {
    expect(actionFromCsvRow(row)).to.deep.equal({
      input: { ...input(), title: 'Dépistage', summary: 'Kit gratuit.', url: 'https://www.ameli.fr/a', national: false, regions: ['84'], departments: ['07', '2A'], themes: ['screening', 'vision'] },
    });
  });

  it('when national is neither true nor false, or a theme is unknown, then every problem is named', () => {
    const parsed = actionFromCsvRow({ ...row, national: 'oui', themes: 'hearing' });
    expect(parsed).to.have.property('problems');
    expect((parsed as { problems: string[] }).problems.join('; ')).to.match(/national must be true or false, got "oui".*"hearing" is not a theme/);
  });

  it('when a header lacks columns, then they are named', () => {
    expect(missingActionColumns(['title', 'summary', 'url', 'startsOn', 'endsOn', 'national', 'regions', 'departments'])).to.deep.equal(['specialties', 'themes']);
  });
});

describe('the prevention actions of an answer', () => {
  it('when appended to a logged referral, then the referral is unchanged and the actions follow it', () => {
    const logged = JSON.stringify({ id: 'r', audit: { hash: 'h' } });
    const mentioned = [{ id: 1, title: 't', summary: 's', url: 'https://x.fr', startsOn: '2026-11-01', endsOn: '2026-11-30', reach: 'national' as const }];
    expect(JSON.parse(withPreventionActions(logged, mentioned))).to.deep.equal({ id: 'r', audit: { hash: 'h' }, preventionActions: mentioned });
    expect(JSON.parse(withPreventionActions(logged, []))).to.deep.equal({ id: 'r', audit: { hash: 'h' }, preventionActions: [] });
  });

  it('when the day is read, then it is the day in Paris: 23:30 UTC on 30 November is already 1 December', () => {
    expect(parisDay(new Date('2026-11-30T23:30:00Z'))).to.equal('2026-12-01');
    expect(parisDay(new Date('2026-07-31T21:59:00Z'))).to.equal('2026-07-31');
  });
});
