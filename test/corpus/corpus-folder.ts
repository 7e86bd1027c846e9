import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of real third-party exports the conformance suite reads in place (never copied into the
 * repository): COREVIEW_CORPUS, or ../shared/corpus; a relative path is taken from the repository root.
 */
export function corpusFolder(): string {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  return resolve(root, process.env['COREVIEW_CORPUS'] || '../shared/corpus');
}

/** Why the suite cannot run, in one line; null when the corpus is there. */
export function missingCorpus(folder: string): string | null {
  if (existsSync(resolve(folder, 'manifest.tsv'))) return null;
  return `The corpus suite cannot run: ${folder} has no manifest.tsv. Set COREVIEW_CORPUS to the folder of real exports.`;
}

export const corpusFile = (name: string): Buffer => readFileSync(resolve(corpusFolder(), name));
