/**
 * One line of links to the characteristics tables (included studies, PRISMA item 17; reports
 * excluded at full text with reasons, item 16b), on the synthesis and exports pages.
 */
export function CharacteristicsLinks({ slug }: { slug: string }) {
  const base = `/reviews/${slug}/characteristics`;
  const link = (href: string, label: string) => <a class="button button-secondary" href={href}>{label}</a>;
  return (
    <div class="synthesis-downloads">
      <span>Characteristics of included studies:</span> {link(`${base}/included.docx`, 'Word (DOCX)')} {link(`${base}/included.xlsx`, 'Excel (XLSX)')}
      <span>Excluded full texts, with reasons:</span> {link(`${base}/excluded.docx`, 'Word (DOCX)')} {link(`${base}/excluded.xlsx`, 'Excel (XLSX)')}
    </div>
  );
}
