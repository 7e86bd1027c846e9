import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ownedTempName, tempDir } from './temp-files.js';

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
/** Requests whose multipart body was read to its end (see registerUploadHooks). */
const bodyRead = new WeakSet<FastifyRequest>();

/** A fresh name under the data dir's tmp/ (created if missing), owned by this process, for bytes being received. */
export async function newTempPath(dataDir: string): Promise<string> {
  const tmpDir = tempDir(dataDir);
  await mkdir(tmpDir, { recursive: true });
  return join(tmpDir, ownedTempName('.upload'));
}

/**
 * Streams `source` into `tempPath`, hashing as it goes (never the whole file in memory). If the
 * source fails or the disk fills, the partial file is removed before the error is passed on.
 */
export async function writeTempFile(source: Readable, tempPath: string): Promise<{ size: number; sha256: string }> {
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
    await pipeline(source, measure, out);
  } catch (error) {
    // Wait for the file to be closed, or the removal could race its last write.
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    await rm(tempPath, { force: true });
    throw error;
  }
  return { size, sha256: hash.digest('hex') };
}

/**
 * @fastify/multipart's onFile hook: streams each file to the data dir's tmp/. The size limit aborts
 * the stream (throwFileSizeLimit) with a 413. Whatever a route has not moved away by the time the
 * response is sent is deleted, so a refused upload (CSRF, 413, malformed, disk full) stores nothing.
 */
export function uploadToTempFile(dataDir: string) {
  return async function onFile(this: FastifyRequest, part: MultipartFile): Promise<void> {
    const tempPath = await newTempPath(dataDir);
    const list = tempFiles.get(this) ?? [];
    list.push(tempPath);
    tempFiles.set(this, list);
    const { size, sha256 } = await writeTempFile(part.file, tempPath);
    const uploaded: UploadedFile = { kind: 'uploaded-file', fileName: part.filename, tempPath, size, sha256 };
    (part as unknown as { value: UploadedFile }).value = uploaded;
  };
}

/**
 * True when `error` means the multipart body itself could not be read: no boundary, the wrong one,
 * cut short, garbage. busboy reports these as plain Errors without a code, and @fastify/multipart's
 * own as 4xx FST_ errors; both arrive before the body was read to its end. Disk and limit errors
 * are told apart by the caller first.
 */
export function isUnreadableUpload(error: Error & { code?: string; statusCode?: number }, request: FastifyRequest): boolean {
  if (!request.isMultipart() || bodyRead.has(request)) return false;
  if (error.code === undefined) return error.constructor === Error;
  return error.code.startsWith('FST_') && (error.statusCode ?? 500) < 500;
}

/**
 * Marks bodies read whole (this preValidation hook is added after @fastify/multipart's, which reads
 * the body, so it runs only when that one succeeded), and deletes unclaimed uploads before the
 * answer leaves, so "nothing stored" holds when the client hears back.
 */
export function registerUploadHooks(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    bodyRead.add(request);
  });
  app.addHook('onSend', async (request, _reply, payload) => {
    const list = tempFiles.get(request);
    if (list) await Promise.all(list.map((path) => rm(path, { force: true })));
    return payload;
  });
}
