/**
 * npm run bench: what one letter costs, ours beside every other way of making it, on the
 * same content (a combined letter to both controllers, a long name with accents), and the
 * HTTP throughput with one worker and with all cores. Prints medians and ratios; asserts
 * nothing (targets are read from the table, never from timed unit tests).
 *
 *   BENCH_RUNS=40 BENCH_SECONDS=10 npm run bench
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { chromium } from 'playwright-core';
import { createLetterMaker } from '../server/index.js';
import type { Letter, LetterSet } from '../server/letters/letter.js';
import { benchLetter, startServer } from './serve-for-bench.js';

const runs = Number(process.env.BENCH_RUNS ?? 40);
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const require = createRequire(import.meta.url);
const ttf = {
  regular: require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
};

async function median(fn: () => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

const maker = await createLetterMaker();
const validation = maker.validate({ ...benchLetter, language: 'en' });
if (!validation.ok) throw new Error('bench letter is invalid');
const request = validation.request;
const set = maker.compose(request, new Date());

/** The letters' final text as blocks (what every peer typesets). */
const blocksOf = (letter: Letter) => [
  { text: [letter.sender.name, ...letter.sender.lines, letter.sender.email].join('\n') },
  { text: [letter.recipient.name, ...letter.recipient.lines].join('\n') },
  { text: letter.placeAndDate },
  { text: letter.subjectLine, bold: true },
  { text: letter.salutation },
  ...letter.body.map((b) =>
    b.type === 'list'
      ? { text: b.items.map((i) => `• ${i}`).join('\n') }
      : { text: b.text, bold: b.type === 'heading' },
  ),
  { text: letter.closing },
  { text: `\n\n${letter.signatureName}` },
];

/** Bare pdfkit writing the same blocks with the given fonts (no tagging, no PDF/A). */
function barePdfkit(
  fonts: { regular: unknown; bold: unknown } | 'Helvetica',
  letters: LetterSet,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 64, left: 70, right: 60 },
    autoFirstPage: false,
  });
  if (fonts === 'Helvetica') {
    doc.registerFont('regular', 'Helvetica');
    doc.registerFont('bold', 'Helvetica-Bold');
  } else {
    doc.registerFont('regular', fonts.regular as string);
    doc.registerFont('bold', fonts.bold as string);
  }
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
  });
  for (const letter of letters.letters) {
    doc.addPage();
    for (const block of blocksOf(letter)) {
      doc
        .font(block.bold ? 'bold' : 'regular')
        .fontSize(10.5)
        .text(block.text, { width: 465, lineGap: 2.2 });
      doc.moveDown(0.6);
    }
  }
  doc.end();
  return done;
}

const regularBuffer = readFileSync(ttf.regular);
const boldBuffer = readFileSync(ttf.bold);
const sharedFonts = { regular: fontkit.create(regularBuffer), bold: fontkit.create(boldBuffer) };

// pdfmake 0.3 (what the best-known open-source generator uses), with the same TTF.
const pdfmake = require('pdfmake') as {
  virtualfs: { writeFileSync(name: string, data: Buffer): void };
  setFonts(fonts: unknown): void;
  createPdf(def: unknown): { getBuffer(): Promise<Buffer> };
};
pdfmake.virtualfs.writeFileSync('NotoSans-Regular.ttf', regularBuffer);
pdfmake.virtualfs.writeFileSync('NotoSans-Bold.ttf', boldBuffer);
pdfmake.setFonts({
  Noto: {
    normal: 'NotoSans-Regular.ttf',
    bold: 'NotoSans-Bold.ttf',
    italics: 'NotoSans-Regular.ttf',
    bolditalics: 'NotoSans-Bold.ttf',
  },
});
const pdfmakeDefinition = {
  pageSize: 'A4',
  pageMargins: [70, 56, 60, 64],
  defaultStyle: { font: 'Noto', fontSize: 10.5, lineHeight: 1.2 },
  content: set.letters.flatMap((letter, i) =>
    blocksOf(letter).map((b, j) => ({
      text: b.text,
      bold: b.bold ?? false,
      margin: [0, 0, 0, 6],
      pageBreak: i > 0 && j === 0 ? 'before' : undefined,
    })),
  ),
};

