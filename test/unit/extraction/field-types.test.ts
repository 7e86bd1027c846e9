import { describe, expect, it } from 'vitest';
import type { ExtractionKind } from '../../../src/db/schema.js';
import {
  DEFAULT_JURISDICTIONS,
  displayValue,
  FIELD_KINDS,
  KINDS,
  parseFieldInput,
  storedAsInput,
  valueChoices,
  type FieldDefinition,
  type RawFieldInput,
} from '../../../src/extraction/field-types.js';

const field = (kind: ExtractionKind, choices: string[] = []): FieldDefinition => ({ kind, choices });
const SHORT = field('short_text');
const LONG = field('long_text');
const NUMBER = field('number');
const YEAR = field('year');
const SINGLE = field('single_choice', ['Qualitative', 'Quantitative', 'Mixed methods']);
const MULTI = field('multiple_choice', ['Interviews', 'Survey', 'Observation', 'Documents']);
const PLACE = field('jurisdiction', [...DEFAULT_JURISDICTIONS]);
const YNU = field('yes_no_unclear');

const stored = (f: FieldDefinition, raw: RawFieldInput) => {
  const result = parseFieldInput(f, raw);
  if (!('json' in result)) throw new Error(`expected a value, got: ${result.error}`);
  return result.json;
};
const error = (f: FieldDefinition, raw: RawFieldInput) => {
  const result = parseFieldInput(f, raw);
  if (!('error' in result)) throw new Error(`expected an error, got: ${result.json}`);
  return result.error;
};

