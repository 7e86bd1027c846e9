import { createInterface } from 'node:readline';
import type { CliIo } from './command.js';

/**
 * Reads a password from standard input, never from an argument (arguments show up in `ps` and
 * shell history). Piped: the first line. At a terminal: asked for without echo.
 */
export async function readPassword(io: CliIo, prompt: string): Promise<string> {
  const rl = createInterface({ input: io.stdin, output: io.stdin.isTTY ? process.stderr : undefined, terminal: Boolean(io.stdin.isTTY) });
  if (io.stdin.isTTY) {
    process.stderr.write(prompt);
    // Swallow the echo of typed characters.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  }
  try {
    for await (const line of rl) return line;
    return '';
  } finally {
    rl.close();
    if (io.stdin.isTTY) process.stderr.write('\n');
  }
}
