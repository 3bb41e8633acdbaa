import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import type { i18n as I18n } from 'i18next';
import { countryName, postalLines } from './addresses.js';
import { type Authority, authorityById, leadAuthorityId } from './authorities.js';
import { addDays, addMonths, answerPeriodEnd, formatLongDate } from './dates.js';
import type { Block, CalendarEvent, Letter, LetterSet } from './letter.js';
import { type Controller, controllersFor } from './recipients.js';
import type { FirstLetterKind, LetterRequest, Service } from './request.js';
import { createTextPlanner } from './text-plan.js';

/** Meta's forms document no limit; the legal brief asks us to stay well under 1,000 characters. */
export const formTextLimit = 1000;

/**
 * The wording that letters made now carry, printed beside their reference: raise the version
 * (and its date) whenever what a letter says changes, so a person can tell which one they sent.
 * `fingerprint` is a digest of the letter templates and strings: test/letters/wording.test.ts
 * fails when they change and it does not, as a reminder to raise the version.
 */
export const wording = {
  version: '2',
  date: '2026-11-29',
  fingerprint: '856e13922e194061',
} as const;

/** A reminder asks for an answer within this many days of its date. */
export const reminderDays = 14;

/** Which requests each kind of letter makes (legal brief, "What a strong letter contains"). */
const sectionsByKind: Record<
  FirstLetterKind,
  { objection: boolean; restriction: boolean; erasure: boolean; access: boolean }
> = {
  // Art. 21(1) objection + Art. 18(1)(d) restriction + Art. 17 erasure + Art. 15 access.
  combined: { objection: true, restriction: true, erasure: true, access: true },
  objection: { objection: true, restriction: false, erasure: false, access: false },
  erasure: { objection: false, restriction: false, erasure: true, access: false },
};

interface Sink {
  blocks: Block[];
  list: string[] | null;
  text: (key: string, values?: Record<string, unknown>) => string;
}

type HelperOptions = Handlebars.HelperOptions & { data: { sink: Sink } };

function createLetterHandlebars(): typeof Handlebars {
  const hbs = Handlebars.create();
  const sinkOf = (options: HelperOptions) => options.data.sink;
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('heading', (key: string, options: HelperOptions) => {
    const sink = sinkOf(options);
    sink.blocks.push({ type: 'heading', text: sink.text(key, options.hash) });
    return '';
  });
  hbs.registerHelper('p', (key: string, options: HelperOptions) => {
    const sink = sinkOf(options);
    sink.blocks.push({ type: 'paragraph', text: sink.text(key, options.hash) });
    return '';
  });
  hbs.registerHelper('notice', (key: string, options: HelperOptions) => {
    const sink = sinkOf(options);
    sink.blocks.push({ type: 'notice', text: sink.text(key, options.hash) });
    return '';
  });
  hbs.registerHelper('own', (text: string, options: HelperOptions) => {
    sinkOf(options).blocks.push({ type: 'quote', text });
    return '';
  });
  hbs.registerHelper('list', function (this: unknown, options: HelperOptions) {
    const sink = sinkOf(options);
    sink.list = [];
    options.fn(this, { data: options.data });
    // Items end in a semicolon (a Greek ano teleia), the last one in a full stop: which item
    // is last depends on what the letter asks.
    const last = sink.list.length - 1;
    if (last >= 0) sink.list[last] = (sink.list[last] as string).replace(/\s*[;·]$/u, '.');
    if (sink.list.length > 0) sink.blocks.push({ type: 'list', items: sink.list });
    sink.list = null;
    return '';
  });
  hbs.registerHelper('item', (key: string, options: HelperOptions) => {
    const sink = sinkOf(options);
    if (!sink.list) throw new Error(`item "${key}" outside a list`);
    sink.list.push(sink.text(key, options.hash));
    return '';
  });
  return hbs;
}

export interface Composer {
  /** Every letter a request asks for, one per controller, dated `today` (YYYY-MM-DD). */
  compose(request: LetterRequest, today: string): LetterSet;
  /**
   * The same letters as plain text, exactly `renderLetterSetText(compose(request, today))`,
   * mostly from plans kept per request shape (see text-plan.ts).
   */
  text(request: LetterRequest, today: string): string;
  /** The text plans kept now, slots shown as {name} (text-plan.ts). */
  keptPlans(): string[];
}

