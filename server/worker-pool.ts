import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, type ResourceLimits, Worker } from 'node:worker_threads';

/**
 * A small pool of worker threads for CPU-bound work (typesetting PDFs), so that the event
 * loop keeps answering (/healthz, text letters, pages) while letters are made. One task per
 * thread at a time: the work is CPU-bound, so more would only queue inside the thread.
 *
 * A task that throws rejects with its error (a 500: our fault). A thread that dies (a crash,
 * out of memory) rejects the task it was running with a 503 `WorkerPoolError` and is
 * replaced, so asking again works; a full queue rejects at once with a 503 too. The error
 * handler answers 503s like load shedding, with Retry-After. Idle threads do not keep the
 * process alive.
 */

export class WorkerPoolError extends Error {
  constructor(
    message: string,
    /** FST-style fields the Fastify error handler reads: 503 means "busy, try again". */
    readonly code:
      | 'WORKER_POOL_BUSY'
      | 'WORKER_POOL_CRASHED'
      | 'WORKER_POOL_CLOSED'
      | 'WORKER_POOL_NOT_STARTED',
    readonly statusCode: number,
  ) {
    super(message);
    this.name = 'WorkerPoolError';
  }
}

export interface WorkerPoolOptions {
  /** Threads to start (at least 1). */
  threads: number;
  /** Tasks that may wait for a thread; more are refused with a 503 error. */
  maxQueue: number;
  resourceLimits?: ResourceLimits;
  /**
   * Milliseconds after the first thread is ready that the others start, unless a task has
   * to wait before (default 1,000).
   */
  othersAfterMs?: number;
}

export interface WorkerPool<Input, Output, Info = unknown> {
  run(input: Input): Promise<Output>;
  /**
   * Waits for the first thread to have loaded (fonts parsed), with what it told when it
   * was ready (see serveWorkerTasks); rejects if it fails to start. The other threads start
   * a second later, or when a task has to wait, so as not to compete with the first (and
   * the rest of start-up, and the first tasks) for the cores.
   */
  ready(): Promise<Info>;
  /** Tasks waiting for a thread, and tasks running. */
  load(): { queued: number; running: number };
  /** Refuses new tasks, lets running ones finish, then stops the threads. */
  close(): Promise<void>;
}

type Reply<Output> =
  | { type: 'ready'; info: unknown }
  | { type: 'done'; id: number; output: Output }
  | { type: 'failed'; id: number; error: { name: string; message: string; stack?: string } };

interface Task<Input, Output> {
  id: number;
  input: Input;
  resolve: (output: Output) => void;
  reject: (error: Error) => void;
}

interface Slot<Input, Output> {
  worker: Worker;
  ready: Promise<unknown>;
  /** Tasks go to a thread only once it is ready: never behind another thread's start-up. */
  isReady: boolean;
  task: Task<Input, Output> | null;
}

/**
 * `file` is the worker's module (a sibling .js file once compiled). Run from TypeScript
 * sources (tsx, vitest), the thread needs tsx's loader to import a .ts file.
 */
