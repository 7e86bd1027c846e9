import type { CodeNode } from '../../src/coding/coding-queries.js';
import type { FieldErrors } from '../../src/domain-errors.js';
import { codeClass } from '../../src/coding/code-colours.js';

/**
 * The review's code colours (src/coding/code-colours.ts). A stylesheet link in the body is valid
 * HTML and works with the CSP (same origin); a region that shows new colours carries its own, with
 * the colours' version in the address.
 */
export function ColoursLink({ href }: { href: string }) {
  return <link rel="stylesheet" href={href} />;
}

/** A small coloured label naming a code (excerpt lists). */
export function CodeTag({ code }: { code: Pick<CodeNode, 'id' | 'name' | 'path'> }) {
  return <span class={`code-tag ${codeClass(code.id)}`} title={code.path.join(' › ')}>{code.name}</span>;
}

export function Swatch({ id }: { id: number }) {
  return <span class={`code-swatch ${codeClass(id)}`} aria-hidden="true" />;
}

export const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** "2 studies · 5 excerpts", leaving out what is zero; '' for a code never used. */
export function usageText(usage: { studies: number; excerpts: number } | undefined): string {
  if (!usage) return '';
  return [usage.studies > 0 && count(usage.studies, 'study', 'studies'), usage.excerpts > 0 && count(usage.excerpts, 'excerpt')].filter(Boolean).join(' · ');
}

/** A code group as the coding page shows it: a top group's codes, or the top-level codes that have none. */
export interface CodeGroup {
  key: string;
  name: string;
  description: string;
  /** Codes at the first level shown, each with its sub-codes. */
  codes: CodeNode[];
}

/** Groups for chips and checkboxes: each group with codes; top-level codes without children together at the end. */
export function codeGroups(tree: readonly CodeNode[]): CodeGroup[] {
  const groups: CodeGroup[] = tree.filter((n) => n.children.length > 0).map((n) => ({ key: `g${n.id}`, name: n.name, description: n.description, codes: n.children }));
  const loose = tree.filter((n) => n.children.length === 0);
  if (loose.length > 0) groups.push({ key: 'loose', name: groups.length > 0 ? 'Other codes' : 'Codes', description: '', codes: loose });
  return groups;
}

/** Paragraphs of a plain text (blank lines split them); text only, never markup. */
export function Paragraphs({ text, class: className }: { text: string; class?: string }) {
  const parts = text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== '');
  return <>{parts.map((p, i) => <p key={i} class={className}>{p}</p>)}</>;
}

/** A form's problems, all at once (or only those of `only`), in one alert. */
export function Problems({ errors, only }: { errors?: FieldErrors; only?: readonly string[] }) {
  const entries = Object.entries(errors ?? {}).filter(([key]) => !only || only.includes(key));
  if (entries.length === 0) return null;
  return (
    <div class="alert alert-error" role="alert">
      {entries.map(([key, message]) => <p key={key}>{message}</p>)}
    </div>
  );
}
