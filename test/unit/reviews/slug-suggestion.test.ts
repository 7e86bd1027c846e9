import { describe, expect, it } from 'vitest';
import { slugProblem, suggestSlug } from '../../../src/reviews/slug.js';

describe('the short name suggested from a long title', () => {
  it('ends after a whole word, within 40 characters', () => {
    const slug = suggestSlug('Social co-operatives, desistance and co-production of justice services');
    expect(slug).toBe('social-co-operatives-desistance-and');
    expect(slugProblem(slug)).toBeNull();
    // Words that fill the 40 characters exactly are all kept.
    expect(suggestSlug(`${'a'.repeat(20)} ${'b'.repeat(19)} tail`)).toBe(`${'a'.repeat(20)}-${'b'.repeat(19)}`);
  });

  it('cuts one word longer than the limit where it must', () => {
    expect(suggestSlug('x'.repeat(60))).toBe('x'.repeat(40));
  });
});
