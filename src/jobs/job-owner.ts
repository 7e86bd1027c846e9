import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Who claims jobs: "host pid token", one token per process start. Knowing the host and pid lets a
 * restarted server take back at once what the previous run (killed, crashed) left running, instead
 * of waiting for its lease to run out; the token tells this run from an earlier one with the same
 * pid (a container's server is always pid 1).
 */
export const THIS_PROCESS = `${hostname()} ${process.pid} ${randomUUID()}`;

/** Whether the process named by `owner` is certainly gone: on this host, and not running, or an earlier run of ours. */
export function ownerIsGone(owner: string): boolean {
  const [host, pidText] = owner.split(' ');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return owner !== THIS_PROCESS;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: a live process of another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
