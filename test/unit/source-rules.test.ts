import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

function offenders(pattern: RegExp, allowed: string[]): string[] {
  return [...sourceFiles('src'), ...sourceFiles('views')].filter(
    (file) => !allowed.includes(file) && pattern.test(readFileSync(join(ROOT, file), 'utf8')),
  );
}

/** The GUIDE's security rules, checked over the source so a slip fails the build, not a review. */
describe('source rules', () => {
  it('builds raw HTML nowhere: imported text becomes markup only through views/components/safe-markup.tsx', () => {
    expect(offenders(/dangerouslySetInnerHTML/, ['views/components/safe-markup.tsx'])).toEqual([]);
  });

  it('keeps sql.raw/lit/ref/id/table and dynamic.ref to the one reviewed module', () => {
    expect(offenders(/\bsql\.(?:raw|lit|ref|id|table)\b|\bdynamic\.ref\b/, ['src/records/fts-sql.ts'])).toEqual([]);
  });
});
