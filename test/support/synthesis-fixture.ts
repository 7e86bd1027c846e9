/**
 * SynthesisData for tests and the bench, without a database:
 * - `synthesisFixture({ studies, codes, fields, excerpts, seed })`: generated, deterministic for a seed
 *   (3% of studies without excerpts, 10% whose excerpts carry no level, ~8% of field values missing),
 *   in the framework's shape — groups Level (Individual, Relational, Systemic), Direction (Facilitator,
 *   Barrier), Themes (7 themes; Identity has the sub-codes Hope, Shame and Generativity, and codes
 *   beyond the base set become more sub-codes, round robin over the themes) and Jurisdiction (up to
 *   10 codes); `codes` counts every codebook entry, groups included (at least 21). Fields start with
 *   Jurisdiction, Design, Sample size and Data collected, then cycle through the other kinds.
 * - `smallSynthesis()`: five hand-written studies where every matrix cell, pivot count and chapter
 *   section is known (see the comments), with hostile text in an excerpt, a memo, a title and a code name.
 */
import type { ExtractionKind } from '../../src/db/schema.js';
import { citationLabels } from '../../src/studies/citation-label.js';
import type { ColumnSpec } from '../../src/synthesis/matrix.js';
import type { SynthesisCode, SynthesisData, SynthesisExcerpt, SynthesisField, SynthesisStudy } from '../../src/synthesis/synthesis-data.js';

export interface SynthesisFixtureOptions {
  studies: number;
  /** Every codebook entry, groups included; 40 unless given, at least 21. */
  codes?: number;
  /** 20 unless given, at least 4. */
  fields?: number;
  /** Spread over the studies at random; 10 per study unless given. */
  excerpts?: number;
  seed?: number;
}

export interface FixtureIds {
  levelGroup: number;
  levels: number[];
  directionGroup: number;
  directions: number[];
  themesGroup: number;
  /** The 7 themes (depth 1), in codebook order. */
  themes: number[];
  jurisdictionGroup: number;
  jurisdictions: number[];
  /** The fields in order: [jurisdiction, design, sample size, data collected, ...]. */
  fields: number[];
}

export interface SynthesisFixture {
  data: SynthesisData;
  ids: FixtureIds;
}

const THEMES: Array<[string, string]> = [
  ['Employment', 'Paid work, training and the search for them.'],
  ['Identity', 'Narratives of a changed self and a new script for life.'],
  ['Family and relationships', 'Partners, children, parents and the ties that pull back or hold.'],
  ['Housing', 'Accommodation on release and its stability.'],
  ['Health', 'Physical and mental health, substance use and treatment.'],
  ['Criminal justice contact', 'Supervision, probation relationships and sanctions.'],
  ['Community', 'Belonging, volunteering, faith and place.'],
];
const IDENTITY_SUBCODES = ['Hope', 'Shame', 'Generativity'];
const EXTRA_SUBCODES = ['Agency', 'Stigma', 'Turning points', 'Social capital', 'Motivation', 'Legitimacy', 'Trust', 'Skills', 'Resilience', 'Recognition', 'Routine', 'Peers'];
const JURISDICTIONS = ['England and Wales', 'Scotland', 'Northern Ireland', 'Ireland', 'United States', 'Canada', 'Australia', 'New Zealand', 'Netherlands', 'Norway'];
const SURNAMES = [
  'Maruna', 'Farrall', 'McNeill', 'Weaver', 'Laub', 'Sampson', 'Giordano', 'Bottoms', 'Shapland', 'Healy', 'King', 'Paternoster', 'Bushway', 'Uggen', 'Nugent',
  'Schinkel', 'Barry', 'Rocque', 'Kazemian', 'Cid', 'Burnett', 'Calverley', 'Hunter', 'Sharpe', 'Graham', 'Bersani', 'Doekhie', 'Kirkwood', 'Fox', 'Souza',
  'Østergaard', 'Müller', "O'Brien", 'García', 'Nuñez', 'Lefèvre', 'Andersson', 'Kowalski', 'Nakamura', 'Okafor', 'Singh', 'Chen', 'Hughes', 'Davies', 'Evans',
];
const JOURNALS = ['Criminology', 'British Journal of Criminology', 'Justice Quarterly', 'European Journal of Criminology', 'Punishment & Society', 'Probation Journal', 'Theoretical Criminology', 'Journal of Offender Rehabilitation'];
const WORDS = (
  'work job employer probation officer family partner children hope identity change future past prison release housing hostel landlord ' +
  'health treatment recovery drugs alcohol friends peers community church volunteering training skills money benefits debt stigma record ' +
  'disclosure trust motivation routine support mentor change desistance turning point opportunity structure agency'
).split(' ');
const DESIGNS = ['Qualitative', 'Quantitative', 'Mixed methods', 'Systematic review'];
const METHODS = ['Interviews', 'Survey', 'Administrative data', 'Observation', 'Focus groups'];
const EXTRA_KINDS: ExtractionKind[] = ['short_text', 'long_text', 'yes_no_unclear', 'multiple_choice', 'single_choice', 'number'];

