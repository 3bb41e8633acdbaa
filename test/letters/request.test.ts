import { describe, expect, it } from 'vitest';
import { letterRequestSchema } from '../../server/letters/request.js';
import { fullRequest } from '../helper.js';

const issuesOf = (input: unknown) => {
  const result = letterRequestSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
};

describe('letterRequestSchema', () => {
  it('normalises what people type', () => {
    const request = letterRequestSchema.parse(
      fullRequest({
        name: '  Łukasz Żółć ',
        instagram: 'lukasz_zolc',
        whatsapp: '0048 (600) 123-456',
        services: 'whatsapp' as never,
        grounds: 'imitation' as never,
      }),
    );
    expect(request.name).toBe('Łukasz Żółć');
    expect(request.services).toEqual(['whatsapp']);
    expect(request.whatsapp).toBe('+48600123456');
    expect(request.grounds).toEqual(['imitation']);
    // Identifiers of services that were not ticked never reach a letter.
    expect(request.instagram).toBeUndefined();
    expect(request.facebook).toBeUndefined();
  });

  it('composes names in NFC, so "Zoë" typed with a combining mark prints as one letter', () => {
    const request = letterRequestSchema.parse(fullRequest({ name: 'Zoe\u0308' }));
    expect(request.name).toBe('Zoë');
  });

  it('defaults to the combined letter in English', () => {
    const { kind, language, ...rest } = fullRequest();
    expect(kind).toBeDefined();
    expect(language).toBeDefined();
    const request = letterRequestSchema.parse(rest);
    expect(request.kind).toBe('combined');
    expect(request.language).toBe('en');
  });

  it('reports every missing field at once, with a code per field', () => {
    expect(issuesOf({})).toEqual([
      'services:chooseService',
      'name:required',
      'street:required',
      'postcode:required',
      'city:required',
      'country:chooseCountry',
      'email:required',
      'grounds:groundsRequired',
    ]);
  });

  it('asks for the identifier of each ticked service, even when other fields are wrong', () => {
    expect(issuesOf({ services: ['facebook', 'instagram', 'whatsapp'], name: '' })).toEqual(
      expect.arrayContaining([
        'facebook:required',
        'instagram:required',
        'whatsapp:required',
        'name:required',
      ]),
    );
  });

  it.each([
    ['email', 'not-an-email', 'email:invalidEmail'],
    ['instagram', 'has space', 'instagram:invalid'],
    ['instagram', `@${'a'.repeat(31)}`, 'instagram:tooLong'],
    ['facebook', 'https://evil.example/profile', 'facebook:invalid'],
    ['whatsapp', '06 12 34 56 78', 'whatsapp:invalid'],
    ['postcode', '75<001>', 'postcode:invalid'],
    ['country', 'US', 'country:chooseCountry'],
    ['kind', 'appeal', 'kind:invalid'],
    ['language', 'xx', 'language:invalid'],
    ['name', 'a'.repeat(151), 'name:tooLong'],
    ['name', 'Eve\u0000', 'name:invalidCharacters'],
    ['name', 'Eve\u202Eevil', 'name:invalidCharacters'],
    ['city', 'Paris\nLyon', 'city:invalidCharacters'],
    ['ownGrounds', 'x'.repeat(2001), 'ownGrounds:tooLong'],
    ['objectedOn', '2025-02-30', 'objectedOn:invalidDate'],
    ['objectedOn', '2017-01-01', 'objectedOn:dateTooEarly'],
    ['grounds', ['nope'], 'grounds.0:invalid'],
  ])('rejects %s = %j with %s', (field, value, expected) => {
    expect(issuesOf(fullRequest({ [field]: value, objectedBefore: true }))).toContain(expected);
  });

  it('accepts Facebook profile links and usernames', () => {
    for (const facebook of [
      'https://www.facebook.com/profile.php?id=100012345678',
      'https://m.facebook.com/jean.dupont',
      'jean.dupont',
    ]) {
      expect(issuesOf(fullRequest({ facebook }))).toEqual([]);
    }
  });

  it('keeps line breaks in the person’s own words', () => {
    const request = letterRequestSchema.parse(fullRequest({ ownGrounds: 'one\ntwo\tthree' }));
    expect(request.ownGrounds).toBe('one\ntwo\tthree');
  });

  it('needs grounds for an objection, not for erasure alone', () => {
    expect(issuesOf(fullRequest({ grounds: [], ownGrounds: '' }))).toEqual([
      'grounds:groundsRequired',
    ]);
    expect(issuesOf(fullRequest({ kind: 'erasure', grounds: [], ownGrounds: '' }))).toEqual([]);
    expect(issuesOf(fullRequest({ grounds: [], ownGrounds: 'My reasons.' }))).toEqual([]);
  });
});
