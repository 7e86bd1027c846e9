import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('the generated session secret', () => {
  const dirs: string[] = [];
  afterEach(() => { for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true }); });

  it('is made once and read by every later start in the same data dir, with nothing else left there', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'coreview-secret-'));
    dirs.push(dataDir);
    const first = loadConfig({ COREVIEW_DATA_DIR: dataDir }).sessionSecret;
    const second = loadConfig({ COREVIEW_DATA_DIR: dataDir }).sessionSecret;
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second).toBe(first);
    expect(readdirSync(dataDir)).toEqual(['session-secret']);
  });
});