export interface ComposerOptions {
  /** The page's own address, for the links in calendar events ("http://localhost:3000/"). */
  publicUrl?: string;
  /** Text plans kept at most (text-plan.ts); 256 by default. */
  maxPlans?: number;
}

/** Compiles the letter templates once; the returned composer does no I/O. */
export function createComposer(root: string, i18n: I18n, options: ComposerOptions = {}): Composer {
  const publicUrl = options.publicUrl ?? 'http://localhost:3000/';
  const hbs = createLetterHandlebars();
  const templates = join(root, 'templates', 'letters');
  const compileSource = (source: string) =>
    hbs.compile(source, { strict: false, knownHelpersOnly: false });
  const compile = (name: string) =>
    compileSource(readFileSync(join(templates, `${name}.hbs`), 'utf8'));
  // Partials are registered compiled: Handlebars compiles a partial given as a string again
  // on every use (measured: 2.4 ms instead of 0.4 ms per text letter).
  for (const file of readdirSync(join(templates, 'partials'))) {
    if (file.endsWith('.hbs'))
      hbs.registerPartial(
        basename(file, '.hbs'),
        compileSource(readFileSync(join(templates, 'partials', file), 'utf8')),
      );
  }
  // Every letter string of every language, flattened to "a.b.c" keys once: composing a
  // letter then costs map look-ups, not i18next's option merging for each of ~100 sentences.
  const flattened = new Map<string, Map<string, string>>();
  const letterStrings = (lng: string): Map<string, string> => {
    let strings = flattened.get(lng);
    if (!strings) {
      strings = new Map();
      flatten(i18n.getResourceBundle(lng, 'letter') as Record<string, unknown>, '', strings);
      flattened.set(lng, strings);
    }
    return strings;
  };
  const bodyTemplates = {
    first: compile('letter'),
    reminder: compile('reminder'),
    complaint: compile('complaint'),
  };
  const formTextTemplate = compile('form-text');

  function run(template: HandlebarsTemplateDelegate, context: object, text: Sink['text']): Block[] {
    const sink: Sink = { blocks: [], list: null, text };
    template(context, { data: { sink } });
    return sink.blocks;
  }

  /**
   * One letter to one controller in language `lng`. `translationOf` makes it the English
   * courtesy translation of a letter in that language; `translationFollows` says in the
   * original that one is attached.
   */
  function composeOne(
    request: LetterRequest,
    controller: Controller,
    today: string,
    lng: string,
    reference: string,
    bilingual: { translationOf?: string; translationFollows?: boolean } = {},
  ): Omit<Letter, 'courtesyTranslation'> {
    const strings = letterStrings(lng);
    const meta = i18n.getResource(lng, 'letter', '_meta') as {
      dateLocale: string;
      firstDayOfMonth?: string;
    };
    const longDate = (iso: string) => formatLongDate(iso, meta.dateLocale, meta.firstDayOfMonth);
    const { kind, followUp } = request;
    const authority: Authority | undefined =
      kind === 'complaint' ? authorityById(followUp?.authority ?? leadAuthorityId) : undefined;
    // A first letter asks for an answer within the month of Art. 12(3); a reminder within a
    // short set period; a complaint leaves the pace to the authority.
    const dueDate =
      kind === 'complaint'
        ? undefined
        : kind === 'reminder'
          ? addDays(today, reminderDays)
          : addMonths(today, 1);
    const ticked = controller.services.filter((s) => request.services.includes(s));
    const serviceNames = ticked.map(serviceName);
    const identifiers = ticked
      .map((service) => ({ service, value: request[service] }))
      .filter((i): i is { service: Service; value: string } => typeof i.value === 'string');
    // The period of Art. 12(3) runs from receipt; without that date, from the letter's own.
    // (moved to the next working day where it falls on a weekend or an Irish public holiday)
    const expiredOn = followUp && answerPeriodEnd(followUp.receivedOn ?? followUp.originalDate);
    const controllerAddress = [
      ...controller.addressLines,
      countryName(controller.country, meta.dateLocale),
    ].join(', ');

    const common: Record<string, string | undefined> = {
      controller: controller.name,
      controllerAddress,
      purpose: strings.get(`purpose.${controller.id}`),
      services: listFormat(meta.dateLocale).format(serviceNames),
      date: longDate(today),
      dueDate: dueDate && longDate(dueDate),
      originalDate: followUp && longDate(followUp.originalDate),
      originalReference: followUp?.originalReference,
      receivedOn: followUp?.receivedOn && longDate(followUp.receivedOn),
      expiredOn: expiredOn && longDate(expiredOn),
      answerDate: followUp?.answerDate && longDate(followUp.answerDate),
      reminderDate: followUp?.reminderDate && longDate(followUp.reminderDate),
    };
    const text = (key: string, values: Record<string, unknown> = {}) => {
      const raw = strings.get(key);
      if (raw === undefined) throw new Error(`locales/${lng}/letter.json has no "${key}"`);
      return interpolate(raw, (name) => {
        // {{title.N}}: the official title of Article N, from the locale's articleTitles.
        const value =
          name in values
            ? values[name]
            : name in common
              ? common[name]
              : name.startsWith('title.')
                ? strings.get(`articleTitles.${name.slice('title.'.length)}`)
                : undefined;
        if (value === undefined || value === null)
          throw new Error(
            `locales/${lng}/letter.json "${key}" uses {{${name}}}, which has no value`,
          );
        return String(value);
      });
    };

    const sections = followUp
      ? { objection: false, restriction: false, erasure: false, access: false }
      : sectionsByKind[kind as FirstLetterKind];
    const previousObjection = request.objectedBefore
      ? { date: request.objectedOn ? longDate(request.objectedOn) : undefined }
      : undefined;
    const sender = {
      name: request.name,
      lines: postalLines(
        request.street,
        request.postcode,
        request.city,
        request.country,
        countryName(request.country, meta.dateLocale),
      ),
      email: request.email,
    };
    const languageName = (code: string) => languageNames(meta.dateLocale).of(code) ?? code;
    const context = {
      kind,
      translationOf: bilingual.translationOf && languageName(bilingual.translationOf),
      translationFollows: bilingual.translationFollows ? languageName(lng) : undefined,
      controller: controller.id,
      ...sections,
      sender,
      identifiers,
      grounds: request.grounds,
      ownGrounds: request.ownGrounds,
      hasGrounds: request.grounds.length > 0 || Boolean(request.ownGrounds),
      previousObjection,
      // A reminder or a complaint: what the first letter asked for, and what came back.
      original: followUp && sectionsByKind[followUp.originalKind],
      originalReference: followUp?.originalReference,
      receivedOn: followUp?.receivedOn,
      reminderDate: followUp?.reminderDate,
      insufficient: followUp?.answer === 'insufficient',
      answerSummary: followUp?.answerSummary,
      leadAuthority: authority?.id === leadAuthorityId,
      // Events in the order they happened: was the reminder sent before the answer came?
      reminderFirst: Boolean(
        followUp?.reminderDate &&
          followUp.answerDate &&
          followUp.reminderDate < followUp.answerDate,
      ),
    };
    const template =
      kind === 'reminder'
        ? bodyTemplates.reminder
        : kind === 'complaint'
          ? bodyTemplates.complaint
          : bodyTemplates.first;
    const body = numberHeadings(run(template, context, text));

    const formText = composeFormText(
      request,
      context,
      text,
      identifiers.map((i) => i.value).join(', '),
      controller.id,
    );

    const nextStep = followUpLink(request, controller, today, reference);
    const calendar: CalendarEvent[] = [];
    if (dueDate && nextStep) {
      const values = { reference, link: nextStep };
      if (kind === 'reminder') {
        calendar.push({
          date: dueDate,
          summary: text('calendar.reminderSummary'),
          description: text('calendar.reminderDescription', values),
        });
      } else {
        const extendedDate = addMonths(today, 3);
        calendar.push(
          {
            date: dueDate,
            summary: text('calendar.dueSummary'),
            description: text('calendar.dueDescription', values),
          },
          {
            date: extendedDate,
            summary: text('calendar.extensionSummary'),
            description: text('calendar.extensionDescription', {
              ...values,
              extendedDate: longDate(extendedDate),
            }),
          },
        );
      }
    }

    const subject = text(`subject.${kind}`);
    return {
      language: lng,
      kind,
      controller: { id: controller.id, name: controller.name },
      ...(authority && {
        authority: {
          id: authority.id,
          name: authority.name,
          languages: authority.languages,
          website: authority.website,
          complaintForm: authority.complaintForm,
          email: authority.email,
        },
      }),
      reference,
      wording: { version: wording.version, date: wording.date },
      referenceLine: text('reference', {
        reference,
        version: wording.version,
        versionDate: longDate(wording.date),
      }),
      forms: authority
        ? []
        : controller.forms
            .filter((f) => f.covers.some((s) => ticked.includes(s)))
            .map(({ service, url }) => ({ service, url })),
      title: text('documentTitle', authority ? { controller: authority.name } : {}),
      sender,
      recipient: authority
        ? {
            name: authority.name,
            lines: [...authority.addressLines, countryName(authority.country, meta.dateLocale)],
          }
        : {
            name: controller.name,
            lines: [...controller.addressLines, countryName(controller.country, meta.dateLocale)],
          },
      date: today,
      placeAndDate: text('placeAndDate', { place: request.place ?? request.city }),
      ...(dueDate && {
        dueDate,
        dueDateNote: text(kind === 'reminder' ? 'dueDateNoteReminder' : 'dueDateNote'),
      }),
      subject,
      subjectLine: text('subjectLine', { subject }),
      // An authority is not greeted as a company is (Italian "Spettabile Società").
      salutation: text(authority ? 'complaint.salutation' : 'salutation'),
      body,
      closing: text('closing'),
      signatureLabel: text('signatureLabel'),
      signatureName: request.name,
      formText,
      calendar,
      nextStep,
    };
  }

  /**
   * The address of the form for what comes after this letter, filled in with what is not
   * personal (kind, dates, reference, services, language): a reminder after a first letter,
   * a complaint after a reminder. Name and address come from the person's own kept link.
   */
  function followUpLink(
    request: LetterRequest,
    controller: Controller,
    today: string,
    reference: string,
  ): string | undefined {
    if (request.kind === 'complaint') return undefined;
    const params = new URLSearchParams();
    const { followUp } = request;
    if (followUp) {
      params.set('kind', 'complaint');
      params.set('originalKind', followUp.originalKind);
      params.set('originalDate', followUp.originalDate);
      if (followUp.originalReference) params.set('originalReference', followUp.originalReference);
      if (followUp.receivedOn) params.set('receivedOn', followUp.receivedOn);
      params.set('reminderDate', today);
    } else {
      params.set('kind', 'reminder');
      params.set('originalKind', request.kind);
      params.set('originalDate', today);
      params.set('originalReference', reference);
    }
    for (const service of controller.services)
      if (request.services.includes(service)) params.append('services', service);
    params.set('language', request.language);
    return `${publicUrl}?${params.toString()}`;
  }

  /**
   * The short text for Meta's own forms: the objection's essential sentence first, then the
   * rest; the person's own words are shortened (never the legal sentences) to stay under the limit.
   */
  function composeFormText(
    request: LetterRequest,
    context: object,
    text: Sink['text'],
    identifiers: string,
    controllerId: Controller['id'],
  ): string {
    const labels = request.grounds.map((g) => text(`formText.groundLabels.${g}`));
    const separator = text('formText.groundSeparator');
    const formPurpose = text(`formText.purpose.${controllerId}`);
    const render = (picked: string[], own: string | undefined) => {
      const grounds = [...picked, ...(own ? [own] : [])].join(separator);
      const values = { identifiers, grounds, formPurpose };
      const blocks = run(
        formTextTemplate,
        { ...context, hasGrounds: grounds.length > 0 },
        (key, hash) => text(key, { ...values, ...hash }),
      );
      return (
        blocks
          .map((b) => (b.type === 'list' ? b.items.join(' ') : b.text))
          .join(' ')
          // Shortened words end in an ellipsis; the sentence's own full stop would double it.
          .replace(/…\./g, '…')
      );
    };
    // One line, without closing punctuation: the locale's sentence supplies its own.
    const own = request.ownGrounds?.replace(/\s+/g, ' ').replace(/[\s.!?…;:,]+$/u, '');
    // Shorten what the person added, never the legal sentences: first their own words, then
    // the picked grounds from the last (the full letter keeps them all).
    let result = render(labels, own);
    if (result.length >= formTextLimit && own) {
      const budget = own.length - (result.length - formTextLimit) - 2;
      result = render(
        labels,
        budget > 0 ? `${[...own].slice(0, budget).join('').trimEnd()}…` : undefined,
      );
    }
    for (let kept = labels.length - 1; result.length >= formTextLimit && kept >= 0; kept--) {
      result = render(labels.slice(0, kept), undefined);
    }
    return result;
  }

  /**
   * One reference for the letters of one request (a later reminder cites it for each
   * controller), shared by their courtesy translations.
   */
  function composeSet(request: LetterRequest, today: string, reference: string): LetterSet {
    const lng = request.language;
    const bilingual = request.bilingual && lng !== 'en';
    const letters = controllersFor(request.services).map((c): Letter => {
      const original = composeOne(request, c, today, lng, reference, {
        translationFollows: bilingual,
      });
      if (!bilingual) return original;
      return {
        ...original,
        courtesyTranslation: composeOne(request, c, today, 'en', reference, {
          translationOf: lng,
        }),
      };
    });
    return { language: lng, letters };
  }

  const planner = createTextPlanner(composeSet, letterReference, { maxPlans: options.maxPlans });
  return {
    compose: (request, today) => composeSet(request, today, letterReference(request, today)),
    text: planner.text,
    keptPlans: planner.kept,
  };
}

