import type { RequestListener } from 'node:http';
import type { Readiness } from '../observability/readiness.js';

/**
 * What the server answers while it starts (migrations, the sample directory, the index): a 503
 * problem naming why, to every request, /readyz included. It listens this early so that a load
 * balancer sees "not ready" rather than a refused connection; the application replaces it.
 */
export function startingHandler(readiness: Readiness): RequestListener {
  return (_req, res) => {
    const reasons = readiness.reasons();
    const body = {
      type: 'urn:problem:not-ready', title: 'Service Unavailable', status: 503, code: 'not-ready',
      detail: `Not ready: ${reasons.join('; ')}.`, reasons,
    };
    res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '5' }).end(JSON.stringify(body));
  };
}
