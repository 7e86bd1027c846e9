import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A file from a multipart form, already streamed to disk with its hash; it is what routes see in the body. */
export interface UploadedFile {
  readonly kind: 'uploaded-file';
  readonly fileName: string;
  readonly tempPath: string;
  readonly size: number;
  readonly sha256: string;
}

export function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && (value as UploadedFile).kind === 'uploaded-file';
}

/** The uploaded files of one form field, whether one or many were sent. */
export function uploadedFiles(body: unknown, field: string): UploadedFile[] {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  const values = Array.isArray(value) ? value : [value];
  return values.filter(isUploadedFile).filter((f) => f.size > 0 || f.fileName !== '');
}

const tempFiles = new WeakMap<FastifyRequest, string[]>();

/**
 * @fastify/multipart's onFile hook: streams each file to the data dir's tmp/ (never into memory),
 * hashing as it goes. The size limit aborts the stream (throwFileSizeLimit) with a 413. Whatever a route has not moved
 * away by the time the response is sent is deleted, so a refused upload (CSRF, 413, validation) stores nothing.
 */
export function uploadToTempFile(dataDir: string) {
  const tmpDir = join(dataDir, 'tmp');
  return async function onFile(this: FastifyRequest, part: MultipartFile): Promise<void> {
    await mkdir(tmpDir, { recursive: true });
    const tempPath = join(tmpDir, `${randomUUID()}.upload`);
    const list = tempFiles.get(this) ?? [];
    list.push(tempPath);
    tempFiles.set(this, list);
    const hash = createHash('sha256');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    const out = createWriteStream(tempPath);
    try {
      await pipeline(part.file, measure, out);
    } catch (error) {
      // Over the size limit (or the client went away): wait for the file to be closed, then drop it.
      if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
      await rm(tempPath, { force: true });
      throw error;
    }
    const uploaded: UploadedFile = { kind: 'uploaded-file', fileName: part.filename, tempPath, size, sha256: hash.digest('hex') };
    (part as unknown as { value: UploadedFile }).value = uploaded;
  };
}

/** Deletes unclaimed uploads before the answer leaves, so "nothing stored" holds when the client hears back. */
export function registerUploadCleanup(app: FastifyInstance): void {
  app.addHook('onSend', async (request, _reply, payload) => {
    const list = tempFiles.get(request);
    if (list) await Promise.all(list.map((path) => rm(path, { force: true })));
    return payload;
  });
}
