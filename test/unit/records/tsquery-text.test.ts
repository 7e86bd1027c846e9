import { describe, expect, it } from 'vitest';
import { parseSearch } from '../../../src/records/fts-query.js';
import { toTsQueryText } from '../../../src/records/search-sql/postgres.js';

const tsquery = (text: string) => toTsQueryText(parseSearch(text));

describe('search text to PostgreSQL tsquery text', () => {
  it('quotes every word and requires them all', () => {
    expect(tsquery('desistance employment')).toBe("'desistance' & 'employment'");
    expect(tsquery('Évaluation')).toBe("'evaluation'");
  });

  it('keeps quoted and hyphenated words together as phrases', () => {
    expect(tsquery('"social co-operative" Italy')).toBe("('social' <-> 'co' <-> 'operative') & 'italy'");
    expect(tsquery('re-entry')).toBe("('re' <-> 'entry')");
  });

  it('builds OR and NOT itself, only between words', () => {
    expect(tsquery('co-operative prison OR jail -juvenile')).toBe("('co' <-> 'operative') & ('prison' | 'jail') & !'juvenile'");
    expect(tsquery('desistance -juvenile NOT "young offenders"')).toBe("'desistance' & !('juvenile' | ('young' <-> 'offenders'))");
    expect(tsquery('-juvenile')).toBeNull();
  });

  it('never lets tsquery syntax through: outside the quoted lexemes only its own operators remain', () => {
    const hostile = ["desist:*", "a:A", "'; DROP TABLE record; --", "it's", 'a & b | !c', 'x <2> y', '\\\'', '(', 'NEAR(a b, 2)'];
    for (const text of hostile) {
      const query = tsquery(text);
      if (query === null) continue;
      const outside = query.replace(/'(?:[^'\\]|''|\\.)*'/g, '');
      expect(outside.replace(/[\s()&|!]|<->/g, ''), text).toBe('');
    }
    expect(tsquery('desist*')).toBe("'desist'");
  });
});
