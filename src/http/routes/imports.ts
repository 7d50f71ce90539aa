import { Router } from 'express';
import { NotFoundError } from '../../domain/errors.js';
import type { ImportRunner } from '../../import/import-runner.js';
import type { ImportRuns } from '../../use-cases/import-directory.js';
import type { QueryParams, ResponseBody } from '../contract.js';

export interface ImportRouteDeps {
  readonly runner: ImportRunner;
  /** Read-only look-ups of runs, on the server's connection. */
  readonly imports: ImportRuns;
  readonly maxDeactivationShare: number;
}

export function importRoutes(deps: ImportRouteDeps): Router {
  const router = Router();

  router.post('/v1/imports', async (req, res) => {
    const { format, dryRun = false, force = false, source = 'upload' } = req.query as QueryParams<'/v1/imports', 'post'>;
    const run = await deps.runner.start(req, { source, dryRun, force, maxDeactivationShare: deps.maxDeactivationShare, ...(format && { format }) });
    const body: ResponseBody<'/v1/imports', 'post', 202> = run;
    res.status(202).location(`/v1/imports/${run.id}`).json(body);
  });

  router.get('/v1/imports', (req, res) => {
    const { limit = 20, before } = req.query as QueryParams<'/v1/imports', 'get'>;
    const body: ResponseBody<'/v1/imports', 'get', 200> = { items: deps.imports.list(limit, before) };
    res.json(body);
  });

  router.get('/v1/imports/:id', (req, res) => {
    const body: ResponseBody<'/v1/imports/{id}', 'get', 200> = findRun(deps.imports, Number(req.params.id));
    res.json(body);
  });

  router.get('/v1/imports/:id/rejects', (req, res) => {
    const id = Number(req.params.id);
    findRun(deps.imports, id);
    const { after = 0, limit = 1000 } = req.query as QueryParams<'/v1/imports/{id}/rejects', 'get'>;
    const body: ResponseBody<'/v1/imports/{id}/rejects', 'get', 200> = { items: deps.imports.rejects(id, limit, after) };
    res.json(body);
  });

  return router;
}

function findRun(imports: ImportRuns, id: number) {
  const run = imports.find(id);
  if (!run) throw new NotFoundError('import', id);
  return run;
}
