import { fileURLToPath } from 'node:url';

/**
 * The project's root folder, found from this file whether it runs from server/ (tsx, vitest)
 * or from dist/server/ (compiled): templates, locales and public/ are read from here.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
export const projectRoot = here.replace(/[\\/](?:dist[\\/])?server[\\/]?$/, '');
