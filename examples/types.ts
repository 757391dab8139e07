/**
 * Compile-time checks of what the package's types promise a consumer. This file is only
 * type-checked (npm run typecheck); each `@ts-expect-error` fails the build if the error it
 * expects goes away.
 */
import type { CodeRecord, ModifierEntry } from 'codebook';

declare const record: CodeRecord;
declare const modifier: ModifierEntry;

// A field that does not exist is rejected.
// @ts-expect-error `billingAmount` is not a field of a code record
void record.billingAmount;

// Unknown values are null in the types: using one as a string without checking is rejected.
// @ts-expect-error `descriptor` may be null (unknown)
void record.descriptor.toUpperCase();

// `unknown` names only fields the entry has.
const modifierFields: ModifierEntry['unknown'] = ['description', 'whenToUse'];
// @ts-expect-error `relationship` is not a field of a modifier
const wrongField: ModifierEntry['unknown'] = ['relationship'];

// The record's `unknown` lists record fields, lists included.
const recordFields: CodeRecord['unknown'] = ['title', 'descriptor', 'serviceType', 'diagnoses', 'taxonomies', 'payers'];
// @ts-expect-error `whenToUse` belongs to modifiers, not to the record
const notARecordField: CodeRecord['unknown'] = ['whenToUse'];

export { modifier, modifierFields, notARecordField, recordFields, wrongField };
