import { lookup } from 'node:dns/promises';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DatabaseOpenError } from './db/open.js';
import { MigrationError } from './db/migrate.js';

/** Checked before the database is opened, so a typo in HOST touches nothing. */
async function assertHostResolves(host: string): Promise<void> {
  try {
    await lookup(host);
  } catch {
    throw new ConfigError(`HOST "${host}" is not an address or a name this machine can resolve`);
  }
}

/** Why listen() failed, in one line naming the setting to change; null for anything unexpected. */
function listenFailure(error: unknown, { host, port }: Config): string | null {
  const where = `port ${port} on ${host}`;
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE': return `${where} is already in use (another Coreview, or another program): stop it or choose another PORT`;
    case 'EACCES': return `${where} needs administrator rights: choose a PORT above 1023`;
    case 'EADDRNOTAVAIL': return `HOST "${host}" is not an address of this machine: use 127.0.0.1, 0.0.0.0 or one of its own addresses`;
    default: return null;
  }
}

/** The only place that reads the port and listens. Refuses to start, in one line, on bad config or schema. */
async function main(): Promise<void> {
  let app;
  try {
    const config = loadConfig();
    await assertHostResolves(config.host);
    app = await buildApp(config);
    try {
      await app.listen({ port: config.port, host: config.host });
    } catch (error) {
      const reason = listenFailure(error, config);
      if (reason === null) throw error;
      await app.close();
      throw new ConfigError(reason);
    }
  } catch (error) {
    if (error instanceof ConfigError || error instanceof MigrationError || error instanceof DatabaseOpenError) {
      console.error(`Coreview cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const started = app;
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    started.log.info({ signal }, 'shutting down: finishing requests in flight');
    await started.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
}

await main();
