/**
 * Why the service should not be sent traffic right now, if anything (issue 5): starting
 * (migrations, the sample directory, the index) or an import applying its changes. Several
 * reasons may hold at once; the service is ready when none does.
 */
export interface Readiness {
  hold(reason: string): void;
  release(reason: string): void;
  /** The reasons holding, oldest first; empty when ready. */
  reasons(): string[];
}

export function createReadiness(...initially: string[]): Readiness {
  const held = new Set(initially);
  return {
    hold: (reason) => void held.add(reason),
    release: (reason) => void held.delete(reason),
    reasons: () => [...held],
  };
}
