import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { databaseEnvFor } from './test-database.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command from the repository root, feeding `input` to standard input. */
export function runProcess(command: string, args: string[], options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env: { ...process.env, ...options.env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** The `coreview` command, as `npx coreview` runs it. */
export async function coreview(args: string[], options: { dataDir: string; input?: string }): Promise<ProcessResult> {
  return runProcess(process.execPath, ['src/bin/coreview.js', ...args], { env: { COREVIEW_DATA_DIR: options.dataDir, ...(await databaseEnvFor(options.dataDir)) }, input: options.input });
}
