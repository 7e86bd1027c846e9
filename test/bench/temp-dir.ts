import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();

// Removed even when a case throws or the run is interrupted: 'exit' handlers must be synchronous.
process.once('exit', () => {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
});

export interface TempDir {
  path: string;
  remove(): void;
}

export function createTempDir(prefix = 'coreview-bench-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  live.add(path);
  return {
    path,
    remove() {
      rmSync(path, { recursive: true, force: true });
      live.delete(path);
    },
  };
}

/** A fresh temporary directory for `use`, removed afterwards whether `use` succeeds or throws. */
export async function withTempDir<T>(use: (path: string) => Promise<T>): Promise<T> {
  const dir = createTempDir();
  try {
    return await use(dir.path);
  } finally {
    dir.remove();
  }
}
