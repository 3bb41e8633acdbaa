/**
 * Content and language negotiation by quality values (RFC 9110 §12.4.2): the ranges of an
 * Accept or Accept-Language header, best first, ties in the order given.
 */
export function rankedRanges(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return {
        range: range.trim().toLowerCase(),
        weight: Number.isFinite(weight) ? weight : 0,
        index,
      };
    })
    .filter((r) => r.range && r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((r) => r.range);
}

/**
 * The first offered media type the Accept header takes, `fallback` when it says nothing
 * useful (absent, or any type), or undefined when it accepts none of them (406).
 */
export function preferredMediaType<T extends string>(
  accept: string | undefined,
  offered: readonly T[],
  fallback: T,
): T | undefined {
  const ranges = rankedRanges(accept);
  if (ranges.length === 0) return fallback;
  for (const range of ranges) {
    if (range === '*/*') return fallback;
    const exact = offered.find((o) => o === range);
    if (exact) return exact;
    if (range.endsWith('/*')) {
      const prefix = range.slice(0, -1);
      const match = offered.find((o) => o.startsWith(prefix));
      if (match) return match;
    }
  }
  return undefined;
}
