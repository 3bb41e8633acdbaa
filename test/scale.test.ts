import { createServer, request as httpRequest, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, fullRequest } from './helper.js';

/**
 * Scale-out: two instances behind a small round-robin proxy on loopback. Any instance can
 * answer any request, because none keeps state: the same request gives the same letter.
 */

let instances: FastifyInstance[];
let proxy: Server;
let base: string;
const served: string[] = [];

beforeAll(async () => {
  instances = [await buildTestApp(), await buildTestApp()];
  const upstreams = await Promise.all(
    instances.map((app) => app.listen({ port: 0, host: '127.0.0.1' })),
  );
  let next = 0;
  proxy = createServer((req, res) => {
    const target = new URL(req.url ?? '/', upstreams[next++ % upstreams.length]);
    served.push(target.port);
    const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  proxy?.close();
  await Promise.all((instances ?? []).map((app) => app.close()));
});

describe('two instances behind a load balancer', () => {
  it('answer alike, whichever gets the request', async () => {
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${base}/api/letters`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...fullRequest(), format: 'json' }),
      });
      expect(res.status).toBe(200);
      answers.push(await res.text());
    }
    expect(new Set(served).size).toBe(2);
    expect(new Set(answers).size).toBe(1);
  });

  it('a form that comes back with errors can be posted to the other instance', async () => {
    const body = new URLSearchParams({ ui: 'en', name: 'Zoë', format: 'pdf' }).toString();
    const first = await fetch(`${base}/letters`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(first.status).toBe(400);
    const complete = new URLSearchParams({ ui: 'en', format: 'text' });
    for (const [k, v] of Object.entries(fullRequest()))
      for (const x of Array.isArray(v) ? v : [v]) complete.append(k, String(x));
    const second = await fetch(`${base}/letters`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: complete.toString(),
    });
    expect(second.status).toBe(200);
    expect(await second.text()).toContain('Letter to WhatsApp Ireland Limited');
  });
});
