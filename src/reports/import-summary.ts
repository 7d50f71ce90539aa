import type { ImportRun } from '../storage/import-repository.js';

const FORMAT_NAMES = { registry: 'national registry extract', csv: "service's CSV" } as const;
const number = (n: number) => n.toLocaleString('en');

/** An import run as an operator reads it at the end of a nightly job: outcome first, then counts, then what needs a look. */
export function formatImportSummary(run: ImportRun): string[] {
  const lines = [`import ${run.id} ${run.status}: ${run.source}${run.format ? ` (${FORMAT_NAMES[run.format]})` : ''}`];
  if (run.message !== null) lines.push(`  ${run.message}`);
  if (run.sha256 !== null) lines.push(`  sha256 ${run.sha256}`);
  const report = run.report;
  if (report === null) return lines;
  const { counts, sites, geocoding } = report;
  const skipped = Object.entries(report.skippedByReason).filter(([, n]) => n > 0).map(([reason, n]) => `${reason.replaceAll('-', ' ')} ${number(n)}`);
  lines.push(
    `  people: ${number(counts.inserted)} inserted, ${number(counts.updated)} updated, ${number(counts.unchanged)} unchanged, ` +
      `${number(counts.deactivated)} deactivated, ${number(counts.reactivated)} reactivated (of ${number(report.activeBefore)} active before)`,
    `  rows: ${number(report.rows.read)} read, ${number(report.rows.merged)} merged as repeats, ${number(counts.rejected)} rejected, ` +
      `${number(counts.skipped)} skipped${skipped.length > 0 ? ` (${skipped.join(', ')})` : ''}`,
    `  sites: ${number(sites.inserted)} inserted, ${number(sites.updated)} updated, ${number(sites.unchanged)} unchanged, ${number(sites.retired)} retired`,
    `  geocoding: ${Object.entries(geocoding).map(([precision, n]) => `${precision} ${number(n)}`).join(', ')}`,
  );
  if (report.rejects.length > 0) {
    lines.push(`  rejected rows (${report.rejects.length < counts.rejected ? `first ${report.rejects.length} of ` : ''}${number(counts.rejected)}):`);
    for (const reject of report.rejects) lines.push(`    line ${reject.line}: ${reject.reason}`);
  }
  if (report.unplacedSites.length > 0) {
    lines.push(`  sites without coordinates, out of the pools (${report.unplacedSites.length < geocoding.none ? `first ${report.unplacedSites.length} of ` : ''}${number(geocoding.none)}):`);
    for (const site of report.unplacedSites) lines.push(`    line ${site.line}: ${site.nationalId} at ${site.structureId}, "${site.postcode} ${site.city}"`);
  }
  return lines;
}
