/**
 * FHIR R4 terminology resources from the records, one JSON file per resource (the layout of a
 * FHIR package folder: `<ResourceType>-<id>.json`, each one PUT-able to a terminology server):
 *
 * - a CodeSystem per code system (CPT, HCPCS Level II), `content: supplement` of the official
 *   system — it defines no code and claims no official text — whose concepts carry what the
 *   documents state as properties (title, descriptor, service type, sites of service, payers);
 * - ConceptMaps from each documented code to its ICD-10-CM diagnoses, NUCC provider taxonomies,
 *   and related CPT and HCPCS codes: equivalence `relatedto`, the catalog's text as `display`,
 *   the document's per-use text (clinical relevance, notes, relationship) as `comment`;
 * - a ValueSet per documented code of the modifiers its document allows.
 *
 * A value that is unknown is left out, never written as text; the property `unknown` of a concept
 * names each field of the record that is unknown (so an absent list is told apart from an empty
 * one), and the extension `unknown-field` on a ConceptMap target or a ValueSet concept names each
 * entry field that is. Everything is built from the records (`getCode`), one at a time, and
 * streamed: a resource's concepts and elements are written as they are made.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CodeSystem,
  CodeSystemConcept,
  CodeSystemConceptProperty,
  ConceptMap,
  ConceptMapGroupElement,
  ConceptMapGroupElementTarget,
  Extension,
  ValueSet,
  ValueSetComposeIncludeConcept,
} from '@medplum/fhirtypes';
import type { CodeRecord } from '../access/record.js';
import { classifyCode, modifierSystem, type CodeSystem as BillingCodeSystem } from '../domain/codes.js';
import {
  catalogField,
  entryFields,
  NAMES_FIELDS,
  RECORD_FIELDS,
  TEXT_FIELDS,
  type ListField,
  type NamesField,
  type TextField,
} from '../domain/fields.js';
import { createTextFile, type TextFile } from './text-file.js';

/** The official systems' canonical URIs, as HL7's terminology (THO) names them. */
export const SYSTEM_URIS = {
  CPT: 'http://www.ama-assn.org/go/cpt',
  HCPCS: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  ICD10CM: 'http://hl7.org/fhir/sid/icd-10-cm',
  NUCC: 'http://nucc.org/provider-taxonomy',
} as const;

/** Canonical URLs are made under this base unless the caller gives its own: `.invalid` (RFC 2606) says it resolves nowhere. */
export const DEFAULT_FHIR_BASE = 'https://codebook.invalid/fhir';

export interface FhirContext {
  /** The canonical base of the resources' URLs. */
  readonly base: string;
  /** When the database's edition was built (src/export/edition.ts), as a FHIR dateTime. */
  readonly date: string;
  /** The resources' version: the data's (src/export/edition.ts). */
  readonly version: string;
  readonly copyright: string;
}

/** The text and names fields a concept carries as properties, in record order. */
const PROPERTY_FIELDS: readonly (TextField | NamesField)[] = [...TEXT_FIELDS, ...NAMES_FIELDS].sort(
  (a, b) => Object.keys(RECORD_FIELDS).indexOf(a) - Object.keys(RECORD_FIELDS).indexOf(b),
);
/** Names fields: one property per name. */
const NAMES_TABLE_NOTE = Object.fromEntries(NAMES_FIELDS.map((field) => [field, true]));
/** The property naming each field of the record that is unknown. */
export const UNKNOWN_PROPERTY = 'unknown';

const SYSTEM_NAMES: Readonly<Record<BillingCodeSystem, string>> = { CPT: 'CPT', HCPCS: 'HCPCS Level II' };

