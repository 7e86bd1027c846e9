import { NO_TITLE } from '../records/record-title.js';
import { RecordError } from './errors.js';
import { finishReference, type ReferenceDraft } from './reference.js';
import type { ImportWarning, ParsedRecord, RecordFailure, RecordLocation } from './types.js';

export type Warn = (message: string) => void;

/**
 * Numbers records in file order and turns each into a ParsedRecord or a RecordFailure, so a
 * format reader never has to think about accounting: whatever goes wrong inside `build` (a
 * RecordError, a bug, a stack overflow on hostile nesting) fails that one record only.
 */
export class RecordCollector {
  readonly records: ParsedRecord[] = [];
  readonly failures: RecordFailure[] = [];
  private readonly warnings: ImportWarning[] = [];
  private readonly withoutTitle: number[] = [];
  private readonly withoutAbstract: number[] = [];
  private next = 1;

  add(location: RecordLocation, build: (warn: Warn) => ReferenceDraft): void {
    const position = this.next++;
    const warn: Warn = (message) => this.warnings.push({ record: position, message });
    try {
      const reference = finishReference(build(warn), warn);
      if (reference.title === '') this.withoutTitle.push(position);
      if (reference.abstract === null) this.withoutAbstract.push(position);
      this.records.push({ position, ...where(location), reference });
    } catch (error) {
      this.failures.push({ record: position, ...where(location), message: failureReason(error) });
    }
  }

  fail(location: RecordLocation, message: string): void {
    this.failures.push({ record: this.next++, ...where(location), message });
  }

  /** A warning about the whole file. */
  warn(message: string): void {
    this.warnings.push({ message });
  }

  /** Per-record warnings in file order, after the file-level ones and the missing-title and missing-abstract summaries. */
  allWarnings(): ImportWarning[] {
    const summary: ImportWarning[] = [];
    const untitled = this.withoutTitle.length;
    if (untitled > 0) {
      const [counted, verb] = untitled === 1 ? ['1 record has', 'it is'] : [`${untitled} records have`, 'they are'];
      summary.push({ message: `${counted} no title; ${verb} imported as ${NO_TITLE} (${listNumbers(this.withoutTitle)}).` });
    }
    if (this.withoutAbstract.length > 0) {
      const total = this.records.length;
      summary.push({ message: `${this.withoutAbstract.length} of ${total} imported records have no abstract (${listNumbers(this.withoutAbstract)}).` });
    }
    const fileLevel = this.warnings.filter((w) => w.record === undefined);
    const perRecord = this.warnings.filter((w) => w.record !== undefined);
    return [...fileLevel, ...summary, ...perRecord];
  }
}

/** "records 3, 5, 9" or, for long lists, the first ten and a count. */
export function listNumbers(numbers: readonly number[], noun = 'record'): string {
  const shown = numbers.slice(0, 10).join(', ');
  return numbers.length > 10 ? `${noun}s ${shown} and ${numbers.length - 10} more` : `${noun}${numbers.length > 1 ? 's' : ''} ${shown}`;
}

// Only the location itself: callers pass richer objects (a tagged record with its fields).
const where = ({ lineStart, lineEnd, raw }: RecordLocation): RecordLocation => ({ lineStart, lineEnd, raw });

function failureReason(error: unknown): string {
  if (error instanceof RecordError) return error.message;
  if (error instanceof RangeError) return `The record is too large or too deeply nested to read (${error.message}).`;
  return `Could not read the record: ${error instanceof Error ? error.message : String(error)}`;
}
