import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/**
 * Content-Disposition for a download (RFC 6266): an ASCII `filename` for every client, and
 * `filename*` (RFC 8187, UTF-8) for those that read it. Characters that could end the
 * header value or the quoted string are never written raw.
 */
export function contentDisposition(fileName: string): string {
  const ascii =
    fileName
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\;]/g, '_')
      .trim() || 'letter.pdf';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A PDF download, with its SHA-256 as Repr-Digest (RFC 9530) so a client can check it. */
export function sendPdf(reply: FastifyReply, fileName: string, pdf: Buffer): FastifyReply {
  return reply
    .type('application/pdf')
    .header('content-disposition', contentDisposition(fileName))
    .header('repr-digest', reprDigest(pdf))
    .send(pdf);
}

/** A calendar file download (RFC 5545). */
export function sendCalendar(reply: FastifyReply, fileName: string, ics: string): FastifyReply {
  return reply
    .type('text/calendar; charset=utf-8')
    .header('content-disposition', contentDisposition(fileName))
    .send(ics);
}

/** RFC 9530: the SHA-256 of the file as sent. */
export function reprDigest(body: Buffer): string {
  return `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
}
