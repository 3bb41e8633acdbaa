import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { projectRoot } from '../server/paths.js';

const require = createRequire(import.meta.url);

/** Compiles the server (tsc, a few seconds) so that runs measure what production runs. */
export function buildServer(): void {
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: projectRoot,
      stdio: 'inherit',
    },
  );
}

/**
 * Starts the real server in its own process on a loopback port, for load and soak runs.
 * Only 127.0.0.1 is ever targeted. The rate limit is off: one client sends everything.
 * Its logs are read and dropped, as a log shipper would read them.
 * `compiled` runs dist/ (call buildServer first), else the sources through tsx; `cpus`
 * ("0", "0,1") pins the server's every thread to those cores with taskset.
 */
export async function startServer(
  env: Record<string, string> = {},
  options: { compiled?: boolean; cpus?: string } = {},
): Promise<{
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawning the process to its "listening" log line. */
  startedInMs: number;
  /** RSS of the server's process (the primary's only, with WORKERS > 1). */
  rssMiB: () => number;
  stop: () => Promise<void>;
}> {
  const entry = options.compiled
    ? // As `npm start` runs it (package.json).
      [
        '--max-semi-space-size=4',
        '--heap-growing-percent=25',
        join(projectRoot, 'dist', 'server', 'main.js'),
      ]
    : ['--import', 'tsx', join(projectRoot, 'server', 'main.ts')];
  const [command, args] = options.cpus
    ? ['taskset', ['-c', options.cpus, process.execPath, ...entry]]
    : [process.execPath, entry];
  const spawnedAt = performance.now();
  const child = spawn(command, args, {
    cwd: projectRoot,
    // One worker unless asked: RSS is read from the one process.
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      RATE_LIMIT_MAX: '0',
      WORKERS: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (out === null) return;
      out += String(chunk);
      const match = out.match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
      if (match?.[1]) {
        clearTimeout(timer);
        out = '';
        resolve(match[1]);
      }
      if (out.length > 100_000) out = out.slice(-1000);
    });
  });
  const startedInMs = performance.now() - spawnedAt;
  return {
    url,
    child,
    startedInMs,
    rssMiB: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** The request body every run sends: a combined letter to both controllers, accented name. */
export const benchLetter = {
  kind: 'combined',
  services: ['facebook', 'instagram', 'whatsapp'],
  name: 'Małgorzata Żółkiewska-Łęczycka',
  street: 'ul. Marszałkowska 12/4',
  postcode: '00-950',
  city: 'Warszawa',
  country: 'PL',
  email: 'malgorzata@example.pl',
  facebook: 'https://www.facebook.com/malgorzata.z',
  instagram: 'malgorzata_z',
  whatsapp: '+48600123456',
  grounds: ['creativeWork', 'imitation'],
  ownGrounds: 'I earn my living as a photographer.',
  language: 'pl',
};
