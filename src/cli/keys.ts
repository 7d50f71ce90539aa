import { existsSync } from 'node:fs';
import { withApiKeys } from '../compose.js';
import { createApiKey } from '../use-cases/api-keys.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export interface KeysCommand {
  readonly action: 'create' | 'list' | 'revoke';
  readonly databasePath: string;
  readonly name?: string;
  readonly role?: string;
  readonly json: boolean;
}

/**
 * `keys create --role R --name N` prints a new key once (only its hash is kept); `keys list`
 * shows names, roles and dates, never keys; `keys revoke --name N` stops a key within a second,
 * in every server using the database.
 */
export function keysCommand(command: KeysCommand, out: (line: string) => void, err: (line: string) => void): ExitCode {
  if (command.action !== 'create' && !existsSync(command.databasePath)) throw new Error(`No database at ${command.databasePath}.`);
  return withApiKeys(command.databasePath, (keys) => {
    if (command.action === 'create') {
      if (command.name === undefined || command.role === undefined) throw new Error('keys create needs --role ROLE and --name NAME.');
      const created = createApiKey(keys, command.name, command.role, new Date());
      out(command.json ? JSON.stringify(created, null, 2) : `${created.key}\n(key "${created.name}", role ${created.role}: shown this once, store it now)`);
      return EXIT.ok;
    }
    if (command.action === 'list') {
      const listing = keys.list();
      if (command.json) out(JSON.stringify(listing, null, 2));
      else for (const key of listing) out(`${key.name.padEnd(24)} ${key.role.padEnd(9)} created ${key.createdAt}${key.revokedAt ? `  revoked ${key.revokedAt}` : ''}`);
      return EXIT.ok;
    }
    if (command.name === undefined) throw new Error('keys revoke needs --name NAME.');
    if (!keys.revoke(command.name, new Date())) {
      err(`No unrevoked key named "${command.name}".`);
      return EXIT.usage;
    }
    out(`revoked "${command.name}"`);
    return EXIT.ok;
  });
}
