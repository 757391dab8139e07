/**
 * The document's fields: the one declaration of the shape every stage works to. The model, the
 * parser's keys, validate, normalize, the schema's field columns, the loader, the data checks, the
 * record and its query, `show`, the views and the corpus generator are all keyed by these names
 * (`satisfies Record<Field, …>`, mapped types), so adding a field here makes `tsc` name each place
 * that has to say something about it, and dropping one anywhere fails a check or a test.
 *
 * Names are those of the API and `show --json`, and of `unknown_values.field`.
 */

/** The template's sections, as the parser knows them (`specifications` holds `clinical` and `coding`). */
export const TEMPLATE_SECTIONS = ['summary', 'billing', 'specifications', 'clinical', 'coding', 'diagnoses', 'relatedCodes'] as const;
export type SectionName = (typeof TEMPLATE_SECTIONS)[number];

export const WORKFLOW_PHASES = ['preoperative', 'intraoperative', 'postoperative'] as const;
export type WorkflowPhase = (typeof WORKFLOW_PHASES)[number];

/**
 * What kind of value a field holds:
 * - `text`: one short text — the title (from the title line), the descriptor (from the document's
 *   own row in its related-codes table), or a `Key: value` field (`keys`);
 * - `prose`: the paragraphs of a section;
 * - `names`: a list of names, each stated on its line (sites of service, payers);
 * - `workflow`: what one workflow phase includes;
 * - `list`: a list field — entries keyed by their code, given as a table, each with fields of its own.
 */
export type FieldKind = 'text' | 'prose' | 'names' | 'workflow' | 'list';

/** The catalogs a field's value may be resolved into: one value per code, from what the documents state. */
export const CATALOG_NAMES = ['code', 'modifier', 'diagnosis', 'taxonomy'] as const;
export type CatalogName = (typeof CATALOG_NAMES)[number];

interface FieldSpec {
  readonly kind: FieldKind;
  /** The section the value belongs to: when the section is absent, the value is unknown for that reason. */
  readonly section: SectionName;
  /** How a person reads its name (`codebook show`). */
  readonly label: string;
  /** For text: where it is read from. */
  readonly source?: 'title line' | 'own row' | 'key';
  /** The keys a document may write it under (any case): the template's first, then the names other generators use. */
  readonly keys?: readonly string[];
  /** For names: what one item is (`payer`), for messages. */
  readonly item?: string;
  /** For a workflow: its phase. */
  readonly phase?: WorkflowPhase;
  /** The field's value is a catalog fact: the value shown is the one the catalog resolved. */
  readonly catalog?: CatalogName;
}

const SITE_NOUNS = ['site', 'sites', 'site(s)', 'place', 'places', 'place(s)', 'setting', 'settings', 'setting(s)'];

/**
 * The record's fields, in the order the record (`getCode`, `show --json`) and its `unknown` array
 * list them; then the prose `getNarrative` returns.
 */
export const RECORD_FIELDS = {
  title: { kind: 'text', source: 'title line', section: 'summary', label: 'Title' },
  descriptor: { kind: 'text', source: 'own row', section: 'relatedCodes', label: 'Descriptor', catalog: 'code' },
  serviceType: {
    kind: 'text',
    source: 'key',
    section: 'billing',
    label: 'Service type',
    keys: ['Service type', 'Type of service', 'Service category', 'Category of service'],
  },
  sitesOfService: {
    kind: 'names',
    section: 'billing',
    label: 'Sites of service',
    item: 'site of service',
    keys: [
      'Typical site of service',
      'Sites of service',
      ...SITE_NOUNS.flatMap((noun) => [`${noun} of service`, `typical ${noun} of service`, `common ${noun} of service`]),
      'Care setting',
      'Care settings',
      ...SITE_NOUNS.filter((noun) => noun.startsWith('setting')),
      'Site of care',
      'Sites of care',
    ],
  },
  modifiers: { kind: 'list', section: 'coding', label: 'Modifiers' },
  relatedCodes: { kind: 'list', section: 'relatedCodes', label: 'Related codes' },
  diagnoses: { kind: 'list', section: 'diagnoses', label: 'Diagnoses (ICD-10-CM)' },
  taxonomies: { kind: 'list', section: 'coding', label: 'Provider taxonomies (NUCC)' },
  payers: {
    kind: 'names',
    section: 'summary',
    label: 'Payers',
    item: 'payer',
    keys: ['Payers', 'Key payers', 'Payer', 'Payers covered', 'Key payers covered', 'Covered payers', 'Payer coverage', 'Payer(s)'],
  },
  summary: { kind: 'prose', section: 'summary', label: 'Summary' },
  billingOverview: { kind: 'prose', section: 'billing', label: 'Billing overview' },
  clinicalVignette: { kind: 'prose', section: 'clinical', label: 'Clinical vignette' },
  preoperativeWorkflow: { kind: 'workflow', section: 'clinical', label: 'Preoperative workflow', phase: 'preoperative' },
  intraoperativeWorkflow: { kind: 'workflow', section: 'clinical', label: 'Intraoperative workflow', phase: 'intraoperative' },
  postoperativeWorkflow: { kind: 'workflow', section: 'clinical', label: 'Postoperative workflow', phase: 'postoperative' },
} as const satisfies Record<string, FieldSpec>;

