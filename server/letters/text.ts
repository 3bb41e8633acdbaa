import type { Block, Letter, LetterSet } from './letter.js';

/**
 * Letter -> plain text, for copying into an email or a form and for the text download.
 * Lines are not wrapped: the program the text is pasted into wraps it.
 */

const separator = `\n\n${'—'.repeat(40)}\n\n`;

function block(b: Block): string {
  switch (b.type) {
    case 'heading':
    case 'paragraph':
    case 'quote':
    case 'notice':
      return b.text;
    case 'list':
      return b.items.map((item) => `- ${item}`).join('\n');
  }
}

export function renderLetterText(letter: Letter): string {
  const original = renderOne(letter);
  return letter.courtesyTranslation
    ? `${original}${separator}${renderOne(letter.courtesyTranslation)}`
    : original;
}

function renderOne(letter: Omit<Letter, 'courtesyTranslation'>): string {
  const parts = [
    [letter.sender.name, ...letter.sender.lines, letter.sender.email].join('\n'),
    [letter.recipient.name, ...letter.recipient.lines].join('\n'),
    [letter.placeAndDate, letter.dueDateNote, letter.referenceLine].filter(Boolean).join('\n'),
    letter.subjectLine,
    letter.salutation,
    ...letter.body.map(block),
    letter.closing,
    `\n\n${letter.signatureName}`,
  ];
  return `${parts.join('\n\n')}\n`;
}

/** Every letter of a request, one after the other, each after a rule. */
export function renderLetterSetText(set: LetterSet): string {
  return set.letters.map(renderLetterText).join(separator);
}
