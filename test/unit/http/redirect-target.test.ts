import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from '../../../src/http/redirect-target.js';

describe('safeRedirectPath', () => {
  it('keeps paths on this site, query and fragment included', () => {
    expect(safeRedirectPath('/reviews')).toBe('/reviews');
    expect(safeRedirectPath('/reviews/desist/records?q=co-operative%20prison&page=2#r12')).toBe('/reviews/desist/records?q=co-operative%20prison&page=2#r12');
  });

  it('writes the target back as the browser will read it, so the Location header is plain ASCII', () => {
    expect(safeRedirectPath('/reviews/x/records?q=évaluation')).toBe('/reviews/x/records?q=%C3%A9valuation');
    expect(safeRedirectPath('/reviews/../people')).toBe('/people');
  });

  it.each([
    ['another site', 'https://attacker.example/'],
    ['a protocol-relative address', '//attacker.example/'],
    ['a scheme', 'javascript:alert(1)'],
    ['a relative path', 'reviews'],
    ['a tab a browser drops', '/\t/attacker.example/'],
    ['a newline a browser drops', '/\n/attacker.example/'],
    ['a carriage return', '/\r/attacker.example/'],
    ['a backslash a browser reads as a slash', '/\\attacker.example/'],
    ['a leading backslash', '\\\\attacker.example/'],
    ['an encoded slash that decodes to //', '/%2Fattacker.example/'],
    ['an encoded tab', '/%09/attacker.example/'],
    ['an encoded backslash', '/%5Cattacker.example/'],
    ['a zero-width space', '/\u200b/attacker.example/'],
    ['a right-to-left override', '/\u202eelpmaxe.rekcatta//'],
    ['a NUL', '/reviews\u0000'],
    ['broken percent-encoding', '/reviews?q=%E0%A4%A'],
    ['an empty string', ''],
    ['an over-long target', `/${'a'.repeat(2000)}`],
  ])('refuses %s', (_what, target) => {
    expect(safeRedirectPath(target)).toBeUndefined();
  });

  it('refuses what is not a single string', () => {
    for (const value of [undefined, null, 42, ['/reviews'], { next: '/reviews' }]) expect(safeRedirectPath(value)).toBeUndefined();
  });
});
