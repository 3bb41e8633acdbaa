/**
 * Soak test: SOAK_LETTERS letters (default 100,000) through POST /api/letters of a locally
 * started server (127.0.0.1 only), 50 connections. Prints RSS after warm-up, in the middle
 * and at the end, and any error or timeout. Memory should stay flat after warm-up.
 *
 *   npm run soak            SOAK_FORMAT=text|pdf (default text), SOAK_LETTERS=100000
 * (A two-letter PDF costs ~25 ms of CPU: 100,000 of them take most of an hour on two
 * cores; a few thousand show memory, e.g. SOAK_FORMAT=pdf SOAK_LETTERS=3000.)
 */
import autocannon from 'autocannon';
import { letterLanguages } from '../server/letters/request.js';
import { benchLetter, buildServer, startServer } from './serve-for-bench.js';

const total = Number(process.env.SOAK_LETTERS ?? 100_000);
const format = process.env.SOAK_FORMAT ?? 'text';
const connections = Number(process.env.SOAK_CONNECTIONS ?? 50);
// The compiled server, as in production, in the shape of one process of the default
// deployment on this machine (WORKERS = cores, so one PDF thread each) unless PDF_THREADS
// says otherwise: RSS is read from that one process.
buildServer();
const pdfThreads = process.env.PDF_THREADS ?? '1';
const server = await startServer({ PDF_THREADS: pdfThreads }, { compiled: true });
// Every connection goes through the letters in every language, so that every locale and
// the words of every language are in memory.
const requests = letterLanguages.map((language) => ({
  body: JSON.stringify({ ...benchLetter, language, format }),
}));

const run = (amount: number) =>
  autocannon({
    url: `${server.url}/api/letters`,
    method: 'POST',
    connections,
    amount,
    timeout: 30,
    headers: { 'content-type': 'application/json' },
    requests,
  });

const warmUp = Math.min(2000, Math.floor(total / 10));
const started = Date.now();
console.log(
  `soak: ${total} ${format} letters in ${letterLanguages.length} languages, ${connections} connections, ${pdfThreads} PDF thread(s); RSS at start ${server.rssMiB().toFixed(1)} MiB`,
);
const samples: { after: number; rssMiB: number }[] = [];
let done = 0;
let errors = 0;
let timeouts = 0;
let non2xx = 0;
const latencies: { p50: number; p99: number }[] = [];
for (const chunk of [
  warmUp,
  ...Array.from({ length: 10 }, () => Math.floor((total - warmUp) / 10)),
]) {
  if (chunk <= 0) continue;
  const r = await run(chunk);
  done += r.requests.total;
  errors += r.errors;
  timeouts += r.timeouts;
  non2xx += r.non2xx;
  latencies.push({ p50: r.latency.p50, p99: r.latency.p99 });
  samples.push({ after: done, rssMiB: server.rssMiB() });
  console.log(
    `  after ${done} letters: RSS ${server.rssMiB().toFixed(1)} MiB, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${(r.requests.average).toFixed(0)} letters/s`,
  );
}
const seconds = (Date.now() - started) / 1000;
const afterWarmUp = samples[0]?.rssMiB ?? 0;
const middle = samples[Math.floor(samples.length / 2)]?.rssMiB ?? 0;
const end = samples.at(-1)?.rssMiB ?? 0;
console.log(
  `soak done: ${done} letters in ${seconds.toFixed(0)} s (${(done / seconds).toFixed(0)}/s); errors ${errors}, timeouts ${timeouts}, non-2xx ${non2xx}; RSS after warm-up ${afterWarmUp.toFixed(1)} MiB, middle ${middle.toFixed(1)} MiB, end ${end.toFixed(1)} MiB`,
);
await server.stop();
process.exit(errors || timeouts || non2xx ? 1 : 0);
