import type { LetterSet } from './letter.js';
import type { LetterRequest } from './request.js';
import { renderLetterSetText } from './text.js';

/**
 * Plain-text letters from plans: what `renderLetterSetText(compose(request, today))` returns,
 * without running the templates for every request.
 *
 * Most of a letter depends only on the shape of a request (language, kind, services, grounds,
 * which fields are filled in) and on the day; a person's own details only fill slots in it.
 * So the first request of a shape is composed once with a placeholder in each slot, and the
 * text is kept split at the placeholders: later requests of that shape only join the pieces
 * with their own details (a few microseconds instead of ~0.3 ms of templates per letter set).
 *
 * What is kept holds no one's details: only locale sentences, and keys made of choices from
 * fixed lists (never a typed value). Requests with typed dates (a follow-up letter, an earlier
 * objection's date) are composed directly, as is any request with a field this module does
 * not know: a new field is never baked into a kept plan by mistake.
 */

/** Typed values: each gets a slot in the plan, and only its presence goes into the key. */
export const slotFields = [
  'name',
  'street',
  'postcode',
  'city',
  'place',
  'email',
  'facebook',
  'instagram',
  'messenger',
  'threads',
  'whatsapp',
  'ownGrounds',
] as const satisfies readonly (keyof LetterRequest)[];

/** Choices from fixed lists: a plan is kept for each combination of their values. */
export const shapeFields = [
  'kind',
  'services',
  'country',
  'grounds',
  'language',
  'bilingual',
  'objectedBefore',
  'originalKind',
  'answer',
  'authority',
] as const satisfies readonly (keyof LetterRequest)[];

/** Fields a planned request must not have (typed dates, follow-up details): composed directly. */
export const unplannedFields = [
  'objectedOn',
  'originalDate',
  'originalReference',
  'receivedOn',
  'answerDate',
  'answerSummary',
  'reminderDate',
  'followUp',
] as const satisfies readonly (keyof LetterRequest)[];

// Private-use characters: no locale string holds them (test/letters/text-plan.test.ts).
const open = '\uE000';
const close = '\uE001';
const slotPattern = /\uE000(\d+)\uE001/;
/** The letters' reference is the slot after the request's own. */
const referenceSlot = slotFields.length;

const slotOf = new Map<string, number>(slotFields.map((field, i) => [field, i]));
const shapeOf = new Set<string>(shapeFields);

interface Plan {
  /** Text pieces alternating with slot numbers, starting and ending with text. */
  pieces: (string | number)[];
  /**
   * Slots that end the last item of a list: the template turns a semicolon there into a full
   * stop, so a value ending in one is composed directly rather than filled in.
   */
  listEnds: number[];
}

export interface TextPlannerOptions {
  /** Plans kept at most (least recently used dropped first); each is one letter set's text. */
  maxPlans?: number;
}

export interface TextPlanner {
  text(request: LetterRequest, today: string): string;
  /**
   * What is kept, for inspection: each plan's text with its slots shown as {name}, {reference}.
   */
  kept(): string[];
}

/**
 * `composeSet` must compose `request` as `compose` does, with the given reference; its text
 * may only depend on the slot fields' values by including them verbatim.
 */
export function createTextPlanner(
  composeSet: (request: LetterRequest, today: string, reference: string) => LetterSet,
  reference: (request: LetterRequest, today: string) => string,
  options: TextPlannerOptions = {},
): TextPlanner {
  const maxPlans = options.maxPlans ?? 256;
  const plans = new Map<string, Plan>();

  return {
    text(request, today) {
      const key = shapeKey(request, today);
      const ref = reference(request, today);
      if (key === undefined) return renderLetterSetText(composeSet(request, today, ref));
      let plan = plans.get(key);
      if (plan === undefined) {
        plan = makePlan(request, today);
        if (plans.size >= maxPlans) plans.delete(plans.keys().next().value as string);
      } else {
        // Most recently used last: Map keeps insertion order.
        plans.delete(key);
      }
      plans.set(key, plan);
      for (const slot of plan.listEnds) {
        const value = slotValue(request, slot, ref);
        if (value === '' || /[;·]$/u.test(value))
          return renderLetterSetText(composeSet(request, today, ref));
      }
      return fill(plan.pieces, request, ref);
    },
    kept: () =>
      [...plans.values()].map((plan) =>
        plan.pieces
          .map((piece) =>
            typeof piece === 'string'
              ? piece
              : `{${piece === referenceSlot ? 'reference' : slotFields[piece]}}`,
          )
          .join(''),
      ),
  };

  function makePlan(request: LetterRequest, today: string): Plan {
    const placeholders: Record<string, unknown> = { ...request };
    for (const [field, slot] of slotOf)
      if (request[field as keyof LetterRequest] !== undefined)
        placeholders[field] = `${open}${slot}${close}`;
    const set = composeSet(placeholders as LetterRequest, today, `${open}${referenceSlot}${close}`);
    const pieces: (string | number)[] = renderLetterSetText(set).split(slotPattern);
    for (let i = 1; i < pieces.length; i += 2) pieces[i] = Number(pieces[i]);
    return { pieces, listEnds: listEnds(set) };
  }
}

/** The slots that end the last item of one of the set's lists (see Plan). */
function listEnds(set: LetterSet): number[] {
  const slots = new Set<number>();
  for (const letter of set.letters)
    for (const one of [letter, letter.courtesyTranslation])
      for (const block of one?.body ?? []) {
        const last = block.type === 'list' ? block.items.at(-1) : undefined;
        const slot = last?.match(/\uE000(\d+)\uE001$/)?.[1];
        if (slot !== undefined) slots.add(Number(slot));
      }
  return [...slots];
}

function slotValue(request: LetterRequest, slot: number, reference: string): string {
  return slot === referenceSlot
    ? reference
    : (request[slotFields[slot] as keyof LetterRequest] as string);
}

function fill(pieces: Plan['pieces'], request: LetterRequest, reference: string): string {
  let text = '';
  for (const piece of pieces)
    text += typeof piece === 'string' ? piece : slotValue(request, piece, reference);
  return text;
}

/** The request's shape and the day, or undefined when it is not to be planned. */
function shapeKey(request: LetterRequest, today: string): string | undefined {
  let key = today;
  for (const field in request) {
    const value = request[field as keyof LetterRequest];
    if (slotOf.has(field)) key += value === undefined ? `|${field}-` : `|${field}+`;
    else if (shapeOf.has(field)) key += `|${field}=${String(value)}`;
    else if (value !== undefined) return undefined;
  }
  return key;
}
