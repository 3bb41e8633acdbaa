/// <reference lib="dom" />

import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatten, pdfPages } from '../helper.js';
import { expectNoAxeViolations, fillPerson, haveChromium, launch, serve } from './browser.js';

/**
 * The page as people use it, in a real browser: with JavaScript and without, by keyboard,
 * on a 320 px phone, checked by axe-core on every state.
 */

let browser: Browser;
let app: FastifyInstance;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  if (!haveChromium) return;
  ({ app, base } = await serve());
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function open(
  options: { javaScript?: boolean; width?: number; lang?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript ?? true,
    viewport: { width: options.width ?? 1000, height: 900 },
    locale: options.lang ?? 'en-GB',
    acceptDownloads: true,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  return { context, page };
}

async function fillForm(page: Page) {
  await page.check('#kind-combined');
  await page.check('#services-instagram');
  await page.check('#services-whatsapp');
  await fillPerson(page);
  await page.fill('#instagram', '@lukasz_zolc');
  await page.fill('#whatsapp', '+48 600 123 456');
  await page.check('#grounds-imitation');
  await page.fill('#ownGrounds', 'I earn my living as a photographer.');
}

describe.skipIf(!haveChromium)('the page in Chromium', { timeout: 60_000 }, () => {
  it('with JavaScript: fill in, see the preview, download the PDF', async () => {
    const { context, page } = await open();
    await page.goto(`${base}/?lang=en`);
    await expectNoAxeViolations(page, 'empty form');
    // Account fields appear only for ticked services.
    await expect.poll(() => page.isVisible('#whatsapp')).toBe(false);
    await fillForm(page);
    expect(await page.isVisible('#whatsapp')).toBe(true);
    expect(await page.isVisible('#facebook')).toBe(false);
    // The live preview shows the letter text as it will be.
    await expect
      .poll(() => page.textContent('#preview-text'), { timeout: 10_000 })
      .toContain('Dear Sir or Madam,');
    expect(await page.textContent('#preview-text')).toContain('Łukasz Żółć');
    await page.fill('#city', 'Kraków');
    await expect
      .poll(() => page.textContent('#preview-text'), { timeout: 10_000 })
      .toContain('Kraków, 29 November 2026');
    await expectNoAxeViolations(page, 'filled form');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button[value="pdf"]'),
    ]);
    expect(download.suggestedFilename()).toBe('gdpr-combined-meta-whatsapp-2026-11-29.pdf');
    const pdf = readFileSync((await download.path()) ?? '');
    const text = flatten((await pdfPages(pdf)).join(' '));
    expect(text).toContain('Łukasz Żółć');
    expect(text).toContain('Kraków, 29 November 2026');
    expect(text).toContain('WhatsApp Ireland Limited');
    await context.close();
  });

  it('with JavaScript: the text page copies the letter and the short text to the clipboard', async () => {
    const { context, page } = await open();
    await page.goto(`${base}/?lang=en`);
    await fillForm(page);
    await page.click('button[value="text"]');
    await page.waitForSelector('h1:text("Your letter")');
    await expectNoAxeViolations(page, 'result page');
    // Our Permissions-Policy lets our page write the clipboard, never read it: read it back by
    // pasting into a blank page, as a person would paste into Meta's form.
    const pasteBoard = await context.newPage();
    await pasteBoard.setContent('<textarea id="paste" aria-label="paste"></textarea>');
    const pasted = async () => {
      await pasteBoard.fill('#paste', '');
      await pasteBoard.focus('#paste');
      await pasteBoard.keyboard.press('Control+V');
      return pasteBoard.inputValue('#paste');
    };
    await page.bringToFront();
    await page.click('button[data-copy="letter-0-text"]');
    await expect.poll(() => page.textContent('.copy-status')).toBe('Copied to the clipboard.');
    const letter = await pasted();
    expect(letter).toContain('Meta Platforms Ireland Limited');
    expect(letter).toContain('Łukasz Żółć');
    await page.bringToFront();
    await page.click('button[data-copy="letter-1-short"]');
    const short = await pasted();
    expect(short.startsWith('I object under Article 21(1) GDPR')).toBe(true);
    expect(short.length).toBeLessThan(1000);
    // The official form opens beside the page.
    expect(
      await page.getAttribute(
        'a[href="https://www.whatsapp.com/contact/forms/382532939919295/"]',
        'target',
      ),
    ).toBe('_blank');
    await context.close();
  });

  it('errors: the summary takes focus, links to each field, and every value stays', async () => {
    const { context, page } = await open();
    await page.goto(`${base}/?lang=en`);
    await page.check('#services-whatsapp');
    await page.fill('#name', 'Ana María');
    await page.fill('#email', 'not-an-email');
    await page.fill('#whatsapp', '12');
    await page.click('button[value="pdf"]');
    await page.waitForSelector('#error-summary');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    expect(await page.inputValue('#name')).toBe('Ana María');
    expect(await page.inputValue('#email')).toBe('not-an-email');
    expect(await page.inputValue('#whatsapp')).toBe('12');
    expect(await page.isChecked('#services-whatsapp')).toBe(true);
    expect(await page.getAttribute('#email', 'aria-invalid')).toBe('true');
    await page.click('#error-summary a[href="#email"]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');
    await expectNoAxeViolations(page, 'errors shown');
    await context.close();
  });

  it('keyboard only: from the skip link to a downloaded letter', async () => {
    const { context, page } = await open();
    await page.goto(`${base}/?lang=en`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the form');
    await page.keyboard.press('Enter');
    // Tab to the first choice, then walk the form with the keyboard only.
    const focusOn = async (selector: string) => {
      for (let i = 0; i < 60; i++) {
        if (
          await page.evaluate((s) => document.activeElement === document.querySelector(s), selector)
        )
          return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    await focusOn('#kind-combined');
    const focusVisible = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    expect(focusVisible).not.toBe('none');
    await focusOn('#services-instagram');
    await page.keyboard.press('Space');
    for (const [selector, text] of [
      ['#name', 'Jean Dupont'],
      ['#street', '1 rue de Rivoli'],
      ['#postcode', '75001'],
      ['#city', 'Paris'],
    ]) {
      await focusOn(selector as string);
      await page.keyboard.type(text as string);
    }
    await focusOn('#country');
    await page.keyboard.type('France');
    await focusOn('#email');
    await page.keyboard.type('jean@example.fr');
    await focusOn('#instagram');
    await page.keyboard.type('jean.dupont');
    await focusOn('#grounds-imitation');
    await page.keyboard.press('Space');
    await focusOn('button[value="pdf"]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.keyboard.press('Enter'),
    ]);
    const text = flatten((await pdfPages(readFileSync((await download.path()) ?? ''))).join(' '));
    expect(text).toContain('Jean Dupont');
    expect(text).toContain('75001 Paris');
    await context.close();
  });

  it('switches language on the page', async () => {
    const { context, page } = await open({ lang: 'en-GB' });
    await page.goto(`${base}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.click('details.languages summary');
    await page.click('a[hreflang="fr"]');
    await page.waitForURL(/lang=fr/);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.textContent('h1')).toBe("S'opposer à l'entraînement de l'IA de Meta");
    await expectNoAxeViolations(page, 'form in French');
    for (const lng of ['de', 'pl', 'sv']) {
      await page.goto(`${base}/?lang=${lng}`);
      expect(await page.getAttribute('html', 'lang')).toBe(lng);
      await expectNoAxeViolations(page, `form in ${lng}`);
    }
    await context.close();
  });

  it('keep for later: the link restores the form, and nothing is sent to the server', async () => {
    const { context, page } = await open();
    await page.goto(`${base}/?lang=en`);
    await fillForm(page);
    await page.check('#objectedBefore');
    await page.fill('#objectedOn', '2025-05-20');
    const before = requests.length;
    await page.click('#later-button');
    const link = await page.inputValue('#later-link');
    expect(link).toMatch(new RegExp(`^${base}/\\?lang=en#keep=`));
    expect(await page.isVisible('#later-warning')).toBe(true);
    // Making the link sent no request (the preview may have been under way: only count /api/preview).
    expect(requests.slice(before).filter((u) => !u.endsWith('/api/preview'))).toEqual([]);

    const other = await context.newPage();
    await other.goto(link);
    expect(await other.inputValue('#name')).toBe('Łukasz Żółć');
    expect(await other.inputValue('#whatsapp')).toBe('+48 600 123 456');
    expect(await other.isChecked('#grounds-imitation')).toBe(true);
    expect(await other.isChecked('#objectedBefore')).toBe(true);
    expect(await other.inputValue('#objectedOn')).toBe('2025-05-20');
    expect(await other.isVisible('#whatsapp')).toBe(true);
    await context.close();
  });

  it('at 320 px wide (and so at 200 % zoom of 640 px) nothing scrolls sideways', async () => {
    const { context, page } = await open({ width: 320 });
    await page.goto(`${base}/?lang=de`);
    await page.click('details.languages summary');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      320,
    );
    await fillForm(page);
    await page.click('button[value="text"]');
    await page.waitForSelector('.letter');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      320,
    );
    await context.close();
  });
});