/** mulberry32: small, fast, and the same sequence on every machine for a seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function synthesisFixture(options: SynthesisFixtureOptions): SynthesisFixture {
  const { studies: studyCount, codes: codeCount = 40, fields: fieldCount = 20, excerpts: excerptCount = studyCount * 10, seed = 1 } = options;
  if (codeCount < 21) throw new Error('synthesisFixture: at least 21 codes (the framework groups, themes and two jurisdictions)');
  if (fieldCount < 4) throw new Error('synthesisFixture: at least 4 fields');
  const rand = random(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;

  // ---- codebook: a tree, then flattened depth-first so ids follow codebook order
  interface Node { name: string; description: string; colour: string; children: Node[] }
  const node = (name: string, description = '', children: Node[] = []): Node => ({ name, description, colour: '#' + (0x100000 + int(0xefffff)).toString(16), children });
  const remaining = codeCount - 19;
  const jurisdictionCount = Math.min(JURISDICTIONS.length, Math.max(2, Math.floor(remaining / 2)));
  const extraSubcodes = remaining - jurisdictionCount;
  const themeNodes = THEMES.map(([name, description]) => node(name, description));
  for (const sub of IDENTITY_SUBCODES) themeNodes[1]!.children.push(node(sub, `${sub} as part of a changed identity.`));
  for (let i = 0; i < extraSubcodes; i++) {
    const theme = themeNodes[i % themeNodes.length]!;
    const base = EXTRA_SUBCODES[i % EXTRA_SUBCODES.length]!;
    theme.children.push(node(i < EXTRA_SUBCODES.length ? base : `${base} ${Math.floor(i / EXTRA_SUBCODES.length) + 1}`));
  }
  const roots = [
    node('Level', 'Where the process is located.', ['Individual', 'Relational', 'Systemic'].map((n) => node(n))),
    node('Direction', 'Whether it helps or hinders.', ['Facilitator', 'Barrier'].map((n) => node(n))),
    node('Themes', 'The framework themes.', themeNodes),
    node('Jurisdiction', '', JURISDICTIONS.slice(0, jurisdictionCount).map((n) => node(n))),
  ];
  const codes: SynthesisCode[] = [];
  const idOf = new Map<Node, number>();
  const flatten = (n: Node, parent: SynthesisCode | null, depth: number) => {
    const code: SynthesisCode = { id: codes.length + 1, parentId: parent?.id ?? null, name: n.name, description: n.description, colour: n.colour, depth, path: [...(parent?.path ?? []), n.name], origin: 'a_priori', childIds: [] };
    codes.push(code);
    idOf.set(n, code.id);
    parent?.childIds.push(code.id);
    for (const child of n.children) flatten(child, code, depth + 1);
  };
  for (const root of roots) flatten(root, null, 0);
  const childrenIds = (n: Node) => n.children.map((c) => idOf.get(c)!);
  const ids: Omit<FixtureIds, 'fields'> = {
    levelGroup: idOf.get(roots[0]!)!,
    levels: childrenIds(roots[0]!),
    directionGroup: idOf.get(roots[1]!)!,
    directions: childrenIds(roots[1]!),
    themesGroup: idOf.get(roots[2]!)!,
    themes: childrenIds(roots[2]!),
    jurisdictionGroup: idOf.get(roots[3]!)!,
    jurisdictions: childrenIds(roots[3]!),
  };
  const themeCodes = themeNodes.map((t) => ({ id: idOf.get(t)!, subs: childrenIds(t) }));

  // ---- extraction form
  const jurisdictionNames = JURISDICTIONS.slice(0, jurisdictionCount);
  const fields: SynthesisField[] = [
    { id: 1, label: 'Jurisdiction', kind: 'jurisdiction', choices: jurisdictionNames },
    { id: 2, label: 'Design', kind: 'single_choice', choices: DESIGNS },
    { id: 3, label: 'Sample size', kind: 'number', choices: [] },
    { id: 4, label: 'Data collected', kind: 'year', choices: [] },
  ];
  for (let i = 4; i < fieldCount; i++) {
    const kind = EXTRA_KINDS[(i - 4) % EXTRA_KINDS.length]!;
    const n = Math.floor((i - 4) / EXTRA_KINDS.length) + 1;
    const label = { short_text: 'Setting', long_text: 'Key findings', yes_no_unclear: 'Peer reviewed', multiple_choice: 'Methods', single_choice: 'Sample', number: 'Follow-up (months)' }[kind as string] ?? kind;
    const choices = kind === 'multiple_choice' ? METHODS : kind === 'single_choice' ? ['Adults', 'Young people', 'Women', 'Mixed'] : kind === 'yes_no_unclear' ? ['Yes', 'No', 'Unclear'] : [];
    fields.push({ id: i + 1, label: `${label} ${n}`, kind, choices });
  }
  const sentence = (min: number, max: number) => {
    const words = Array.from({ length: min + int(max - min + 1) }, () => pick(WORDS));
    return `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
  };
  const fieldValue = (field: SynthesisField, year: number): string => {
    switch (field.kind) {
      case 'jurisdiction':
        return pick(field.choices);
      case 'single_choice':
      case 'yes_no_unclear':
        return pick(field.choices);
      case 'multiple_choice':
        return field.choices.filter(() => rand() < 0.4).join('; ') || field.choices[0]!;
      case 'number':
        return String(10 + int(900));
      case 'year':
        return String(year - 1 - int(4));
      case 'long_text':
        return Array.from({ length: 2 + int(3) }, () => sentence(8, 20)).join(' ');
      default:
        return `${pick(['Prison', 'Probation', 'Community', 'Hostel', 'Court'])} setting, ${pick(jurisdictionNames)}`;
    }
  };

  // ---- studies
  const raw = Array.from({ length: studyCount }, (_, i) => {
    const authors = Array.from({ length: 1 + int(rand() < 0.5 ? 1 : 4) }, () => `${pick(SURNAMES)}, ${String.fromCharCode(65 + int(26))}.`);
    const year = 1990 + int(35);
    const studyCodes: number[] = [];
    const jr = rand();
    if (jr > 0.05) studyCodes.push(pick(ids.jurisdictions));
    if (jr > 0.9) studyCodes.push(pick(ids.jurisdictions));
    if (rand() < 0.2) studyCodes.push(pick(ids.levels));
    if (rand() < 0.15) studyCodes.push(pick(ids.directions));
    if (rand() < 0.05) studyCodes.push(pick(themeCodes).id);
    const values = new Map<number, string>();
    for (const field of fields) if (rand() > 0.08) values.set(field.id, fieldValue(field, year));
    const extraction = pick(['complete', 'complete', 'complete', 'in_progress', 'not_started'] as const);
    return {
      id: i + 1,
      authors,
      year,
      title: `${sentence(4, 10).slice(0, -1)}: ${sentence(3, 7).slice(0, -1).toLowerCase()}`,
      journal: pick(JOURNALS),
      doi: rand() < 0.85 ? `10.${1000 + int(9000)}/${(i + 1).toString(36)}.${int(1e6)}` : null,
      codeIds: [...new Set(studyCodes)],
      excerpts: [] as SynthesisExcerpt[],
      memo: rand() < 0.1 ? sentence(6, 14) : '',
      fields: values,
      extraction,
    };
  });
  // 3% of studies are not coded yet (no excerpts); in 10% the coders never applied a level to an excerpt.
  const coded = raw.filter(() => rand() >= 0.03);
  const noLevels = new Set(coded.filter(() => rand() < 0.1));
  for (let e = 0; e < excerptCount && coded.length > 0; e++) {
    const study = coded[int(coded.length)]!;
    const theme = pick(themeCodes);
    const codeIds = [theme.subs.length > 0 && rand() < 0.3 ? pick(theme.subs) : theme.id];
    if (!noLevels.has(study) && rand() < 0.55) codeIds.push(pick(ids.levels));
    if (rand() < 0.25) codeIds.push(pick(ids.directions));
    if (rand() < 0.1) codeIds.push(pick(themeCodes).id);
    const paragraphs = Array.from({ length: 1 + int(4) }, () => sentence(10, 40));
    const text = rand() < 0.1 ? paragraphs.join('\n') : paragraphs.join(' ');
    const page = 1 + int(300);
    const where = rand();
    study.excerpts.push({
      id: e + 1,
      reportId: study.id,
      text,
      language: '',
      translation: '',
      translator: '',
      location: where < 0.85 ? `p. ${page}` : where < 0.95 ? '' : `pp. ${page}–${page + 1 + int(3)}`,
      memo: rand() < 0.2 ? sentence(5, 15) : '',
      codeIds: [...new Set(codeIds)],
      coder: pick(['Ada', 'Grace', null]),
    });
  }
  const labels = citationLabels(raw);
  const studies: SynthesisStudy[] = raw
    .map((s) => ({ ...s, label: labels.get(s.id)!, appraisal: { overall: null, text: 'Not yet appraised' }, reports: [{ id: s.id, title: s.title, authors: s.authors, year: s.year, journal: s.journal, doi: s.doi, type: 'article' }] }))
    .sort((a, b) => a.label.localeCompare(b.label) || a.id - b.id);
  return {
    data: { reviewTitle: `Desistance and work: a systematic review (${studyCount} studies)`, codes, fields, studies },
    ids: { ...ids, fields: fields.map((f) => f.id) },
  };
}

// ------------------------------------------------------------------ the small, hand-written fixture

/** The small fixture's ids, for reading tests. */
export const SMALL = {
  level: 1,
  individual: 2,
  relational: 3,
  systemic: 4,
  direction: 5,
  facilitator: 6,
  barrier: 7,
  themes: 8,
  employment: 9,
  identity: 10,
  hope: 11,
  shame: 12,
  family: 13,
  jurisdiction: 14,
  englandWales: 15,
  scotland: 16,
  design: 1,
  sampleSize: 2,
  jurisdictionField: 3,
} as const;

