import { rmSync } from 'node:fs';
import { copyFile, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Files being written under a temporary name beside their final one (`<name>.<pid>.partial…`), so
 * that a reader never sees half a file under the real name, and whoever writes the same name next
 * can tell a dead writer's leftovers from a live one's.
 */

const live = new Set<string>();

/** The temporary name for `finalPath` while this process writes it; `kind` tells two temps apart. */
export function partialPath(finalPath: string, kind = 'partial'): string {
  const path = `${finalPath}.${process.pid}.${kind}`;
  live.add(path);
  return path;
}

/** Removes a temporary file (done with it, or giving up) and forgets it. */
export async function removePartial(path: string): Promise<void> {
  await rm(path, { force: true, recursive: true });
  live.delete(path);
}

export function forgetPartial(path: string): void {
  live.delete(path);
}

/**
 * Copies `source` to `target` through a temporary name beside it, so `target` never exists half
 * written (a full disk mid-copy would otherwise leave a partial file that later counts as kept).
 */
export async function copyIntoPlace(source: string, target: string): Promise<void> {
  const partial = partialPath(target);
  try {
    await copyFile(source, partial);
    await rename(partial, target);
    forgetPartial(partial);
  } catch (error) {
    await removePartial(partial);
    throw error;
  }
}

/**
 * Deletes what an earlier writer of `finalPath` left when it was killed: its temps whose process is
 * gone. A live writer's temps are left alone. Returns the names removed.
 */
export async function removeStalePartials(finalPath: string): Promise<string[]> {
  const folder = dirname(finalPath);
  const prefix = `${basename(finalPath)}.`;
  const removed: string[] = [];
  for (const name of await readdir(folder)) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)\.[a-z-]+$/.exec(name.slice(prefix.length));
    if (!match || processAlive(Number(match[1]))) continue;
    await rm(join(folder, name), { force: true, recursive: true });
    removed.push(name);
  }
  return removed;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * For commands: Ctrl-C or SIGTERM removes this process's temporary files before it exits, so an
 * interrupted backup leaves nothing behind. (SIGKILL cannot be caught; the next run cleans up.)
 * Not for the server, which closes gracefully on these signals and clears its tmp/ on start.
 */
export function removePartialsOnSignal(): void {
  // On 'exit' too: whoever ends the process on a signal (a loader's own handler may), nothing stays.
  process.once('exit', () => {
    for (const path of live) rmSync(path, { force: true, recursive: true });
  });
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) process.once(signal, () => process.exit(code));
}
