/**
 * Reads a staged file for the commit, on a core of its own: parsing ~350 MB of JSON lines into
 * record values (50,000 records) then runs beside the SQLite writes instead of between them.
 * It stays at most AHEAD batches ahead of what the commit has taken, so memory stays bounded.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { recordValues, type RecordValues } from './batch-store.js';
import { readStagedRecords, type StagedValuesMessage } from './staging.js';

const BATCH = 200;
const AHEAD = 4;

const port = parentPort!;
let credits = AHEAD;
let granted: (() => void) | undefined;
// Each 'more' from the reader side frees one place.
port.on('message', () => {
  credits++;
  granted?.();
});

async function send(message: StagedValuesMessage): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => (granted = resolve));
  credits--;
  port.postMessage(message);
}

let batch: RecordValues[] = [];
for await (const record of readStagedRecords((workerData as { path: string }).path)) {
  batch.push(recordValues(record));
  if (batch.length === BATCH) {
    await send({ values: batch });
    batch = [];
  }
}
if (batch.length > 0) await send({ values: batch });
port.postMessage({ done: true } satisfies StagedValuesMessage);
port.close();
