import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { wrapLine } from '../../src/cli/wrap-text.js';

async function helpOf(args: string[]): Promise<string> {
  let out = '';
  const io = { out: (text: string) => { out += `${text}\n`; }, err: (text: string) => { out += `${text}\n`; }, stdin: process.stdin, env: {} };
  expect(await main(args, io)).toBe(0);
  return out;
}

const tooWide = (text: string) => text.split('\n').filter((line) => line.length > 100);

describe('coreview --help', () => {
  it('fits every line of the overview and of each command’s help in 100 columns', async () => {
    const overview = await helpOf(['--help']);
    expect(tooWide(overview)).toEqual([]);
    // Command lines start two spaces in, with the command's one or two words.
    const commands = overview.split('\n').flatMap((line) => {
      const name = /^ {2}([a-z]+(?: [a-z]+)?)(?: |$)/.exec(line)?.[1];
      return name ? [name.split(' ')] : [];
    });
    expect(commands.map((c) => c.join(' '))).toEqual(expect.arrayContaining(['import', 'export', 'backup', 'review import', 'user add']));
    for (const command of commands) expect(tooWide(await helpOf([...command, '--help'])), command.join(' ')).toEqual([]);
  });

  it('wraps at spaces, continuing at the indentation asked for, and keeps a word wider than the line whole', () => {
    expect(wrapLine('  one two three four', 10, '    ')).toBe('  one two\n    three\n    four');
    expect(wrapLine('short', 10)).toBe('short');
    expect(wrapLine(`a ${'x'.repeat(12)} b`, 10)).toBe(`a\n${'x'.repeat(12)}\nb`);
  });
});
