import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLocalisation } from '../../server/i18n.js';
import { letterRequestSchema } from '../../server/letters/request.js';
import { createLetterService } from '../../server/letters/service.js';
import { projectRoot } from '../../server/paths.js';
import { fullRequest, testNow } from '../helper.js';

/**
 * The PDF is archival (PDF/A-2a) and accessible (tagged), as pdfkit writes it: checked in the
 * file itself with pdf-lib, and with Debian's qpdf and poppler tools (installed by .ci/run).
 */

let bytes: Uint8Array;
let file: string;
beforeAll(async () => {
  const { i18n } = await loadLocalisation(projectRoot);
  const service = createLetterService(projectRoot, i18n, 'Europe/Brussels');
  const request = letterRequestSchema.parse(fullRequest({ language: 'fr', bilingual: true }));
  bytes = await service.renderPdf(service.compose(request, testNow), request);
  file = join(mkdtempSync(join(tmpdir(), 'letter-')), 'letter.pdf');
  writeFileSync(file, bytes);
});

const tool = (name: string) => {
  const path = `/usr/bin/${name}`;
  // CI installs the tools; on a developer machine without them these checks are skipped.
  if (!existsSync(path) && process.env.CI)
    throw new Error(`${path} is missing: .ci/run installs it`);
  return existsSync(path) ? path : undefined;
};

describe('archival, tagged PDF', () => {
  it('is tagged, with a structure tree, the document language and PDF/A-2a identification', async () => {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const catalog = doc.catalog;
    const markInfo = doc.context.lookup(catalog.get(PDFName.of('MarkInfo')), PDFDict);
    expect(String(markInfo.get(PDFName.of('Marked')))).toBe('true');
    expect(catalog.get(PDFName.of('StructTreeRoot'))).toBeDefined();
    expect(String(catalog.get(PDFName.of('Lang')))).toContain('fr');
    expect(catalog.get(PDFName.of('OutputIntents'))).toBeDefined();
    const metadata = doc.context.lookup(catalog.get(PDFName.of('Metadata')));
    expect(metadata).toBeInstanceOf(PDFRawStream);
    const xmp = Buffer.from((metadata as PDFRawStream).getContents()).toString('utf8');
    expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>A</pdfaid:conformance>');
  });

  it('passes qpdf --check', () => {
    const qpdf = tool('qpdf');
    if (!qpdf) return;
    expect(execFileSync(qpdf, ['--check', file], { encoding: 'utf8' })).toContain(
      'No syntax or stream encoding errors',
    );
  });

  it('embeds every font (pdffonts) and reads as a tagged structure (pdfinfo)', () => {
    const pdffonts = tool('pdffonts');
    const pdfinfo = tool('pdfinfo');
    if (!pdffonts || !pdfinfo) return;
    const fonts = execFileSync(pdffonts, [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts)
      expect(line.split(/\s+/).slice(-5, -2), line).toEqual(['yes', 'yes', 'yes']);
    const info = execFileSync(pdfinfo, [file], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+yes/);
    const structure = execFileSync(pdfinfo, ['-struct', file], { encoding: 'utf8' });
    expect(structure).toMatch(/^Document\n {2}Sect\n {4}P/);
    expect(structure).toContain('H1');
    expect(structure).toContain('H2');
    expect(structure).toContain('LBody');
  });
});