/** What each ConceptMap maps to: the list field its targets come from, and the target system. */
export const CONCEPT_MAPS = [
  { id: 'codebook-procedure-to-icd10cm', list: 'diagnoses', target: SYSTEM_URIS.ICD10CM, what: 'ICD-10-CM diagnoses' },
  { id: 'codebook-procedure-to-nucc', list: 'taxonomies', target: SYSTEM_URIS.NUCC, what: 'NUCC provider taxonomies' },
  { id: 'codebook-procedure-to-cpt', list: 'relatedCodes', target: SYSTEM_URIS.CPT, what: 'related CPT codes' },
  { id: 'codebook-procedure-to-hcpcs', list: 'relatedCodes', target: SYSTEM_URIS.HCPCS, what: 'related HCPCS Level II codes' },
] as const satisfies readonly { id: string; list: ListField; target: string; what: string }[];

export const codeSystemId = (system: BillingCodeSystem): string => `codebook-${system.toLowerCase()}`;
export const modifierValueSetId = (code: string): string => `codebook-modifiers-${code}`;
/** The file a resource is written to. */
export const resourceFile = (resourceType: string, id: string): string => `${resourceType}-${id}.json`;

const unknownExtension = (context: FhirContext, fields: readonly string[]): Extension[] =>
  fields.map((field) => ({ url: `${context.base}/StructureDefinition/unknown-field`, valueCode: field }));

/** A documented code as a concept of its system's supplement: each known text and name as a property, each unknown field named. */
export function codeSystemConcept(record: CodeRecord): CodeSystemConcept {
  const property: CodeSystemConceptProperty[] = [];
  for (const field of PROPERTY_FIELDS) {
    const value = record[field];
    if (value === null) continue;
    for (const text of Array.isArray(value) ? value : [value]) property.push({ code: field, valueString: text });
  }
  for (const field of record.unknown) property.push({ code: UNKNOWN_PROPERTY, valueCode: field });
  return property.length === 0 ? { code: record.code } : { code: record.code, property };
}

/** The text a target's display comes from (the catalog's) and the use's own text (its comment). */
function entryTexts(list: ListField): { display: string; comment: string } {
  const display = catalogField(list);
  const comment = entryFields(list).find((field) => field !== display)!;
  return { display, comment };
}

/** The targets of `record`'s entries of `list` in the system `target`, in document order. */
export function conceptMapTargets(
  record: CodeRecord,
  list: ListField,
  target: string,
  context: FhirContext,
): ConceptMapGroupElementTarget[] {
  const { display, comment } = entryTexts(list);
  const inTarget = (code: string): boolean => list !== 'relatedCodes' || SYSTEM_URIS[classifyCode(code)?.system ?? 'CPT'] === target;
  return (record[list] as unknown as readonly (Record<string, string | null> & { code: string; unknown: string[] })[])
    .filter((entry) => inTarget(entry.code))
    .map((entry) => {
      // Optional fields are set one by one, not spread: objects built from spreads of varying shapes
      // cost the export of 10,000 documents a fifth more memory (bench: export peak RSS).
      const mapped: ConceptMapGroupElementTarget = { code: entry.code, equivalence: 'relatedto' };
      if (entry.unknown.length > 0) mapped.extension = unknownExtension(context, entry.unknown);
      if (entry[display] !== null) mapped.display = entry[display];
      if (entry[comment] !== null) mapped.comment = entry[comment];
      return mapped;
    });
}

