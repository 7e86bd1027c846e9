import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

export interface CliCommand {
  /** One or two words: `migrate`, `user add`. */
  name: string;
  usage: string;
  summary: string;
  /** More about the command, one paragraph a line: `--help` wraps them to the terminal width. */
  help?: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Whether the command takes positional arguments (files). */
  positionals?: boolean;
  /** Resolves to the exit code: 0, or 1 when part of the work could not be done (and was said). */
  run(values: Record<string, string | boolean | undefined>, io: CliIo, config: () => Config, positionals: string[]): Promise<number | void>;
}

/** Misuse of the command line (missing or malformed option): exit code 2 and the usage line. */
export class CliUsageError extends Error {}

export function requireString(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new CliUsageError(`--${name} is required`);
  return value.trim();
}
