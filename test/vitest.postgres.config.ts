import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';
import { NOT_ON_POSTGRES, POSTGRES_FOLDERS, POSTGRES_ONLY, STARTS_COREVIEW } from './postgres-scope.js';

const root = new URL('..', import.meta.url).pathname;
const testFiles = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.test\.tsx?$/.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));

const inScope = (file: string) => POSTGRES_ONLY.test(file) || POSTGRES_FOLDERS.some((folder) => file.startsWith(`${folder}/`)) || STARTS_COREVIEW.test(readFileSync(join(root, file), 'utf8'));

/** The suite on PostgreSQL (test/run-on-postgres.ts sets COREVIEW_TEST_POSTGRES_URL): see postgres-scope.ts. */
export default defineConfig({
  test: {
    ...base.test,
    exclude: (base.test?.exclude ?? []).filter((pattern) => !pattern.includes('.postgres.')),
    include: testFiles('test').filter((file) => !file.startsWith('test/corpus/') && inScope(file) && !(file in NOT_ON_POSTGRES)),
  },
});