/** The modifiers `record`'s document allows, as a ValueSet; none when the list is unknown (the concept says so). */
export function modifierValueSet(record: CodeRecord, context: FhirContext): ValueSet | undefined {
  if (record.unknown.includes('modifiers')) return undefined;
  const id = modifierValueSetId(record.code);
  // One include per run of modifiers of one system, so the concepts keep the document's order.
  const includes: { system: string; concept: ValueSetComposeIncludeConcept[] }[] = [];
  for (const modifier of record.modifiers) {
    const system = SYSTEM_URIS[modifierSystem(modifier.code)];
    if (includes.at(-1)?.system !== system) includes.push({ system, concept: [] });
    const concept: ValueSetComposeIncludeConcept = { code: modifier.code };
    const extension = unknownExtension(context, modifier.unknown);
    if (modifier.whenToUse !== null)
      extension.push({ url: `${context.base}/StructureDefinition/when-to-use`, valueString: modifier.whenToUse });
    if (extension.length > 0) concept.extension = extension;
    if (modifier.description !== null) concept.display = modifier.description;
    includes.at(-1)!.concept.push(concept);
  }
  const system = SYSTEM_NAMES[record.codeSystem];
  const valueSet: ValueSet = {
    resourceType: 'ValueSet',
    id,
    url: `${context.base}/ValueSet/${id}`,
    version: context.version,
    name: `CodebookModifiers${record.code}`,
    title: `Modifiers the document for ${system} ${record.code} allows`,
    status: 'active',
    experimental: false,
    date: context.date,
    description:
      `The modifiers the billing code overview document for ${system} ${record.code} allows, in its order; a concept's ` +
      'display is the description the documents state, its when-to-use extension the guidance for this code (one include per run ' +
      "of modifiers of one system, so the concepts are in the document's order).",
    copyright: context.copyright,
  };
  // A known empty list is an expansion with no codes: a compose without concepts would mean every code of a system.
  if (includes.length > 0) valueSet.compose = { include: includes };
  else valueSet.expansion = { timestamp: context.date, total: 0 };
  return valueSet;
}

function codeSystemHead(system: BillingCodeSystem, context: FhirContext): CodeSystem {
  const id = codeSystemId(system);
  const name = SYSTEM_NAMES[system];
  return {
    resourceType: 'CodeSystem',
    id,
    url: `${context.base}/CodeSystem/${id}`,
    version: context.version,
    name: `Codebook${system}Supplement`,
    title: `What billing code overview documents state about ${name} codes`,
    status: 'active',
    experimental: false,
    date: context.date,
    description:
      `A supplement to ${name} (${SYSTEM_URIS[system]}): it defines no code and none of the official text. Each concept is a ` +
      'code a document describes, with what that document states as properties; the property `unknown` names each field ' +
      'the document leaves unknown (a list named there is unknown, not empty).',
    copyright: context.copyright,
    caseSensitive: true,
    content: 'supplement',
    supplements: SYSTEM_URIS[system],
    property: [
      ...PROPERTY_FIELDS.map((field) => ({
        code: field,
        description: `${RECORD_FIELDS[field].label}, as the document states it${field in NAMES_TABLE_NOTE ? ', one per name' : ''}.`,
        type: 'string' as const,
      })),
      {
        code: UNKNOWN_PROPERTY,
        description: 'A field of the record the document leaves unknown (title, descriptor, serviceType, sitesOfService, modifiers…).',
        type: 'code' as const,
      },
    ],
  };
}

function conceptMapHead(map: (typeof CONCEPT_MAPS)[number], context: FhirContext): ConceptMap {
  return {
    resourceType: 'ConceptMap',
    id: map.id,
    url: `${context.base}/ConceptMap/${map.id}`,
    version: context.version,
    name: map.id.replace(/(^|-)([a-z0-9])/g, (_, _dash, c: string) => c.toUpperCase()),
    title: `Documented CPT and HCPCS codes to their ${map.what}`,
    status: 'active',
    experimental: false,
    date: context.date,
    description:
      `Each documented code to the ${map.what} its billing code overview document lists, in document order: ` +
      "equivalence relatedto, the description the documents state as display, the document's own text as comment. " +
      `A code whose list is unknown has no element here: see the property unknown of the CodeSystem supplements.`,
    copyright: context.copyright,
    targetUri: map.target,
  };
}

/**
 * A JSON resource written as it is made: its head, then the items of its one array as they come,
 * then its end. FHIR's JSON has no empty arrays: with no item, the array is left out.
 */