export type RecordField = keyof typeof RECORD_FIELDS;
type Spec<F extends RecordField> = (typeof RECORD_FIELDS)[F];

/** The record fields of one kind. */
export type FieldOfKind<K extends FieldKind> = { [F in RecordField]: Spec<F>['kind'] extends K ? F : never }[RecordField];
export type TextField = FieldOfKind<'text'>;
export type ProseField = FieldOfKind<'prose'>;
export type NamesField = FieldOfKind<'names'>;
export type WorkflowField = FieldOfKind<'workflow'>;
/** The list fields: modifiers, relatedCodes, diagnoses, taxonomies. */
export type ListField = FieldOfKind<'list'>;

/** Text fields a document writes as `Key: value`. */
export type KeyTextField = { [F in TextField]: Spec<F> extends { source: 'key' } ? F : never }[TextField];
/** Fields a document writes under a key: key texts and names. */
export type KeyField = KeyTextField | NamesField;
/** What the document states itself; the descriptor is read from its own related-codes row, a list entry. */
export type StatedField = Exclude<RecordField, { [F in TextField]: Spec<F> extends { source: 'own row' } ? F : never }[TextField]>;

export const RECORD_FIELD_NAMES = Object.keys(RECORD_FIELDS) as RecordField[];

/** The record fields of one kind, in record order. */
export const fieldsOfKind = <K extends FieldKind>(kind: K): FieldOfKind<K>[] =>
  RECORD_FIELD_NAMES.filter((f): f is FieldOfKind<K> => RECORD_FIELDS[f].kind === kind);

export const TEXT_FIELDS = fieldsOfKind('text');
export const PROSE_FIELDS = fieldsOfKind('prose');
export const NAMES_FIELDS = fieldsOfKind('names');
export const WORKFLOW_FIELDS = fieldsOfKind('workflow');
export const LIST_FIELDS = fieldsOfKind('list');
export const KEY_TEXT_FIELDS = TEXT_FIELDS.filter((f): f is KeyTextField => RECORD_FIELDS[f].source === 'key');
export const STATED_FIELDS = RECORD_FIELD_NAMES.filter((f): f is StatedField => (RECORD_FIELDS[f] as FieldSpec).source !== 'own row');

/** The workflow field of each phase. */
export const WORKFLOW_FIELD = Object.fromEntries(WORKFLOW_FIELDS.map((f) => [RECORD_FIELDS[f].phase, f])) as {
  readonly [P in WorkflowPhase]: Extract<WorkflowField, `${P}Workflow`>;
};

/** The keys and item nouns of a field written under a key. */
export const keyedField = (field: KeyField): { readonly keys: readonly string[]; readonly item?: string } => RECORD_FIELDS[field];

/**
 * The entries of each list field: what one is called, the catalog their codes are in, and their
 * fields (each may be unknown), in the order a table's columns give them after the code. A field
 * `fromCatalog` shows the value the catalog resolved from every document (the entry's own
 * statement is kept apart).
 */
export const LIST_ENTRIES = {
  modifiers: {
    label: 'modifier',
    catalog: 'modifier',
    fields: { description: { label: 'Description', fromCatalog: true }, whenToUse: { label: 'When to use' } },
  },
  relatedCodes: {
    label: 'related code',
    catalog: 'code',
    fields: { descriptor: { label: 'Descriptor', fromCatalog: true }, relationship: { label: 'Relationship' } },
  },
  diagnoses: {
    label: 'diagnosis',
    catalog: 'diagnosis',
    fields: { description: { label: 'Description', fromCatalog: true }, clinicalRelevance: { label: 'Clinical relevance' } },
  },
  taxonomies: {
    label: 'taxonomy',
    catalog: 'taxonomy',
    fields: { specialty: { label: 'Specialty', fromCatalog: true }, notes: { label: 'Notes' } },
  },
} as const satisfies Record<
  ListField,
  { label: string; catalog: CatalogName; fields: Record<string, { label: string; fromCatalog?: true }> }
>;

/** The fields of an entry of list field `L`. */
export type EntryField<L extends ListField> = keyof (typeof LIST_ENTRIES)[L]['fields'] & string;

export const entryFields = <L extends ListField>(list: L): EntryField<L>[] => Object.keys(LIST_ENTRIES[list].fields) as EntryField<L>[];

/** The entry field of list field `L` whose value the catalog resolves. */
export const catalogField = <L extends ListField>(list: L): EntryField<L> =>
  entryFields(list).find((field) => (LIST_ENTRIES[list].fields as Record<string, { fromCatalog?: true }>)[field]!.fromCatalog)!;
