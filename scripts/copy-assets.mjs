// tsc compiles only TypeScript: the SQL migrations and the checkpoint worker (plain JavaScript,
// see its header) travel beside the compiled code.
import { cpSync } from 'node:fs';

cpSync('src/storage/migrations', 'dist/storage/migrations', { recursive: true });
cpSync('src/storage/checkpoint-worker.js', 'dist/storage/checkpoint-worker.js');