/** The small fixture's matrix columns in the tests: Level, Themes (groups), Employment, Identity (codes), Design, Sample size (fields). */
export const SMALL_COLUMNS: ColumnSpec[] = [
  { kind: 'group', codeId: SMALL.level },
  { kind: 'group', codeId: SMALL.themes },
  { kind: 'code', codeId: SMALL.employment },
  { kind: 'code', codeId: SMALL.identity },
  { kind: 'field', fieldId: SMALL.design },
  { kind: 'field', fieldId: SMALL.sampleSize },
];

export const HOSTILE_EXCERPT = '=HYPERLINK("http://evil.example")|<script>alert(1)</script> ]]> *bold* _x_ [link](http://x)\n# not a heading\n- not a list';
export const HOSTILE_CODE = 'Shame <script>alert(1)</script> | *stigma*';
export const HOSTILE_TITLE = 'Offending & desistance: =the importance of <social> relations ]]>';

/**
 * Codebook (ids in codebook order):
 *   1 Level: 2 Individual, 3 Relational, 4 Systemic
 *   5 Direction: 6 Facilitator, 7 Barrier
 *   8 Themes: 9 Employment, 10 Identity (11 Hope, 12 HOSTILE_CODE), 13 Family
 *   14 Jurisdiction: 15 England and Wales, 16 Scotland
 * Fields: 1 Design (Qualitative, Quantitative, Mixed methods), 2 Sample size, 3 Jurisdiction (England and Wales, Scotland, Ireland).
 * Studies, by label (study-level codes; excerpts with their codes; fields):
 *   Farrall et al. (2014)      England and Wales; e1 [Employment, Relational] p. 45 memo, e2 [Employment, Barrier, Systemic] "47"; Qualitative, 113, England and Wales
 *   Maruna (2001)              England and Wales, Individual; e3 [Hope, Individual] p. 87, e4 HOSTILE [Shame] p. 12 memo; Qualitative, 65, England and Wales
 *   McNeill and Weaver (2010)  Scotland, Facilitator; e5 [Family, Relational] p. 3, e6 [Family] no location; Mixed methods, —, Scotland
 *   Sampson and Laub (1993)    —; e8 [Family] p. 9 (short), e7 [Family, Facilitator] "140-141" (long); Quantitative, 500, United States
 *   Weaver (2016)              Employment, Individual; no excerpts; Quantitative, —, —
 */
