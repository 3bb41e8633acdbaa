import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { i18n as I18n } from 'i18next';
import { countryName, postalLines } from './addresses.js';
import { addMonths, formatLongDate } from './dates.js';
import type { Block, Letter, LetterSet } from './letter.js';
import { type Controller, controllersFor } from './recipients.js';
import type { LetterKind, LetterRequest, Service } from './request.js';

/** Meta's forms document no limit; the legal brief asks us to stay well under 1,000 characters. */
export const formTextLimit = 1000;

/** Which requests each kind of letter makes (legal brief, "What a strong letter contains"). */
const sectionsByKind: Record<
  LetterKind,
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
}

/** Compiles the letter templates once; the returned composer does no I/O. */
export function createComposer(root: string, i18n: I18n): Composer {
  const hbs = createLetterHandlebars();
  const compile = (name: string) =>
    hbs.compile(readFileSync(join(root, 'templates', 'letters', `${name}.hbs`), 'utf8'), {
      strict: false,
      knownHelpersOnly: false,
    });
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
  const bodyTemplate = compile('letter');
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
    bilingual: { translationOf?: string; translationFollows?: boolean } = {},
  ): Omit<Letter, 'courtesyTranslation'> {
    const strings = letterStrings(lng);
    const meta = i18n.getResource(lng, 'letter', '_meta') as {
      dateLocale: string;
      firstDayOfMonth?: string;
    };
    const longDate = (iso: string) => formatLongDate(iso, meta.dateLocale, meta.firstDayOfMonth);
    const dueDate = addMonths(today, 1);
    const ticked = controller.services.filter((s) => request.services.includes(s));
    const serviceNames = ticked.map(serviceName);
    const identifiers = ticked
      .map((service) => ({ service, value: request[service] }))
      .filter((i): i is { service: Service; value: string } => typeof i.value === 'string');

    const common: Record<string, string | undefined> = {
      controller: controller.name,
      purpose: strings.get(`purpose.${controller.id}`),
      services: listFormat(meta.dateLocale).format(serviceNames),
      date: longDate(today),
      dueDate: longDate(dueDate),
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

    const sections = sectionsByKind[request.kind];
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
    };
    const body = numberHeadings(run(bodyTemplate, context, text));

    const formText = composeFormText(
      request,
      context,
      text,
      identifiers.map((i) => i.value).join(', '),
      controller.id,
    );

    return {
      language: lng,
      controller: { id: controller.id, name: controller.name },
      forms: controller.forms
        .filter((f) => ticked.includes(f.service))
        .map(({ service, url }) => ({ service, url })),
      title: text('documentTitle'),
      sender,
      recipient: {
        name: controller.name,
        lines: [...controller.addressLines, countryName(controller.country, meta.dateLocale)],
      },
      date: today,
      placeAndDate: text('placeAndDate', { place: request.place ?? request.city }),
      dueDate,
      dueDateNote: text('dueDateNote'),
      subject: text(`subject.${request.kind}`),
      subjectLine: text('subjectLine', { subject: text(`subject.${request.kind}`) }),
      salutation: text('salutation'),
      body,
      closing: text('closing'),
      signatureLabel: text('signatureLabel'),
      signatureName: request.name,
      formText,
    };
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

  return {
    compose(request, today) {
      const lng = request.language;
      const bilingual = request.bilingual && lng !== 'en';
      const letters = controllersFor(request.services).map((c): Letter => {
        const original = composeOne(request, c, today, lng, { translationFollows: bilingual });
        if (!bilingual) return original;
        return {
          ...original,
          courtesyTranslation: composeOne(request, c, today, 'en', { translationOf: lng }),
        };
      });
      return { language: lng, letters };
    },
  };
}

/** Headings are numbered in order ("1. Objection to processing"), whichever sections a letter has. */
function numberHeadings(blocks: Block[]): Block[] {
  let n = 0;
  return blocks.map((b) => (b.type === 'heading' ? { ...b, text: `${++n}. ${b.text}` } : b));
}

const serviceNames: Record<Service, string> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
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
