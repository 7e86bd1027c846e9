import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, describeAudit, RETIRED_ACTIONS, type AuditNames } from '../../../src/audit/audit-sentences.js';

const root = join(import.meta.dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The argument text of each call to `name(` in a source, up to its closing parenthesis. */
function callArguments(source: string, name: string): string[] {
  const calls: string[] = [];
  for (let at = source.indexOf(`${name}(`); at !== -1; at = source.indexOf(`${name}(`, at + 1)) {
    let depth = 0;
    let end = at + name.length;
    do {
      if (source[end] === '(') depth++;
      else if (source[end] === ')') depth--;
      end++;
    } while (depth > 0 && end < source.length);
    calls.push(source.slice(at + name.length + 1, end - 1));
  }
  return calls;
}

/** Every action the code writes to the history: literals in `action:` of each audit call, templates expanded. */
function writtenActions(): Set<string> {
  const actions = new Set<string>();
  for (const file of sourceFiles('src').filter((f) => !f.startsWith(join('src', 'audit')))) {
    const source = readFileSync(join(root, file), 'utf8');
    const entities = [...source.matchAll(/entity: '([a-z_]+)'/g)].map((m) => m[1]!);
    for (const call of [...callArguments(source, 'recordAudit'), ...callArguments(source, 'auditInsert')]) {
      const action = /action: ((?:'[^']*'|`[^`]*`|[^,\n}])+)/.exec(call)?.[1]?.trim();
      expect(action, `${file}: an audit call without an action`).toBeDefined();
      for (const literal of action!.matchAll(/'([a-z_-]+\.[a-z_-]+)'/g)) actions.add(literal[1]!);
      const template = /^`\$\{[\w.]+\}(\.[a-z_-]+)`$/.exec(action!);
      if (template) for (const entity of entities) actions.add(`${entity}${template[1]}`);
      if (!action!.includes("'") && !template) actions.add(`${file}: action not read: ${action}`);
    }
  }
  for (const file of readdirSync(join(root, 'migrations')).filter((name) => name.endsWith('.sql'))) {
    const sql = readFileSync(join(root, 'migrations', file), 'utf8');
    for (const insert of sql.split(/INSERT INTO audit_event/i).slice(1)) {
      const action = /'([a-z_-]+\.[a-z_-]+)'/.exec(insert.split(';')[0]!);
      if (action) actions.add(action[1]!);
    }
  }
  return actions;
}

const names: AuditNames = {
  accounts: new Map([[7, 'Ada']]),
  reasons: new Map([[3, 'Wrong population']]),
  criteria: new Map(),
  codes: new Map(),
  fields: new Map(),
  pairs: new Map([[9, [101, 102]]]),
};

describe('history sentences', () => {
  it('has a sentence for every action the code and the migrations write, and none for actions nobody writes but retired ones', () => {
    const written = writtenActions();
    expect(written.size).toBeGreaterThan(40);
    expect([...written].filter((action) => !AUDIT_ACTIONS[action]).sort()).toEqual([]);
    expect(Object.keys(AUDIT_ACTIONS).filter((action) => !written.has(action) && !RETIRED_ACTIONS.has(action)).sort()).toEqual([]);
    expect([...RETIRED_ACTIONS].filter((action) => written.has(action) || !AUDIT_ACTIONS[action])).toEqual([]);
  });

  it('writes a decision on a conflict as a person would say it, the record a link', () => {
    const { kind, sentence } = describeAudit(
      { action: 'screening.resolve', entity: 'record', entityId: '102', before: null, after: { stage: 'full_text', decision: 'exclude', reasonId: 3 } },
      names,
    );
    expect(kind).toBe('screening');
    expect(sentence).toEqual(['excluded ', { record: 102 }, ' at full text — Wrong population, the final decision on a conflict']);
  });

  it('says in which language an excerpt was quoted and who translated it, and what an edit changed of that', () => {
    const said = (action: string, before: unknown, after: unknown) =>
      describeAudit({ action, entity: 'excerpt', entityId: '4', before, after }, names).sentence.map((p) => (typeof p === 'string' ? p : `#${p.record}`)).join('');
    const original = { recordId: 12, text: 'Il lavoro mi ha dato un motivo.', location: '4', memo: '', language: 'it', translation: '', translator: '', codes: ['Hope'] };
    const translated = { ...original, translation: 'Work gave me a reason.', translator: 'DeepL, checked by Anna Rossi' };
    expect(said('excerpt.add', null, original)).toBe('quoted #12: “Il lavoro mi ha dato un motivo.” (p. 4), in Italian');
    expect(said('excerpt.add', null, translated)).toBe('quoted #12: “Il lavoro mi ha dato un motivo.” (p. 4), in Italian, translated by DeepL, checked by Anna Rossi');
    expect(said('excerpt.delete', { ...translated, translator: '' }, null)).toBe('deleted an excerpt of #12: “Il lavoro mi ha dato un motivo.” (p. 4), in Italian, with a translation');
    expect(said('excerpt.edit', original, translated)).toBe('edited an excerpt of #12: “Il lavoro mi ha dato un motivo.” (p. 4) — translation added: “Work gave me a reason.”; translated by DeepL, checked by Anna Rossi');
    expect(said('excerpt.edit', translated, { ...translated, language: 'sv', translator: '' })).toBe('edited an excerpt of #12: “Il lavoro mi ha dato un motivo.” (p. 4) — language Swedish, not Italian; translator removed');
    expect(said('excerpt.edit', original, { ...original, language: '' })).toBe('edited an excerpt of #12: “Il lavoro mi ha dato un motivo.” (p. 4) — now in the review’s language, not Italian');
    // Events written before excerpts had a language read as they did.
    const older = { recordId: 12, text: 'Work.', location: '', memo: '', codes: ['Hope'] };
    expect(said('excerpt.edit', older, { ...older, text: 'Work!' })).toBe('edited an excerpt of #12: “Work!”');
    expect(said('excerpt.add', null, older)).toBe('quoted #12: “Work.”');
  });

  it('says when a code is added or marked emergent or a-priori', () => {
    const said = (action: string, before: unknown, after: unknown) =>
      describeAudit({ action, entity: 'code', entityId: '8', before, after }, { ...names, codes: new Map([[8, 'Peer mentoring']]) }).sentence.join('');
    expect(said('code.add', null, { name: 'Peer mentoring', description: '', colour: '#b0793f', origin: 'emergent', parent: 'Themes' })).toBe('added the code “Peer mentoring” under Themes, emergent (from the data)');
    expect(said('code.add', null, { name: 'Themes', description: '', colour: '#b0793f', origin: 'a_priori', parent: null })).toBe('added the code “Themes” as a group');
    expect(said('code.edit', { name: 'Hope' }, { name: 'Hope and agency' })).toBe('renamed the code “Hope” as “Hope and agency”');
    expect(said('code.edit', { origin: 'a_priori' }, { origin: 'emergent' })).toBe('marked the code “Peer mentoring” emergent (from the data)');
    expect(said('code.edit', { description: '', origin: 'emergent' }, { description: 'Mentors with convictions.', origin: 'a_priori' })).toBe('changed the description of the code “Peer mentoring” and marked it a-priori (part of the framework)');
    expect(said('code.edit', { name: 'Hope', origin: 'a_priori' }, { name: 'Hope and agency', origin: 'emergent' })).toBe('renamed the code “Hope” as “Hope and agency” and marked it emergent (from the data)');
  });

  it('shows no JSON or internal code for any action, even when its details are missing', () => {
    for (const action of Object.keys(AUDIT_ACTIONS)) {
      for (const [before, after] of [[null, null], [{}, {}], ['odd', 42]] as const) {
        const text = describeAudit({ action, entity: 'record', entityId: '5', before, after }, names)
          .sentence.map((p) => (typeof p === 'string' ? p : `#${p.record}`))
          .join('');
        expect(text, action).not.toMatch(/[{}[\]]|undefined|null|NaN|\b[a-z]+[._][a-z]+\b/);
      }
    }
  });
});
