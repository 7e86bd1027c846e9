import { defineConfig } from 'vitest/config';
import { corpusFolder, missingCorpus } from './corpus/corpus-folder.js';

// A suite that cannot run must not look green: without the corpus, say where it was looked for and fail.
const missing = missingCorpus(corpusFolder());
if (missing !== null) {
  console.error(missing);
  process.exit(1);
}

/** `npm run test:corpus`: the conformance suite over the real exports (test/corpus/README.md). */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/corpus/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
