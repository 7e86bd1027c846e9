import { createReadStream, createWriteStream, existsSync, openSync, statSync } from 'node:fs';
import { link, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { ArchiveError, archiveFailure } from './archive-error.js';
import { ChecksumStream } from './checksum.js';
import { toJsonLine } from './json-lines.js';
import { FORMAT_VERSION, MANIFEST_PATH, isSafeEntryPath, type Manifest, type ManifestFile } from './manifest.js';
import { forgetPartial, partialPath, removePartial, removeStalePartials } from './partial-files.js';

/** Lines are gathered into chunks of about this size before they are written. */
const CHUNK_BYTES = 64 * 1024;
/**
 * zlib's fastest level: a 165 MB database deflates in 0.6 s instead of 2.9 s (level 6) for an
 * archive about a fifth larger. A backup taken while people work should be quick above all.
 */
const COMPRESSION_LEVEL = 1;

export interface EntryOptions {
  /** Deflate the entry; off for content that is compressed already (PDFs). */
  compress: boolean;
}

/**
 * Writes a zip archive entry by entry, streaming (nothing is held whole in memory), with each
 * entry's size and SHA-256 in a manifest written last. The archive is written under a temporary
 * name in the target folder and appears under its real name only when complete and on disk, never
 * over an existing file; `abort()` (or a crash, cleaned by the next writer) leaves nothing behind.
 *
 * ```ts
 * const writer = await ArchiveWriter.create('/backups/2026-12-07.zip');
 * try {
 *   await writer.addFile('database/coreview.sqlite', copyPath, { compress: true });
 *   await writer.finish({ format: 'coreview-backup', schemaVersion, details: {} });
 * } catch (error) {
 *   await writer.abort();
 *   throw error;
 * }
 * ```
 */
export class ArchiveWriter {
  private readonly files: ManifestFile[] = [];
  private readonly written: Promise<void>;
  /** Rejects when writing the archive fails; never resolves. */
  private readonly writeFailed: Promise<never>;

  private constructor(
    readonly outFile: string,
    private readonly tempFile: string,
    private readonly zip: ZipFile,
  ) {
    // Opened here, at once: a signal handler that removes temporary files must find it, not race it.
    this.written = pipeline(zip.outputStream, createWriteStream('', { fd: openSync(tempFile, 'wx') }));
    // An entry waiting for its stream to be read must learn that the archive cannot be written.
    this.writeFailed = new Promise<never>((_resolve, reject) => void this.written.catch(reject));
    this.writeFailed.catch(() => undefined);
  }

  /** Starts an archive for `outFile`: refused when that file exists; a killed earlier run's temps are removed. */
  static async create(outFile: string): Promise<ArchiveWriter> {
    const folder = dirname(outFile);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new ArchiveError(`The folder ${folder} does not exist`);
    if (existsSync(outFile)) throw new ArchiveError(`${outFile} already exists; choose a new file name`);
    await removeStalePartials(outFile);
    return new ArchiveWriter(outFile, partialPath(outFile), new ZipFile());
  }

  addFile(path: string, sourceFile: string, options: EntryOptions): Promise<ManifestFile> {
    return this.addStream(path, createReadStream(sourceFile), options);
  }

  addText(path: string, text: string): Promise<ManifestFile> {
    return this.addStream(path, Readable.from([Buffer.from(text, 'utf8')]), { compress: true });
  }

  /** One JSON line per row, read from `rows` as the archive takes them (back-pressure, not buffering). */
  async addJsonLines(path: string, rows: Iterable<unknown> | AsyncIterable<unknown>): Promise<ManifestFile> {
    const lines = new PassThrough();
    const entry = this.addStream(path, lines, { compress: true });
    let chunk = '';
    const flush = async () => {
      if (chunk === '') return;
      const more = lines.write(chunk);
      chunk = '';
      if (!more) await this.waitFor(new Promise<void>((resolve) => lines.once('drain', resolve)));
    };
    try {
      for await (const row of rows) {
        chunk += toJsonLine(row);
        if (chunk.length >= CHUNK_BYTES) await flush();
      }
      await flush();
      lines.end();
    } catch (error) {
      lines.destroy(error as Error);
      await entry.catch(() => undefined);
      throw error;
    }
    return entry;
  }

  private async addStream(path: string, source: Readable, options: EntryOptions): Promise<ManifestFile> {
    if (!isSafeEntryPath(path)) throw new Error(`Not a valid archive entry name: ${path}`);
    const check = new ChecksumStream();
    const consumed = new Promise<void>((resolve, reject) => {
      check.once('end', resolve);
      check.once('error', reject);
      source.once('error', reject);
    });
    source.pipe(check);
    this.zip.addReadStream(check, path, { compressionLevel: options.compress ? COMPRESSION_LEVEL : 0 });
    await this.waitFor(consumed);
    const file = { path, size: check.size, sha256: check.sha256() };
    this.files.push(file);
    return file;
  }

  /** `promise`, unless writing the archive fails first (a full disk): then that failure. */
  private waitFor<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.writeFailed]);
  }

  /**
   * Writes the manifest, waits until the archive is on disk, and gives it its real name (refused if
   * that name was taken meanwhile). Returns the manifest and the archive's size.
   */
  async finish(fields: Pick<Manifest, 'format' | 'schemaVersion' | 'details'>): Promise<{ manifest: Manifest; bytes: number }> {
    const manifest: Manifest = { format: fields.format, formatVersion: FORMAT_VERSION, schemaVersion: fields.schemaVersion, createdAt: new Date().toISOString(), files: this.files, details: fields.details };
    this.zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 1) + '\n', 'utf8'), MANIFEST_PATH, { compress: true });
    this.zip.end();
    await this.written;
    await syncFile(this.tempFile);
    await publish(this.tempFile, this.outFile);
    forgetPartial(this.tempFile);
    await syncFile(dirname(this.outFile)).catch(() => undefined);
    return { manifest, bytes: (await stat(this.outFile)).size };
  }

  /** Stops writing and removes the temporary file. */
  async abort(): Promise<void> {
    (this.zip.outputStream as Readable).destroy();
    await this.written.catch(() => undefined);
    await removePartial(this.tempFile);
  }
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Gives `temp` the name `final` unless a file has it: a hard link fails rather than replace one. */
async function publish(temp: string, final: string): Promise<void> {
  try {
    await link(temp, final);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ArchiveError(`${final} appeared while the archive was written; the archive was not kept`);
    // No hard links on this file system: check, then rename (a tiny window, acceptable there).
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes(code ?? '')) throw archiveFailure(`Cannot name the archive ${final}`, error);
    if (existsSync(final)) throw new ArchiveError(`${final} appeared while the archive was written; the archive was not kept`);
    await rename(temp, final);
    return;
  }
  await unlink(temp);
}
