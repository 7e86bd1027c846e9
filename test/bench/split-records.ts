/**
 * The import bench's baseline, run in its own process so its memory is its own:
 * `node test/bench/split-records.ts <file> ris|bibtex` reads the file, decodes it as UTF-8 and splits
 * it into records (RIS on its `ER  -` lines, BibTeX on a line starting with `@`), the least any
 * importer must do, and prints `{"ms", "records", "peakRssMb"}` on stdout.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { peakRssMb } from './server-process.js';

const SEPARATORS = { ris: /^ER {2}-.*$/m, bibtex: /^(?=@)/m } as const;

const [file, format] = process.argv.slice(2);
if (!file || (format !== 'ris' && format !== 'bibtex')) {
  process.stderr.write('usage: split-records.ts <file> ris|bibtex\n');
  process.exit(2);
}
const start = performance.now();
const text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
const records = text.split(SEPARATORS[format]).filter((chunk) => chunk.trim() !== '').length;
const ms = performance.now() - start;
process.stdout.write(JSON.stringify({ ms, records, peakRssMb: peakRssMb(process.pid) }) + '\n');
