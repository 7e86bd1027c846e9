import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { openPromise, type Entry, type ZipFile } from 'yauzl';
import { ArchiveError, archiveFailure, oneLine } from './archive-error.js';
import { ChecksumStream } from './checksum.js';
import { readJsonLines } from './json-lines.js';
import { MANIFEST_PATH, isSafeEntryPath, parseManifest, type ArchiveFormat, type Manifest, type ManifestFile } from './manifest.js';

const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/**
 * Reads an archive ArchiveWriter wrote, trusting nothing in it: the manifest must name every entry
 * (and only those) with safe names and their exact sizes, and every byte read is checked against the
 * manifest's SHA-256 before the reader sees its end. Entries are streamed, never held whole.
 */
export class ArchiveReader {
  private constructor(
    /** How errors name the archive: its file name. */
    readonly name: string,
    readonly manifest: Manifest,
    private readonly zip: ZipFile,
    private readonly entries: ReadonlyMap<string, Entry>,
  ) {}

  /** Opens `file` as an archive of `format`, refusing one made by a Coreview with a newer schema. */
  static async open(file: string, format: ArchiveFormat, options: { name?: string; maxSchemaVersion: number }): Promise<ArchiveReader> {
    const name = options.name ?? file;
    let zip: ZipFile;
    try {
      zip = await openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code) throw archiveFailure(`Cannot read ${name}`, error);
      throw new ArchiveError(`${name} is not a Coreview archive, or it is damaged or incomplete (${oneLine((error as Error).message)})`);
    }
    try {
      const entries = await readEntries(zip, name);
      const manifestEntry = entries.get(MANIFEST_PATH);
      if (!manifestEntry) throw new ArchiveError(`${name} is not a Coreview archive: it has no ${MANIFEST_PATH}`);
      if (manifestEntry.uncompressedSize > MAX_MANIFEST_BYTES) throw new ArchiveError(`${name} is damaged: its manifest is too large`);
      const manifest = parseManifest(await readText(zip, manifestEntry, name), format, name);
      if (manifest.schemaVersion > options.maxSchemaVersion) {
        throw new ArchiveError(`${name} was made by a newer Coreview (database schema ${manifest.schemaVersion}; this one knows ${options.maxSchemaVersion}); upgrade Coreview first`);
      }
      checkEntriesMatch(manifest.files, entries, name);
      return new ArchiveReader(name, manifest, zip, entries);
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  /** The manifest's record of one file, or undefined when the archive has no such file. */
  file(path: string): ManifestFile | undefined {
    return this.manifest.files.find((f) => f.path === path);
  }

  /** An entry's bytes; the stream fails at its end (before 'end') if they differ from the manifest. */
  async open(path: string): Promise<Readable> {
    const file = this.file(path);
    const entry = this.entries.get(path);
    if (!file || !entry) throw new ArchiveError(`${this.name} has no ${path}`);
    let raw: Readable;
    try {
      raw = await this.zip.openReadStreamPromise(entry);
    } catch (error) {
      throw this.damaged(path, error);
    }
    const check = new ChecksumStream({ name: `${this.name}: ${path}`, size: file.size, sha256: file.sha256 });
    raw.once('error', (error) => check.destroy(this.damaged(path, error)));
    return raw.pipe(check);
  }

  /** Writes an entry to `target` (which must not exist); on any mismatch the target is removed. */
  async extract(path: string, target: string): Promise<void> {
    try {
      await pipeline(await this.open(path), createWriteStream(target, { flags: 'wx' }));
    } catch (error) {
      await rm(target, { force: true });
      throw archiveFailure(`Cannot extract ${path} from ${this.name}`, error);
    }
  }

  /** Reads every file once, checking each against the manifest; throws at the first that differs. */
  async verifyAll(paths: readonly string[] = this.manifest.files.map((f) => f.path)): Promise<void> {
    for (const path of paths) {
      const stream = await this.open(path);
      try {
        for await (const _chunk of stream) {
          // Reading is the check.
        }
      } catch (error) {
        throw archiveFailure(`${this.name}: ${path}`, error);
      }
    }
  }

  /** The JSON values of a JSON-lines entry, checked against the manifest as they are read. */
  async *jsonLines(path: string): AsyncGenerator<unknown> {
    try {
      yield* readJsonLines(await this.open(path), `${this.name}: ${path}`);
    } catch (error) {
      throw error instanceof SyntaxError ? new ArchiveError(`${error.message}; the archive is damaged`) : archiveFailure(`${this.name}: ${path}`, error);
    }
  }

  /** A small JSON entry, parsed. */
  async json(path: string): Promise<unknown> {
    const file = this.file(path);
    if (file && file.size > MAX_MANIFEST_BYTES) throw new ArchiveError(`${this.name}: ${path} is too large`);
    let text = '';
    const stream = await this.open(path);
    stream.setEncoding('utf8');
    try {
      for await (const chunk of stream) text += chunk as string;
      return JSON.parse(text);
    } catch (error) {
      throw error instanceof SyntaxError ? new ArchiveError(`${this.name}: ${path} is not valid JSON; the archive is damaged`) : archiveFailure(`${this.name}: ${path}`, error);
    }
  }

  close(): void {
    this.zip.close();
  }

  private damaged(path: string, error: unknown): ArchiveError {
    if (error instanceof ArchiveError) return error;
    return new ArchiveError(`${this.name} is damaged: ${path} cannot be read (${oneLine((error as Error).message)})`);
  }
}

async function readEntries(zip: ZipFile, name: string): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== MANIFEST_PATH && !isSafeEntryPath(entry.fileName)) {
        throw new ArchiveError(`${name} holds an entry Coreview never writes (${JSON.stringify(entry.fileName.slice(0, 80))}); it was refused`);
      }
      if (entries.has(entry.fileName)) throw new ArchiveError(`${name} holds ${entry.fileName} twice; it was refused`);
      if (entry.isEncrypted() || !entry.canDecodeFileData()) throw new ArchiveError(`${name}: ${entry.fileName} is encrypted or compressed in a way Coreview does not write`);
      entries.set(entry.fileName, entry);
    }
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    const message = oneLine((error as Error).message);
    // yauzl names these before we see the entry: the zip-slip attempt Coreview must never follow.
    if (/invalid relative path|absolute path|invalid characters in fileName/.test(message)) throw new ArchiveError(`${name} holds an entry named to reach outside its folder (${message}); it was refused`);
    throw new ArchiveError(`${name} is damaged or incomplete (${message})`);
  }
  return entries;
}

async function readText(zip: ZipFile, entry: Entry, name: string): Promise<string> {
  let text = '';
  try {
    const stream = await zip.openReadStreamPromise(entry);
    stream.setEncoding('utf8');
    for await (const chunk of stream) text += chunk as string;
  } catch (error) {
    throw new ArchiveError(`${name} is damaged: its manifest cannot be read (${oneLine((error as Error).message)})`);
  }
  return text;
}

function checkEntriesMatch(files: readonly ManifestFile[], entries: ReadonlyMap<string, Entry>, name: string): void {
  for (const file of files) {
    const entry = entries.get(file.path);
    if (!entry) throw new ArchiveError(`${name} is incomplete: ${file.path} is missing`);
    if (entry.uncompressedSize !== file.size) throw new ArchiveError(`${name} is damaged: ${file.path} has ${entry.uncompressedSize} bytes, its manifest says ${file.size}`);
  }
  if (entries.size !== files.length + 1) {
    const listed = new Set(files.map((f) => f.path));
    const extra = [...entries.keys()].find((path) => path !== MANIFEST_PATH && !listed.has(path));
    throw new ArchiveError(`${name} holds ${extra} which its manifest does not list; it was refused`);
  }
}
