import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n as I18n, type Resource, type ResourceKey } from 'i18next';
import { letterLanguages } from './letters/request.js';
import { rankedRanges } from './negotiation.js';

/** Interface languages: every folder in locales/ is one. Letters use `letterLanguages`. */
export const namespaces = ['letter', 'ui'] as const;
export type Namespace = (typeof namespaces)[number];

export interface Localisation {
  i18n: I18n;
  languages: readonly string[];
  defaultLanguage: string;
}

/**
 * Reads every locale file once, at start-up, into one i18next instance.
 * Interpolated values are inserted as they are: escaping belongs to the renderer
 * (Handlebars for pages; none for PDF and plain text). `skipOnVariables` keeps a value a
 * person typed (say "$t(subject)" or "{{name}}") from being read as a key or a placeholder.
 */
export async function loadLocalisation(root: string): Promise<Localisation> {
  const dir = join(root, 'locales');
  const languages = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const resources: Resource = {};
  for (const lng of languages) {
    resources[lng] = {};
    for (const ns of namespaces) {
      resources[lng][ns] = JSON.parse(
        readFileSync(join(dir, lng, `${ns}.json`), 'utf8'),
      ) as ResourceKey;
    }
  }
  for (const lng of letterLanguages) {
    if (!languages.includes(lng))
      throw new Error(`locales/${lng} is missing: letters are offered in it`);
  }
  const i18n = i18next.createInstance();
  await i18n.init({
    resources,
    supportedLngs: languages,
    fallbackLng: false,
    ns: [...namespaces],
    defaultNS: 'ui',
    returnNull: false,
    returnEmptyString: false,
    interpolation: { escapeValue: false, skipOnVariables: true },
  });
  return { i18n, languages, defaultLanguage: 'en' };
}

/**
 * The interface language for a request: an explicit choice (`?lang=` or the form's hidden
 * field) first, then the browser's Accept-Language (by q-value), then the fallback.
 */
export function negotiateLanguage(
  available: readonly string[],
  explicit: unknown,
  acceptLanguage: string | undefined,
  fallback: string,
): string {
  if (typeof explicit === 'string' && available.includes(explicit)) return explicit;
  for (const range of rankedRanges(acceptLanguage)) {
    const primary = range.split('-')[0] ?? '';
    if (available.includes(primary)) return primary;
  }
  return fallback;
}
