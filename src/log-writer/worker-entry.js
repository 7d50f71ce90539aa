// The log writer thread's entry, plain JavaScript so that it loads the same way everywhere:
// beside the compiled worker.js in dist/, or from the sources, where tsx is registered in this
// thread first (a worker does not inherit the loader its parent was started with).
import { existsSync } from 'node:fs';

if (existsSync(new URL('./worker.js', import.meta.url))) {
  await import('./worker.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./worker.ts');
}
