import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ENCODED_EXPORTS } from './encoded-exports.js';

/** Synthetic exports written for the tests; test/fixtures/exports/README.md says what each one exercises. */
const FOLDER = new URL('../fixtures/exports/', import.meta.url);

/** Where a fixture file lies, for the command line and the browser's file picker. */
export const fixturePath = (name: string): string => fileURLToPath(new URL(name, FOLDER));

/** The bytes of a fixture: a file in the folder, or one of the exports built byte by byte (encoded-exports.ts). */
export function fixtureFile(name: string): Uint8Array<ArrayBuffer> {
  const encoded = ENCODED_EXPORTS[name];
  return encoded ? encoded() : new Uint8Array(readFileSync(fixturePath(name)));
}

/** Every fixture: the files in the folder and the encoded exports. */
export function fixtureNames(): string[] {
  const files = readdirSync(FOLDER).filter((name) => !name.startsWith('.') && name !== 'README.md');
  return [...files, ...Object.keys(ENCODED_EXPORTS)].sort();
}
