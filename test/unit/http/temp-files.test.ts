import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ownedTempName, sweepTempDir, tempDir } from '../../../src/http/temp-files.js';

// Several processes share one data dir: a process starting removes only what is certainly abandoned.
describe('sweeping tmp/ at start', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function dataDirWith(names: string[]): string {
    const dataDir = mkdtempSync(join(tmpdir(), 'coreview-temp-files-'));
    dirs.push(dataDir);
    mkdirSync(tempDir(dataDir));
    for (const name of names) writeFileSync(join(tempDir(dataDir), name), 'bytes');
    return dataDir;
  }
  const named = (host: string, pid: number) => `${encodeURIComponent(host)}+${pid}+3f1c+0a9e.upload`;
  const dayAgo = (dataDir: string, name: string) => utimesSync(join(tempDir(dataDir), name), new Date(Date.now() - 25 * 3_600_000), new Date(Date.now() - 25 * 3_600_000));

  it("keeps this process's and live processes' uploads, removes those of processes gone from this machine", async () => {
    const mine = ownedTempName('.upload');
    // The test runner's parent is alive; pid 2^22+1 is past Linux's pid_max.
    const live = named(hostname(), process.ppid);
    const gone = named(hostname(), 4_194_305);
    const dataDir = dataDirWith([mine, live, gone]);
    await sweepTempDir(dataDir);
    expect(readdirSync(tempDir(dataDir)).sort()).toEqual([mine, live].sort());
  });

  it("keeps another machine's uploads until nobody has touched them for a day, and so anything else in tmp/", async () => {
    const elsewhere = named('other host/with odd+name', 1234);
    const stale = named('another-host', 1234);
    const loose = 'review-export.zip';
    const old = 'earlier-version.upload';
    const dataDir = dataDirWith([elsewhere, stale, loose, old]);
    dayAgo(dataDir, stale);
    dayAgo(dataDir, old);
    await sweepTempDir(dataDir);
    expect(readdirSync(tempDir(dataDir)).sort()).toEqual([elsewhere, loose].sort());
  });

  it('does nothing when there is no tmp/', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'coreview-temp-files-'));
    dirs.push(dataDir);
    await expect(sweepTempDir(dataDir)).resolves.toBeUndefined();
  });
});
