/**
 * The job that reads an upload's files (kind `import-read`, in a worker under a time limit: the
 * input may be pathological): parses each staged file, stages its records as JSON lines for the
 * commit, and records what the parser reported on the file's row for the preview.
 */
import { readFile } from 'node:fs/promises';
import type { JobHandler } from '../jobs/job-context.js';
import { uploadFiles } from './upload-files.js';
import { parseFile, UnreadableFileError } from './parse-file.js';
import { stagedRecords, stagedUpload, stageRecords } from './staging.js';

export const run: JobHandler = async ({ job, db, dataDir, progress }) => {
  const uploadId = job.payload.uploadId as string;
  const files = await uploadFiles(db, uploadId);
  for (const [index, file] of files.entries()) {
    await progress(`Reading ${file.fileName} (${index + 1} of ${files.length})`);
    let report: { summaryJson: string | null; unreadable: string | null };
    try {
      const parsed = parseFile(await readFile(stagedUpload(dataDir, uploadId, file.position)), file.fileName);
      await progress(`Read ${parsed.found.toLocaleString('en-GB')} records from ${file.fileName}`);
      report = { summaryJson: JSON.stringify(await stageRecords(stagedRecords(dataDir, uploadId, file.position), parsed)), unreadable: null };
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      report = { summaryJson: null, unreadable: error.message };
    }
    await db.transaction().execute((trx) =>
      trx.updateTable('importUploadFile').set(report).where('uploadId', '=', uploadId).where('position', '=', file.position).execute(),
    );
  }
};
