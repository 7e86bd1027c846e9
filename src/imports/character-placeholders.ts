/**
 * Web of Science writes characters its export cannot hold as their names in angle brackets:
 * "PM<sub>2<middle dot>5</sub>", "<beta>-amyloid", "<Delta>9". Taken for tags, they were dropped
 * ("PM25"); here they become the characters they name, before markup is cleaned (title-markup.ts).
 *
 * The table: the 24 Greek letters by name, the small letter for a lower-case name (<delta> δ) and
 * the capital for a capitalised one (<Delta> Δ), and <middle dot> (·, the decimal point of The
 * Lancet's "PM2·5"). Any other name in angle brackets is left to the markup rules.
 */

const GREEK = [
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu',
  'nu', 'xi', 'omicron', 'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega',
];

const CHARACTERS = new Map<string, string>([['middle dot', '\u00B7']]);
GREEK.forEach((name, index) => {
  // U+03B1 α … U+03C9 ω and U+0391 Α … U+03A9 Ω, stepping over final sigma and the unassigned U+03A2.
  const offset = index >= 17 ? index + 1 : index;
  CHARACTERS.set(name, String.fromCodePoint(0x03b1 + offset));
  CHARACTERS.set(name[0]!.toUpperCase() + name.slice(1), String.fromCodePoint(0x0391 + offset));
});

const PLACEHOLDER = /<([A-Za-z]+(?: [a-z]+)?)>/g;

/** The text with every known placeholder replaced by its character; anything else untouched. */
export function withCharacters(text: string): string {
  if (!text.includes('<')) return text;
  return text.replace(PLACEHOLDER, (placeholder, name: string) => CHARACTERS.get(name) ?? placeholder);
}