describe('extraction field kinds', () => {
  it('defines every kind the schema allows, with a label', () => {
    expect([...FIELD_KINDS].sort()).toEqual(['jurisdiction', 'long_text', 'multiple_choice', 'number', 'short_text', 'single_choice', 'year', 'yes_no_unclear']);
    for (const kind of FIELD_KINDS) expect(KINDS[kind].label).not.toBe('');
    expect(FIELD_KINDS.filter((k) => KINDS[k].hasChoices)).toEqual(['single_choice', 'multiple_choice', 'jurisdiction']);
  });

  it('treats an empty input as no value, for every kind', () => {
    const all = [SHORT, LONG, NUMBER, YEAR, SINGLE, MULTI, PLACE, YNU];
    for (const f of all) {
      expect(stored(f, '')).toBeNull();
      expect(stored(f, '   ')).toBeNull();
      expect(stored(f, undefined)).toBeNull();
      expect(stored(f, [''])).toBeNull();
      expect(displayValue(f, null)).toBe('');
    }
    expect(stored(PLACE, { value: '', other: '' })).toBeNull();
  });

  describe('short text', () => {
    it('keeps one line, trimmed, and stores a JSON string', () => {
      expect(stored(SHORT, '  Probation  \n service\tnorth ')).toBe('"Probation service north"');
      expect(displayValue(SHORT, '"Probation service north"')).toBe('Probation service north');
    });
    it('allows 500 characters and no more', () => {
      expect(stored(SHORT, 'a'.repeat(500))).toBe(JSON.stringify('a'.repeat(500)));
      expect(error(SHORT, 'a'.repeat(501))).toContain('500 characters');
    });
    it('refuses several values for one field', () => {
      expect(error(SHORT, ['a', 'b'])).toBe('Give one value only.');
    });
    it('keeps markup as text (escaping is the view’s job)', () => {
      expect(displayValue(SHORT, stored(SHORT, '<script>x</script>'))).toBe('<script>x</script>');
    });
  });

  describe('long text', () => {
    it('keeps paragraphs, normalises line endings and trailing spaces', () => {
      const json = stored(LONG, '  First paragraph.  \r\n\r\nSecond\tparagraph.\r\n');
      expect(JSON.parse(json!)).toBe('First paragraph.\n\nSecond\tparagraph.');
      expect(displayValue(LONG, json)).toBe('First paragraph.\n\nSecond\tparagraph.');
    });
    it('allows 20,000 characters and no more', () => {
      expect(stored(LONG, 'x'.repeat(20_000))).not.toBeNull();
      expect(error(LONG, 'x'.repeat(20_001))).toContain('20,000 characters');
    });
  });

  describe('number', () => {
    it('stores a JSON number', () => {
      expect(stored(NUMBER, '42')).toBe('42');
      expect(stored(NUMBER, ' 12.50 ')).toBe('12.5');
      expect(stored(NUMBER, '-3.25')).toBe('-3.25');
      expect(stored(NUMBER, '+7')).toBe('7');
      expect(stored(NUMBER, '.5')).toBe('0.5');
      expect(stored(NUMBER, '1e3')).toBe('1000');
      expect(stored(NUMBER, '-0')).toBe('0');
      expect(displayValue(NUMBER, '12.5')).toBe('12.5');
      expect(displayValue(NUMBER, '1000')).toBe('1000');
    });
    it('asks for a decimal point instead of a comma', () => {
      expect(error(NUMBER, '12,5')).toContain('decimal point');
      expect(error(NUMBER, '1,234')).toContain('decimal point');
      expect(error(NUMBER, '1,234.5')).toContain('decimal point');
    });
    it('refuses what is not a finite number', () => {
      for (const bad of ['abc', '12 kg', 'NaN', 'Infinity', '1e999', '0x10', '1.2.3', '--1']) expect(error(NUMBER, bad)).toContain('Give a number');
    });
  });

  describe('year', () => {
    it('stores a whole year from 1000 to 2999 as a number', () => {
      expect(stored(YEAR, '2019')).toBe('2019');
      expect(stored(YEAR, ' 1000 ')).toBe('1000');
      expect(stored(YEAR, '2999')).toBe('2999');
      expect(displayValue(YEAR, '2019')).toBe('2019');
    });
    it('refuses anything else', () => {
      for (const bad of ['999', '0999', '3000', '2019.5', '19', 'twenty', '2,019', '2019-01']) expect(error(YEAR, bad)).toContain('1000 to 2999');
    });
  });

  describe('single choice', () => {
    it('stores one of the choices, in the field’s own spelling', () => {
      expect(stored(SINGLE, 'Qualitative')).toBe('"Qualitative"');
      expect(stored(SINGLE, '  mixed   METHODS ')).toBe('"Mixed methods"');
      expect(displayValue(SINGLE, '"Mixed methods"')).toBe('Mixed methods');
    });
    it('refuses anything else, and two at once', () => {
      expect(error(SINGLE, 'Ethnography')).toBe('Choose one of the options offered.');
      expect(error(SINGLE, ['Qualitative', 'Mixed methods'])).toBe('Choose one option only.');
    });
  });

  describe('multiple choice', () => {
    it('stores a subset as an array in the choices’ order, without repeats', () => {
      expect(stored(MULTI, ['', 'Documents', 'interviews', 'Documents'])).toBe('["Interviews","Documents"]');
      expect(stored(MULTI, 'Survey')).toBe('["Survey"]');
    });
    it('displays the options joined with "; ", in the choices’ current order', () => {
      expect(displayValue(MULTI, '["Interviews","Documents"]')).toBe('Interviews; Documents');
      const reordered = field('multiple_choice', ['Documents', 'Survey', 'Interviews', 'Observation']);
      expect(displayValue(reordered, '["Interviews","Documents"]')).toBe('Documents; Interviews');
    });
    it('refuses an option that is not offered', () => {
      expect(error(MULTI, ['Interviews', 'Telepathy'])).toBe('“Telepathy” is not one of the options.');
    });
  });

  describe('jurisdiction', () => {
    it('offers the default list', () => {
      expect(DEFAULT_JURISDICTIONS).toEqual(['England and Wales', 'Scotland', 'Northern Ireland', 'Italy', 'Sweden', 'Other']);
    });
    it('stores one entry of the list as text', () => {
      expect(stored(PLACE, 'Scotland')).toBe('"Scotland"');
      expect(stored(PLACE, { value: 'northern ireland', other: '' })).toBe('"Northern Ireland"');
      expect(displayValue(PLACE, '"Scotland"')).toBe('Scotland');
    });
    it('stores “Other” with the name typed beside it as "Other: <name>"', () => {
      expect(stored(PLACE, { value: 'Other', other: '  Germany ' })).toBe('"Other: Germany"');
      expect(stored(PLACE, { value: 'Other', other: '' })).toBe('"Other"');
      expect(stored(PLACE, 'Other: New  Zealand')).toBe('"Other: New Zealand"');
      // A name typed without choosing anything means "Other".
      expect(stored(PLACE, { value: '', other: 'Norway' })).toBe('"Other: Norway"');
      expect(displayValue(PLACE, '"Other: Germany"')).toBe('Other: Germany');
    });
    it('refuses a name beside another jurisdiction, an unknown one, and “Other” when the list has none', () => {
      expect(error(PLACE, { value: 'Scotland', other: 'Germany' })).toContain('Choose “Other”');
      expect(error(PLACE, 'Germany')).toContain('Choose one of the jurisdictions');
      expect(error(PLACE, { value: 'Other', other: 'x'.repeat(201) })).toContain('200 characters');
      const closed = field('jurisdiction', ['Scotland', 'Italy']);
      expect(error(closed, 'Other: Germany')).toBe('Choose one of the jurisdictions.');
      expect(error(closed, { value: '', other: 'Germany' })).toBe('Choose one of the jurisdictions.');
    });
    it('groups “Other: <name>” under “Other”', () => {
      expect(valueChoices(PLACE, '"Other: Germany"')).toEqual(['Other']);
      expect(valueChoices(PLACE, '"Scotland"')).toEqual(['Scotland']);
    });
  });

  describe('yes / no / unclear', () => {
    it('stores yes, no or unclear in lower case and displays them capitalised', () => {
      expect(stored(YNU, 'yes')).toBe('"yes"');
      expect(stored(YNU, 'No')).toBe('"no"');
      expect(stored(YNU, ' UNCLEAR ')).toBe('"unclear"');
      expect(displayValue(YNU, '"yes"')).toBe('Yes');
      expect(displayValue(YNU, '"no"')).toBe('No');
      expect(displayValue(YNU, '"unclear"')).toBe('Unclear');
    });
    it('refuses anything else', () => {
      expect(error(YNU, 'maybe')).toBe('Choose yes, no or unclear.');
      expect(error(YNU, ['yes', 'no'])).toBe('Choose one answer only.');
    });
  });

  it('reads choices from values for grouping, and nothing for kinds without choices', () => {
    expect(valueChoices(MULTI, '["Interviews","Documents"]')).toEqual(['Interviews', 'Documents']);
    expect(valueChoices(SINGLE, '"Qualitative"')).toEqual(['Qualitative']);
    expect(valueChoices(SHORT, '"Qualitative"')).toEqual([]);
    expect(valueChoices(MULTI, null)).toEqual([]);
  });

  it('puts every stored value back into the form so that saving it again changes nothing', () => {
    const cases: Array<[FieldDefinition, RawFieldInput]> = [
      [SHORT, 'Probation'],
      [LONG, 'One\n\nTwo'],
      [NUMBER, '12.5'],
      [YEAR, '2019'],
      [SINGLE, 'Qualitative'],
      [MULTI, ['Survey', 'Interviews']],
      [PLACE, { value: 'Other', other: 'Germany' }],
      [PLACE, 'Italy'],
      [YNU, 'unclear'],
    ];
    for (const [f, raw] of cases) {
      const json = stored(f, raw);
      expect(stored(f, storedAsInput(f, json))).toBe(json);
    }
    expect(storedAsInput(PLACE, '"Other: Germany"')).toEqual({ value: 'Other', other: 'Germany' });
    expect(storedAsInput(MULTI, null)).toEqual([]);
  });

  it('displays malformed stored JSON as its text rather than failing', () => {
    expect(displayValue(SHORT, 'not json')).toBe('not json');
    expect(displayValue(NUMBER, '"12"')).toBe('12');
    expect(displayValue(MULTI, '"Survey"')).toBe('Survey');
  });
});
