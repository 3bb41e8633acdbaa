import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { loadLocalisation } from '../server/i18n.js';
import { createPdfRenderer, type PdfRenderer } from '../server/letters/pdf.js';
import { letterRequestSchema } from '../server/letters/request.js';
import { createLetterService } from '../server/letters/service.js';
import { projectRoot } from '../server/paths.js';
import { createWorkerPool, WorkerPoolError } from '../server/worker-pool.js';
import type { TestTask } from './fixtures/test-worker.js';
import { buildTestApp, flatten, fullRequest, pdfPages, testNow } from './helper.js';

const testWorker = new URL('./fixtures/test-worker.ts', import.meta.url);
const pools: { close(): Promise<void> }[] = [];
afterAll(() => Promise.all(pools.map((p) => p.close())));

/** A PDF letter through the API, as a client asks for one. */
const askForPdf = (app: FastifyInstance) =>
  app.inject({ method: 'POST', url: '/api/letters', payload: { ...fullRequest(), format: 'pdf' } });

function pool(threads = 1, maxQueue = 10, othersAfterMs?: number) {
  const created = createWorkerPool<TestTask, string>(testWorker, {
    threads,
    maxQueue,
    othersAfterMs,
  });
  pools.push(created);
  return created;
}

describe('PDFs from worker threads', () => {
  it('are the same bytes as PDFs typeset on the calling thread', async () => {
    const { i18n } = await loadLocalisation(projectRoot);
    const inProcess = createLetterService(projectRoot, i18n, 'Europe/Brussels');
    const threaded = createLetterService(projectRoot, i18n, 'Europe/Brussels', {
      pdf: { threads: 1 },
    });
    pools.push(threaded);
    await threaded.ready();
    for (const language of ['pl', 'el', 'bg'] as const) {
      const request = letterRequestSchema.parse(fullRequest({ language, name: 'Ελένη Дмитрий' }));
      const set = inProcess.compose(request, testNow);
      const [a, b] = await Promise.all([
        inProcess.renderPdf(set, request),
        threaded.renderPdf(set, request),
      ]);
      expect(Buffer.isBuffer(b)).toBe(true);
      // PDFs are deterministic (dated by the letter, IDs and subset tags derived from it):
      // a thread makes the very bytes the calling thread makes.
      expect(b.equals(a)).toBe(true);
      expect(flatten((await pdfPages(b)).join(' '))).toContain('Ελένη Дмитрий');
    }
  });

  it('find the same characters missing as the fonts themselves', () => {
    const renderer = createPdfRenderer();
    expect(renderer.missingGlyphs('Łukasz Żółć, Ελένη, Дмитрий\n')).toEqual([]);
    expect(renderer.missingGlyphs('王 😀')).toEqual(['王', '😀']);
  });
});

