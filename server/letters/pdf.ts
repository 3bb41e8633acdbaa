import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Fontkit from 'fontkit';
import type PDFDocumentClass from 'pdfkit';
import { projectRoot } from '../paths.js';
import { createWorkerPool } from '../worker-pool.js';
import type { Block, Letter, LetterSet } from './letter.js';

/**
 * Letter -> PDF bytes. This module only typesets: every word comes in with the Letter.
 *
 * Noto Sans (SIL Open Font License) covers Latin with every accent used in EU languages,
 * Greek and Cyrillic. It is read and parsed once, at start-up, and the parsed fontkit
 * objects are handed to each document: pdfkit then skips re-reading the file and only
 * subsets and embeds the glyphs a letter uses.
 */

const require = createRequire(import.meta.url);

/**
 * pdfkit and fontkit are loaded where letters are typeset, and only there: a server's main
 * thread, whose PDF threads typeset, never loads them (25 MB and 150 ms less at start-up).
 */
const typesettingLibraries = () => ({
  fontkit: require('fontkit') as typeof Fontkit,
  PDFDocument: require('pdfkit') as typeof PDFDocumentClass,
});

const fontFiles = {
  regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
} as const;

type FontObject = Fontkit.Font;

// A4 in PostScript points; margins leave room for punching and a window envelope's edge.
const page = { width: 595.28, height: 841.89 };
const margin = { top: 56, bottom: 64, left: 70, right: 60 };
const textWidth = page.width - margin.left - margin.right;
const size = { body: 10.5, small: 8.5, sender: 9.5 };
const lineGap = 2.2;
const colours = { text: '#000000', muted: '#444444' };

/** The person a PDF is for: its author, and what they typed (see `shareLayoutCaches`). */
export interface PdfPerson {
  name: string;
  /** Every value the person typed: typeset for their document only, never kept after it. */
  typed: readonly string[];
}

export interface PdfRenderer {
  /** One PDF holding every letter of the set, each starting on a new page. */
  render(set: LetterSet, person: PdfPerson): Promise<Buffer>;
  /** The characters of `text` that the embedded font cannot draw (no .notdef boxes, ever). */
  missingGlyphs(text: string): string[];
  /** Resolves once the renderer can typeset (its worker threads have parsed the fonts). */
  ready(): Promise<void>;
  /** Stops the worker threads, after the PDFs under way. */
  close(): Promise<void>;
}

export interface PdfRendererOptions {
  /**
   * Worker threads that typeset (0: on the calling thread, as the CLI and library do). A
   * server uses threads so that its event loop answers while a letter is typeset.
   */
  threads?: number;
  /** PDFs that may wait for a thread; more are refused at once with a 503 error. */
  maxQueue?: number;
}

export interface PdfTask {
  set: LetterSet;
  person: PdfPerson;
}

/**
 * Typesetting allocates many short-lived objects (shaped runs, line fragments, content
 * strings): a young generation larger than V8's default spends less time in scavenges.
 * A thread's live heap is ~45 MB once letters in every language were made (fonts, decoded
 * layout tables, the shared word caches); without a cap V8 let it grow past 200 MB of
 * mostly garbage under sustained load. A thread that still ran out would be replaced by
 * the pool, failing only the letter it was making.
 */
const workerResourceLimits = { maxYoungGenerationSizeMb: 24, maxOldGenerationSizeMb: 96 };

