/**
 * The figures of the documents, rendered from the JSON the commands that measure them write, so
 * that a rerun updates them and a hand edit is caught (test/contract/generated-docs.test.ts).
 *
 * A document marks each rendered region:
 *   <!-- generated:NAME -->
 *   … rendered text, never edited by hand …
 *   <!-- /generated -->
 * and `npm run docs:render` rewrites every region from the files below.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SETTINGS } from '../../src/config.js';
import { describeSimulation, type SimulationJson } from '../../src/cli/simulate.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where each figure comes from: the command that writes it, and its file. */
export const SOURCES = {
  referrals: 'bench/results/referrals.json',
  writer: 'bench/results/writer.json',
  soak: 'bench/results/soak.json',
  imports: 'bench/results/imports.json',
  places: 'bench/results/places.json',
  statusChanges: 'bench/results/status-changes.json',
  transparency: 'bench/results/transparency.json',
  simulation: 'bench/results/simulation.json',
  gazetteerBefore: 'bench/results/gazetteer-before.json',
  gazetteerNow: 'bench/results/gazetteer-now.json',
} as const;

export type Sources = { readonly [K in keyof typeof SOURCES]: unknown };

/** Reads every source file of the repository. */
export function readSources(root = ROOT): Sources {
  return Object.fromEntries(Object.entries(SOURCES).map(([name, path]) => [name, JSON.parse(readFileSync(`${root}${path}`, 'utf8'))])) as Sources;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (share: number, digits = 1) => `${(100 * share).toFixed(digits)}%`;
const day = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
const machine = (m: { cpus: number; cpuModel?: string; node: string }) => `${m.cpus} cores${m.cpuModel ? ` (${m.cpuModel})` : ''}, Node ${m.node.replace(/^v/, '')}`;

interface Run { requestsPerSecond: number; p50Ms: number; p99Ms: number; ratioToHello?: number; atFixedRate?: { cpuMicrosPerRequest: number; p99Ms: number } }
interface ReferralsBench { measuredAt: string; machine: { cpus: number; cpuModel?: string; node: string }; method: { connections: number; durationSeconds: number; synchronous: string }; hello: Run; referrals: Record<string, Run>; largeToSmallThroughput: number }

function referralsTable(bench: ReferralsBench): string {
  const row = (name: string, size: string, run: Run) => `| ${name} | ${size} | ${int(run.requestsPerSecond)} | ${run.p50Ms} ms | ${run.p99Ms} ms | ${run.ratioToHello === undefined ? '100%' : `**${pct(run.ratioToHello)}**`} | ${run.atFixedRate ? `${run.atFixedRate.cpuMicrosPerRequest} µs` : ''} | ${run.atFixedRate ? `${run.atFixedRate.p99Ms} ms` : ''} |`;
  return [
    `\`${SOURCES.referrals}\`, measured ${day(bench.measuredAt)} on ${machine(bench.machine)}, ${bench.method.connections} connections, \`DATABASE_SYNCHRONOUS=${bench.method.synchronous}\`:`,
    '',
    '| endpoint | directory | req/s | p50 | p99 | share of hello-world | CPU per request at 1,000/s | p99 at 1,000/s |',
    '|---|---|---|---|---|---|---|---|',
    row('Express hello-world', '', bench.hello),
    ...Object.entries(bench.referrals).map(([size, run]) => row('`POST /v1/referrals`', int(Number(size)), run)),
    '',
    `At ${int(Number(Object.keys(bench.referrals).at(-1)))} practitioners the endpoint keeps **${pct(bench.largeToSmallThroughput)}** of its throughput at ${int(Number(Object.keys(bench.referrals)[0]))} (target: 80%).`,
  ].join('\n');
}

interface WriterBench { measuredAt: string; machine: ReferralsBench['machine']; results: { size: number; batchSize: number; synchronous: string; formMicrosPerReferral: number; writeMicrosPerReferral: number; meanPoolSize: number }[] }

function writerTable(bench: WriterBench): string {
  const sizes = [...new Set(bench.results.map((r) => r.size))];
  const of = (size: number, sync: string) => bench.results.find((r) => r.size === size && r.synchronous === sync);
  return [
    `\`${SOURCES.writer}\`, measured ${day(bench.measuredAt)} on ${machine(bench.machine)}, batches of ${bench.results[0]?.batchSize}, per referral:`,
    '',
    '| directory | forming the pool (NORMAL / FULL run) | drawing, logging, committing (NORMAL) | the same under FULL | mean pool |',
    '|---|---|---|---|---|',
    ...sizes.map((size) => {
      const normal = of(size, 'NORMAL');
      const full = of(size, 'FULL');
      const form = normal?.formMicrosPerReferral === full?.formMicrosPerReferral ? `${normal?.formMicrosPerReferral} µs` : `${normal?.formMicrosPerReferral} / ${full?.formMicrosPerReferral} µs`;
      return `| ${int(size)} | ${form} | ${normal?.writeMicrosPerReferral} µs | ${full?.writeMicrosPerReferral} µs | ${(normal ?? full)?.meanPoolSize} |`;
    }),
  ].join('\n');
}

interface SoakBench { measuredAt: string; machine: { cpus: number; node: string }; method: { seconds: number; ratePerSecond: number; connections: number; importRows: number }; requests: number; statuses: Record<string, number>; errors: number; timeouts: number; unexpectedStatuses: number; latencyMs: { p50: number; p99: number; max: number }; logEntries: number; answered201: number; import: { exitCode: number; seconds: number }; backup: { exitCode: number; seconds: number }; auditVerify: { database: number; backup: number }; passed: boolean }

function soakTable(soak: SoakBench): string {
  const verified = (code: number) => (code === 0 ? 'verified' : `exit ${code}`);
  return [
    `\`${SOURCES.soak}\`, measured ${day(soak.measuredAt)} on ${machine(soak.machine)}: ${soak.method.ratePerSecond} referrals/s from ${soak.method.connections} connections for ${soak.method.seconds / 60} minutes, an import of ${int(soak.method.importRows)} rows and a backup while serving.`,
    '',
    '| figure | result |',
    '|---|---|',
    `| referrals sent / answered 201 / 404 (nobody of that specialty within 200 km) | ${int(soak.requests)} / ${int(soak.statuses['201'] ?? 0)} / ${int(soak.statuses['404'] ?? 0)} |`,
    `| errors, timeouts, other statuses | ${soak.errors}, ${soak.timeouts}, ${soak.unexpectedStatuses} |`,
    `| log entries after the run | ${int(soak.logEntries)}${soak.logEntries === soak.answered201 ? ', one per answered referral' : ` for ${int(soak.answered201)} answered`} |`,
    `| import (${int(soak.method.importRows)} rows) / backup, while serving | ${soak.import.seconds.toFixed(1)} s, exit ${soak.import.exitCode} / ${soak.backup.seconds.toFixed(1)} s, exit ${soak.backup.exitCode} |`,
    `| \`audit verify\`: database, backup | ${verified(soak.auditVerify.database)}, ${verified(soak.auditVerify.backup)} |`,
    `| latency p50 / p99 / max | ${soak.latencyMs.p50} ms / ${soak.latencyMs.p99} ms / ${soak.latencyMs.max} ms |`,
    `| passed | ${soak.passed ? 'yes' : 'no'} |`,
  ].join('\n');
}

interface ImportRun { wallSeconds: number; rowsPerSecond: number; peakMemoryMB: number; exitCode: number; counts: Record<string, number> }
interface ImportsBench { measuredAt: string; machine: ReferralsBench['machine']; rows: number; fileMB: number; method: { connections: number; changedShare: number }; firstImport: ImportRun; unchangedReimport: ImportRun; changedReimport: ImportRun; referralsDuringImport: { requests: number; non2xx: number; errors: number; p99Ms: number; maxMs: number } }

function importsTable(bench: ImportsBench): string {
  const row = (what: string, run: ImportRun, target: string) => `| ${what} | ${run.wallSeconds.toFixed(1)} s | ${int(run.rowsPerSecond)} | ${run.peakMemoryMB} MB | ${run.exitCode} | ${target} |`;
  const during = bench.referralsDuringImport;
  return [
    `\`${SOURCES.imports}\`, measured ${day(bench.measuredAt)} on ${machine(bench.machine)}: a ${int(bench.rows)}-row extract (${bench.fileMB} MB).`,
    '',
    '| run | wall time | rows/s | peak memory | exit | target |',
    '|---|---|---|---|---|---|',
    row(`first import into an empty database (${int(bench.firstImport.counts.inserted ?? 0)} people inserted)`, bench.firstImport, '≤ 60 s, < 300 MB'),
    row(`re-import of the same file (${int(bench.unchangedReimport.counts.unchanged ?? 0)} unchanged, nothing written)`, bench.unchangedReimport, '≤ 30 s, < 300 MB'),
    row(`next day's file, ${pct(bench.method.changedShare, 0)} changed, while serving referrals (${int(bench.changedReimport.counts.inserted ?? 0)} inserted, ${int(bench.changedReimport.counts.updated ?? 0)} updated, ${int(bench.changedReimport.counts.deactivated ?? 0)} deactivated)`, bench.changedReimport, ''),
    '',
    `During that last import the server answered ${int(during.requests)} referrals from ${bench.method.connections} connections with ${during.errors} errors (${int(during.non2xx)} were 404s: nobody of the asked specialty within 200 km); the **longest referral took ${int(during.maxMs)} ms** (target under one second), p99 ${during.p99Ms} ms.`,
  ].join('\n');
}

interface PlacesBench { measuredAt: string; machine: ReferralsBench['machine']; queries: number; buildMs: number; p50Ms: number; p99Ms: number; maxMs: number }

function placesLine(bench: PlacesBench): string {
  return `\`${SOURCES.places}\`, measured ${day(bench.measuredAt)} on ${machine(bench.machine)}: ${int(bench.queries)} queries, index built in ${bench.buildMs} ms, p50 ${bench.p50Ms} ms, p99 ${bench.p99Ms} ms, max ${bench.maxMs} ms per query.`;
}

interface Latency { p50Ms: number; p99Ms: number; maxMs?: number }
interface StatusBench { measuredAt: string; machine: ReferralsBench['machine']; method: { changes: number; referralRatePerSecond: number }; results: { practitioners: number; patch: Latency & { non200: number }; getBaseline: Latency; indexUpdate: Latency; referralsWithoutChanges: Latency; referralsDuringChanges: Latency }[] }

function statusTable(bench: StatusBench): string {
  const ms = (l: Latency) => `${l.p50Ms} / ${l.p99Ms} ms`;
  return [
    `\`${SOURCES.statusChanges}\`, measured ${day(bench.measuredAt)} on ${machine(bench.machine)}: ${bench.method.changes} suspensions and resumptions while referrals arrive at ${bench.method.referralRatePerSecond}/s; p50 / p99:`,
    '',
    '| directory | `PATCH` (status change) | `GET` of the same practitioner | index update alone | referrals without changes | referrals during changes |',
    '|---|---|---|---|---|---|',
    ...bench.results.map((r) => `| ${int(r.practitioners)} | ${ms(r.patch)} | ${ms(r.getBaseline)} | ${ms(r.indexUpdate)} | ${ms(r.referralsWithoutChanges)} | ${ms(r.referralsDuringChanges)} |`),
  ].join('\n');
}

interface TransparencyBench { measuredAt: string; machine: ReferralsBench['machine']; entries: number; treeBatch: number; wholeLog: { seconds: number; batches: number; maxBatchMs: number; meanBatchMs: number }; steady: { entries: number; extendMs: number; signMs: number }; inclusionProof: { p50Micros: number; p99Micros: number }; consistencyProof: { p50Micros: number; p99Micros: number } }

function transparencyList(bench: TransparencyBench): string {
  const micros = (us: number) => (us >= 1000 ? `${(us / 1000).toFixed(1)} ms` : `${us} µs`);
  return [
    `\`${SOURCES.transparency}\`, measured ${day(bench.measuredAt)} on ${machine(bench.machine)}, on a log of ${int(bench.entries)} referrals made by \`simulate\`, the tree extended in batches of ${bench.treeBatch}:`,
    '',
    `- the whole existing log into the tree (the first start after the upgrade): ${bench.wholeLog.seconds.toFixed(1)} s in ${bench.wholeLog.batches} transactions, the longest ${bench.wholeLog.maxBatchMs} ms, the mean ${bench.wholeLog.meanBatchMs} ms;`,
    `- steady state, ${int(bench.steady.entries)} new entries plus a checkpoint: ${Math.round(bench.steady.extendMs)} ms, of which the signature takes ${Math.round(bench.steady.signMs)} ms;`,
    `- an inclusion proof: p50 ${micros(bench.inclusionProof.p50Micros)}, p99 ${micros(bench.inclusionProof.p99Micros)}; a consistency proof: p50 ${micros(bench.consistencyProof.p50Micros)}, p99 ${micros(bench.consistencyProof.p99Micros)}.`,
  ].join('\n');
}

function simulationBlock(run: SimulationJson & { seconds: number }): string {
  return ['```text', describeSimulation(run, run.seconds), '```'].join('\n');
}

interface PrecisionTally { communes: number; population: number; medianErrorKm: number | null; within1Km: number; from5To20Km: number; atLeast20Km: number }
interface Accuracy { officialCommunes: number; officialPostcodes: number; communesByPrecision: Record<string, PrecisionTally>; postcodesByPrecision: Record<string, number> }

function gazetteerTable(before: Accuracy, now: Accuracy): string {
  const millions = (people: number) => (people >= 1e6 ? `${(people / 1e6).toFixed(1)} M` : int(people));
  const at = (a: Accuracy, precision: string, strong = false) => {
    const t = a.communesByPrecision[precision];
    if (t === undefined) return '0';
    const count = strong ? `**${int(t.communes)}**` : int(t.communes);
    const off = precision !== 'commune' && t.medianErrorKm !== null ? `, median ${t.medianErrorKm.toFixed(0)} km off` : '';
    return `${count} (${millions(t.population)})${off}`;
  };
  const sum = (a: Accuracy, key: 'within1Km' | 'from5To20Km' | 'atLeast20Km') => int(Object.values(a.communesByPrecision).reduce((s, t) => s + t[key], 0));
  const postcodes = (a: Accuracy, precision: string, strong = false) => (strong ? `**${int(a.postcodesByPrecision[precision] ?? 0)}**` : int(a.postcodesByPrecision[precision] ?? 0));
  return [
    `| the file's ${int(now.officialCommunes)} communes and ${int(now.officialPostcodes)} postcodes | before (GeoNames names matched to INSEE) | now |`,
    '|---|---|---|',
    `| communes at \`commune\` precision | ${at(before, 'commune')} | ${at(now, 'commune', true)} |`,
    `| communes at \`postcode\` precision | ${at(before, 'postcode')} | ${at(now, 'postcode')} |`,
    `| communes at \`department\` precision | ${at(before, 'department')} | ${at(now, 'department')} |`,
    `| codes unknown to the gazetteer | ${int(before.communesByPrecision.unknown?.communes ?? 0)} | ${int(now.communesByPrecision.unknown?.communes ?? 0)} |`,
    `| communes placed 20 km or more from their official point | ${sum(before, 'atLeast20Km')} | ${sum(now, 'atLeast20Km')} |`,
    `| communes placed 5 to 20 km from it | ${sum(before, 'from5To20Km')} | ${sum(now, 'from5To20Km')} |`,
    `| communes within 1 km of it | ${sum(before, 'within1Km')} | ${sum(now, 'within1Km')} |`,
    `| postcodes at \`postcode\` precision | ${postcodes(before, 'postcode')} | ${postcodes(now, 'postcode', true)} |`,
    `| postcodes at \`department\` precision | ${postcodes(before, 'department')} | ${postcodes(now, 'department')} |`,
  ].join('\n');
}

function configurationTable(): string {
  const shown = (value: string) => (value.startsWith(ROOT) ? value.slice(ROOT.length) : value);
  return [
    '| variable | default | meaning |',
    '|---|---|---|',
    ...Object.values(SETTINGS).map((s) => `| \`${s.env}\` | ${s.default === '' ? '(empty)' : `\`${shown(s.default)}\``} | ${s.doc} |`),
  ].join('\n');
}

/** Each region's renderer, by the name a document gives it. */
export function renderers(sources: Sources): Record<string, () => string> {
  return {
    configuration: configurationTable,
    'bench-referrals': () => referralsTable(sources.referrals as ReferralsBench),
    'bench-writer': () => writerTable(sources.writer as WriterBench),
    'bench-soak': () => soakTable(sources.soak as SoakBench),
    'bench-imports': () => importsTable(sources.imports as ImportsBench),
    'bench-places': () => placesLine(sources.places as PlacesBench),
    'bench-status': () => statusTable(sources.statusChanges as StatusBench),
    'bench-transparency': () => transparencyList(sources.transparency as TransparencyBench),
    simulation: () => simulationBlock(sources.simulation as SimulationJson & { seconds: number }),
    'gazetteer-coverage': () => gazetteerTable(sources.gazetteerBefore as Accuracy, sources.gazetteerNow as Accuracy),
  };
}

const REGION = /(<!-- generated:([a-z-]+) -->\n)([\s\S]*?)(<!-- \/generated -->)/g;

/**
 * The document with every generated region rendered afresh.
 * @throws Error naming a region no renderer knows
 */
export function renderDocument(markdown: string, sources: Sources): string {
  const render = renderers(sources);
  return markdown.replace(REGION, (_all, open: string, name: string, _old: string, close: string) => {
    const renderer = render[name];
    if (renderer === undefined) throw new Error(`No renderer for the generated region "${name}".`);
    return `${open}${renderer()}\n${close}`;
  });
}

/** The names of the regions a document holds. */
export function regionsOf(markdown: string): string[] {
  return [...markdown.matchAll(REGION)].map((match) => match[2] as string);
}
