import { renderAsync } from '@resvg/resvg-js';
import { parse } from 'csv-parse/sync';
import { XMLValidator } from 'fast-xml-parser';
import { renderToString } from 'preact-render-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaCounts, type PrismaCounts } from '../../../src/prisma/prisma-counts.js';
import { prismaCsv, TEMPLATE_HEADER } from '../../../src/prisma/prisma-csv.js';
import { prismaSvg, prismaSvgTree, wrapText } from '../../../src/prisma/prisma-svg.js';
import { PrismaDiagram } from '../../../views/prisma/prisma-diagram.js';
import { screeningDb, type ScreeningDb } from '../../support/screening-fixtures.js';
import { buildScriptedReview } from './scripted-review.js';

let s: ScreeningDb;
let counts: PrismaCounts;

beforeAll(async () => {
  s = await screeningDb();
  await buildScriptedReview(s);
  counts = await prismaCounts(s.db.kysely, s.reviewId);
});

afterAll(async () => {
  await s.close();
});

/** The same counts with one source renamed: user data in the diagram. */
function withSourceName(name: string): PrismaCounts {
  const copy = structuredClone(counts);
  copy.databasesAndRegisters.databases.sources[0]!.name = name;
  copy.databasesAndRegisters.reasons[0]!.reason = `${name} (reason)`;
  return copy;
}

