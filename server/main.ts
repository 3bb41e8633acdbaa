import cluster from 'node:cluster';
import { type Config, loadConfig } from './config.js';
import { createPdfRenderer } from './letters/pdf.js';

/**
 * The process: read the configuration, then either serve, or (WORKERS > 1) start that many
 * worker processes that share the port, one per core by default. Every process closes
 * gracefully on SIGINT/SIGTERM so that requests under way finish.
 */
async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  if (cluster.isPrimary && config.workers > 1) return supervise(config.workers);
  return serve(config);
}

/**
 * V8 lets a young generation grow to 2 × 16 MB; the event loop's garbage (requests, composed
 * letters) is small and short-lived, and 4 MB semi-spaces handle it as fast while keeping
 * ~30 MB less resident per process. After each full collection V8 lets the old generation
 * grow to up to four times what is live (~21 MB here): under a few thousand text letters a
 * second, ~90 MB of mostly garbage and a process past 200 MB resident; growing by 25 %
 * keeps it at ~160 MB, with no throughput lost that `npm run bench` could see.
 * `npm start` passes the same flags to a single process. (V8's flags hold for the PDF
 * threads too, whose heaps are also capped by resource limits: see pdf.ts.)
 */
const eventLoopV8Flags = ['--max-semi-space-size=4', '--heap-growing-percent=25'];

/** The primary: keeps `count` workers running, and stops them all on a signal. */
function supervise(count: number) {
  let closing = false;
  const inherited = process.execArgv.filter(
    (flag) => !eventLoopV8Flags.some((own) => flag.startsWith(own.split('=')[0] as string)),
  );
  cluster.setupPrimary({ execArgv: [...inherited, ...eventLoopV8Flags] });
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (closing) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // A worker that died is replaced; its in-flight requests are lost, never its data (none is kept).
    console.error(
      JSON.stringify({
        level: 50,
        msg: 'worker exited, starting another',
        pid: worker.process.pid,
        code,
        signal,
      }),
    );
    cluster.fork();
  });
  const close = () => {
    if (closing) return;
    closing = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
}

async function serve(config: Config) {
  // The PDF threads start first: they load pdfkit and parse the fonts while this thread
  // loads Fastify, the locales and the templates (about 0.2 s off the cold start).
  const pdf = createPdfRenderer(config.pdf);
  const { buildApp } = await import('./app.js');
  const app = await buildApp(config, {
    logger: { level: config.logLevel },
    pdf,
  });

  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'closing');
    const timer = setTimeout(() => {
      app.log.error('could not close in 10 s, exiting');
      process.exit(1);
    }, 10_000);
    timer.unref();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