export function createPdfRenderer(options: PdfRendererOptions = {}): PdfRenderer {
  const threads = options.threads ?? 0;
  let drawable: ReadonlySet<number> | undefined;
  const missingGlyphs = (text: string) => {
    if (!drawable) throw new Error('the PDF renderer is not ready: await ready() first');
    const missing = new Set<string>();
    for (const char of text) {
      const cp = char.codePointAt(0) ?? 0;
      // Line breaks and tabs are layout, not glyphs.
      if (cp === 0x0a || cp === 0x0d || cp === 0x09) continue;
      if (!drawable.has(cp)) missing.add(char);
    }
    return [...missing];
  };

  if (threads <= 0) {
    const typesetter = createPdfTypesetter();
    drawable = typesetter.drawable;
    return {
      render: typesetter.typeset,
      missingGlyphs,
      ready: async () => {},
      close: async () => {},
    };
  }

  // Compiled, the worker is the sibling .js file; from sources (tsx, vitest) the .ts one.
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const pool = createWorkerPool<PdfTask, Uint8Array, number[]>(
    new URL(`./pdf-worker.${extension}`, import.meta.url),
    { threads, maxQueue: options.maxQueue ?? 100, resourceLimits: workerResourceLimits },
  );
  // The threads parse the fonts; the first to be ready tells which characters they draw.
  const ready = pool.ready().then((codePoints) => {
    drawable = new Set(codePoints);
  });
  ready.catch(() => {});
  return {
    async render(set, person) {
      const bytes = await pool.run({ set, person });
      // The thread's buffer was moved here, not copied; give it its Buffer face back.
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    missingGlyphs,
    ready: () => ready,
    close: () => pool.close(),
  };
}

export interface PdfTypesetter {
  typeset(set: LetterSet, person: PdfPerson): Promise<Buffer>;
  /** The code points both weights can draw. */
  drawable: ReadonlySet<number>;
}

/**
 * Parses both fonts (once per thread) and returns the function that typesets a letter set.
 */
export function createPdfTypesetter(): PdfTypesetter {
  const { fontkit, PDFDocument } = typesettingLibraries();
  rememberLineBreaks(PDFDocument);
  const load = (path: string) => {
    const font = fontkit.create(readFileSync(require.resolve(path)));
    if (!('layout' in font)) throw new Error(`${path} is a font collection, not a font`);
    // fontkit caches each glyph with the code points it was first looked up by. Subsetting a
    // composite glyph (Ż = Z + dot) looks its components up with none, and since this font
    // object outlives the document, a later letter's "Z" would lose its ToUnicode entry and
    // copy or extract as garbage. Looking every mapped glyph up by its code point first
    // pins the right code points (the lowest, so U+0020 wins over U+00A0).
    for (const codePoint of font.characterSet) font.glyphForCodePoint(codePoint);
    return font as FontObject;
  };
  const regular = load(fontFiles.regular);
  const bold = load(fontFiles.bold);
  // Read now, not during a person's first letter.
  lettersOwnWords();
  const drawable = new Set(
    regular.characterSet.filter(
      (cp) => regular.hasGlyphForCodePoint(cp) && bold.hasGlyphForCodePoint(cp),
    ),
  );
  return {
    typeset: (set, person) => renderPdf(PDFDocument, set, person, regular, bold),
    drawable,
  };
}

function renderPdf(
  PDFDocument: typeof PDFDocumentClass,
  set: LetterSet,
  person: PdfPerson,
  regular: FontObject,
  bold: FontObject,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: margin,
    autoFirstPage: false,
    bufferPages: true,
    // No default Helvetica: every font in the file is embedded.
    font: regular as unknown as string,
    // PDF/A-2a: archival (fonts embedded, XMP metadata, sRGB output intent, no external
    // references) and accessible (tagged: a structure tree gives screen readers the order).
    pdfVersion: '1.7',
    subset: 'PDF/A-2a',
    tagged: true,
    lang: set.language,
    displayTitle: true,
    info: {
      Title: set.letters.map((l) => l.title).join(' / '),
      Author: person.name,
      Subject: set.letters[0]?.subject ?? '',
      Creator: 'GDPR letters about Meta AI training',
      // The letter's own date, not the clock: the same letter on the same day is the same
      // file, byte for byte (pdfkit derives the file ID from this information), so the
      // SHA-256 shown on the page is the one of the PDF a person downloads.
      CreationDate: new Date(`${set.letters[0]?.date ?? '2026-01-01'}T00:00:00Z`),
    },
  });
  doc.registerFont('regular', regular as unknown as string);
  doc.registerFont('bold', bold as unknown as string);
  shareLayoutCaches(doc, person.typed, regular, bold);

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  const firstPages: number[] = [];
  for (const letter of set.letters) {
    firstPages.push(doc.bufferedPageRange().count);
    doc.addPage();
    typesetLetter(doc, root, letter);
    // The courtesy translation follows its original on a new page, counted with it.
    if (letter.courtesyTranslation) {
      doc.addPage();
      typesetLetter(doc, root, letter.courtesyTranslation);
    }
  }
  addFooters(doc, set, firstPages);
  root.end();
  doc.end();
  return done;
}

type Struct = PDFKit.PDFStructureElement;

