import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ArchiveError } from './archive/archive-error.js';
import { ConfigError, loadConfig } from './config.js';
import { DatabaseOpenError } from './db/open.js';
import { MigrationError } from './db/migrate.js';
import { ForbiddenError, NotFoundError, ValidationError } from './domain-errors.js';
import { backupCommand } from './cli/backup-command.js';
import { copyCommand } from './cli/copy-command.js';
import { exportCommand } from './cli/export-command.js';
import { importCommand } from './cli/import-command.js';
import { migrateCommand } from './cli/migrate-command.js';
import { restoreCommand } from './cli/restore-command.js';
import { simulateCommand } from './cli/simulate-command.js';
import { reviewArchiveCommands } from './cli/review-archive-commands.js';
import { CliUsageError, type CliCommand, type CliIo } from './cli/command.js';
import { faultMessage } from './cli/fault-message.js';
import { userCommands } from './cli/user-commands.js';
import { HELP_WIDTH, wrapLine, wrapText } from './cli/wrap-text.js';

const COMMANDS: CliCommand[] = [importCommand, exportCommand, migrateCommand, backupCommand, restoreCommand, copyCommand, ...reviewArchiveCommands, ...userCommands, simulateCommand];

/** Each command's usage, then what it does beneath, every line within 100 columns. */
function helpText(): string {
  return [
    'Usage: coreview <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.flatMap((c) => [wrapLine(`  ${c.usage}`, HELP_WIDTH, '      '), wrapLine(`      ${c.summary}`)]),
    '',
    'The data directory comes from COREVIEW_DATA_DIR (default ./data).',
    'Run `coreview <command> --help` for one command.',
  ].join('\n');
}

function findCommand(argv: string[]): [CliCommand, string[]] | undefined {
  for (const command of COMMANDS) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w)) return [command, argv.slice(words.length)];
  }
  return undefined;
}

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  stdin: process.stdin,
  env: process.env,
};

/** Runs one command and returns the exit code: 0 done, 1 failed, 2 misused. */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(helpText());
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    io.err(`coreview: unknown command "${argv.join(' ')}".\n\n${helpText()}`);
    return 2;
  }
  const [command, rest] = found;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: command.positionals ?? false,
    } as ParseArgsConfig);
    if (values.help) {
      io.out(wrapText(`${wrapLine(`Usage: coreview ${command.usage}`, HELP_WIDTH, '    ')}\n\n${command.summary}\n${command.help ?? ''}`.trimEnd()));
      return 0;
    }
    return (await command.run(values as Record<string, string | boolean | undefined>, io, () => loadConfig(io.env), positionals)) ?? 0;
  } catch (error) {
    if (error instanceof CliUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`coreview ${command.name}: ${(error as Error).message}\nUsage: coreview ${command.usage}`);
      return 2;
    }
    const fault = faultMessage(error);
    if (fault !== null) {
      io.err(`coreview ${command.name}: ${fault}`);
      return 1;
    }
    if (
      error instanceof ValidationError ||
      error instanceof NotFoundError ||
      error instanceof ForbiddenError ||
      error instanceof ConfigError ||
      error instanceof MigrationError ||
      error instanceof DatabaseOpenError ||
      error instanceof ArchiveError
    ) {
      io.err(`coreview ${command.name}: ${error.message}`);
      return 1;
    }
    // A bug: still one line, unless the log level asks for the details.
    const details = ['debug', 'trace'].includes(io.env.COREVIEW_LOG_LEVEL ?? '') ? `\n${(error as Error).stack}` : ' (COREVIEW_LOG_LEVEL=debug shows where)';
    io.err(`coreview ${command.name} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}${details}`);
    return 1;
  }
}
