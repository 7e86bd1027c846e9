import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { ArchiveError } from './archive-error.js';

export interface Expected {
  /** Names the content in the error: "backup.zip: originals/ab12…". */
  name: string;
  size: number;
  sha256: string;
}

/**
 * A pass-through stream that counts and hashes (SHA-256) what flows through it. Given what to
 * expect, it fails at its end (before the consumer sees the end) when the content differs.
 */
export class ChecksumStream extends Transform {
  private readonly hash = createHash('sha256');
  private digest: string | undefined;
  size = 0;

  constructor(private readonly expected?: Expected) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    if (this.expected && this.size > this.expected.size) return done(this.mismatch());
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.expected && (this.size !== this.expected.size || this.sha256() !== this.expected.sha256)) return done(this.mismatch());
    done();
  }

  /** The hex SHA-256 of everything that passed, once the stream ended. */
  sha256(): string {
    return (this.digest ??= this.hash.digest('hex'));
  }

  private mismatch(): ArchiveError {
    return new ArchiveError(`${this.expected!.name} does not match its checksum: the archive was changed or damaged`);
  }
}
