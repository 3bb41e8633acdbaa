/// <reference lib="dom" />

import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorityById } from '../../server/letters/authorities.js';
import { flatten, pdfPages, testNow } from '../helper.js';
import { expectNoAxeViolations, fillPerson, haveChromium, launch, serve } from './browser.js';

/**
 * The "done when", in a real browser: a person writes a first letter, comes back a
 * month later for a reminder, then for a complaint to their own authority, in their own
 * language, carried only by the links they kept; the server stores nothing.
 */

let browser: Browser;
let app: FastifyInstance;
let base: string;
let clock = testNow;
const requests: string[] = [];

beforeAll(async () => {
  if (!haveChromium) return;
  ({ app, base } = await serve({ now: () => clock }));
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe.skipIf(!haveChromium)(
  'a first letter, a reminder, a complaint',
  { timeout: 90_000 },
  () => {
    it('in Polish, from the kept links alone', async () => {
      const context = await browser.newContext({ locale: 'pl-PL', acceptDownloads: true });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
      const page = await context.newPage();
      page.on('request', (r) => requests.push(r.url()));
      /** Asks for the text page; a form that comes back with errors fails with its messages. */
      const showText = async () => {
        await page.click('button[name="format"][value="text"]');
        await page.waitForSelector('#sha256, #error-summary');
        const errors = await page.$('#error-summary');
        expect(errors ? await errors.textContent() : null).toBeNull();
      };

      // 29 November 2026: the first letter.
      await page.goto(`${base}/?lang=pl`);
      await page.check('#kind-combined');
      await page.check('#services-instagram');
      await page.check('#services-threads');
      await fillPerson(page);
      await page.fill('#instagram', '@lukasz_zolc');
      await page.fill('#threads', '@lukasz_zolc');
      await page.check('#grounds-imitation');
      await page.selectOption('#language', 'pl');
      // What a reminder asks is hidden for a first letter.
      expect(await page.isVisible('#follow-up')).toBe(false);
      await showText();
      const first = await page.inputValue('#letter-0-text');
      const reference = first.match(/([0-9A-Z]{4}-[0-9A-Z]{4})/)?.[1] ?? '';
      expect(reference).not.toBe('');
      await page.click('#later-next button');
      const reminderLink = await page.inputValue('#later-next-link');
      expect(new URL(reminderLink).search).toBe('?lang=pl');

      // 12 January 2027 (29 December + ten days for delivery): no answer; the kept link brings everything back.
      clock = new Date('2027-01-12T10:00:00Z');
      await page.goto(reminderLink);
      expect(await page.isChecked('#kind-reminder')).toBe(true);
      expect(await page.isVisible('#follow-up')).toBe(true);
      expect(await page.isVisible('#field-grounds')).toBe(false);
      expect(await page.inputValue('#name')).toBe('Łukasz Żółć');
      expect(await page.inputValue('#originalDate')).toBe('2026-11-29');
      expect(await page.inputValue('#originalReference')).toBe(reference);
      expect(await page.isChecked('#originalKind-combined')).toBe(true);
      await expectNoAxeViolations(page, 'reminder form');
      await showText();
      const reminder = await page.inputValue('#letter-0-text');
      expect(reminder).toContain(reference);
      expect(reminder).toContain('29 listopada 2026');
      expect(reminder).toContain('Threads');
      await page.click('#later-next button');
      const complaintLink = await page.inputValue('#later-next-link');

      // 1 February 2027: still nothing; a complaint to the Polish authority, in Polish.
      clock = new Date('2027-02-01T10:00:00Z');
      await page.goto(complaintLink);
      expect(await page.isChecked('#kind-complaint')).toBe(true);
      expect(await page.inputValue('#reminderDate')).toBe('2027-01-12');
      expect(await page.isVisible('#authority')).toBe(true);
      await page.selectOption('#authority', 'pl');
      await showText();
      const complaint = await page.inputValue('#letter-0-text');
      const authority = authorityById('pl');
      expect(complaint).toContain(authority.name);
      expect(complaint).toContain(reference);
      expect(complaint).toContain('12 stycznia 2027');
      await expectNoAxeViolations(page, 'complaint result');
      const shown = (await page.textContent('#sha256'))?.match(/[0-9a-f]{64}/)?.[0];

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('form.result-actions button[value="pdf"]'),
      ]);
      const path = await download.path();
      const bytes = await import('node:fs').then((fs) => fs.readFileSync(path));
      const { createHash } = await import('node:crypto');
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(shown);
      const text = flatten((await pdfPages(bytes)).join(' '));
      expect(text).toContain('Urząd Ochrony Danych Osobowych');
      expect(text).toContain('Meta Platforms Ireland Limited');

      // Nothing was kept: no cookie, no storage, and no request left our origin.
      expect(await context.cookies()).toEqual([]);
      expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
      expect(requests.filter((url) => !url.startsWith(base) && !url.startsWith('blob:'))).toEqual(
        [],
      );
      await context.close();
    });
  },
);
