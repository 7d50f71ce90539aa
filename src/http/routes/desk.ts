import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { sendProblem } from '../problem.js';

/**
 * Where `npm run build` puts the desk (scripts/build-desk.mjs): dist/desk at the package's root,
 * the same folder whether this module runs compiled (dist/http/routes) or from src under tsx.
 */
export const DESK_ASSETS_DIR = fileURLToPath(new URL('../../../dist/desk/', import.meta.url));

/**
 * The advisor's desk (issue 17): a page and its compiled scripts and stylesheet, served from the
 * service's own files under its strict content security policy (scripts from this origin only,
 * no inline script). The page needs no key to load; it asks for one and calls the API with it.
 */
export function deskRoutes(assetsDir: string = DESK_ASSETS_DIR): Router {
  const router = Router();
  const page = `${assetsDir}index.html`;
  router.get('/desk', (_req, res) => {
    if (!existsSync(page)) {
      sendProblem(res, {
        type: 'urn:problem:desk-not-built', title: 'Service Unavailable', status: 503, code: 'desk-not-built',
        detail: `The advisor's desk is not built (${page} is missing): run npm run build.`,
      });
      return;
    }
    res.type('html').set('cache-control', 'no-cache').sendFile(page);
  });
  router.use('/desk/assets', express.static(assetsDir, { index: false, maxAge: 0 }));
  return router;
}