export function createWorkerPool<Input, Output, Info = unknown>(
  file: URL,
  options: WorkerPoolOptions,
): WorkerPool<Input, Output, Info> {
  const slots: Slot<Input, Output>[] = [];
  const queue: Task<Input, Output>[] = [];
  let nextId = 1;
  let closing: Promise<void> | null = null;

  const start = (): Slot<Input, Output> => {
    const worker = file.pathname.endsWith('.ts')
      ? throughTsx(file, options.resourceLimits)
      : new Worker(file, { resourceLimits: options.resourceLimits });
    worker.unref();
    let markReady: (info: unknown) => void = () => {};
    let failStart: (error: Error) => void = () => {};
    const ready = new Promise<unknown>((resolve, reject) => {
      markReady = resolve;
      failStart = reject;
    });
    // Read by ready() only; a thread that fails to start still rejects its tasks below.
    ready.catch(() => {});
    const slot: Slot<Input, Output> = { worker, ready, isReady: false, task: null };
    worker.on('message', (reply: Reply<Output>) => {
      if (reply.type === 'ready') {
        slot.isReady = true;
        markReady(reply.info);
        return dispatch();
      }
      const task = slot.task;
      if (!task || task.id !== reply.id) return;
      finish(slot);
      if (reply.type === 'done') task.resolve(reply.output);
      else task.reject(Object.assign(new Error(reply.error.message), reply.error));
    });
    // An uncaught exception in the thread: 'exit' follows, which does the clean-up.
    worker.on('error', (error) => failStart(error));
    worker.on('exit', (code) => {
      failStart(new Error(`worker thread exited with code ${code} while starting`));
      const index = slots.indexOf(slot);
      if (index !== -1) slots.splice(index, 1);
      const task = slot.task;
      slot.task = null;
      task?.reject(
        new WorkerPoolError(
          `the worker thread stopped (exit code ${code}) while running this task`,
          'WORKER_POOL_CRASHED',
          // The thread is replaced at once: asking again will most likely work.
          503,
        ),
      );
      // A thread that dies at work is replaced; one that could not even start (a missing
      // font, a syntax error) would only fail again.
      if (!closing && slot.isReady) {
        slots.push(start());
        dispatch();
      }
      if (slots.length === 0) {
        for (const waiting of queue.splice(0)) {
          waiting.reject(
            new WorkerPoolError('no worker thread could start', 'WORKER_POOL_NOT_STARTED', 500),
          );
        }
      }
    });
    return slot;
  };

  const finish = (slot: Slot<Input, Output>) => {
    slot.task = null;
    slot.worker.unref();
    dispatch();
  };

  const dispatch = () => {
    for (const slot of slots) {
      if (slot.task || !slot.isReady) continue;
      const task = queue.shift();
      if (!task) return;
      slot.task = task;
      // A thread with work keeps the process alive until the answer is in.
      slot.worker.ref();
      slot.worker.postMessage({ id: task.id, input: task.input });
    }
    // Tasks wait although a thread is ready: every ready thread is busy.
    if (queue.length > 0 && slots.some((s) => s.isReady)) startOthers();
  };

  // The other threads start a second after the first is ready, or as soon as a task has to
  // wait for a thread: started at once, their loading took the cores from the first letters
  // (measured with `npm run bench`: the first PDF after a cold start ~0.1 s sooner).
  let othersStarted = options.threads <= 1;
  function startOthers() {
    if (othersStarted || closing) return;
    othersStarted = true;
    for (let i = 1; i < options.threads; i++) slots.push(start());
  }

  const first = start();
  slots.push(first);
  first.ready.then(
    () => setTimeout(startOthers, options.othersAfterMs ?? 1000).unref(),
    () => {},
  );

  return {
    run(input) {
      if (closing)
        return Promise.reject(
          new WorkerPoolError('the worker pool is closed', 'WORKER_POOL_CLOSED', 503),
        );
      if (queue.length >= options.maxQueue && !slots.some((s) => s.isReady && !s.task)) {
        return Promise.reject(
          new WorkerPoolError('every worker thread is busy', 'WORKER_POOL_BUSY', 503),
        );
      }
      return new Promise<Output>((resolve, reject) => {
        queue.push({ id: nextId++, input, resolve, reject });
        dispatch();
      });
    },
    ready: () => first.ready as Promise<Info>,
    load: () => ({ queued: queue.length, running: slots.filter((s) => s.task).length }),
    close() {
      closing ??= (async () => {
        // Tasks still queued run first: close() follows the server's own close, which has
        // already stopped taking requests and waits for those under way.
        while (queue.length > 0 || slots.some((s) => s.task)) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        await Promise.all(slots.map((s) => s.worker.terminate()));
      })();
      return closing;
    },
  };
}

/**
 * Node 20 applies neither `--import tsx` nor tsx's ESM hooks to a worker thread, so from
 * sources (tsx, vitest) the thread registers tsx's require hook and loads the worker's
 * TypeScript through it. tsx is a dev dependency: the compiled server starts its compiled
 * .js worker directly and never comes here.
 */
function throughTsx(file: URL, limits: ResourceLimits | undefined): Worker {
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const code = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(fileURLToPath(file))});`;
  return new Worker(code, { eval: true, resourceLimits: limits });
}

/**
 * The thread's side: call once in the worker module, after its slow set-up, with the function
 * that does one task, and what the pool should know once. Outputs that are Buffers move to the main thread without a copy.
 */
export function serveWorkerTasks<Input, Output>(
  handle: (input: Input) => Promise<Output>,
  /** Told to the pool once, when this thread is ready (structured-cloneable). */
  info?: unknown,
): void {
  if (isMainThread || !parentPort) throw new Error('serveWorkerTasks runs in a worker thread');
  const port = parentPort;
  port.on('message', async ({ id, input }: { id: number; input: Input }) => {
    try {
      const output = await handle(input);
      const transfer =
        output instanceof Uint8Array &&
        output.byteOffset === 0 &&
        output.byteLength === output.buffer.byteLength &&
        output.buffer instanceof ArrayBuffer
          ? [output.buffer]
          : [];
      port.postMessage({ type: 'done', id, output }, transfer);
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      port.postMessage({
        type: 'failed',
        id,
        error: { name: error.name, message: error.message, stack: error.stack },
      });
    }
  });
  port.postMessage({ type: 'ready', info });
}
