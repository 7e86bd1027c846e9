import type { RecordCollector } from './record-collector.js';
import type { FormatId } from './types.js';

/** One entry of the format registry (the citation-js shape: id, detect, parse). */
export interface ImportFormat {
  readonly id: FormatId;
  readonly label: string;
  /** Decides from the start of the text (LF line endings, no BOM), never from the file name. */
  detect(sample: string): boolean;
  /** Reads every record into `out`; throws UnreadableFileError only when the whole file is unusable. */
  parse(text: string, out: RecordCollector): void;
}
