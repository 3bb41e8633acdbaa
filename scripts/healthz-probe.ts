/**
 * A load balancer's view of the server while it is busy: GET /healthz every 50 ms, one at a
 * time on one kept-alive connection, for a number of seconds; prints the latencies' p50,
 * p99 and max in ms as JSON. Run by npm run bench in its own process, so that the load
 * generator's event loop cannot delay the probe's timings.
 *
 *   node --import tsx scripts/healthz-probe.ts http://127.0.0.1:3000/healthz 6
 */
import http from 'node:http';

const [url, seconds] = [process.argv[2] ?? '', Number(process.argv[3] ?? 5)];
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const until = Date.now() + seconds * 1000;
const latencies: number[] = [];
while (Date.now() < until) {
  const started = performance.now();
  await new Promise<void>((resolve, reject) =>
    http
      .get(url, { agent }, (response) => {
        response.resume();
        response.on('end', () => resolve());
      })
      .on('error', reject),
  );
  latencies.push(performance.now() - started);
  await new Promise((resolve) => setTimeout(resolve, 50));
}
latencies.sort((a, b) => a - b);
const at = (q: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
console.log(JSON.stringify({ n: latencies.length, p50: at(0.5), p99: at(0.99), max: at(1) }));
agent.destroy();
