/**
 * Load test: autocannon against a locally started server (127.0.0.1 only), 50 connections,
 * bounded in time. Prints requests/s, latency p50/p99, errors and timeouts per scenario.
 *
 *   npm run load            (LOAD_SECONDS=10 per scenario by default)
 */
import autocannon from 'autocannon';
import { benchLetter, startServer } from './serve-for-bench.js';

const seconds = Number(process.env.LOAD_SECONDS ?? 10);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 50);
const server = await startServer();
const letter = { ...benchLetter, language: 'en' };

const scenarios = [
  { name: 'GET /healthz', method: 'GET' as const, path: '/healthz' },
  { name: 'GET / (form)', method: 'GET' as const, path: '/' },
  {
    name: 'POST /api/letters text',
    method: 'POST' as const,
    path: '/api/letters',
    body: { ...letter, format: 'text' },
  },
  {
    name: 'POST /api/letters pdf',
    method: 'POST' as const,
    path: '/api/letters',
    body: { ...letter, format: 'pdf' },
  },
];

console.log(
  `load: ${connections} connections, ${seconds} s per scenario, server RSS ${server.rssMiB().toFixed(0)} MiB at start`,
);
console.log('| scenario | requests | req/s | p50 ms | p99 ms | errors | timeouts | non-2xx |');
console.log('|---|---|---|---|---|---|---|---|');
let failed = false;
for (const s of scenarios) {
  const result = await autocannon({
    url: server.url + s.path,
    method: s.method,
    connections,
    duration: seconds,
    timeout: 30,
    headers: { 'content-type': 'application/json' },
    body: 'body' in s ? JSON.stringify(s.body) : undefined,
  });
  const non2xx = result.non2xx;
  if (result.errors || result.timeouts || non2xx) failed = true;
  console.log(
    `| ${s.name} | ${result.requests.total} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ${result.latency.p99} | ${result.errors} | ${result.timeouts} | ${non2xx} |`,
  );
}
console.log(`server RSS at end: ${server.rssMiB().toFixed(0)} MiB`);
await server.stop();
process.exit(failed ? 1 : 0);
