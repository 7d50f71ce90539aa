// tsc compiles only TypeScript: the SQL migrations travel beside the compiled code.
import { cpSync } from 'node:fs';

cpSync('src/storage/migrations', 'dist/storage/migrations', { recursive: true });
