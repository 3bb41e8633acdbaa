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
