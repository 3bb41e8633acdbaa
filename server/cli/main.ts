/**
 * Command line: the same letters as the server, without HTTP.
 *
 *   gdpr-letters letter --services instagram --instagram @jane --name "Jane Doe" ... --out letter.pdf
 *   gdpr-letters letter --json person.json --format text --out -
 *   gdpr-letters batch people.csv --out-dir letters/ [--format pdf|text|calendar] [--lang de]
 *
 * A batch CSV has a header row naming the fields (as in the API); lists (services, grounds)
 * are separated by commas or semicolons inside their cell. Bad rows are reported with their
 * line number and field messages and skipped; the exit code is 1 when any row failed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { createLetterMaker, type LetterMaker } from '../index.js';
import { fieldNames } from '../letters/request.js';

const usage = `Usage:
  gdpr-letters letter [--json FILE] [--FIELD VALUE ...] [--format pdf|text|json|calendar] [--out FILE|-]
  gdpr-letters batch FILE.csv --out-dir DIR [--format pdf|text|calendar] [--lang LANGUAGE]

Fields: ${fieldNames.join(', ')} (lists: comma-separated).
Messages about invalid fields are in --lang (default en).`;

type Format = 'pdf' | 'text' | 'json' | 'calendar';
const extensions = { pdf: 'pdf', text: 'txt', json: 'json', calendar: 'ics' } as const;
const listFields = new Set(['services', 'grounds']);

/** A request from CSV cells or flags: lists split, empty cells dropped. */
function toInput(record: Record<string, string | undefined>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(record)) {
    const name = key.trim();
    const value = raw?.trim();
    if (!value) continue;
    input[name] = listFields.has(name)
      ? value
          .split(/[,;]/)
          .map((s) => s.trim())
          .filter(Boolean)
      : value;
  }
  return input;
}

async function render(maker: LetterMaker, input: unknown, format: Format, lang: string) {
  const result = maker.validate(input);
  if (!result.ok) return { ok: false as const, messages: maker.messages(result.issues, lang) };
  const set = maker.compose(result.request, new Date());
  const name = maker.fileName(result.request, set, extensions[format]);
  const bytes =
    format === 'pdf'
      ? await maker.renderPdf(set, result.request)
      : Buffer.from(
          format === 'json'
            ? `${JSON.stringify(set, null, 2)}\n`
            : format === 'calendar'
              ? maker.renderCalendar(set)
              : maker.renderText(set),
          'utf8',
        );
  return { ok: true as const, bytes, name };
}

function formatOf(value: string | undefined, allowed: Format[]): Format {
  const format = (value ?? 'pdf') as Format;
  if (!allowed.includes(format))
    throw new UsageError(`--format must be one of ${allowed.join(', ')}`);
  return format;
}

class UsageError extends Error {}

async function letterCommand(args: string[]): Promise<number> {
  const options = Object.fromEntries(fieldNames.map((f) => [f, { type: 'string' as const }]));
  const { values } = parseArgs({
    args,
    options: {
      ...options,
      json: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      lang: { type: 'string' },
    },
    allowPositionals: false,
  });
  const {
    json,
    format: rawFormat,
    out,
    lang = 'en',
    ...fields
  } = values as Record<string, string | undefined>;
  const format = formatOf(rawFormat, ['pdf', 'text', 'json', 'calendar']);
  const fromFile = json ? (JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>) : {};
  const input = { ...fromFile, ...toInput(fields) };
  const maker = await createLetterMaker();
  const result = await render(maker, input, format, lang);
  if (!result.ok) {
    for (const m of result.messages) process.stderr.write(`${m.field}: ${m.message}\n`);
    return 1;
  }
  const target = out ?? result.name;
  if (target === '-') process.stdout.write(result.bytes);
  else {
    writeFileSync(target, result.bytes);
    process.stderr.write(`${target}\n`);
  }
  return 0;
}

async function batchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      'out-dir': { type: 'string' },
      format: { type: 'string' },
      lang: { type: 'string' },
    },
    allowPositionals: true,
  });
  const file = positionals[0];
  const outDir = values['out-dir'];
  if (!file || !outDir) throw new UsageError('batch needs a CSV file and --out-dir');
  const format = formatOf(values.format, ['pdf', 'text', 'calendar']);
  const lang = values.lang ?? 'en';
  // BOM, CRLF or LF, quoted commas and line breaks: csv-parse handles them all. Each
  // record's raw text gives the line it starts on, for the report.
  const rows = parse(readFileSync(file), {
    bom: true,
    columns: true,
    skip_empty_lines: true,
    relax_column_count: true,
    raw: true,
  }) as { record: Record<string, string>; raw: string }[];
  const headerLines = 1;
  mkdirSync(outDir, { recursive: true });
  const maker = await createLetterMaker();
  const tty = process.stderr.isTTY;
  const started = performance.now();
  const failures: { line: number; messages: { field: string; message: string }[] }[] = [];
  const written: { line: number; file: string }[] = [];
  let nextLine = headerLines + 1;
  for (const [index, { record, raw }] of rows.entries()) {
    const line = nextLine;
    // A record's raw text does not include the line break that ends it.
    nextLine += (raw.match(/\n/g)?.length ?? 0) + 1;
    const result = await render(maker, toInput(record), format, lang);
    if (result.ok) {
      const name = `${String(index + 1).padStart(String(rows.length).length, '0')}-${result.name}`;
      writeFileSync(join(outDir, name), result.bytes);
      written.push({ line, file: name });
    } else {
      failures.push({ line, messages: result.messages });
    }
    if (tty)
      process.stderr.write(`\r${index + 1}/${rows.length} letters, ${failures.length} failed`);
  }
  if (tty) process.stderr.write('\n');
  const seconds = (performance.now() - started) / 1000;
  const summary = {
    file: resolve(file),
    format,
    rows: rows.length,
    written: written.length,
    failed: failures.length,
    seconds: Number(seconds.toFixed(2)),
    lettersPerSecond: Number((written.length / seconds).toFixed(1)),
    letters: written,
    failures,
  };
  writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  for (const f of failures) {
    for (const m of f.messages) process.stderr.write(`line ${f.line}: ${m.field}: ${m.message}\n`);
  }
  process.stderr.write(
    `${written.length} of ${rows.length} rows written to ${outDir} in ${seconds.toFixed(1)} s (${summary.lettersPerSecond} letters/s); ${failures.length} failed. Summary: ${join(outDir, 'summary.json')}\n`,
  );
  return failures.length > 0 ? 1 : 0;
}

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'letter') return await letterCommand(rest);
    if (command === 'batch') return await batchCommand(rest);
    process.stderr.write(`${usage}\n`);
    return command === '--help' || command === '-h' ? 0 : 2;
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
      return 2;
    }
    if (
      (error as { code?: string }).code === 'ENOENT' ||
      error instanceof SyntaxError ||
      (error as { code?: string }).code?.startsWith('CSV_')
    ) {
      process.stderr.write(`${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}
