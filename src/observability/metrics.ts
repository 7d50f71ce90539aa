import { statSync } from 'node:fs';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  observeReferral(specialty: string, poolSize: number): void;
  observeImport(status: string): void;
}

/**
 * Prometheus metrics for /metrics (issue 5), in a registry of their own: request latency by
 * route and status, referrals and their pool sizes, import outcomes, the database's size on disk
 * (read when scraped) and Node's process metrics. Labels carry routes and codes, never people.
 */
export function createMetrics(databasePath: string | null, activePractitioners: () => number, options: { processMetrics: boolean } = { processMetrics: true }): Metrics {
  const registry = new Registry();
  // Process metrics sample the event loop for the process's life: one set per process.
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const requests = new Histogram({
    name: 'http_request_duration_seconds', help: 'HTTP requests by route template, method and status.',
    labelNames: ['method', 'route', 'status'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry],
  });
  const referrals = new Counter({ name: 'referrals_total', help: 'Referrals given, by specialty.', labelNames: ['specialty'], registers: [registry] });
  const poolSizes = new Histogram({
    name: 'referral_pool_size', help: 'Distinct practitioners in the pool of each referral.',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], registers: [registry],
  });
  const imports = new Counter({ name: 'imports_total', help: 'Directory imports, by outcome.', labelNames: ['status'], registers: [registry] });
  new Gauge({
    name: 'database_size_bytes', help: 'The SQLite database and its write-ahead log on disk.', registers: [registry],
    collect() {
      if (databasePath === null) return;
      const size = (path: string) => {
        try {
          return statSync(path).size;
        } catch {
          return 0;
        }
      };
      this.set(size(databasePath) + size(`${databasePath}-wal`));
    },
  });
  new Gauge({
    name: 'directory_active_practitioners', help: 'Active practitioners in the directory index.', registers: [registry],
    collect() {
      this.set(activePractitioners());
    },
  });
  return {
    registry,
    observeRequest: (method, route, status, seconds) => requests.labels(method, route, String(status)).observe(seconds),
    observeReferral(specialty, poolSize) {
      referrals.labels(specialty).inc();
      poolSizes.observe(poolSize);
    },
    observeImport: (status) => imports.labels(status).inc(),
  };
}
