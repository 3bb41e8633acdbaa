import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import type { LetterRequestInput } from '../server/letters/request.js';

/** The day every test letter is written: due dates follow from it. */
export const testNow = new Date('2026-11-29T10:00:00Z');

/**
 * The real app, with a fixed clock; `logs` collects every log line it writes; `env` sets
 * configuration. The rate limit is off unless `env` turns it on (tests send many requests
 * from one address).
 */
export async function buildTestApp(
  options: { logs?: string[]; env?: Record<string, string>; now?: () => Date } = {},
): Promise<FastifyInstance> {
  const logger = options.logs
    ? {
        level: 'trace',
        stream: new Writable({
          write(chunk, _encoding, callback) {
            options.logs?.push(String(chunk));
            callback();
          },
        }),
      }
    : false;
  // No load shedding unless a test asks for it: a busy test machine is not an overloaded server.
  const config = loadConfig({ RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY_MS: '0', ...options.env });
  const app = await buildApp(config, { logger, now: options.now ?? (() => testNow) });
  await app.ready();
  return app;
}

/** A form post as a browser sends it: urlencoded, checkboxes as repeated keys. */
export function formBody(values: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  return params.toString();
}

/** A complete, valid request for every service, with names no built-in PDF font can write. */
export function fullRequest(overrides: Partial<LetterRequestInput> = {}): LetterRequestInput {
  return {
    kind: 'combined',
    services: ['facebook', 'instagram', 'whatsapp'],
    name: 'Łukasz Żółć',
    street: 'ul. Marszałkowska 12/4',
    postcode: '00-950',
    city: 'Warszawa',
    country: 'PL',
    email: 'lukasz.zolc@example.pl',
    facebook: 'https://www.facebook.com/lukasz.zolc',
    instagram: 'lukasz_zolc',
    messenger: '+48 600 123 457',
    threads: 'lukasz.threads',
    whatsapp: '+48 600 123 456',
    grounds: ['creativeWork', 'imitation'],
    ownGrounds: 'I earn my living as a photographer.',
    language: 'en',
    ...overrides,
  };
}

/** The text of each page of a PDF, as a real PDF reader (pdf.js) extracts it. */
export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      text += item.str + (item.hasEOL ? '\n' : '');
    }
    pages.push(text);
  }
  await doc.destroy();
  return pages;
}

/** Joins a PDF's lines back into running text, so sentences can be searched across line breaks. */
export function flatten(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export async function pdfMetadata(bytes: Uint8Array) {
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
  const { info } = (await doc.getMetadata()) as unknown as { info: Record<string, unknown> };
  await doc.destroy();
  const lib = await PDFDocument.load(bytes, { updateMetadata: false });
  const lang = lib.catalog.get(PDFName.of('Lang'));
  return { info, lang: lang ? String(lang) : undefined, pageCount: lib.getPageCount() };
}

/** Every font a PDF's pages use, and whether its font program is embedded in the file. */
export async function pdfFonts(bytes: Uint8Array): Promise<{ name: string; embedded: boolean }[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const resolve = (value: unknown) => (value instanceof PDFRef ? doc.context.lookup(value) : value);
  const dict = (value: unknown) => {
    const resolved = resolve(value);
    return resolved instanceof PDFDict ? resolved : undefined;
  };
  const fonts = new Map<string, boolean>();
  for (const page of doc.getPages()) {
    const fontDict = dict(dict(page.node.get(PDFName.of('Resources')))?.get(PDFName.of('Font')));
    for (const [, ref] of fontDict?.entries() ?? []) {
      const font = dict(ref);
      if (!font) continue;
      // A Type0 (composite) font keeps its program in its descendant font's descriptor.
      const descendants = resolve(font.get(PDFName.of('DescendantFonts')));
      const target = descendants instanceof PDFArray ? dict(descendants.get(0)) : font;
      const descriptor = dict(target?.get(PDFName.of('FontDescriptor')));
      const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((k) =>
        descriptor?.has(PDFName.of(k)),
      );
      fonts.set(String(font.get(PDFName.of('BaseFont'))), embedded);
    }
  }
  return [...fonts].map(([name, embedded]) => ({ name, embedded }));
}
