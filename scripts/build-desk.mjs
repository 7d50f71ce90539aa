// The advisor's desk (web/desk/): its TypeScript compiled for the browser (DOM, ES modules)
// into dist/desk, with its page and stylesheet beside it. The service serves that folder.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'web/tsconfig.json'], { stdio: 'inherit' });
mkdirSync('dist/desk', { recursive: true });
for (const file of ['index.html', 'desk.css']) cpSync(`web/desk/${file}`, `dist/desk/${file}`);