/**
 * Shaping text with OpenType layout is most of the cost of a letter (GSUB/GPOS lookups in
 * fontkit), and pdfkit caches the shaped runs per word only for one document. Letters
 * repeat the same words, so each font's cache is shared by every document of the process.
 * A cached run is never changed after pdfkit stores it (positions are scaled once, before);
 * each document still subsets and embeds only the glyphs it uses. The caches are dropped
 * when they grow large, so that memory cannot grow without bound.
 *
 * What a person typed is not kept: a word not yet shared that is part of a typed value (a
 * name, part of an address or a link, their own words), and is not a word of the letters'
 * own strings, is shaped for their document only, and goes with it. The shared caches hold
 * the letters' own words, and words that are no one's (test/letters/pdf.test.ts looks).
 */
interface ShapedRun {
  glyphs: unknown[];
  positions: unknown[];
  advanceWidth: number;
}
interface EmbeddedFontInternals {
  font?: unknown;
  layoutCache?: Record<string, ShapedRun>;
  layoutCached?(text: string): ShapedRun;
  layoutRun?(text: string, features: unknown): ShapedRun;
  layout?: typeof layoutByWords;
}
interface SharedLayout {
  cache: Record<string, ShapedRun>;
  /** Advance widths of whole strings (line wrapping measures every word, often the same). */
  widths: Map<string, number>;
  uses: number;
}
const sharedLayouts = new Map<unknown, SharedLayout>();
const layoutCacheLimit = 20_000;

function shareLayoutCaches(
  doc: PDFKit.PDFDocument,
  typed: readonly string[],
  ...fonts: FontObject[]
): void {
  const personal = overlapsTyped(typed);
  (doc as unknown as WrappedDocument)[typedIn] = personal;
  const internals = doc as unknown as {
    _font: EmbeddedFontInternals;
    _fontFamilies: Record<string, EmbeddedFontInternals>;
  };
  const families = internals._fontFamilies;
  // The document already opened the regular font (its default font): file it under its
  // registered name too, or pdfkit opens it a second time and compares the two copies'
  // name tables (JSON.stringify of every record) just to find they are the same.
  if (internals._font.font === fonts[0]) families.regular = internals._font;
  for (const name of ['bold', 'regular']) doc.font(name);
  for (const font of fonts) {
    let entry = sharedLayouts.get(font);
    // Counting keys costs a little: only every 200 documents.
    if (
      !entry ||
      (++entry.uses % 200 === 0 &&
        (Object.keys(entry.cache).length > layoutCacheLimit ||
          entry.widths.size > layoutCacheLimit))
    ) {
      entry = {
        cache: Object.create(null) as Record<string, ShapedRun>,
        widths: new Map(),
        uses: 0,
      };
      sharedLayouts.set(font, entry);
    }
    for (const embedded of Object.values(families)) {
      if (embedded.font !== font || !embedded.layoutCache) continue;
      embedded.layoutCache = entry.cache;
      const { cache, widths } = entry;
      // This document's own shaped words and widths: those of what the person typed.
      const own = Object.create(null) as Record<string, ShapedRun>;
      const ownWidths = new Map<string, number>();
      // Keep only what pdfkit reads of a shaped word. fontkit's GlyphRun also holds its
      // feature set, script and language (a fifth of the cache's memory), and sums the
      // glyphs' advances again each time its advanceWidth is read.
      embedded.layoutCached = function (this: EmbeddedFontInternals, text) {
        const known = cache[text] ?? own[text];
        if (known) return known;
        const run = (this.layoutRun as NonNullable<EmbeddedFontInternals['layoutRun']>)(
          text,
          undefined,
        );
        const slim = {
          glyphs: run.glyphs,
          positions: run.positions,
          advanceWidth: run.advanceWidth,
        };
        if (personal(text)) own[text] = slim;
        else cache[text] = slim;
        return slim;
      };
      embedded.layout = function (this: EmbeddedFontInternals, text, features, onlyWidth) {
        return layoutByWords.call(this, text, features, onlyWidth, widths, ownWidths, personal);
      };
    }
  }
}

/** A word without the punctuation and symbols at its ends ("(Łukasz)," → "Łukasz"). */
const core = (word: string) => word.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');

/**
 * Every word of the letters' own strings, in every language (locales/<lng>/letter.json):
 * shared even where a person typed the same word ("a", "of", "Instagram").
 */
let ownWords: Set<string> | undefined;
function lettersOwnWords(): Set<string> {
  if (ownWords) return ownWords;
  const words = new Set<string>();
  const add = (node: unknown): void => {
    if (typeof node === 'string') for (const w of node.split(/\s+/)) words.add(core(w));
    else if (node && typeof node === 'object') Object.values(node).forEach(add);
  };
  const locales = join(projectRoot, 'locales');
  for (const lng of readdirSync(locales))
    add(JSON.parse(readFileSync(join(locales, lng, 'letter.json'), 'utf8')));
  ownWords = words;
  return words;
}