const texts = (markup: string) => [...markup.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;|&#39;/g, "'").replace(/&amp;/g, '&'));

describe('the PRISMA 2020 flow diagram as SVG', () => {
  it('has the template’s boxes and wording with the counts, both columns and the phase labels', () => {
    const lines = texts(prismaSvg(counts));
    for (const line of [
      'Identification of studies via databases and registers',
      'Identification of studies via other methods',
      'Identification', 'Screening', 'Included',
      'Records identified from:', 'Databases (n = 16)', 'Scopus (n = 10)', 'Web of Science (n = 6)', 'Registers (n = 2)', 'ClinicalTrials.gov (n = 2)',
      'Records removed before screening:', 'Duplicate records removed (n = 3)',
      'Records screened (n = 15)', 'Records excluded (n = 6)',
      'Reports sought for retrieval (n = 9)', 'Reports not retrieved (n = 1)',
      'Reports assessed for eligibility (n = 8)', 'Reports excluded:', 'Wrong population (n = 2)', 'Wrong intervention (n = 1)', 'Wrong study design (n = 1)',
      'Studies included in review (n = 4)', 'Reports of included studies (n = 5)',
      'Websites (n = 3)', 'Google Scholar (n = 3)', 'Organisations (n = 0)', 'Citation searching (n = 2)',
      'Reports sought for retrieval (n = 3)', 'Reports assessed for eligibility (n = 2)', 'Wrong population (n = 1)',
    ]) {
      expect(lines).toContain(line);
    }
    // Longer ones are wrapped over two lines, as one paragraph; a count is never split.
    expect(lines.join(' ')).toContain('Records marked as ineligible by automation tools (n = 0)');
    expect(lines.join(' ')).toContain('Records removed for other reasons (n = 0)');
    expect(lines.filter((l) => /\(n =$|^\d+\)/.test(l))).toEqual([]);
    expect(lines.some((l) => l.startsWith('Provisional'))).toBe(false);
  });

  it('is well-formed XML, and the same counts give the same bytes', () => {
    const svg = prismaSvg(counts, { title: 'Desistance & co' });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(prismaSvg(structuredClone(counts), { title: 'Desistance & co' })).toBe(svg);
    expect(svg).toContain('<title id="prisma-title">PRISMA 2020 flow diagram: Desistance &amp; co</title>');
    expect(svg).not.toMatch(/style=/);
  });

  it('escapes user data: a <script> in a source name stays text', () => {
    const svg = prismaSvg(withSourceName('<script>alert(1)</script> & "Scopus" ]]> \u0001'));
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp;');
    expect(svg).toContain('&quot;Scopus&quot;');
    expect(svg).toContain(']]&gt;');
  });

  it('leaves the other-methods column out when nothing came that way', () => {
    const copy = structuredClone(counts);
    copy.otherMethods.shown = false;
    const svg = prismaSvg(copy);
    expect(svg).not.toContain('via other methods');
    const [, w] = /viewBox="0 0 (\d+(?:\.\d+)?) /.exec(svg)!;
    const [, wide] = /viewBox="0 0 (\d+(?:\.\d+)?) /.exec(prismaSvg(counts))!;
    expect(Number(w)).toBeLessThan(Number(wide));
  });

  it('marks a provisional diagram and shows what is pending apart', () => {
    const copy = structuredClone(counts);
    copy.provisional = true;
    copy.pending = { duplicatePairs: 1, stillScreened: 3, stillAssessed: 2 };
    copy.databasesAndRegisters.stillScreened = 3;
    copy.databasesAndRegisters.stillAssessed = 2;
    const lines = texts(prismaSvg(copy));
    expect(lines[0]).toBe('Provisional: 1 possible duplicate pair awaits a decision; 3 records are still being screened; 2 reports are still being assessed.');
    expect(lines).toContain('Still being screened (n = 3)');
    expect(lines).toContain('Still being assessed (n = 2)');
  });

  it('renders in the page as the same tree, escaped by preact', () => {
    const tree = prismaSvgTree(withSourceName('<b>Bold</b> & co'));
    const html = renderToString(<PrismaDiagram tree={tree} />);
    expect(html).not.toContain('<b>');
    expect(texts(html)).toEqual(texts(prismaSvg(withSourceName('<b>Bold</b> & co'))));
    expect(html).toContain('marker-end="url(#prisma-arrow)"');
    expect(html).toContain('viewBox="0 0 ');
  });

  it('wraps long lines at word boundaries and cuts words longer than a line', () => {
    expect(wrapText('Records marked as ineligible by automation tools (n = 0)', 30)).toEqual(['Records marked as ineligible', 'by automation tools (n = 0)']);
    expect(wrapText('Reports assessed for eligibility (n = 12,345)', 40)).toEqual(['Reports assessed for eligibility', '(n = 12,345)']);
    expect(wrapText('a'.repeat(25), 10, 8)).toEqual(['a'.repeat(10), 'a'.repeat(8), 'a'.repeat(7)]);
    expect(wrapText('')).toEqual(['']);
  });
});

describe('the diagram as PNG', () => {
  it('renders with the system fonts to a PNG with the SVG’s aspect ratio', async () => {
    const svg = prismaSvg(counts);
    const [, width, height] = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)!;
    const png = (await renderAsync(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } })).asPng();
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const pngWidth = png.readUInt32BE(16);
    const pngHeight = png.readUInt32BE(20);
    expect(pngWidth).toBe(Math.round(Number(width) * 2));
    expect(Math.abs(pngWidth / pngHeight - Number(width) / Number(height))).toBeLessThan(0.01);
  });
});

/** The `data` column of the PRISMA2020 package's template, inst/extdata/PRISMA.csv, in its order (the last two: the current template's meta-analysis rows). */
const TEMPLATE_DATA = [
  'NA', 'previous_studies', 'previous_reports', 'NA', 'database_results', 'database_specific_results', 'register_results', 'register_specific_results',
  'NA', 'website_results', 'organisation_results', 'citations_results', 'duplicates', 'excluded_automatic', 'excluded_other', 'records_screened',
  'records_excluded', 'dbr_sought_reports', 'dbr_notretrieved_reports', 'other_sought_reports', 'other_notretrieved_reports', 'dbr_assessed',
  'dbr_excluded', 'other_assessed', 'other_excluded', 'new_studies', 'new_reports', 'total_studies', 'total_reports', 'identification', 'screening', 'included',
  'total_studies_ma', 'total_reports_ma',
];
const TEMPLATE_NODES = [
  'node4', 'node5', 'NA', 'node6', 'node7', 'NA', 'NA', 'NA', 'node16', 'node17', '', 'NA', 'node8', 'NA', 'NA', 'node9', 'node10', 'node11', 'node12',
  'node18', 'node19', 'node13', 'node14', 'node20', 'node21', 'node15', 'NA', 'node22', 'NA', 'node1', 'node2', 'node3', 'node23', 'NA',
];