export function smallSynthesis(): SynthesisData {
  const code = (id: number, parentId: number | null, name: string, path: string[], childIds: number[] = [], description = ''): SynthesisCode => ({
    id,
    parentId,
    name,
    description,
    colour: '#336699',
    depth: path.length - 1,
    path,
    origin: 'a_priori',
    childIds,
  });
  const codes: SynthesisCode[] = [
    code(1, null, 'Level', ['Level'], [2, 3, 4], 'Where the process is located.'),
    code(2, 1, 'Individual', ['Level', 'Individual']),
    code(3, 1, 'Relational', ['Level', 'Relational']),
    code(4, 1, 'Systemic', ['Level', 'Systemic']),
    code(5, null, 'Direction', ['Direction'], [6, 7]),
    code(6, 5, 'Facilitator', ['Direction', 'Facilitator']),
    code(7, 5, 'Barrier', ['Direction', 'Barrier']),
    code(8, null, 'Themes', ['Themes'], [9, 10, 13]),
    code(9, 8, 'Employment', ['Themes', 'Employment'], [], 'Paid work and the search for it.'),
    code(10, 8, 'Identity', ['Themes', 'Identity'], [11, 12], 'Narratives of a changed self.'),
    code(11, 10, 'Hope', ['Themes', 'Identity', 'Hope']),
    code(12, 10, HOSTILE_CODE, ['Themes', 'Identity', HOSTILE_CODE]),
    code(13, 8, 'Family', ['Themes', 'Family']),
    code(14, null, 'Jurisdiction', ['Jurisdiction'], [15, 16]),
    code(15, 14, 'England and Wales', ['Jurisdiction', 'England and Wales']),
    code(16, 14, 'Scotland', ['Jurisdiction', 'Scotland']),
  ];
  const fields: SynthesisField[] = [
    { id: 1, label: 'Design', kind: 'single_choice', choices: ['Qualitative', 'Quantitative', 'Mixed methods'] },
    { id: 2, label: 'Sample size', kind: 'number', choices: [] },
    { id: 3, label: 'Jurisdiction', kind: 'jurisdiction', choices: ['England and Wales', 'Scotland', 'Ireland'] },
  ];
  // Each study is one report here; the excerpt's report is filled in by study().
  const excerpt = (id: number, text: string, location: string, codeIds: number[], memo = ''): SynthesisExcerpt => ({ id, reportId: 0, text, language: '', translation: '', translator: '', location, memo, codeIds, coder: 'Ada' });
  const study = (s: Omit<SynthesisStudy, 'memo' | 'fields' | 'reports' | 'appraisal'> & { fields: Array<[number, string]>; memo?: string; appraisal?: SynthesisStudy['appraisal'] }): SynthesisStudy => ({
    memo: '',
    appraisal: { overall: null, text: 'Not yet appraised' },
    ...s,
    reports: [{ id: s.id, title: s.title, authors: s.authors, year: s.year, journal: s.journal, doi: s.doi, type: 'article' }],
    excerpts: s.excerpts.map((e) => ({ ...e, reportId: s.id })),
    fields: new Map(s.fields),
  });
  const studies: SynthesisStudy[] = [
    study({
      id: 101,
      label: 'Farrall et al. (2014)',
      title: 'Criminal careers in transition: the social context of desistance from crime',
      authors: ['Farrall, Stephen', 'Hunter, Ben', 'Sharpe, Gilly', 'Calverley, Adam'],
      year: 2014,
      journal: 'Oxford University Press',
      doi: '10.1093/acprof:oso/9780199682157.001.0001',
      codeIds: [15],
      excerpts: [
        excerpt(1, 'Work gave them a stake in conformity.', 'p. 45', [9, 3], 'Bond theory'),
        excerpt(2, 'Employers rarely call back once they see the record.', '47', [9, 7, 4]),
      ],
      fields: [[1, 'Qualitative'], [2, '113'], [3, 'England and Wales']],
      extraction: 'complete',
    }),
    study({
      id: 102,
      label: 'Maruna (2001)',
      title: 'Making good: how ex-convicts reform and rebuild their lives',
      authors: ['Maruna, Shadd'],
      year: 2001,
      journal: 'American Psychological Association',
      doi: '10.1037/10430-000',
      codeIds: [15, 2],
      excerpts: [
        excerpt(3, 'I had to find a new script for my life.', 'p. 87', [11, 2]),
        excerpt(4, HOSTILE_EXCERPT, 'p. 12', [12], 'Hostile | memo <b>bold</b>'),
      ],
      fields: [[1, 'Qualitative'], [2, '65'], [3, 'England and Wales']],
      extraction: 'complete',
    }),
    study({
      id: 103,
      label: 'McNeill and Weaver (2010)',
      title: 'Changing lives? Desistance research and offender management',
      authors: ['McNeill, Fergus', 'Weaver, Beth'],
      year: 2010,
      journal: 'Scottish Centre for Crime and Justice Research',
      doi: null,
      codeIds: [16, 6],
      excerpts: [
        excerpt(5, 'Family ties pulled me back.', 'p. 3', [13, 3]),
        excerpt(6, 'A much longer passage about how the family stood by him through the sentence and after release.', '', [13]),
      ],
      fields: [[1, 'Mixed methods'], [3, 'Scotland']],
      extraction: 'in_progress',
    }),
    study({
      id: 104,
      label: 'Sampson and Laub (1993)',
      title: 'Crime in the making: pathways and turning points through life',
      authors: ['Sampson, Robert J.', 'Laub, John H.'],
      year: 1993,
      journal: 'Harvard University Press',
      doi: null,
      codeIds: [],
      excerpts: [
        excerpt(8, 'Desistance by default.', 'p. 9', [13]),
        excerpt(7, 'Marriage as a turning point in the life course of the men we followed.', '140-141', [13, 6]),
      ],
      fields: [[1, 'Quantitative'], [2, '500'], [3, 'United States']],
      extraction: 'complete',
    }),
    study({
      id: 105,
      label: 'Weaver (2016)',
      title: HOSTILE_TITLE,
      authors: ['Weaver, Beth'],
      year: 2016,
      journal: 'Routledge',
      doi: '10.4324/9781315707983',
      codeIds: [9, 2],
      excerpts: [],
      fields: [[1, 'Quantitative']],
      extraction: 'not_started',
      memo: '@SUM(1+1) memo',
    }),
  ];
  return { reviewTitle: 'Desistance and work', codes, fields, studies };
}

