import { describe, expect, it } from 'vitest';
import { controllers, controllersFor } from '../../server/letters/recipients.js';

describe('recipients', () => {
  it('every controller and online form says where it was seen and when', () => {
    for (const entry of [...controllers, ...controllers.flatMap((c) => c.forms)]) {
      expect(entry.source.length, JSON.stringify(entry)).toBeGreaterThan(10);
      expect(entry.checked).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
    }
  });

  it('uses the current Dublin address, not the outdated Grand Canal Square one', () => {
    for (const c of controllers) {
      expect(c.addressLines).toEqual(['Merrion Road', 'Dublin 4', 'D04 X2K5']);
      expect(c.addressLines.join(' ')).not.toMatch(/Grand Canal/);
    }
  });

  it('writes one letter per controller', () => {
    expect(controllersFor(['instagram', 'facebook']).map((c) => c.name)).toEqual([
      'Meta Platforms Ireland Limited',
    ]);
    expect(controllersFor(['whatsapp']).map((c) => c.name)).toEqual(['WhatsApp Ireland Limited']);
    expect(controllersFor(['whatsapp', 'facebook']).map((c) => c.id)).toEqual(['meta', 'whatsapp']);
  });
});

describe('more Meta services', () => {
  it('Messenger and Threads are Meta Platforms Ireland services, in its one letter', () => {
    expect(controllersFor(['messenger', 'threads']).map((c) => c.name)).toEqual([
      'Meta Platforms Ireland Limited',
    ]);
    expect(controllersFor(['threads', 'whatsapp']).map((c) => c.id)).toEqual(['meta', 'whatsapp']);
  });
});
