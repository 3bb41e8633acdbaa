import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import type { Localisation } from '../i18n.js';

/**
 * Page templates (templates/pages), compiled once at start-up. Every `{{…}}` is HTML-escaped
 * by Handlebars, so whatever a person typed is shown as text; no template uses `{{{…}}}`
 * for anything but the layout's own partial block.
 */

export type PageName = 'form' | 'result' | 'problem' | 'docs';

export interface PageContext {
  lng: string;
  title: string;
  [key: string]: unknown;
}

export interface Pages {
  render(name: PageName, context: PageContext): string;
}

export function createPages(root: string, localisation: Localisation): Pages {
  const { i18n, languages } = localisation;
  const hbs = Handlebars.create();
  const dir = join(root, 'templates', 'pages');
  const partials = join(dir, 'partials');
  // preventIndent: an indented partial would otherwise indent every line of a multi-line
  // value too, changing what a person typed in a textarea each time the form comes back.
  const compile = (file: string) =>
    hbs.compile(readFileSync(file, 'utf8'), { strict: false, preventIndent: true });
  // Partials are registered compiled: given as strings, Handlebars compiles them again on
  // every use.
  for (const file of readdirSync(partials).filter((f) => f.endsWith('.hbs'))) {
    hbs.registerPartial(basename(file, '.hbs'), compile(join(partials, file)));
  }
  hbs.registerHelper('t', (key: string, options: Handlebars.HelperOptions) => {
    const lng = (options.data.root as PageContext).lng;
    return i18n.t(key, {
      lng,
      ns: 'ui',
      ...('count' in options.hash ? { count: options.hash.count } : {}),
      replace: options.hash,
    });
  });
  const compiled = Object.fromEntries(
    (['form', 'result', 'problem', 'docs'] as const).map((name) => [
      name,
      compile(join(dir, `${name}.hbs`)),
    ]),
  ) as Record<PageName, HandlebarsTemplateDelegate>;

  // Each language named in itself, in the order of those names (Čeština after Dansk…).
  const named = languages
    .map((code) => ({ code, name: i18n.t('languageName', { lng: code, ns: 'ui' }) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));
  const languageLinks = (current: string) =>
    named.map((l) => ({ ...l, current: l.code === current }));

  return {
    render(name, context) {
      const languages = languageLinks(context.lng);
      const currentLanguageName = languages.find((l) => l.current)?.name ?? context.lng;
      return compiled[name]({ ...context, languages, currentLanguageName });
    },
  };
}
