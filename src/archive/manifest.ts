import { ArchiveError } from './archive-error.js';

/** The one entry every archive has besides its files: what it is and each file's size and SHA-256. */
export const MANIFEST_PATH = 'manifest.json';

/** A whole instance (`coreview backup`) or one review (`coreview review export`). */
export type ArchiveFormat = 'coreview-backup' | 'coreview-review';

/** Bumped when an archive written now could not be read by the code that reads version 1. */
export const FORMAT_VERSION = 1;

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: ArchiveFormat;
  formatVersion: number;
  /** The newest migration applied to the database the archive was made from. */
  schemaVersion: number;
  createdAt: string;
  files: ManifestFile[];
  /** What the format adds: a backup's warnings, a review's title and row counts. */
  details: Record<string, unknown>;
}

const MAX_PATH = 200;
// Lower-case folders and names, no dot segments: nothing a reader joins to a folder can climb out of it.
const SAFE_PATH = /^[a-z0-9_-]+(\.[a-z0-9]+)?(\/[a-z0-9_-]+(\.[a-z0-9]+)?)*$/;

/** Whether `path` may name an entry at all (each reader still maps only the paths it knows). */
export function isSafeEntryPath(path: string): boolean {
  return path.length <= MAX_PATH && SAFE_PATH.test(path) && path !== MANIFEST_PATH;
}

/**
 * Checks a manifest read from an archive: its format, a version this code reads, and files that are
 * each named safely, once, with a size and a SHA-256. Throws an ArchiveError naming the problem.
 */
export function parseManifest(text: string, expected: ArchiveFormat, name: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ArchiveError(`${name} is damaged: its manifest is not valid JSON`);
  }
  const m = value as Partial<Manifest> | null;
  if (typeof m !== 'object' || m === null || typeof m.format !== 'string') throw new ArchiveError(`${name} is not a Coreview archive (its manifest has no format)`);
  if (m.format !== expected) throw new ArchiveError(`${name} is a ${describeFormat(m.format)}, not a ${describeFormat(expected)}`);
  if (!Number.isInteger(m.formatVersion) || m.formatVersion! < 1) throw new ArchiveError(`${name} is damaged: its manifest has no format version`);
  if (m.formatVersion! > FORMAT_VERSION) throw new ArchiveError(`${name} was written in archive format ${m.formatVersion}, newer than this Coreview reads (${FORMAT_VERSION}); upgrade Coreview first`);
  if (!Number.isInteger(m.schemaVersion) || m.schemaVersion! < 0) throw new ArchiveError(`${name} is damaged: its manifest has no schema version`);
  if (!Array.isArray(m.files)) throw new ArchiveError(`${name} is damaged: its manifest lists no files`);
  const seen = new Set<string>();
  for (const file of m.files as unknown[]) {
    const f = file as Partial<ManifestFile> | null;
    const ok = typeof f === 'object' && f !== null && typeof f.path === 'string' && isSafeEntryPath(f.path)
      && Number.isSafeInteger(f.size) && f.size! >= 0 && typeof f.sha256 === 'string' && /^[0-9a-f]{64}$/.test(f.sha256);
    if (!ok) throw new ArchiveError(`${name} is damaged: its manifest lists a file with a bad name, size or checksum (${JSON.stringify(file).slice(0, 120)})`);
    if (seen.has(f.path!)) throw new ArchiveError(`${name} is damaged: its manifest lists ${f.path} twice`);
    seen.add(f.path!);
  }
  return {
    format: m.format,
    formatVersion: m.formatVersion!,
    schemaVersion: m.schemaVersion!,
    createdAt: String(m.createdAt ?? ''),
    files: m.files as ManifestFile[],
    details: typeof m.details === 'object' && m.details !== null ? (m.details as Record<string, unknown>) : {},
  };
}

function describeFormat(format: string): string {
  if (format === 'coreview-backup') return 'Coreview backup';
  if (format === 'coreview-review') return 'Coreview review archive';
  return `"${format.slice(0, 40)}" archive`;
}
