import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../server/paths.js';
import { flatten, pdfPages } from './helper.js';

/** The command line as a person runs it: a real process, real files. */
function cli(args: string[], cwd: string) {
  const result = spawnSync(
    process.execPath,
    [join(projectRoot, 'bin', 'gdpr-letters.js'), ...args],
    {
      cwd,
      encoding: 'buffer',
      timeout: 120_000,
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
}
const workdir = () => mkdtempSync(join(tmpdir(), 'gdpr-cli-'));

const person = [
  '--services',
  'instagram',
  '--instagram',
  '@jane.doe',
  '--name',
  'Jane Żółć',
  '--street',
  '1 Main Street',
  '--postcode',
  'D02 X285',
  '--city',
  'Dublin',
  '--country',
  'IE',
  '--email',
  'jane@example.com',
  '--grounds',
  'imitation,oldContent',
];

describe('gdpr-letters letter', () => {
  it('makes a PDF from flags', async () => {
    const dir = workdir();
    const run = cli(['letter', ...person, '--out', 'jane.pdf'], dir);
    expect(run.stderr).toBe('jane.pdf\n');
    expect(run.status).toBe(0);
    const text = flatten((await pdfPages(readFileSync(join(dir, 'jane.pdf')))).join(' '));
    expect(text).toContain('Jane Żółć');
    expect(text).toContain('Meta Platforms Ireland Limited');
  });

  it('writes the deadline kit (.ics) and a reminder, from flags', () => {
    const dir = workdir();
    const calendar = cli(['letter', ...person, '--format', 'calendar', '--out', '-'], dir);
    expect(calendar.status).toBe(0);
    const ics = calendar.stdout.toString('utf8');
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain('DTSTART;VALUE=DATE:');
    const reminder = cli(
      [
        'letter',
        ...person,
        '--kind',
        'reminder',
        '--originalDate',
        '2025-06-02',
        '--originalReference',
        'K7M2-Q9XD',
        '--format',
        'text',
        '--out',
        '-',
      ],
      dir,
    );
    expect(reminder.stderr).toBe('');
    expect(reminder.status).toBe(0);
    expect(reminder.stdout.toString('utf8')).toContain('On 2 June 2025 I sent you a letter');
  });

  it('reads a JSON file, flags win, and writes text to stdout', () => {
    const dir = workdir();
    writeFileSync(
      join(dir, 'p.json'),
      JSON.stringify({
        services: ['whatsapp'],
        whatsapp: '+33612345678',
        name: 'X',
        street: 'a',
        postcode: '75001',
        city: 'Paris',
        country: 'FR',
        email: 'a@b.fr',
        grounds: ['imitation'],
        language: 'fr',
      }),
    );
    const run = cli(
      ['letter', '--json', 'p.json', '--name', 'Élodie Martin', '--format', 'text', '--out', '-'],
      dir,
    );
    expect(run.status).toBe(0);
    const text = run.stdout.toString('utf8');
    expect(text).toContain('Élodie Martin');
    expect(text).toContain('WhatsApp Ireland Limited');
    expect(text).toContain('Madame, Monsieur,');
  });

  it('names each invalid field and exits 1', () => {
    const run = cli(['letter', '--services', 'whatsapp', '--lang', 'fr', '--out', '-'], workdir());
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('name: Nom complet : ce champ est obligatoire.');
    expect(run.stderr).toContain('whatsapp: Numéro WhatsApp : vous avez coché WhatsApp');
  });

  it('explains its usage on wrong arguments', () => {
    expect(cli(['letter', '--nope', 'x'], workdir()).status).toBe(2);
    expect(cli(['fly'], workdir()).stderr).toContain('Usage:');
    expect(cli(['letter', ...person, '--format', 'docx'], workdir()).stderr).toContain(
      '--format must be one of pdf, text, json',
    );
  });
});

describe('gdpr-letters batch', () => {
  const header =
    'name,street,postcode,city,country,email,services,instagram,whatsapp,grounds,ownGrounds,language';

  it('reads BOM, CRLF, quoted commas and line breaks; reports bad rows by line; exits 1', async () => {
    const dir = workdir();
    const csv =
      '\uFEFF' +
      [
        header,
        '"Doe, Jane",1 Main St,D02 X285,Dublin,IE,jane@example.com,instagram,@jane,,imitation,"Line one\r\nline two, with a comma",en',
        'Bad Row,,,,XX,nope,whatsapp,,12,,,en',
        'Élodie Ñúñez,2 rue X,75001,Paris,FR,e@x.fr,"instagram;whatsapp",@elo,+33 6 12 34 56 78,oldContent,,fr',
      ].join('\r\n') +
      '\r\n';
    writeFileSync(join(dir, 'people.csv'), csv);
    const run = cli(['batch', 'people.csv', '--out-dir', 'out'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('line 4: street: Street and number: this is required.');
    expect(run.stderr).toContain('line 4: country: Country: choose your country from the list.');
    expect(run.stderr).not.toContain('line 2:');
    expect(run.stderr).not.toContain('line 5:');
    expect(run.stderr).toContain('2 of 3 rows written to out');
    const files = readdirSync(join(dir, 'out')).sort();
    // One file per good row, numbered by row, and the summary.
    expect(files).toHaveLength(3);
    expect(files[0]).toMatch(/^1-gdpr-combined-meta-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(files[1]).toMatch(/^3-gdpr-combined-meta-whatsapp-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(files[2]).toBe('summary.json');
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ rows: 3, written: 2, failed: 1, failures: [{ line: 4 }] });
    const first = flatten(
      (await pdfPages(readFileSync(join(dir, 'out', files[0] ?? '')))).join(' '),
    );
    expect(first).toContain('Doe, Jane');
    expect(first).toContain('Line one line two, with a comma');
    const third = flatten(
      (await pdfPages(readFileSync(join(dir, 'out', files[1] ?? '')))).join(' '),
    );
    expect(third).toContain('Élodie Ñúñez');
    expect(third).toContain('WhatsApp Ireland Limited');
  });

  it('makes a thousand letters from one file', () => {
    const dir = workdir();
    const rows = Array.from(
      { length: 1000 },
      (_, i) =>
        `Person ${i},${i} Main St,D02 X285,Dublin,IE,p${i}@example.com,instagram,@person_${i},,imitation,,en`,
    );
    writeFileSync(join(dir, 'many.csv'), [header, ...rows].join('\n'));
    const run = cli(['batch', 'many.csv', '--out-dir', 'out', '--format', 'text'], dir);
    expect(run.status).toBe(0);
    const files = readdirSync(join(dir, 'out'));
    expect(files).toHaveLength(1001);
    expect(
      readFileSync(join(dir, 'out', files.find((f) => f.startsWith('0999-')) ?? ''), 'utf8'),
    ).toContain('Person 998');
    expect(JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'))).toMatchObject({
      rows: 1000,
      written: 1000,
      failed: 0,
    });
  });

  it('explains a missing file', () => {
    const run = cli(['batch', 'nope.csv', '--out-dir', 'out'], workdir());
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('nope.csv');
  });
});
