/**
 * A document description: what a document says, without where it says it. A `DocumentModel` is
 * one (its lines and source texts aside), and so is what the corpus generator makes; the type is
 * the model's, with every line, title line and source text left out, so it has every field the
 * model has (src/domain/fields.ts) and nothing else.
 */
import type { ListField } from '../src/domain/fields.js';
import type { Known, Unknown } from '../src/domain/unknowns.js';
import type { DocumentModel, EntryRow } from '../src/pipeline/model.js';

/** `T` without its locations: no `line`, `titleLine` or `source`, anywhere in it. */
export type Described<T> = T extends Unknown
  ? Unknown
  : T extends readonly (infer E)[]
    ? readonly Described<E>[]
    : T extends object
      ? { readonly [K in keyof T as K extends 'line' | 'titleLine' | 'source' ? never : K]: Described<T[K]> }
      : T;

export type DocumentDescription = Described<DocumentModel>;
/** An entry of a list field, as a description holds it. */
export type EntryItem<L extends ListField> = Described<EntryRow<L>>;
export type ModifierItem = EntryItem<'modifiers'>;
export type RelatedCodeItem = EntryItem<'relatedCodes'>;
export type DiagnosisItem = EntryItem<'diagnoses'>;
export type TaxonomyItem = EntryItem<'taxonomies'>;

/** An item of a names field (payers, sites of service): here, only its text. */
export interface StatedText {
  readonly value: string;
}

export type Value<T> = Known<T>;