/**
 * Whether a string (a word or part of one, or a line) holds a word of what the person typed:
 * part of a typed value, and not one of the letters' own words.
 */
function overlapsTyped(typed: readonly string[]): (text: string) => boolean {
  const own = lettersOwnWords();
  return (text) =>
    text.split(/\s+/).some((word) => {
      const c = core(word);
      return c !== '' && !own.has(c) && typed.some((v) => v.includes(c));
    });
}

/** Every word and string the shared caches hold now (for tests: none may be anyone's). */
export function sharedLayoutKeys(): string[] {
  return [
    ...[...sharedLayouts.values()].flatMap((e) => [...Object.keys(e.cache), ...e.widths.keys()]),
    ...lineBreaks.keys(),
  ];
}

/**
 * Where pdfkit breaks a paragraph into lines depends only on its text, font, size and width:
 * the letters' paragraphs come back in every letter of their language, and finding their
 * breaks again (Unicode line-breaking rules, measuring each word) was a fifth of a PDF's
 * time. pdfkit's LineWrapper hands each word, its width and its break to a callback, in
 * order; for a paragraph with nothing typed in it (see `overlapsTyped`) those calls are
 * kept, as offsets, widths and flags, and the next document's wrapper replays them to the
 * same callback: the same lines, page breaks and bytes (test/letters/pdf.test.ts compares
 * whole files made with and without). Documents made without `shareLayoutCaches` (pdfkit
 * used for anything else in this thread) are wrapped as before.
 */
const typedIn = Symbol('what the person typed');
interface WrappedDocument {
  [typedIn]?: (text: string) => boolean;
  _font: { font: object };
  _fontSize: number;
}
type Break = { required: boolean };
type WordCallback = (word: string, width: number, bk: Break, last: Break | null) => unknown;
interface LineWrapperInternals {
  document: WrappedDocument;
  lineWidth: number;
  spaceLeft: number;
  continuedX: number;
  characterSpacing: number;
  wordSpacing: number;
  horizontalScaling: number;
  indent: number;
  indentAllLines: boolean;
  columns: number;
  features?: unknown;
  height?: number;
  eachWord(text: string, fn: WordCallback): void;
}
/** Per paragraph and setting: [end offset, width, flags] for each call of the callback. */
const lineBreaks = new Map<string, Float64Array>();
const lineBreaksLimit = 5_000;
const fontNumbers = new WeakMap<object, number>();
let nextFontNumber = 0;
let lineBreaksRemembered = false;
/** Off only to compare files made with and without (tests). */
export const lineBreakMemory = { enabled: true };

function rememberLineBreaks(PDFDocument: typeof PDFDocumentClass): void {
  if (lineBreaksRemembered) return;
  lineBreaksRemembered = true;
  // pdfkit does not export its LineWrapper: a continued text leaves one on a document.
  const probe = new PDFDocument({ autoFirstPage: true });
  probe.text('x', { width: 100, continued: true });
  const wrapper = (probe as unknown as { _wrapper: LineWrapperInternals })._wrapper;
  const prototype = Object.getPrototypeOf(wrapper) as LineWrapperInternals;
  const eachWord = prototype.eachWord;
  prototype.eachWord = function (this: LineWrapperInternals, text, fn) {
    const personal = this.document[typedIn];
    // Columns, fixed heights (an ellipsis may stop early) and font features: as pdfkit does.
    if (
      !personal ||
      !lineBreakMemory.enabled ||
      this.height != null ||
      this.features ||
      this.columns !== 1
    )
      return eachWord.call(this, text, fn);
    const key = lineBreakKey(this, text);
    const known = lineBreaks.get(key);
    if (known) {
      let start = 0;
      for (let i = 0; i < known.length; i += 3) {
        const end = known[i] as number;
        const flags = known[i + 2] as number;
        fn(
          text.slice(start, end),
          known[i + 1] as number,
          { required: (flags & 1) !== 0 },
          flags & 2 ? null : { required: (flags & 4) !== 0 },
        );
        start = end;
      }
      return;
    }
    const calls: number[] = [];
    let offset = 0;
    let stopped = false;
    eachWord.call(this, text, (word, width, bk, last) => {
      offset += word.length;
      calls.push(offset, width, (bk.required ? 1 : 0) | (last == null ? 2 : last.required ? 4 : 0));
      const result = fn(word, width, bk, last);
      if (result === false) stopped = true;
      return result;
    });
    // The words must have covered the whole text, in order.
    if (stopped || offset !== text.length || personal(text)) return;
    if (lineBreaks.size >= lineBreaksLimit) lineBreaks.clear();
    lineBreaks.set(key, Float64Array.from(calls));
  };
}

