import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { Router } from 'express';
import { checkHealth } from '../../use-cases/health.js';
import type { ReferralContext } from '../../use-cases/referral-context.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Readiness } from '../../observability/readiness.js';
import type { ResponseBody } from '../contract.js';
import { sendProblem } from '../problem.js';

const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** Swagger UI from the swagger-ui-dist package, served locally: no CDN, works offline. */
const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Impartial referral service: API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>`;

const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.yaml', dom_id: '#swagger-ui', deepLinking: true });`;

export function operationsRoutes(openApiPath: string, ctx: ReferralContext, observability: { metrics: Metrics; readiness: Readiness }): Router {
  const router = Router();

  router.get('/readyz', (_req, res) => {
    const reasons = observability.readiness.reasons();
    if (reasons.length === 0) {
      const body: ResponseBody<'/readyz', 'get', 200> = { status: 'ready' };
      res.json(body);
      return;
    }
    sendProblem(res.set('Retry-After', '5'), {
      type: 'urn:problem:not-ready', title: 'Service Unavailable', status: 503, code: 'not-ready',
      detail: `Not ready: ${reasons.join('; ')}.`, reasons,
    });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(observability.metrics.registry.contentType).send(await observability.metrics.registry.metrics());
  });

  router.get('/healthz', (_req, res) => {
    const body: ResponseBody<'/healthz', 'get', 200> = { status: 'ok', ...checkHealth(ctx) };
    res.json(body);
  });
  router.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml').sendFile(openApiPath);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(DOCS_PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(DOCS_INIT);
  });
  router.use('/docs/assets', express.static(SWAGGER_UI_DIR, { index: false, maxAge: '1d' }));

  return router;
}
