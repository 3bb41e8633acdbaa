import type { Country } from './request.js';

/**
 * How the postcode and city are written on an envelope, per country: most of the EU writes
 * "postcode city"; these do not. Source: Universal Postal Union, "Postal addressing systems
 * in member countries" (https://www.upu.int/en/Postal-Solutions/Programmes-Services/Addressing-Solutions),
 * checked 2026-11.
 */
const cityLines: Partial<Record<Country, (postcode: string, city: string) => string[]>> = {
  // Eircode on its own line after the town.
  IE: (postcode, city) => [city, postcode],
  // Latvia: "city, LV-1010"; Malta: "city postcode".
  LV: (postcode, city) => [`${city}, ${postcode}`],
  MT: (postcode, city) => [`${city} ${postcode}`],
};

export function postalLines(
  street: string,
  postcode: string,
  city: string,
  country: Country,
  countryName: string,
): string[] {
  const lines = cityLines[country]?.(postcode, city) ?? [`${postcode} ${city}`];
  return [street, ...lines, countryName];
}

/** A country's name in the letter's language, from the runtime's CLDR data. */
export function countryName(country: string, dateLocale: string): string {
  const key = `${country}|${dateLocale}`;
  let name = countryNames.get(key);
  if (name === undefined) {
    name = new Intl.DisplayNames([dateLocale], { type: 'region' }).of(country) ?? country;
    countryNames.set(key, name);
  }
  return name;
}
// A few dozen countries × 26 locales, looked up for every letter (Intl look-ups are costly).
const countryNames = new Map<string, string>();
