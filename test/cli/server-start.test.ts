import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { openSqlite } from '../../src/db/open.js';
import { runProcess } from '../support/run-process.js';

const startServer = (dataDir: string, env: Record<string, string> = {}) =>
  runProcess(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env: { COREVIEW_DATA_DIR: dataDir, PORT: '0', ...env }, timeoutMs: 20_000 });

describe('server start-up refusals', () => {
  let dataDir: string;
  beforeEach(() => { dataDir = mkdtempSync(join(tmpdir(), 'coreview-start-')); });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a database from a newer Coreview, clearly', async () => {
    const sqlite = openSqlite(join(dataDir, 'coreview.sqlite'));
    migrate(sqlite);
    sqlite.prepare("INSERT INTO schema_migration VALUES (9999, '9999_future', 'now')").run();
    sqlite.close();
    const result = await startServer(dataDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Coreview cannot start');
    expect(result.stderr).toContain('newer than this Coreview knows');
  });

  it('refuses a data file that is not a database', async () => {
    writeFileSync(join(dataDir, 'coreview.sqlite'), 'garbage'.repeat(1000));
    const result = await startServer(dataDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Coreview cannot start: Cannot use the database .*file is not a database/);
  });

  it('refuses a malformed PORT with the variable named', async () => {
    const result = await startServer(dataDir, { PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT must be a whole number from 0 to 65535, not "eighty"');
  });

  it('refuses a log level pino does not know, naming the variable', async () => {
    const result = await startServer(dataDir, { COREVIEW_LOG_LEVEL: 'verbose' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Coreview cannot start: COREVIEW_LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent, not "verbose"');
  });

  it('refuses a HOST that does not resolve, before touching the database', async () => {
    const result = await startServer(dataDir, { HOST: 'no-such-host.invalid' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Coreview cannot start: HOST "no-such-host.invalid" is not an address or a name this machine can resolve');
    expect(existsSync(join(dataDir, 'coreview.sqlite'))).toBe(false);
  });

  it('names the port when another program already listens on it', async () => {
    const holder = await listening();
    try {
      const port = (holder.address() as { port: number }).port;
      const result = await startServer(dataDir, { PORT: String(port), HOST: '127.0.0.1' });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(`Coreview cannot start: port ${port} on 127.0.0.1 is already in use (another Coreview, or another program): stop it or choose another PORT`);
    } finally {
      holder.close();
    }
  });
});

/** A plain TCP server on a free loopback port, standing in for whatever else holds the port. */
function listening(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

describe('data directory problems', () => {
  it('names COREVIEW_DATA_DIR when it is a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coreview-start-'));
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const result = await startServer(file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Coreview cannot start: COREVIEW_DATA_DIR ${file} is a file, not a folder`);
    rmSync(dir, { recursive: true, force: true });
  });
});
