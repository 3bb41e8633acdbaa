import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wording } from '../../server/letters/compose.js';
import { projectRoot } from '../../server/paths.js';

/**
 * Letters print the wording version that produced them, so a person can tell which wording
 * they sent. This test notices when what a letter says changes (templates, or any
 * language's letter strings), and asks for the version to be raised with it.
 */
function fingerprint(): string {
  const hash = createHash('sha256');
  const templates = join(projectRoot, 'templates', 'letters');
  const files = [
    ...readdirSync(templates)
      .filter((f) => f.endsWith('.hbs'))
      .map((f) => join(templates, f)),
    ...readdirSync(join(templates, 'partials')).map((f) => join(templates, 'partials', f)),
    ...readdirSync(join(projectRoot, 'locales'))
      .sort()
      .map((lng) => join(projectRoot, 'locales', lng, 'letter.json')),
  ].sort();
  for (const file of files) {
    let content = readFileSync(file, 'utf8');
    // Who wrote and checked a translation is not what the letter says.
    if (file.endsWith('.json')) {
      const { _meta: _ignored, ...strings } = JSON.parse(content);
      content = JSON.stringify(strings);
    }
    hash.update(file.slice(projectRoot.length)).update('\0').update(content).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

describe('wording version', () => {
  it('changes with what the letters say', () => {
    expect(
      fingerprint(),
      `the letters' wording changed: raise wording.version and its date in server/letters/compose.ts, and set wording.fingerprint to the value received`,
    ).toBe(wording.fingerprint);
  });
});
