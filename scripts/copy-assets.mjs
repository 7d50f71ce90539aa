// tsc compiles only TypeScript: the SQL migrations and the workers' plain JavaScript entries
// (see their headers) travel beside the compiled code.
import { cpSync } from 'node:fs';

cpSync('src/storage/migrations', 'dist/storage/migrations', { recursive: true });
cpSync('src/storage/checkpoint-worker.js', 'dist/storage/checkpoint-worker.js');
cpSync('src/threads/thread-entry.js', 'dist/threads/thread-entry.js');