// Crockford's base 32: no I, L, O or U, so a reference read aloud or typed is not misread.
const base32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * "K7M2-Q9XD": the first 40 bits of a SHA-256 of what the letters of a request are (wording,
 * kind, date, language, the person and their accounts, what they follow), in base 32. The
 * same letters on the same day get the same reference; it is computed again, never stored.
 */
export function letterReference(request: LetterRequest, today: string): string {
  const content = JSON.stringify([
    wording.version,
    request.kind,
    today,
    request.language,
    request.name,
    [request.street, request.postcode, request.city, request.country],
    request.email,
    request.services.map((s) => [s, request[s] ?? null]),
    request.grounds,
    request.ownGrounds ?? null,
    request.objectedOn ?? request.objectedBefore,
    request.followUp ?? null,
  ]);
  const digest = createHash('sha256').update(content).digest();
  let bits = 0n;
  for (const byte of digest.subarray(0, 5)) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = 0; i < 8; i++) {
    code = base32[Number(bits & 31n)] + code;
    bits >>= 5n;
  }
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Headings are numbered in order ("1. Objection to processing"), whichever sections a letter has. */
function numberHeadings(blocks: Block[]): Block[] {
  let n = 0;
  return blocks.map((b) => (b.type === 'heading' ? { ...b, text: `${++n}. ${b.text}` } : b));
}

