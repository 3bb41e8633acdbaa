import { describe, expect, it } from 'vitest';
import { contentDisposition } from '../../server/routes/download.js';

describe('contentDisposition (RFC 6266)', () => {
  it('writes an ASCII name and the UTF-8 one', () => {
    expect(contentDisposition('gdpr-objection-meta-2026-11-29.pdf')).toBe(
      `attachment; filename="gdpr-objection-meta-2026-11-29.pdf"; filename*=UTF-8''gdpr-objection-meta-2026-11-29.pdf`,
    );
    expect(contentDisposition('lettre-Żółć "x";.pdf')).toBe(
      `attachment; filename="lettre-Zoc _x__.pdf"; filename*=UTF-8''lettre-%C5%BB%C3%B3%C5%82%C4%87%20%22x%22%3B.pdf`,
    );
  });

  it('can never break the header, whatever the name', () => {
    for (const name of ['a\r\nSet-Cookie: x=1', 'ünïcødé\u0000\u202e.pdf', '"', '\\']) {
      const value = contentDisposition(name);
      // Only printable ASCII may appear in a header value.
      expect(/^[\x20-\x7e]*$/.test(value)).toBe(true);
      expect(value.match(/"/g)).toHaveLength(2);
    }
  });
});
