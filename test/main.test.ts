import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../server/paths.js';

/** The real process, as `npm start` runs it (through tsx here, so no build is needed). */
function start(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'server', 'main.ts')], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function listeningAddress(child: ChildProcess): Promise<string> {
  let out = '';
  for await (const chunk of child.stdout ?? []) {
    out += String(chunk);
    const match = out.match(/Server listening at (http:\/\/[^"\s]+)/);
    if (match?.[1]) return match[1];
  }
  throw new Error(`server did not start: ${out}`);
}

describe('the server process', () => {
  it('serves the form, then closes cleanly on SIGTERM', async () => {
    const child = start({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', WORKERS: '1' });
    try {
      const base = await listeningAddress(child);
      const health = await fetch(`${base}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok' });
      const page = await fetch(`${base}/`, { headers: { 'accept-language': 'fr' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html lang="fr">');
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('with WORKERS=2, two processes share the port, and all close on SIGTERM', async () => {
    const child = start({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', WORKERS: '2' });
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += String(chunk);
    });
    try {
      await expect
        .poll(() => (out.match(/Server listening at/g) ?? []).length, { timeout: 20_000 })
        .toBe(2);
      const base = out.match(/Server listening at (http:\/\/[^"\s]+)/)?.[1];
      const pids = new Set<number>();
      for (let i = 0; i < 20 && pids.size < 2; i++) {
        const res = await fetch(`${base}/healthz`, { headers: { connection: 'close' } });
        expect(res.status).toBe(200);
        const line = out
          .split('\n')
          .reverse()
          .find((l) => l.includes('"route":"/healthz"'));
        if (line) pids.add(JSON.parse(line).pid);
      }
      expect(pids.size).toBe(2);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('refuses a wrong configuration with a message naming the variable', async () => {
    const child = start({ PORT: 'eighty' });
    let err = '';
    child.stderr?.on('data', (chunk) => {
      err += String(chunk);
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(err).toContain('Invalid configuration');
    expect(err).toContain('PORT');
  });
});