function lineBreakKey(wrapper: LineWrapperInternals, text: string): string {
  const font = wrapper.document._font.font;
  let number = fontNumbers.get(font);
  if (number === undefined) {
    number = nextFontNumber++;
    fontNumbers.set(font, number);
  }
  const w = wrapper;
  return `${number}|${w.document._fontSize}|${w.lineWidth}|${w.spaceLeft}|${w.continuedX}|${w.characterSpacing}|${w.wordSpacing}|${w.horizontalScaling}|${w.indent}|${w.indentAllLines}|${text}`;
}

/**
 * pdfkit's EmbeddedFont#layout (0.20.2), with the same word splitting and the same result,
 * minus two costs that showed in profiles: it joined each line's glyphs with Array#concat
 * once per word (a new, longer array every word: quadratic, and a fifth of the garbage),
 * and it measured the same words again in every document.
 */
function layoutByWords(
  this: EmbeddedFontInternals,
  text: string,
  features: unknown,
  onlyWidth: boolean,
  widths: Map<string, number>,
  ownWidths: Map<string, number>,
  personal: (text: string) => boolean,
): ShapedRun | { glyphs: null; positions: null; advanceWidth: number } {
  if (features)
    return (this.layoutRun as NonNullable<EmbeddedFontInternals['layoutRun']>)(text, features);
  const layoutCached = this.layoutCached as NonNullable<EmbeddedFontInternals['layoutCached']>;
  if (onlyWidth) {
    const known = widths.get(text) ?? ownWidths.get(text);
    if (known !== undefined) return { glyphs: null, positions: null, advanceWidth: known };
  }
  const glyphs: unknown[] = [];
  const positions: unknown[] = [];
  let advanceWidth = 0;
  let last = 0;
  let index = 0;
  // A word runs up to and including the next space or tab, as in pdfkit.
  while (index <= text.length) {
    const char = text.charCodeAt(index);
    if ((index === text.length && last < index) || char === 0x20 || char === 0x09) {
      const run = layoutCached.call(this, text.slice(last, ++index));
      if (!onlyWidth) {
        for (const glyph of run.glyphs) glyphs.push(glyph);
        for (const position of run.positions) positions.push(position);
      }
      advanceWidth += run.advanceWidth;
      last = index;
    } else {
      index++;
    }
  }
  if (onlyWidth) {
    (personal(text) ? ownWidths : widths).set(text, advanceWidth);
    return { glyphs: null, positions: null, advanceWidth };
  }
  return { glyphs, positions, advanceWidth };
}

