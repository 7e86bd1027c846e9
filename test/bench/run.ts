import { availableParallelism } from 'node:os';
import type { BenchCase } from './bench-case.js';
import { cases } from './cases.js';

/**
 * `npm run bench [-- <case>... [--runs N]]`: one JSON line per case (or per variant of one) on stdout, progress on stderr.
 * Exits 1 if any case failed (the others still run), 2 on bad arguments.
 */
const log = (message: string) => process.stderr.write(message + '\n');

// Signals become a normal exit, so the 'exit' handlers kill child servers and remove temp dirs.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

function parseArgs(argv: readonly string[]): { selected: BenchCase[]; runs: number | undefined } {
  const names: string[] = [];
  let runs: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--runs' || arg.startsWith('--runs=')) {
      const raw = arg === '--runs' ? argv[++i] : arg.slice('--runs='.length);
      runs = Number(raw);
      if (!Number.isInteger(runs) || runs < 1) usage(`--runs must be a whole number of at least 1, not "${raw}"`);
    } else if (arg === '--help' || arg === '-h') {
      usage();
    } else if (arg.startsWith('-')) {
      usage(`unknown option ${arg}`);
    } else {
      names.push(arg);
    }
  }
  const unknown = names.filter((name) => !cases.some((c) => c.name === name));
  if (unknown.length > 0) usage(`unknown case ${unknown.join(', ')}`);
  return { selected: names.length === 0 ? [...cases] : cases.filter((c) => names.includes(c.name)), runs };
}

function usage(problem?: string): never {
  if (problem) log(`bench: ${problem}`);
  log('usage: npm run bench -- [case...] [--runs N]\ncases:');
  for (const c of cases) log(`  ${c.name.padEnd(12)} ${c.description} (${c.defaultRuns} runs)`);
  process.exit(problem ? 2 : 0);
}

const { selected, runs } = parseArgs(process.argv.slice(2));
log(`bench: node ${process.version}, ${availableParallelism()} cores, ${new Date().toISOString()}`);
let failed = false;
for (const benchCase of selected) {
  const context = { runs: runs ?? benchCase.defaultRuns, log: (message: string) => log(`[${benchCase.name}] ${message}`) };
  try {
    const results = await benchCase.run(context);
    for (const result of [results].flat()) process.stdout.write(JSON.stringify({ case: benchCase.name, ...result }) + '\n');
  } catch (error) {
    failed = true;
    log(`[${benchCase.name}] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
process.exitCode = failed ? 1 : 0;
