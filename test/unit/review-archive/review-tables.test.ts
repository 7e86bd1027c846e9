import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/db/migrate.js';
import { openSqlite, type Sqlite } from '../../../src/db/open.js';
import { EXPORTED_TABLES, NOT_EXPORTED } from '../../../src/review-archive/review-tables.js';
import { columnsOf, foreignKeysOf, schemaTables } from '../../../src/review-archive/table-sql.js';

describe('the tables a review archive carries', () => {
  let dir: string;
  let sqlite: Sqlite;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'coreview-tables-'));
    sqlite = openSqlite(join(dir, 'coreview.sqlite'));
    migrate(sqlite);
  });
  afterAll(() => {
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('account for every table of the schema: exported, or left out with a reason', () => {
    const exported = EXPORTED_TABLES.map((t) => t.name);
    const listed = [...exported, ...Object.keys(NOT_EXPORTED)];
    expect(new Set(listed).size, 'a table is both exported and not').toBe(listed.length);
    // A new table fails here until review-tables.ts says whether a review archive carries it.
    expect(schemaTables(sqlite).filter((name) => !listed.includes(name))).toEqual([]);
  });

  it('declare every foreign key and every id column of an exported table, with what it points at', () => {
    for (const spec of EXPORTED_TABLES) {
      const columns = columnsOf(sqlite, spec.name);
      expect(columns.includes('review_id') || spec.parent !== undefined, `${spec.name} has no review_id and no parent`).toBe(true);
      expect(columns.includes('id'), `${spec.name}: ownId and an id column go together`).toBe(spec.ownId === true);
      for (const fk of foreignKeysOf(sqlite, spec.name)) {
        if (fk.from === 'review_id' || (fk.from === 'id' && spec.ownId)) continue;
        expect(spec.refs?.[fk.from], `${spec.name}.${fk.from} references ${fk.table}`).toBe(fk.table);
      }
      // Ids kept without a foreign key (screening_event.record_id, items_through) must be declared too.
      for (const column of columns.filter((c) => /(_id|_by|_through|^undoes|^record_[ab])$/.test(c) && c !== 'review_id')) {
        expect(spec.refs?.[column] ?? spec.thresholds?.[column] ?? spec.entityIds?.column === column, `${spec.name}.${column} holds an id: declare it in review-tables.ts`).toBeTruthy();
      }
      for (const column of Object.keys({ ...spec.refs, ...spec.thresholds, ...spec.json, ...spec.files })) expect(columns, `${spec.name}.${column}`).toContain(column);
    }
  });
});