/** The small fixture with Maruna's first excerpt quoted in Italian, translated by Anna Rossi. */
export function translatedSmallSynthesis(): SynthesisData {
  const data = smallSynthesis();
  Object.assign(data.studies[1]!.excerpts[0]!, { text: 'Dovevo trovare un nuovo copione per la mia vita.', language: 'it', translation: 'I had to find a new script for my life.', translator: 'Anna Rossi' });
  return data;
}

/** The chapter's headings below its title on the small fixture, as [level, text]: a theme, its level × direction sub-sections, its jurisdiction comparison. */
export const CHAPTER_HEADINGS: ReadonlyArray<[number, string]> = [
  [2, 'Employment'],
  [3, 'Individual · Facilitator'],
  [3, 'Individual · Barrier'],
  [3, 'Relational · Facilitator'],
  [3, 'Relational · Barrier'],
  [3, 'Relational · direction not coded'],
  [3, 'Systemic · Facilitator'],
  [3, 'Systemic · Barrier'],
  [3, 'Comparing jurisdictions'],
  [2, 'Identity'],
  [3, 'Individual · Facilitator'],
  [3, 'Individual · Barrier'],
  [3, 'Individual · direction not coded'],
  [3, 'Relational · Facilitator'],
  [3, 'Relational · Barrier'],
  [3, 'Systemic · Facilitator'],
  [3, 'Systemic · Barrier'],
  [3, 'Comparing jurisdictions'],
  [2, 'Family'],
  [3, 'Individual · Facilitator'],
  [3, 'Individual · Barrier'],
  [3, 'Relational · Facilitator'],
  [3, 'Relational · Barrier'],
  [3, 'Systemic · Facilitator'],
  [3, 'Systemic · Barrier'],
  [3, 'Level not coded'],
  [3, 'Comparing jurisdictions'],
];
