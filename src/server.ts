import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DatabaseOpenError } from './db/open.js';
import { MigrationError } from './db/migrate.js';

/** The only place that reads the port and listens. Refuses to start, clearly, on bad config or schema. */
async function main(): Promise<void> {
  let app;
  try {
    const config = loadConfig();
    app = await buildApp(config);
    await app.listen({ port: config.port, host: config.host });
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
