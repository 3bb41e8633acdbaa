import type { Service } from './request.js';

/**
 * Controllers and the services they run, as data. Every fact carries where it was seen
 * and when, so the day an address goes stale is visible (see test/letters/recipients.test.ts).
 * Source of record for this project: ../shared/legal/README.md, "Recipients".
 */

export interface Sourced {
  /** Where the fact was seen. */
  source: string;
  /** When it was last checked (ISO date or month). */
  checked: string;
}

export interface OnlineForm extends Sourced {
  service: Service;
  url: string;
  /** The services whose accounts the form takes (Messenger uses Facebook's, Threads Instagram's). */
  covers: readonly Service[];
}

export interface Controller extends Sourced {
  id: 'meta' | 'whatsapp';
  /** Legal name, exactly as the controller writes it. */
  name: string;
  /** Postal address lines after the name; the country is the last line, as an ISO code. */
  addressLines: readonly string[];
  country: 'IE';
  services: readonly Service[];
  /** Official online channels for the objection, per service. */
  forms: readonly OnlineForm[];
}

const privacyNotices =
  'Meta Privacy Policy (EEA) and WhatsApp Privacy Policy (EEA), as summarised in the legal brief';

export const controllers: readonly Controller[] = [
  {
    id: 'meta',
    name: 'Meta Platforms Ireland Limited',
    addressLines: ['Merrion Road', 'Dublin 4', 'D04 X2K5'],
    country: 'IE',
    services: ['facebook', 'instagram', 'messenger', 'threads'],
    source: `${privacyNotices}; https://www.facebook.com/privacy/policy/ (replaces 4 Grand Canal Square, Dublin 2); Messenger and Threads as Meta Platforms Ireland services: legal brief, "Recipients" (Threads [K])`,
    checked: '2026-11',
    forms: [
      {
        service: 'facebook',
        url: 'https://www.facebook.com/help/contact/712876720715583',
        covers: ['facebook', 'messenger'],
        source: 'legal brief, "Official online channels" (third-party)',
        checked: '2026-11',
      },
      {
        service: 'instagram',
        url: 'https://help.instagram.com/contact/767264225370182',
        covers: ['instagram', 'threads'],
        source: 'legal brief, "Official online channels" (third-party)',
        checked: '2026-11',
      },
    ],
  },
  {
    id: 'whatsapp',
    name: 'WhatsApp Ireland Limited',
    addressLines: ['Merrion Road', 'Dublin 4', 'D04 X2K5'],
    country: 'IE',
    services: ['whatsapp'],
    source: 'https://www.whatsapp.com/legal/privacy-policy-eea',
    checked: '2026-11',
    forms: [
      {
        service: 'whatsapp',
        url: 'https://www.whatsapp.com/contact/forms/382532939919295/',
        covers: ['whatsapp'],
        source: 'legal brief, "Official online channels" (third-party; choose "objection")',
        checked: '2026-11',
      },
    ],
  },
];

/** The controllers a person writes to, one letter each, in a stable order. */
export function controllersFor(ticked: readonly Service[]): Controller[] {
  return controllers.filter((c) => c.services.some((s) => ticked.includes(s)));
}
