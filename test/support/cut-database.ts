import { sqliteOf } from './sqlite-of.js';
import type { TestApp } from './test-app.js';
import { dropDatabaseFor, testDialect } from './test-database.js';

/** Takes the database away from a running test app, as a failed disk or a lost database server would. */
export async function cutDatabase(t: TestApp): Promise<void> {
  if (testDialect === 'postgres') await dropDatabaseFor(t.dataDir);
  else sqliteOf(t.app).close();
}
