// tsc compiles only TypeScript: the SQL migrations and the workers' plain JavaScript entries
// (see their headers) travel beside the compiled code. The migrations are copied afresh: a file
// renamed or removed in src/ must not linger in an older dist/, where it would run as well.
import { cpSync, rmSync } from 'node:fs';

rmSync('dist/storage/migrations', { recursive: true, force: true });
cpSync('src/storage/migrations', 'dist/storage/migrations', { recursive: true });
cpSync('src/storage/checkpoint-worker.js', 'dist/storage/checkpoint-worker.js');
cpSync('src/threads/thread-entry.js', 'dist/threads/thread-entry.js');