const serviceNames: Record<Service, string> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  messenger: 'Messenger',
  threads: 'Threads',
  whatsapp: 'WhatsApp',
};
/** Brand names, the same in every language. */
export function serviceName(service: Service): string {
  return serviceNames[service];
}

const listFormats = new Map<string, Intl.ListFormat>();
function listFormat(locale: string): Intl.ListFormat {
  let format = listFormats.get(locale);
  if (!format) {
    format = new Intl.ListFormat(locale, { type: 'conjunction' });
    listFormats.set(locale, format);
  }
  return format;
}

function flatten(node: Record<string, unknown>, prefix: string, into: Map<string, string>): void {
  for (const [key, value] of Object.entries(node)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') into.set(path, value);
    else if (value && typeof value === 'object')
      flatten(value as Record<string, unknown>, path, into);
  }
}

/**
 * Replaces each {{name}} of a locale string, in one pass: a value is inserted as it is and
 * never read again, so what a person typed ("{{name}}", "$t(...)") stays literal text.
 */
export function interpolate(template: string, lookup: (name: string) => string): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_match, name: string) => lookup(name));
}

const languageNameFormats = new Map<string, Intl.DisplayNames>();
function languageNames(locale: string): Intl.DisplayNames {
  let names = languageNameFormats.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'language' });
    languageNameFormats.set(locale, names);
  }
  return names;
}
