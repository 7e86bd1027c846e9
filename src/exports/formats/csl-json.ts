/**
 * CSL-JSON: an array of CSL items built from the record columns as edited (csl-item.ts), one item
 * per line group, pretty enough to diff. Coreview's extras go in `note` (after any note the record
 * was imported with, one extras.ts line each) and, structured, in `custom.coreview`
 * ({ id, stages: [{ stage, state, reasons, decisions }], labels, codes }) — the `custom` object is
 * CSL-JSON's place for application data, which citation processors ignore.
 */
import { cslText, type ExportRecord } from '../export-record.js';
import { extrasLines } from '../extras.js';
import { bibliographicItem } from './csl-item.js';
import type { ExportFormat, ExportWriter } from './export-format.js';

export function cslJsonItem(record: ExportRecord): Record<string, unknown> {
  const item = bibliographicItem(record);
  const notes = [cslText(record.csl, 'note'), ...extrasLines(record.extras)].filter((n): n is string => n !== null);
  if (notes.length > 0) item['note'] = notes.join('\n');
  const { stages, labels, codes } = record.extras;
  if (stages.length > 0 || labels.length > 0 || codes.length > 0) item['custom'] = { coreview: { id: record.id, stages, labels, codes } };
  return item;
}

export const cslJsonExport: ExportFormat = {
  id: 'csl-json',
  label: 'CSL-JSON',
  extension: 'json',
  contentType: 'application/vnd.citationstyles.csl+json; charset=utf-8',
  createWriter(): ExportWriter {
    // Each item is written when the next one arrives, so only the last goes without a comma.
    let held: string | null = null;
    return {
      start: () => '[\n',
      record(record) {
        const previous = held;
        held = `  ${JSON.stringify(cslJsonItem(record))}`;
        return previous === null ? '' : `${previous},\n`;
      },
      end: () => (held === null ? ']\n' : `${held}\n]\n`),
    };
  },
};
