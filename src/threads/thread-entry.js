// Every worker thread's entry, plain JavaScript so that it loads the same way everywhere: it
// imports the module named in workerData.module (relative to src/ or dist/, no extension), as
// compiled JavaScript beside it in dist/, or from the TypeScript sources, where tsx is registered
// in this thread first (a worker does not inherit the loader its parent was started with).
import { existsSync } from 'node:fs';
import { workerData } from 'node:worker_threads';

const compiled = new URL(`../${workerData.module}.js`, import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL(`../${workerData.module}.ts`, import.meta.url).href);
}
