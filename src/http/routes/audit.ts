import { Router } from 'express';
import { explainPractitioner } from '../../use-cases/explain-practitioner.js';
import { buildFairnessReport, reportFilter } from '../../use-cases/fairness-report.js';
import { publishedCommitments } from '../../use-cases/period-secret.js';
import { signCommitment } from '../../domain/audit/commitment-note.js';
import type { LogSigner } from '../../use-cases/transparency-log.js';
import { exportPage } from '../../use-cases/export-page.js';
import { fairnessCsv } from '../../reports/fairness-csv.js';
import { fairnessHtml } from '../../reports/fairness-html.js';
import type { ReferralContext } from '../../use-cases/referral-context.js';
import type { QueryParams, ResponseBody } from '../contract.js';
import { directoryStateOf } from '../../use-cases/directory-log.js';
import { rowLine } from '../../domain/directory/directory-state.js';

export function auditRoutes(ctx: ReferralContext, signer: LogSigner): Router {
  const router = Router();

  router.get('/v1/audit/commitments', (_req, res) => {
    const body: ResponseBody<'/v1/audit/commitments', 'get', 200> = { items: publishedCommitments(ctx.seedPeriods, ctx.clock(), (fields) => signCommitment(signer, fields)) };
    res.json(body);
  });

  router.get('/v1/audit/log', (req, res) => {
    const { after = 0, limit = 1000 } = req.query as QueryParams<'/v1/audit/log', 'get'>;
    const { shown, next, gaps } = exportPage(ctx.referrals, after, limit);
    if (next !== null) res.set('Link', `</v1/audit/log?after=${next}&limit=${limit}>; rel="next"`);
    if (gaps.length > 0) res.set('Log-Gaps', gaps.join(', '));
    res.type('application/x-ndjson');
    res.send(shown.map((record) => `${JSON.stringify(record)}\n`).join(''));
  });

  router.get('/v1/audit/directory-log', (req, res) => {
    const { after = 0, limit = 100 } = req.query as QueryParams<'/v1/audit/directory-log', 'get'>;
    const page = ctx.directoryLog.page(after, limit);
    const last = page.at(-1);
    if (last !== undefined && ctx.directoryLog.page(last.sequence, 1).length > 0) res.set('Link', `</v1/audit/directory-log?after=${last.sequence}&limit=${limit}>; rel="next"`);
    res.type('application/x-ndjson');
    res.send(page.map((stored) => `${stored.entryJson}\n`).join(''));
  });

  router.get('/v1/audit/directory', (req, res) => {
    const { version } = req.query as QueryParams<'/v1/audit/directory', 'get'>;
    const state = directoryStateOf(ctx.directoryLog, version);
    // Rows are spliced in as their canonical lines: the very text the version hashes.
    res.type('application/json');
    res.send(`{"version":${JSON.stringify(state.version)},"specialty":${JSON.stringify(state.specialty)},"sites":[${state.rows.map(rowLine).join(',')}]}`);
  });

  router.get('/v1/audit/fairness', (req, res) => {
    const { format = 'json', ...query } = req.query as QueryParams<'/v1/audit/fairness', 'get'>;
    const report = buildFairnessReport(ctx, reportFilter(query, ctx.clock()));
    if (format === 'csv') {
      res.type('text/csv').attachment(`fairness-${report.filter.from}-${report.filter.to}.csv`).send(fairnessCsv(report));
    } else if (format === 'html') {
      // The page links to the same report as CSV: the same query, relative to this path.
      const csv = new URLSearchParams({ ...(query as Record<string, string>), format: 'csv' });
      res.type('text/html').send(fairnessHtml(report, { csvHref: `?${csv.toString()}` }));
    } else {
      const body: ResponseBody<'/v1/audit/fairness', 'get', 200> = report;
      res.json(body);
    }
  });

  router.get('/v1/practitioners/:id/fairness', (req, res) => {
    const body: ResponseBody<'/v1/practitioners/{id}/fairness', 'get', 200> = explainPractitioner(ctx, Number(req.params.id));
    res.json(body);
  });

  return router;
}
