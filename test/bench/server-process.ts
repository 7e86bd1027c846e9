import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

/** The repository root, so the server starts exactly as `npm start` does. */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const POLL_INTERVAL_MS = 5;

const live = new Set<ChildProcess>();

// A failed or interrupted run (run.ts turns signals into exit) must not leave servers holding ports.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface ServerProcess {
  pid: number;
  port: number;
  baseUrl: string;
  /** From spawn to the first `GET /healthz` answering 200. */
  startupMs: number;
  /** VmHWM of the server process so far, in MB (NaN where /proc is missing). */
  peakRssMb(): number;
  /** SIGTERM (graceful close), then SIGKILL if it has not exited in time. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash or `kill -9` ends it: no cleanup of any kind. */
  kill(): Promise<void>;
}

export interface StartOptions {
  dataDir: string;
  /** stdout and stderr of the server (request log), appended so restarts keep history. */
  logFile: string;
  /** Settings beyond the defaults, e.g. COREVIEW_UPLOAD_LIMIT_MB for a bigger upload than usual. */
  env?: Record<string, string>;
  /** A restart on the address clients already know; a free port otherwise. */
  port?: number;
}

/** Spawns `node --import tsx src/server.ts` on a free loopback port and waits for /healthz. */
export async function startServer({ dataDir, logFile, env = {}, port: wanted }: StartOptions): Promise<ServerProcess> {
  const port = wanted ?? (await freePort());
  const baseUrl = `http://${HOST}:${port}`;
  const log = openSync(logFile, 'a');
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: REPO_ROOT,
    // Request logging stays on, as in production, so its cost is part of every figure.
    env: { ...process.env, ...env, COREVIEW_DATA_DIR: dataDir, PORT: String(port), HOST, COREVIEW_LOG_LEVEL: 'info' },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  live.add(child);
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    // 'exit' may never come when the process could not be spawned at all.
    child.once('error', (error) => {
      spawnError = error;
      resolve();
    });
  });
  void exited.then(() => live.delete(child));

  try {
    await waitForHealthz(child, baseUrl, started + START_TIMEOUT_MS, () => spawnError);
  } catch (error) {
    child.kill('SIGKILL');
    // Gone before the caller removes its data dir, so nothing writes into it meanwhile.
    await exited;
    throw new Error(`${(error as Error).message}\n--- last lines of ${logFile} ---\n${tail(logFile, 20)}`);
  }
  const startupMs = performance.now() - started;

  return {
    pid: child.pid!,
    port,
    baseUrl,
    startupMs,
    peakRssMb: () => peakRssMb(child.pid!),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

async function waitForHealthz(
  child: ChildProcess,
  baseUrl: string,
  deadline: number,
  spawnError: () => Error | undefined,
): Promise<void> {
  while (performance.now() < deadline) {
    const error = spawnError();
    if (error) throw new Error(`could not start the server: ${error.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited before answering /healthz (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    if ((await statusOf(`${baseUrl}/healthz`, 1_000)) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new Error(`server did not answer /healthz with 200 within ${START_TIMEOUT_MS} ms`);
}

/** Status code of a GET, or 0 when nothing answered (refused, reset, timed out). */
export function statusOf(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(0));
    req.end();
  });
}

/** Peak resident set size from the kernel's high-water mark, read while the process is alive. */
export function peakRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? Number.NaN : Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** A port the OS had free a moment ago; the small race is acceptable for a benchmark. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs a short-lived command to completion and returns its wall time: the startup baselines. */
export async function timeCommandMs(args: readonly string[], timeoutMs = 30_000): Promise<number> {
  return (await runNode(args, timeoutMs)).elapsedMs;
}

/**
 * Runs `node <args>` from the repository root to completion: its wall time and what it printed on
 * stdout (a baseline measured in its own process reports its figures there). Rejects on failure.
 */
export function runNode(args: readonly string[], timeoutMs = 30_000): Promise<{ elapsedMs: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    live.add(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const elapsedMs = performance.now() - started;
      clearTimeout(timer);
      live.delete(child);
      if (code === 0) resolve({ elapsedMs, stdout });
      else reject(new Error(`node ${args.join(' ')} failed (code ${code}, signal ${signal})`));
    });
  });
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Starts a server for `use` and stops it afterwards, whether `use` succeeds or throws. */
export async function withServer<T>(options: StartOptions, use: (server: ServerProcess) => Promise<T>): Promise<T> {
  const server = await startServer(options);
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}
