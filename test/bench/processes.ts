import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const CLI = join(__dirname, '..', '..', 'src', 'cli.js');

/** A CLI command in a process of its own (as deployed), resolved with the URL it prints. */
export function spawnCli(args: string[], pattern: RegExp, nodeFlags: string[] = [], script = CLI): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...nodeFlags, script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (d: Buffer) => {
      seen += d.toString();
      const m = pattern.exec(seen);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${seen}`)));
  });
}

/** Resident memory of a process (Linux /proc), in MB; 0 where it cannot be read. */
export function rssMb(child: ChildProcess | undefined): number {
  return procStatusMb(child, 'VmRSS');
}

/** The most resident memory the process has had since it started (VmHWM), in MB. */
export function peakRssMb(child: ChildProcess | undefined): number {
  return procStatusMb(child, 'VmHWM');
}

function procStatusMb(child: ChildProcess | undefined, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${child?.pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/**
 * CPU time a process has used (user + system, every thread), in µs, from Linux /proc; 0 where it
 * cannot be read. The kernel reports it in USER_HZ ticks, 100 a second on every Linux ABI.
 */
export function cpuMicros(child: ChildProcess | undefined): number {
  try {
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
    const stat = readFileSync(`/proc/${child?.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return 0;
  }
}