describe('the worker pool', () => {
  it('answers every task, more tasks than threads', async () => {
    const p = pool(2);
    const echoes = Array.from({ length: 9 }, (_, i) => `task ${i}`);
    expect(await Promise.all(echoes.map((echo) => p.run({ echo, waitMs: 5 })))).toEqual(echoes);
  });

  it('starts the other threads when a task has to wait, and runs tasks side by side', async () => {
    // Without waiting tasks, the second thread would start only in a minute.
    const p = pool(2, 10, 60_000);
    await p.ready();
    // Only the first thread runs: of two tasks, one waits.
    const tasks = [p.run({ echo: 'a', waitMs: 400 }), p.run({ echo: 'b', waitMs: 400 })];
    expect(p.load()).toEqual({ queued: 1, running: 1 });
    // The waiting task started the second thread, which takes it once it is ready.
    await expect.poll(() => p.load().running, { timeout: 10_000 }).toBe(2);
    expect(await Promise.all(tasks)).toEqual(['a', 'b']);
  });

  it('rejects a task that throws with its error, and keeps serving', async () => {
    const p = pool();
    await expect(p.run({ echo: 'Ż', throws: true })).rejects.toThrow(
      expect.objectContaining({ name: 'TypeError', message: 'cannot typeset Ż' }),
    );
    expect(await p.run({ echo: 'next' })).toBe('next');
  });

  it('rejects the task of a thread that dies, replaces the thread and runs what waited', async () => {
    const p = pool(1);
    const dying = p.run({ echo: 'a', exits: true });
    const waiting = p.run({ echo: 'b' });
    await expect(dying).rejects.toThrow(
      expect.objectContaining({ code: 'WORKER_POOL_CRASHED', statusCode: 503 }),
    );
    expect(await waiting).toBe('b');
    expect(await p.run({ echo: 'c' })).toBe('c');
  });

  it('refuses at once with a 503 when every thread is busy and the queue is full', async () => {
    const p = pool(1, 1);
    await p.ready();
    const running = p.run({ echo: 'running', waitMs: 200 });
    const queued = p.run({ echo: 'queued' });
    const refused = p.run({ echo: 'refused' });
    await expect(refused).rejects.toBeInstanceOf(WorkerPoolError);
    await expect(refused).rejects.toMatchObject({ code: 'WORKER_POOL_BUSY', statusCode: 503 });
    expect(await Promise.all([running, queued])).toEqual(['running', 'queued']);
  });

  it('fails start-up, and what waited, when its thread cannot start; it does not retry forever', async () => {
    const broken = createWorkerPool<TestTask, string>(
      new URL('./fixtures/broken-worker.ts', import.meta.url),
      { threads: 2, maxQueue: 10 },
    );
    pools.push(broken);
    const waiting = broken.run({ echo: 'never' });
    await expect(broken.ready()).rejects.toThrow('cannot read the fonts');
    await expect(waiting).rejects.toMatchObject({ code: 'WORKER_POOL_NOT_STARTED' });
    expect(broken.load()).toEqual({ queued: 0, running: 0 });
  });

  it('closes after the tasks under way, then refuses new ones', async () => {
    const p = pool(1);
    const running = p.run({ echo: 'under way', waitMs: 100 });
    await p.close();
    expect(await running).toBe('under way');
    await expect(p.run({ echo: 'late' })).rejects.toMatchObject({ code: 'WORKER_POOL_CLOSED' });
    expect(p.load()).toEqual({ queued: 0, running: 0 });
  });
});

describe('the server with PDF threads', () => {
  it('answers 503 with Retry-After when the PDF thread dies, and makes the next letter', async () => {
    // A real thread that really dies, behind the real app (the fixture stands in for the
    // typesetter so that it can be made to crash).
    const threads = pool(1);
    let crash = true;
    const pdf: PdfRenderer = {
      render: async () => Buffer.from(await threads.run({ echo: '%PDF-1.7', exits: crash })),
      missingGlyphs: () => [],
      ready: async () => {
        await threads.ready();
      },
      close: () => threads.close(),
    };
    const app = await buildApp(loadConfig({ RATE_LIMIT_MAX: '0' }), { pdf, now: () => testNow });
    try {
      const send = () => askForPdf(app);
      const crashed = await send();
      expect(crashed.statusCode).toBe(503);
      expect(crashed.headers['retry-after']).toBe('10');
      expect(crashed.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(crashed.json()).toMatchObject({ status: 503 });
      crash = false;
      const retried = await send();
      expect(retried.statusCode).toBe(200);
      expect(retried.body).toBe('%PDF-1.7');
    } finally {
      await app.close();
    }
  });

  it('answers 503 with Retry-After, as problem details, when every PDF thread is busy', async () => {
    const app = await buildTestApp({ env: { PDF_THREADS: '1', PDF_QUEUE_MAX: '0' } });
    try {
      const send = () => askForPdf(app);
      const replies = await Promise.all([send(), send(), send()]);
      const statuses = replies.map((r) => r.statusCode).sort();
      expect(statuses[0]).toBe(200);
      expect(statuses.at(-1)).toBe(503);
      const busy = replies.find((r) => r.statusCode === 503);
      expect(busy?.headers['retry-after']).toBe('10');
      expect(busy?.headers['content-type']).toMatch(/^application\/problem\+json/);
      // The letter that was made is whole.
      const made = replies.find((r) => r.statusCode === 200);
      expect(flatten((await pdfPages(made?.rawPayload ?? new Uint8Array())).join(' '))).toContain(
        'Łukasz Żółć',
      );
    } finally {
      await app.close();
    }
  });
});
