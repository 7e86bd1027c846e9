import { bibtexExport } from './bibtex.js';
import { cslJsonExport } from './csl-json.js';
import { csvExport } from './csv.js';
import type { ExportFormat, ExportFormatId } from './export-format.js';
import { risExport } from './ris.js';

export const EXPORT_FORMATS: Readonly<Record<ExportFormatId, ExportFormat>> = {
  ris: risExport,
  bibtex: bibtexExport,
  'csl-json': cslJsonExport,
  csv: csvExport,
};
