import {
  AlignmentType,
  Document,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { packDocx, paragraph, run, STYLE, table } from '../../../src/synthesis/docx-parts.js';
import { readDocx } from '../../support/office-files.js';

/** The body of the document docx itself writes for these children. */
async function docxBody(children: Array<Paragraph | Table>): Promise<string> {
  const buffer = await Packer.toBuffer(new Document({ sections: [{ children }] }));
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')!.async('string');
  return xml.slice(xml.indexOf('<w:body>') + '<w:body>'.length, xml.indexOf('<w:sectPr>'));
}

/**
 * The body XML is written by hand for speed; these check it is exactly what docx writes for the
 * same paragraphs, runs and tables (element order matters to Word), so a file Word opens from docx
 * is the file Word opens from us.
 */
describe('docx-parts writes the body as docx does', () => {
  it('paragraphs with styles, keep-with-next, indents, alignment; runs bold, italic, not italic, sized; escaped text', async () => {
    const ours = [
      paragraph(run('Title <&> "q" \'s ]]>'), { style: STYLE.heading1 }),
      paragraph([run('Maruna (2001)', { bold: true }), run(':')], { keepNext: true }),
      paragraph([run('quoted'), run(' (p. 12)', { italics: false })], { style: STYLE.quote }),
      paragraph([run('Memo: ', { bold: true, size: 20 }), run('note', { size: 20, italics: true })], { indent: { left: 720, right: 720 } }),
      paragraph(run('12', { size: 18 }), { align: 'right' }),
      paragraph([]),
    ].join('');
    const theirs = await docxBody([
      new Paragraph({ style: 'Heading1', children: [new TextRun('Title <&> "q" \'s ]]>')] }),
      new Paragraph({ keepNext: true, children: [new TextRun({ text: 'Maruna (2001)', bold: true }), new TextRun(':')] }),
      new Paragraph({ style: 'Quote', children: [new TextRun({ text: 'quoted' }), new TextRun({ text: ' (p. 12)', italics: false })] }),
      new Paragraph({ indent: { left: 720, right: 720 }, children: [new TextRun({ text: 'Memo: ', bold: true, size: 20 }), new TextRun({ text: 'note', size: 20, italics: true })] }),
      new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: '12', size: 18 })] }),
      new Paragraph({}),
    ]);
    expect(ours).toBe(theirs);
  });

  it('writes line breaks and tabs inside the run, and drops what XML cannot hold', () => {
    // docx puts each break in a run of its own; Word reads a w:br or w:tab anywhere in a run's content the same.
    expect(run('one\r\ntwo\tthree\u0001\uD800', { bold: true })).toBe(
      '<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">one</w:t><w:br/><w:t xml:space="preserve">two</w:t><w:tab/><w:t xml:space="preserve">three</w:t></w:r>',
    );
  });

  it('tables with fixed widths, repeated shaded header row, rows kept whole, right-aligned cells', async () => {
    const ours = [...table([2400, 1400], [
      { header: true, cells: [{ runs: run('Study', { bold: true, size: 18 }) }, { runs: run('n', { bold: true, size: 18 }), align: 'right' }] },
      { cells: [{ runs: run('Maruna (2001)', { size: 18 }) }, { runs: '' }] },
    ])].join('');
    const shading = { type: ShadingType.CLEAR, color: 'auto', fill: 'E8ECEF' } as const;
    const theirs = await docxBody([
      new Table({
        width: { size: 3800, type: WidthType.DXA },
        columnWidths: [2400, 1400],
        layout: TableLayoutType.FIXED,
        margins: { top: 30, bottom: 30, left: 60, right: 60 },
        rows: [
          new TableRow({
            tableHeader: true,
            cantSplit: true,
            children: [
              new TableCell({ width: { size: 2400, type: WidthType.DXA }, shading, children: [new Paragraph({ children: [new TextRun({ text: 'Study', bold: true, size: 18 })] })] }),
              new TableCell({ width: { size: 1400, type: WidthType.DXA }, shading, children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: 'n', bold: true, size: 18 })] })] }),
            ],
          }),
          new TableRow({
            cantSplit: true,
            children: [
              new TableCell({ width: { size: 2400, type: WidthType.DXA }, children: [new Paragraph({ children: [new TextRun({ text: 'Maruna (2001)', size: 18 })] })] }),
              new TableCell({ width: { size: 1400, type: WidthType.DXA }, children: [new Paragraph({})] }),
            ],
          }),
        ],
      }),
    ]);
    expect(ours).toBe(theirs);
  });

  it('packs a document with the page size, orientation and styles', async () => {
    const doc = await readDocx(await packDocx({ title: 'T', orientation: 'landscape', body: [paragraph(run('x'))] }));
    expect(doc.xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/><w:pgMar w:top="1134"/);
    expect(doc.paragraphs).toEqual([{ style: '', text: 'x' }]);
    expect(doc.styles).toContain('w:styleId="Bibliography"');
  });
});
