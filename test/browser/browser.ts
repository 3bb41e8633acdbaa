import { existsSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildTestApp } from '../helper.js';

/**
 * Debian's Chromium, driven by playwright-core: never a downloaded browser. .ci/run installs
 * it; on a machine without it the browser tests are skipped, except in CI, where its absence
 * fails the run.
 */
export const chromiumPath = '/usr/bin/chromium';
export const haveChromium = existsSync(chromiumPath);
if (!haveChromium && process.env.CI)
  throw new Error(`${chromiumPath} is missing: .ci/run installs Debian's chromium`);

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // As root in a sandbox-less container, and with no network but loopback: no background
    // connections, no first-run or component updates.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** The real app on a loopback port. */
export async function serve(
  options: Parameters<typeof buildTestApp>[0] = {},
): Promise<{ app: FastifyInstance; base: string }> {
  const app = await buildTestApp(options);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base };
}

/** No WCAG 2.2 AA violation that axe-core finds on the page as it is now. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(
    results.violations.map(
      (v) => `${label}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
  ).toEqual([]);
}

/** The person's details as the browser tests type them (name and address with accents). */
export async function fillPerson(page: Page): Promise<void> {
  await page.fill('#name', 'Łukasz Żółć');
  await page.fill('#street', 'ul. Marszałkowska 12/4');
  await page.fill('#postcode', '00-950');
  await page.fill('#city', 'Warszawa');
  await page.selectOption('#country', 'PL');
  await page.fill('#email', 'lukasz@example.pl');
}
