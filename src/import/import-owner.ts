import { hostname } from 'node:os';
import type { ImportOwner } from '../storage/import-repository.js';

/** This process as the holder of an import; another process's run is interrupted once its pid is gone. */
export function currentImportOwner(): ImportOwner {
  return { host: hostname(), pid: process.pid, isAlive };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
