import type { FastifyRequest } from 'fastify';
import type { Localisation } from '../i18n.js';
import { negotiateLanguage } from '../i18n.js';

/** The interface language of a request: `explicit` (a form's `ui` field), `?lang=`, then Accept-Language. */
export function uiLanguage(
  request: FastifyRequest,
  localisation: Localisation,
  explicit?: unknown,
): string {
  const query = request.query as Record<string, unknown> | undefined;
  const chosen = typeof explicit === 'string' && explicit ? explicit : query?.lang;
  return negotiateLanguage(
    localisation.languages,
    chosen,
    request.headers['accept-language'],
    localisation.defaultLanguage,
  );
}