class StreamedResource {
  private readonly file: TextFile;
  private items = 0;
  constructor(
    path: string,
    head: object,
    private readonly arrayKey: string,
  ) {
    this.file = createTextFile(path);
    const text = JSON.stringify(head, null, 2);
    this.file.write(text.slice(0, text.lastIndexOf('\n}')));
  }
  get count(): number {
    return this.items;
  }
  /** Writes one item of the array (JSON text). */
  item(json: string): void {
    this.file.write(`${this.items++ === 0 ? `,\n  "${this.arrayKey}": [\n    ` : ',\n    '}${json}`);
  }
  /** Writes text inside the last item (a ConceptMap group's elements). */
  inside(text: string): void {
    this.file.write(text);
  }
  close(): void {
    this.file.write(this.items === 0 ? '\n}\n' : '\n  ]\n}\n');
    this.file.close();
  }
}

/** A ConceptMap written element by element: a group per source system, opened by its first element. */
class StreamedConceptMap {
  private readonly resource: StreamedResource;
  private source: string | undefined;
  private readonly sources = new Set<string>();
  private groupElements = 0;
  elements = 0;
  constructor(
    path: string,
    head: ConceptMap,
    private readonly target: string,
  ) {
    this.resource = new StreamedResource(path, head, 'group');
  }
  element(source: string, element: ConceptMapGroupElement): void {
    if (this.source !== source) {
      this.endGroup();
      if (this.sources.has(source)) throw new Error(`the codes of ${source} came in two runs: they must come in code order`);
      this.sources.add(source);
      this.source = source;
      this.groupElements = 0;
      this.resource.item(`{"source":${JSON.stringify(source)},"target":${JSON.stringify(this.target)},"element":[`);
    }
    this.resource.inside(`${this.groupElements++ === 0 ? '\n      ' : ',\n      '}${JSON.stringify(element)}`);
    this.elements++;
  }
  private endGroup(): void {
    if (this.source !== undefined) this.resource.inside('\n    ]}');
  }
  close(): void {
    this.endGroup();
    this.resource.close();
  }
}

export interface FhirFile {
  readonly path: string;
  readonly resourceType: 'CodeSystem' | 'ConceptMap' | 'ValueSet';
  /** Concepts of a CodeSystem or ValueSet, elements of a ConceptMap. */
  readonly entries: number;
}

/**
 * Writes the resources for `all` (records in code order) under `dir`; returns the files, the
 * CodeSystems and ConceptMaps first, then the ValueSets in code order.
 */
export function writeFhir(dir: string, all: Iterable<CodeRecord>, context: FhirContext, onRecord?: () => void): FhirFile[] {
  const systems = (['CPT', 'HCPCS'] as const).map((system) => {
    const file = resourceFile('CodeSystem', codeSystemId(system));
    return { system, file, stream: new StreamedResource(join(dir, file), codeSystemHead(system, context), 'concept') };
  });
  const maps = CONCEPT_MAPS.map((map) => {
    const file = resourceFile('ConceptMap', map.id);
    return { map, file, stream: new StreamedConceptMap(join(dir, file), conceptMapHead(map, context), map.target) };
  });
  const valueSets: FhirFile[] = [];
  try {
    for (const record of all) {
      systems.find((s) => s.system === record.codeSystem)!.stream.item(JSON.stringify(codeSystemConcept(record)));
      const source = SYSTEM_URIS[record.codeSystem];
      for (const { map, stream } of maps) {
        const target = conceptMapTargets(record, map.list, map.target, context);
        if (target.length > 0) stream.element(source, { code: record.code, target });
      }
      const valueSet = modifierValueSet(record, context);
      if (valueSet !== undefined) {
        const file = resourceFile('ValueSet', valueSet.id!);
        writeFileSync(join(dir, file), `${JSON.stringify(valueSet, null, 2)}\n`);
        valueSets.push({ path: file, resourceType: 'ValueSet', entries: record.modifiers.length });
      }
      onRecord?.();
    }
  } finally {
    for (const { stream } of systems) stream.close();
    for (const { stream } of maps) stream.close();
  }
  return [
    ...systems.map(({ file, stream }) => ({ path: file, resourceType: 'CodeSystem' as const, entries: stream.count })),
    ...maps.map(({ file, stream }) => ({ path: file, resourceType: 'ConceptMap' as const, entries: stream.elements })),
    ...valueSets,
  ];
}
