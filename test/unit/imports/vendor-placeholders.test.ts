import { describe, expect, it } from 'vitest';
import { onlyReference } from './parse-text.js';

const wos = (title: string, abstract = 'An abstract.') => ['PT J', 'AU Li, W', `TI ${title}`, `AB ${abstract}`, 'PY 2020', 'ER', ''].join('\n');

describe("Web of Science's character placeholders", () => {
  it('become the characters they name, inside <sub>/<sup> too, instead of being dropped as tags', () => {
    const ref = onlyReference(wos('Exposure to PM<sub>2<middle dot>5</sub> and <beta>-amyloid in <alpha>-synuclein <Delta>9 mice'));
    expect(ref.title).toBe('Exposure to PM<sub>2·5</sub> and β-amyloid in α-synuclein Δ9 mice');
  });

  it('in abstracts as well, and whatever the format', () => {
    expect(onlyReference(wos('T', 'TGF-<beta> rose after 5 <mu>M of <omega>-3 (p = 0<middle dot>01).')).abstract).toBe('TGF-β rose after 5 μM of ω-3 (p = 0·01).');
    expect(onlyReference('TY  - JOUR\nTI  - IFN-<gamma> and <kappa>B\nER  - \n').title).toBe('IFN-γ and κB');
  });

  it('leave real markup and unknown tags alone', () => {
    expect(onlyReference(wos('<i>Homo sapiens</i> and <span class="x">H</span><sub>2</sub>O')).title).toBe('<i>Homo sapiens</i> and H<sub>2</sub>O');
  });
});
