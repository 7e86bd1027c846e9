import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISK_FULL_MESSAGE } from '../../src/disk-full.js';
import { fixturePath } from '../support/fixture-exports.js';
import { runProcess } from '../support/run-process.js';
import { mountTinyDisk, type TinyDisk } from '../support/tiny-disk.js';

/** `coreview` with its data folder, database included, on a small disk that fills up for real. */
describe('coreview import on a full disk', () => {
  let disk: TinyDisk;
  const coreview = (args: string[], input = '') => {
    const [command, inside] = disk.inside(process.execPath, ['src/bin/coreview.js', ...args]);
    return runProcess(command, inside, { env: { COREVIEW_DATA_DIR: disk.root }, input });
  };
  const records = async () => (await coreview(['export', '--review', 'full', '--format', 'csv'])).stdout;
  beforeAll(async () => {
    disk = await mountTinyDisk(24 * 1024 * 1024);
    const owner = await coreview(['user', 'add', '--email', 'olive@example.org', '--name', 'Olive'], 'olive-password\n');
    expect(owner.code, owner.stderr).toBe(0);
    const first = await coreview(['import', '--review', 'full', '--create', fixturePath('scopus.ris')]);
    expect(first.code, first.stderr).toBe(0);
  });
  afterAll(() => disk?.close());

  it('says in one line that the disk is full, keeps no part of the file, and imports it once space is freed', async () => {
    const before = await records();
    const file = fixturePath('ebsco-criminal-justice.ris');
    disk.fill(32 * 1024);
    let refused;
    try {
      refused = await coreview(['import', '--review', 'full', file]);
    } finally {
      disk.free();
    }
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`coreview import: ${DISK_FULL_MESSAGE}\n`);
    expect(existsSync(join(disk.path, 'tmp')) ? readdirSync(join(disk.path, 'tmp')) : []).toEqual([]);
    expect(await records()).toBe(before);
    const imported = await coreview(['import', '--review', 'full', file]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('ebsco-criminal-justice.ris: RIS');
  });
});