describe.skipIf(!haveChromium)('the page without JavaScript', { timeout: 60_000 }, () => {
  it('the form posts, the PDF downloads, the text page shows selectable text', async () => {
    const { context, page } = await open({ javaScript: false });
    await page.goto(`${base}/?lang=en`);
    // Without the script every field is there, and no preview or copy button pretends to work.
    expect(await page.isVisible('#whatsapp')).toBe(true);
    expect(await page.isVisible('#preview')).toBe(false);
    await fillForm(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button[value="pdf"]'),
    ]);
    const text = flatten((await pdfPages(readFileSync((await download.path()) ?? ''))).join(' '));
    expect(text).toContain('Łukasz Żółć');

    await page.click('button[value="text"]');
    await page.waitForSelector('textarea.letter-text');
    expect(await page.isVisible('button.copy')).toBe(false);
    const letter = await page.inputValue('#letter-0-text');
    expect(letter).toContain('Dear Sir or Madam,');
    expect(await page.getAttribute('#letter-0-text', 'readonly')).not.toBeNull();
    // (axe itself needs JavaScript: the same page is checked with it in the tests above.)

    // Errors come back from the server with everything kept.
    await page.goto(`${base}/?lang=en`);
    await page.fill('#name', 'Zoë');
    await page.click('button[value="pdf"]');
    await page.waitForSelector('#error-summary');
    expect(await page.inputValue('#name')).toBe('Zoë');
    await context.close();
  });
});

describe.skipIf(!haveChromium)('what the browser saw', () => {
  it('made no request to any other origin and kept no cookie', async () => {
    expect(requests.length).toBeGreaterThan(20);
    expect(
      requests.filter(
        (u) => !u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:'),
      ),
    ).toEqual([]);
    const { context, page } = await open();
    await page.goto(`${base}/`);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });
});