describe('the PRISMA2020 R package / Shiny app CSV', () => {
  const rows = (csv: string) => parse(csv, { columns: true, relax_column_count: false }) as Array<Record<string, string>>;
  const n = (csv: string) => Object.fromEntries(rows(csv).filter((r) => r.data !== 'NA').map((r) => [r.data, r.n]));

  it('has the template’s header, rows and node names, with every number filled in', () => {
    const csv = prismaCsv(counts);
    expect(csv.split('\r\n')[0]).toBe(TEMPLATE_HEADER.join(','));
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    expect(rows(csv).map((r) => r.data)).toEqual(TEMPLATE_DATA);
    expect(rows(csv).map((r) => r.node)).toEqual(TEMPLATE_NODES);
    expect(n(csv)).toEqual({
      previous_studies: '', previous_reports: '',
      database_results: '16', database_specific_results: 'Scopus, 10; Web of Science, 6',
      register_results: '2', register_specific_results: 'ClinicalTrials.gov, 2',
      website_results: '3', organisation_results: '0', citations_results: '2',
      duplicates: '3', excluded_automatic: '0', excluded_other: '0',
      records_screened: '15', records_excluded: '6',
      dbr_sought_reports: '9', dbr_notretrieved_reports: '1', other_sought_reports: '3', other_notretrieved_reports: '1',
      dbr_assessed: '8', dbr_excluded: 'Wrong population, 2; Wrong intervention, 1; Wrong study design, 1',
      other_assessed: '2', other_excluded: 'Wrong population, 1',
      new_studies: '4', new_reports: '5', total_studies: '4', total_reports: '5',
      identification: '0', screening: '0', included: '0',
      total_studies_ma: '', total_reports_ma: '',
    });
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('leaves the meta-analysis rows out of the file for the package’s release 1.1.1, and changes nothing else', () => {
    const current = prismaCsv(counts).split('\r\n');
    const old = prismaCsv(counts, '1.1.1').split('\r\n');
    expect(rows(old.join('\r\n')).map((r) => r.data)).toEqual(TEMPLATE_DATA.slice(0, -2));
    expect(old).toEqual(current.filter((line) => !line.startsWith('total_studies_ma,') && !line.startsWith('total_reports_ma,')));
  });

  it('keeps names from breaking the "name, n; name, n" lists and neutralises formulas', () => {
    const csv = prismaCsv(withSourceName('=HYPERLINK("http://x"), evil; "quoted"\nline'));
    const values = n(csv);
    expect(values.database_specific_results).toBe('\'=HYPERLINK("http://x") / evil / "quoted" line, 10; Web of Science, 6');
    expect(values.dbr_excluded!.startsWith('\'=HYPERLINK("http://x") / evil / "quoted" line (reason), 2; ')).toBe(true);
    // RFC 4180: the field is quoted and its quotes doubled.
    expect(csv).toContain('"\'=HYPERLINK(""http://x"") / evil / ""quoted"" line, 10; Web of Science, 6"');
  });

  it('leaves empty boxes the package should hide, and writes 0 for empty lists', () => {
    const copy = structuredClone(counts);
    copy.otherMethods.shown = false;
    copy.databasesAndRegisters.reasons = [];
    copy.databasesAndRegisters.registers = { imported: 0, notImported: 0, total: 0, sources: [] };
    const values = n(prismaCsv(copy));
    expect([values.website_results, values.organisation_results, values.citations_results, values.other_sought_reports]).toEqual(['', '', '', '']);
    expect([values.dbr_excluded, values.register_specific_results]).toEqual(['0', '0']);
  });
});