function typesetLetter(
  doc: PDFKit.PDFDocument,
  root: Struct,
  letter: Omit<Letter, 'courtesyTranslation'>,
): void {
  const left = margin.left;
  // One section per letter, in its own language (a courtesy translation is English).
  const sect = doc.struct('Sect', { lang: letter.language });
  root.add(sect);
  const tag = (type: string, draw: () => void) => {
    const element = doc.struct(type, {}, draw);
    sect.add(element);
    element.end();
  };

  // Sender block, top left.
  tag('P', () => {
    doc.fillColor(colours.text).font('bold').fontSize(size.sender);
    doc.text(letter.sender.name, left, margin.top, { width: textWidth / 2 });
    doc.font('regular');
    doc.text([...letter.sender.lines, letter.sender.email].join('\n'), {
      width: textWidth / 2,
      lineGap: 0.5,
    });
  });

  // Recipient block where a left-window envelope (DL/C5, ISO 269) shows it: 45 mm from the top.
  const recipientTop = Math.max(doc.y + 18, 128);
  tag('P', () => {
    doc.fontSize(size.body).font('regular');
    doc.text([letter.recipient.name, ...letter.recipient.lines].join('\n'), left, recipientTop, {
      width: textWidth / 2,
      lineGap: 0.5,
    });
  });

  // Place and date, right aligned, with the due date under it.
  doc.moveDown(2);
  tag('P', () => {
    doc.text(letter.placeAndDate, left, doc.y, { width: textWidth, align: 'right' });
  });
  // Under it, small: the due date (none for a complaint) and the letter's reference.
  for (const note of [letter.dueDateNote, letter.referenceLine]) {
    if (!note) continue;
    tag('P', () => {
      doc.fontSize(size.small).fillColor(colours.muted);
      doc.text(note, { width: textWidth, align: 'right' });
      doc.fillColor(colours.text).fontSize(size.body);
    });
  }

  doc.moveDown(1.5);
  tag('H1', () => {
    doc.font('bold').text(letter.subjectLine, left, doc.y, { width: textWidth, lineGap });
    doc.font('regular');
  });
  doc.moveDown(1);
  tag('P', () => doc.text(letter.salutation, { width: textWidth, lineGap }));

  for (const block of letter.body) typesetBlock(doc, sect, block);

  // Closing and signature stay together on one page.
  doc.moveDown(0.8);
  keepTogether(doc, 120);
  tag('P', () => doc.text(letter.closing, left, doc.y, { width: textWidth, lineGap }));
  doc.moveDown(3.2);
  const lineY = doc.y;
  // The signature line is decoration, not content.
  doc.markContent('Artifact', { type: 'Layout' });
  doc
    .moveTo(left, lineY)
    .lineTo(left + 200, lineY)
    .lineWidth(0.5)
    .strokeColor(colours.muted)
    .stroke();
  doc.endMarkedContent();
  tag('P', () => {
    doc
      .fontSize(size.small)
      .fillColor(colours.muted)
      .text(letter.signatureLabel, left, lineY + 3);
    doc
      .fontSize(size.body)
      .fillColor(colours.text)
      .text(letter.signatureName, left, doc.y + 2, { width: textWidth });
  });
  sect.end();
}

function typesetBlock(doc: PDFKit.PDFDocument, sect: Struct, block: Block): void {
  const left = margin.left;
  const tag = (type: string, draw: () => void) => {
    const element = doc.struct(type, {}, draw);
    sect.add(element);
    element.end();
  };
  switch (block.type) {
    case 'heading':
      doc.moveDown(0.9);
      // No heading alone at the foot of a page.
      keepTogether(doc, 60);
      tag('H2', () => {
        doc.font('bold').text(block.text, left, doc.y, { width: textWidth, lineGap });
        doc.font('regular');
      });
      doc.moveDown(0.3);
      return;
    case 'notice':
      doc.moveDown(0.6);
      tag('P', () => {
        doc.font('bold').text(block.text, left, doc.y, { width: textWidth, lineGap });
        doc.font('regular');
      });
      return;
    case 'paragraph':
      doc.moveDown(0.6);
      tag('P', () => doc.text(block.text, left, doc.y, { width: textWidth, lineGap }));
      return;
    case 'quote':
      doc.moveDown(0.6);
      tag('BlockQuote', () =>
        doc.text(block.text, left + 18, doc.y, { width: textWidth - 18, lineGap }),
      );
      return;
    case 'list': {
      doc.moveDown(0.4);
      const list = doc.struct('L');
      sect.add(list);
      doc.list(block.items, left + 8, doc.y, {
        width: textWidth - 8,
        lineGap,
        bulletRadius: 1.6,
        textIndent: 10,
        paragraphGap: 3,
        structParent: list,
      } as PDFKit.Mixins.TextOptions);
      list.end();
      return;
    }
  }
}

function keepTogether(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > page.height - margin.bottom) doc.addPage();
}

/**
 * "Name · controller · 1/2" at the foot of every page, counted per letter: a complaint is
 * about a controller too, so its pages say which, though all go to the same authority.
 */
function addFooters(doc: PDFKit.PDFDocument, set: LetterSet, firstPages: number[]): void {
  const total = doc.bufferedPageRange().count;
  set.letters.forEach((letter, index) => {
    const from = firstPages[index] ?? 0;
    const to = firstPages[index + 1] ?? total;
    for (let p = from; p < to; p++) {
      doc.switchToPage(p);
      // Writing inside the bottom margin would otherwise start a new page.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      // Page numbers are pagination artifacts: screen readers skip them.
      doc.markContent('Artifact', { type: 'Pagination' });
      doc
        .font('regular')
        .fontSize(size.small)
        .fillColor(colours.muted)
        .text(
          `${letter.signatureName} · ${letter.controller.name} · ${p - from + 1}/${to - from}`,
          margin.left,
          page.height - 40,
          {
            width: textWidth,
            align: 'center',
            lineBreak: false,
          },
        );
      doc.endMarkedContent();
      doc.page.margins.bottom = bottom;
    }
  });
}