// The same letter as HTML, for Chromium's page.pdf().
const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const html = `<!doctype html><html lang="en"><meta charset="utf-8"><style>
@font-face{font-family:Noto;src:url(data:font/ttf;base64,${regularBuffer.toString('base64')})}
@font-face{font-family:Noto;font-weight:bold;src:url(data:font/ttf;base64,${boldBuffer.toString('base64')})}
body{font:10.5pt/1.45 Noto} .letter{break-after:page} p{white-space:pre-line;margin:0 0 6pt}</style><body>${set.letters
  .map(
    (l) =>
      `<div class="letter">${blocksOf(l)
        .map((b) => `<p${b.bold ? ' style="font-weight:bold"' : ''}>${escapeHtml(b.text)}</p>`)
        .join('')}</div>`,
  )
  .join('')}</body></html>`;

const results: { name: string; ms: number; note?: string }[] = [];
const measure = async (name: string, fn: () => unknown, note?: string) => {
  const ms = await median(fn);
  results.push({ name, ms, note });
  console.error(`  ${name}: ${ms.toFixed(2)} ms`);
};

console.error(
  `bench: ${runs} runs each (median), ${set.letters.length} letters, ${availableParallelism()} cores`,
);
await measure('ours (compose + PDF/A, tagged)', () =>
  maker.renderPdf(maker.compose(request, new Date()), request),
);
await measure(
  'no-embed (bare pdfkit, Helvetica)',
  () => barePdfkit('Helvetica', set),
  'cannot write Ł, Ż, Greek or Cyrillic',
);
await measure('naive (TTF registered per document)', () =>
  barePdfkit({ regular: regularBuffer, bold: boldBuffer }, set),
);
await measure('shared (one fontkit object)', () => barePdfkit(sharedFonts, set));
await measure('pdfmake 0.3', () => pdfmake.createPdf(pdfmakeDefinition).getBuffer());
await measure('text (compose + plain text)', () =>
  maker.renderText(maker.compose(request, new Date())),
);

if (existsSync('/usr/bin/chromium')) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
  const context = await browser.newContext();
  await measure('Chromium page.pdf(), new page', async () => {
    const page = await context.newPage();
    await page.setContent(html);
    await page.pdf({ format: 'A4' });
    await page.close();
  });
  const warm = await context.newPage();
  await measure('Chromium page.pdf(), warm page', async () => {
    await warm.setContent(html);
    await warm.pdf({ format: 'A4' });
  });
  await browser.close();
} else {
  console.error('  (no /usr/bin/chromium: the Chromium peers are skipped)');
}

const base = results.find((r) => r.name.startsWith('no-embed'))?.ms ?? Number.NaN;
const ours = results[0]?.ms ?? Number.NaN;
console.log(`\n| way of making the letter | median ms | × no-embed | ours is N× faster |`);
console.log('|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.name}${r.note ? ` (${r.note})` : ''} | ${r.ms.toFixed(2)} | ${(r.ms / base).toFixed(2)} | ${(r.ms / ours).toFixed(2)} |`,
  );
}

// HTTP: the started server, one worker and all cores, beside the hello-world route.
console.log(
  `\n| HTTP, ${seconds} s, 50 connections | workers | req/s | p50 ms | p99 ms | errors | non-2xx |`,
);
console.log('|---|---|---|---|---|---|---|');
for (const workers of [1, availableParallelism()]) {
  // Load shedding off: this measures what the server can do, not when it says no.
  const server = await startServer({ WORKERS: String(workers), MAX_EVENT_LOOP_DELAY_MS: '0' });
  for (const [name, path, body] of [
    ['GET /healthz (hello world)', '/healthz', undefined],
    ['POST /api/letters pdf', '/api/letters', { ...benchLetter, language: 'en', format: 'pdf' }],
    ['POST /api/letters text', '/api/letters', { ...benchLetter, language: 'en', format: 'text' }],
  ] as const) {
    const r = await autocannon({
      url: server.url + path,
      method: body ? 'POST' : 'GET',
      connections: 50,
      duration: seconds,
      timeout: 30,
      headers: { 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    console.log(
      `| ${name} | ${workers} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${r.errors + r.timeouts} | ${r.non2xx} |`,
    );
  }
  await server.stop();
}
