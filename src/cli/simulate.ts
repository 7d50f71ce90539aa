import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServices } from '../compose.js';
import { loadGazetteer } from '../storage/gazetteer-file.js';
import { currentImportOwner } from '../import/import-owner.js';
import { loadSampleDirectory } from '../use-cases/load-sample-directory.js';
import { simulate, type SimulationResult } from '../use-cases/simulate.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export interface SimulateOptions {
  readonly referrals: number;
  readonly seed: number;
  readonly joiners: number;
  readonly returners: number;
  readonly gazetteerPath: string;
  readonly sampleDirectoryPath: string;
  /** Where to keep the simulated database; a temporary file, removed afterwards, when undefined. */
  readonly databasePath?: string;
  readonly json: boolean;
}

/** The targets for 100,000 simulated referrals over the sample directory. */
const TARGETS = {
  largestAbsoluteDeficitEver: 1.5,
  rankPValue: 0.001,
  alphabeticalTau: 0.0042,
  exposureDeviation: 0.015,
};

/**
 * `simulate`: N referrals over the sample directory on a fresh database, with a simulated clock
 * (one second per reading from 2026-01-05T08:00Z) and period secrets derived from the seed, so a
 * run is reproducible; prints the figures against their targets. Exit 1 when one is missed.
 */
export async function runSimulation(options: SimulateOptions, out: (line: string) => void, progress: (line: string) => void): Promise<ExitCode> {
  if (options.databasePath !== undefined && existsSync(options.databasePath)) throw new Error(`${options.databasePath} exists: simulate starts from an empty database.`);
  const dir = options.databasePath === undefined ? mkdtempSync(join(tmpdir(), 'referral-simulation-')) : undefined;
  const databasePath = options.databasePath ?? join(dir as string, 'simulation.sqlite');
  const gazetteer = loadGazetteer(options.gazetteerPath);
  let tick = 0;
  let secrets = 0;
  const services = openServices({
    databasePath,
    synchronous: 'NORMAL',
    gazetteer,
    clock: () => new Date(Date.parse('2026-01-05T08:00:00Z') + 1000 * tick++),
    drawSecret: () => createHash('sha256').update(`simulation ${options.seed} secret ${secrets++}`).digest(),
  });
  try {
    await loadSampleDirectory(services.referralContext.practitioners, services.importer, currentImportOwner(), options.sampleDirectoryPath);
    services.reindex();
    services.referralContext.ledger.load();
    const started = Date.now();
    const result = await simulate(
      services.referralContext,
      {
        add(practitioners) {
          services.referralContext.practitioners.insertMany(practitioners, services.referralContext.clock());
          services.reindex();
        },
        setStatus(nationalIds, status) {
          services.referralContext.practitioners.setStatus(nationalIds, status, services.referralContext.clock());
          services.reindex();
        },
      },
      { referrals: options.referrals, seed: options.seed, joiners: options.joiners, returners: options.returners },
      (done) => {
        if (done % 10_000 === 0) progress(`${done} referrals…`);
      },
    );
    const seconds = (Date.now() - started) / 1000;
    out(options.json ? JSON.stringify({ ...result, report: { summary: result.report.summary, chain: result.report.chain }, seconds }, null, 2) : describeSimulation(result, seconds));
    return allMet(result) ? EXIT.ok : EXIT.diverged;
  } finally {
    services.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** What `simulate --json` prints: the result without the report's per-practitioner rows, and the run's duration. */
export type SimulationJson = Pick<SimulationResult, 'metrics' | 'unanswered' | 'verification'> & { readonly report: Pick<SimulationResult['report'], 'summary'> };

function checks(result: SimulationJson): [string, string, string, boolean][] {
  const { metrics, report, verification } = result;
  const rank = report.summary.rankUniformity;
  const tau = report.summary.meanKendallTau.alphabetical;
  // A newcomer not proposed yet is on time as long as fewer pools than the bound have held them.
  const joinersOk = metrics.joiners.every((joiner) => (joiner.referralsUntilProposed ?? joiner.poolsSeen) <= joiner.bound);
  return [
    ['largest |deficit|, any practitioner, any prefix', metrics.largestAbsoluteDeficitEver.toFixed(3), `≤ ${TARGETS.largestAbsoluteDeficitEver} (overlapping pools)`, metrics.largestAbsoluteDeficitEver <= TARGETS.largestAbsoluteDeficitEver],
    ['rank uniformity, chi-square p-value', rank?.pValue?.toFixed(4) ?? 'n/a', `≥ ${TARGETS.rankPValue}`, rank?.pValue != null && rank.pValue >= TARGETS.rankPValue],
    ['|mean Kendall tau| to alphabetical order', Math.abs(tau).toFixed(4), `≤ ${TARGETS.alphabeticalTau}`, Math.abs(tau) <= TARGETS.alphabeticalTau],
    ['consecutive identical orders, same pool', String(metrics.consecutiveIdenticalOrders), '0', metrics.consecutiveIdenticalOrders === 0],
    ['returning, then new: first proposed within ceil(n/k)+1', metrics.joiners.map((joiner) => (joiner.referralsUntilProposed === null ? `(${joiner.poolsSeen})` : `${joiner.referralsUntilProposed}/${joiner.bound}`)).join(' '), 'each ≤ bound', joinersOk],
    ['exposure of the alphabetically first vs fair', `${(100 * metrics.exposureDeviation.alphabeticalFirst).toFixed(2)}%`, `within ±${100 * TARGETS.exposureDeviation}%`, Math.abs(metrics.exposureDeviation.alphabeticalFirst) <= TARGETS.exposureDeviation],
    ['exposure of the nearest vs fair', `${(100 * metrics.exposureDeviation.nearest).toFixed(2)}%`, `within ±${100 * TARGETS.exposureDeviation}%`, Math.abs(metrics.exposureDeviation.nearest) <= TARGETS.exposureDeviation],
    ['audit verify of the whole log', verification.verified ? `${verification.entries} entries` : `diverges at ${verification.divergence?.sequence}`, 'verified', verification.verified],
  ];
}

function allMet(result: SimulationJson): boolean {
  return checks(result).every(([, , , met]) => met);
}

/** The figures against their targets, as `simulate` prints them (also rendered into the documents from its JSON). */
export function describeSimulation(result: SimulationJson, seconds: number): string {
  const { summary } = result.report;
  const rows = checks(result).map(([name, value, target, met]) => `${met ? 'ok  ' : 'MISS'}  ${name.padEnd(56)} ${value.padEnd(14)} target ${target}`);
  return [
    `${result.metrics.referrals} referrals (${result.unanswered} found nobody within 200 km) over ${summary.practitioners} practitioners in ${seconds.toFixed(0)} s.`,
    `Gini of offered/expected ${summary.giniOfRatios.toFixed(4)}; mean Kendall tau to distance order ${summary.meanKendallTau.distance.toFixed(4)}.`,
    ...rows,
  ].join('\n');
}
