/**
 * One line of links to the characteristics tables (included studies, PRISMA item 17; reports
 * excluded at full text with reasons, item 16b), on the synthesis and exports pages.
 */
export function CharacteristicsLinks({ slug }: { slug: string }) {
  const base = `/reviews/${slug}/characteristics`;
  // Each link names its table too, for a screen reader listing links: the page has other "Word (DOCX)" ones.
  const link = (href: string, label: string, table: string) => (
    <a class="button button-secondary" href={href}>
      {label}
      <span class="visually-hidden"> of the {table}</span>
    </a>
  );
  const included = 'characteristics of included studies';
  const excluded = 'excluded full texts';
  return (
    <div class="synthesis-downloads">
      <span>Characteristics of included studies:</span> {link(`${base}/included.docx`, 'Word (DOCX)', included)} {link(`${base}/included.xlsx`, 'Excel (XLSX)', included)}
      <span>Excluded full texts, with reasons:</span> {link(`${base}/excluded.docx`, 'Word (DOCX)', excluded)} {link(`${base}/excluded.xlsx`, 'Excel (XLSX)', excluded)}
    </div>
  );
}
