import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TinyDisk {
  /**
   * The file system's root as this process reaches it, for Node's fs. SQLite resolves the
   * /proc/<pid>/root link in a path, so a database opened here lands on the mount point's empty
   * twin on the big disk: an in-process app keeps its files on the tiny disk, its database not.
   */
  readonly path: string;
  /** The same root as seen by processes started with inside(). */
  readonly root: string;
  /** The command and arguments that run `command` inside the namespace, where the tiny disk is the data's only disk. */
  inside(command: string, args: string[]): [string, string[]];
  /** Fills the disk until only `keepBytes` (rounded to whole pages) are left: 0 means full. */
  fill(keepBytes?: number): void;
  /** Frees what fill() took. */
  free(): void;
  close(): void;
}

const FILLER = '.filler';

/**
 * A real file system that runs out of space: a tmpfs of `sizeBytes`, mounted in a private mount
 * namespace by `unshare` (as root, or as anyone where unprivileged user namespaces are allowed) and
 * held by a sleeping process; this process reaches it through `/proc/<pid>/root`, other processes
 * are started inside the namespace with `nsenter`. Nothing is mounted on the machine itself, and
 * the mount goes with the holder, whatever happens to the test.
 */
export async function mountTinyDisk(sizeBytes: number): Promise<TinyDisk> {
  const mountPoint = mkdtempSync(join(tmpdir(), 'coreview-tiny-disk-'));
  // The holder waits on its standard input, so it (and the mount) ends when this process does.
  const script = 'mount -t tmpfs -o size="$1" tmpfs "$2" && echo mounted && exec cat > /dev/null';
  const holder = spawn('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', script, 'sh', String(sizeBytes), mountPoint], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  holder.stderr.on('data', (chunk) => { stderr += chunk; });
  const mounted = await new Promise<boolean>((resolve) => {
    holder.stdout.once('data', () => resolve(true));
    holder.once('error', (error) => { stderr += error.message; resolve(false); });
    holder.once('exit', () => resolve(false));
  });
  if (!mounted) {
    rmSync(mountPoint, { recursive: true, force: true });
    throw new Error(
      `Disk-full tests mount a small tmpfs with \`unshare --user --map-root-user --mount\`, which failed here (${stderr.trim()}). ` +
        'Run the tests as root, or allow user namespaces (sysctl -w kernel.unprivileged_userns_clone=1, or user.max_user_namespaces above 0).',
    );
  }
  const path = `/proc/${holder.pid}/root${mountPoint}`;
  return {
    path,
    root: mountPoint,
    inside: (command, args) => ['nsenter', ['--target', String(holder.pid), '--user', '--mount', '--preserve-credentials', `--wd=${process.cwd()}`, command, ...args]],
    fill(keepBytes = 0) {
      const { bavail, bsize } = statfsSync(path);
      const fd = openSync(join(path, FILLER), 'a');
      try {
        const chunk = Buffer.alloc(bsize);
        for (let left = bavail * bsize - keepBytes; left > 0 || keepBytes === 0; left -= bsize) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
    },
    free() {
      rmSync(join(path, FILLER), { force: true });
    },
    close() {
      holder.kill('SIGKILL');
      rmSync(mountPoint, { recursive: true, force: true });
    },
  };
}
