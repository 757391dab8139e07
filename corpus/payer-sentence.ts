/**
 * The template's payer sentence, as the corpus writes it and reads its own writing back:
 * `Key payers covered in this analysis include A, B, and C.` — the names joined as generators
 * join them, sometimes ending in a filler that names no payer, or `… include:` before list items.
 * The corpus's own, so that the documents it writes test the parser rather than repeat it.
 */
import type { Random } from './random.js';

export const PAYER_OPENING = 'Key payers covered in this analysis include';

/** Text some generators end a list with that names no payer. */
export const FILLERS = [', to name a few', ', etc.', ', among others', ' etc.'];

/**
 * A payer list as a sentence writes it: `A`, `A and B`, `A, B, and C` (or without the last comma),
 * `A; B; C`; now and then ending in a filler that names no payer.
 */
export function payerListText(random: Random, names: readonly string[]): { text: string; fillers: number } {
  const last = names[names.length - 1]!;
  const text =
    names.length === 1
      ? last
      : names.length > 2 && random.chance(0.2)
        ? names.join('; ')
        : `${names.slice(0, -1).join(', ')}${names.length > 2 && random.chance(0.7) ? ',' : ''} and ${last}`;
  if (!random.chance(0.08)) return { text, fillers: 0 };
  return { text: `${text}${random.pick(FILLERS)}`, fillers: 1 };
}

/** The payer sentence of a summary, if it has one: what follows its opening (empty for one that ends in a colon, before list items). */
export function payerSentenceOf(summary: string): string | undefined {
  for (const paragraph of summary.split('\n\n')) {
    const at = paragraph.indexOf(PAYER_OPENING);
    if (at === -1) continue;
    const rest = paragraph.slice(at + PAYER_OPENING.length);
    return rest.startsWith(':') ? '' : rest.trimStart();
  }
  return undefined;
}

const SEPARATOR = /^(?:[,;]?\s+(?:and\s+)?|,\s*)$/;
const ENDING = new RegExp(`^(?:${FILLERS.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})?\\.?(?:\\s|$)`);

/** True when what follows the opening names exactly `names`, in order, joined as payerListText joins them, to the end of the sentence. */
export function sentenceNames(rest: string, names: readonly string[]): boolean {
  let at = 0;
  for (const [i, name] of names.entries()) {
    const found = rest.indexOf(name, at);
    if (found === -1 || (i === 0 ? found !== 0 : !SEPARATOR.test(rest.slice(at, found)))) return false;
    at = found + name.length;
  }
  return ENDING.test(rest.slice(at)) || (names[names.length - 1]!.endsWith('.') && /^(?:\s|$)/.test(rest.slice(at)));
}
