import { UnreadableFileError } from './errors.js';
import { FORMATS } from './format-registry.js';
import type { ImportFormat } from './import-format.js';

const SAMPLE = 256 * 1024;

/** The format of LF-normalised text, judged by content only; throws UnreadableFileError when none fits. */
export function detectFormat(text: string, fileName = 'The file'): ImportFormat {
  const sample = text.slice(0, SAMPLE);
  const format = FORMATS.find((f) => f.detect(sample));
  if (format) return format;
  throw new UnreadableFileError(
    `${fileName} is not in a reference format Coreview recognises. It reads ${FORMATS.map((f) => f.label).join(', ')}. ` +
      'Check that you exported the references themselves (not a report or a web page).',
  );
}
