/**
 * Documents written blind — by someone who had read only the seed and the template's description,
 * never the parser — each in the habits of another generator (test/fixtures/blind/), with what a
 * careful reader records from each (expected.json). Each is provisioned alone and must read back
 * exactly so: the parser's rules are general, not tuned to these files.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCodebook } from '../src/access/codebook.js';
import { WORKFLOW_PHASES } from '../src/domain/fields.js';
import { provision } from '../src/pipeline/provision.js';
import { ROOT, tempDir } from './helpers.js';

const BLIND = join(ROOT, 'test/fixtures/blind');

type Entry = Record<string, string | null>;
interface Expected {
  file: string;
  code: string;
  codeSystem: string;
  title: string;
  serviceType: string | null;
  sitesOfService: string[] | null;
  payers: string[] | null;
  modifiers: Entry[] | null;
  taxonomies: Entry[] | null;
  diagnoses: Entry[] | null;
  relatedCodes: Entry[] | null;
  workflows: Record<string, string | null>;
}

const expectations = JSON.parse(readFileSync(join(BLIND, 'expected.json'), 'utf8')) as Expected[];
const LIST_KEYS = {
  modifiers: ['code', 'description', 'whenToUse'],
  taxonomies: ['code', 'specialty', 'notes'],
  diagnoses: ['code', 'description', 'clinicalRelevance'],
  relatedCodes: ['code', 'descriptor', 'relationship'],
} as const;
/** A line break (`<br>`, a wrapped line) is a space to the reader. */
const spaced = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (_, v: unknown) => (typeof v === 'string' ? v.replace(/\s+/g, ' ') : v)));

describe('documents written blind, in the habits of other generators', () => {
  it.each(expectations.map((e) => [e.file, e] as const))('%s reads as a careful reader records it', async (file, expected) => {
    const seeds = join(tempDir(), 'seeds');
    mkdirSync(seeds);
    copyFileSync(join(BLIND, file), join(seeds, file));
    const database = join(seeds, '..', 'reference.db');
    await provision(seeds, database);
    const codebook = openCodebook(database);
    try {
      const record = codebook.getCode(expected.code)!;
      const narrative = codebook.getNarrative(expected.code)!;
      const known = <T>(field: string, value: T): T | null => ((record.unknown as readonly string[]).includes(field) ? null : value);
      const lists = Object.fromEntries(
        Object.entries(LIST_KEYS).map(([field, keys]) => [
          field,
          known(
            field,
            (record[field as keyof typeof LIST_KEYS] as unknown as Entry[])
              .filter((entry) => entry.code !== expected.code)
              .map((entry) => Object.fromEntries(keys.map((key) => [key, entry[key]]))),
          ),
        ]),
      );
      const actual = {
        codeSystem: record.codeSystem,
        title: record.title,
        serviceType: known('serviceType', record.serviceType),
        sitesOfService: known('sitesOfService', record.sitesOfService),
        payers: known('payers', record.payers),
        ...lists,
        workflows: Object.fromEntries(
          WORKFLOW_PHASES.map((phase) => [phase, narrative.workflows.find((w) => w.phase === phase)?.description ?? null]),
        ),
      };
      const wanted = {
        codeSystem: expected.codeSystem,
        title: expected.title,
        serviceType: expected.serviceType,
        sitesOfService: expected.sitesOfService,
        payers: expected.payers,
        modifiers: expected.modifiers,
        taxonomies: expected.taxonomies,
        diagnoses: expected.diagnoses,
        relatedCodes: expected.relatedCodes?.filter((entry) => entry.code !== expected.code) ?? null,
        workflows: expected.workflows,
      };
      expect(spaced(actual)).toEqual(spaced(wanted));
    } finally {
      codebook.close();
    }
  });
});
