/**
 * What can be unknown, and why. A document marks a value unknown with the sentinel
 * `Data not available in the input.`, or leaves it out. Unknown is never "none": an empty
 * table is a known empty list; an unknown list is a marker, with no rows.
 */

export const SENTINEL = 'Data not available in the input.';

const SENTINEL_PATTERN = /^data not available in the input\.?$/i;

/** True when a cell or a value is the sentinel (any case, with or without the final period). */
export function isSentinel(text: string): boolean {
  return SENTINEL_PATTERN.test(text.trim());
}

export const UNAVAILABLE_REASONS = ['marked unavailable', 'section absent', 'not stated'] as const;
export type UnavailableReason = (typeof UNAVAILABLE_REASONS)[number];

/**
 * The fields that may be unknown, by the scope they belong to: the record of a documented code,
 * or one item of one of its lists (keyed by the item's code). Names are those of the API and
 * `show --json`, so a marker row and an `unavailable` array speak the same words.
 */
export const UNKNOWABLE_FIELDS = {
  record: [
    'title',
    'descriptor',
    'summary',
    'billingOverview',
    'serviceType',
    'sitesOfService',
    'clinicalVignette',
    'preoperativeWorkflow',
    'intraoperativeWorkflow',
    'postoperativeWorkflow',
    'modifiers',
    'relatedCodes',
    'diagnoses',
    'taxonomies',
    'payers',
  ],
  modifiers: ['description', 'whenToUse'],
  relatedCodes: ['descriptor', 'relationship'],
  diagnoses: ['description', 'clinicalRelevance'],
  taxonomies: ['specialty', 'notes'],
} as const;

export type UnknownScope = keyof typeof UNKNOWABLE_FIELDS;
export type UnknowableField<S extends UnknownScope> = (typeof UNKNOWABLE_FIELDS)[S][number];
export type ListScope = Exclude<UnknownScope, 'record'>;

const UNKNOWN_SCOPES = Object.keys(UNKNOWABLE_FIELDS) as UnknownScope[];
export const LIST_SCOPES = UNKNOWN_SCOPES.filter((s): s is ListScope => s !== 'record');

export const WORKFLOW_PHASES = ['preoperative', 'intraoperative', 'postoperative'] as const;
export type WorkflowPhase = (typeof WORKFLOW_PHASES)[number];

export const WORKFLOW_FIELD = {
  preoperative: 'preoperativeWorkflow',
  intraoperative: 'intraoperativeWorkflow',
  postoperative: 'postoperativeWorkflow',
} as const satisfies Record<WorkflowPhase, UnknowableField<'record'>>;
