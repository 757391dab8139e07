/**
 * The records export and the record's JSON Schema: records.ndjson and records.json hold exactly
 * what getCode returns, code by code, and every record validates against the schema that
 * `codebook schema` prints (ajv, JSON Schema 2020-12).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CodeRecord } from '../../src/access/record.js';
import { CODE_RECORD_FIELDS } from '../../src/access/record.js';
import { recordJsonSchema } from '../../src/access/record-schema.js';
import { codebook } from '../helpers.js';
import { CORPUS_DOCUMENTS, DATABASES, exported, recordsOf } from './databases.js';

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile<CodeRecord>(recordJsonSchema());

describe.each(Object.keys(DATABASES) as (keyof typeof DATABASES)[])('records of the %s database', (name) => {
  let db: string;
  let expected: CodeRecord[];
  beforeAll(async () => {
    db = await DATABASES[name]();
    expected = recordsOf(db);
  });

  it('has the documents it should', () => {
    expect(expected.length).toBe(name === 'seed' ? 1 : CORPUS_DOCUMENTS);
  });

  it('records.ndjson: one line per documented code, each equal to getCode, in code order', async () => {
    const { dir, manifest } = await exported(db, 'ndjson');
    const lines = readFileSync(join(dir, 'records.ndjson'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(expected);
    expect(manifest.files).toEqual([{ path: 'records.ndjson', rows: expected.length }]);
  });

  it('records.json: a JSON array of the same records', async () => {
    const { dir, manifest } = await exported(db, 'json');
    expect(JSON.parse(readFileSync(join(dir, 'records.json'), 'utf8'))).toEqual(expected);
    expect(manifest.files).toEqual([{ path: 'records.json', rows: expected.length }]);
  });

  it('every record validates against the JSON Schema', () => {
    for (const record of expected) expect(validate(record) ? 'valid' : ajv.errorsText(validate.errors)).toBe('valid');
  });
});

describe('the JSON Schema of a record', () => {
  it('is what codebook schema prints: 2020-12, every field of the record, no other', async () => {
    const run = await codebook(['schema']);
    expect(run.status).toBe(0);
    const schema = JSON.parse(run.stdout) as { $schema: string; properties: Record<string, unknown>; required: string[] };
    expect(schema).toEqual(recordJsonSchema());
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.properties)).toEqual(['code', 'codeSystem', ...CODE_RECORD_FIELDS, 'unknown', 'sources']);
    expect(schema.required).toEqual(Object.keys(schema.properties));
  });

  it('rejects what a record is not: another field, a wrong code system, a value missing, an unknown field name, a bad code', async () => {
    const [record] = recordsOf(await DATABASES.seed());
    const errors = (value: unknown) => (validate(value) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`));
    expect(errors(record)).toEqual([]);
    expect(errors({ ...record, extra: 1 })).toEqual([' must NOT have additional properties']);
    expect(errors({ ...record, codeSystem: 'ICD' })).toEqual(['/codeSystem must be equal to one of the allowed values']);
    const untitled: Partial<CodeRecord> = { ...record! };
    delete untitled.title;
    expect(errors(untitled)).toEqual([" must have required property 'title'"]);
    expect(errors({ ...record, unknown: ['summary'] })).toEqual(['/unknown/0 must be equal to one of the allowed values']);
    expect(errors({ ...record, code: '2095' })).toEqual([
      '/code must match pattern "^\\d{5}$|^\\d{4}F$|^\\d{4}T$|^\\d{4}U$|^[A-Z]\\d{4}$"',
    ]);
    const modifiers = [{ ...record!.modifiers[0]!, unknown: ['whenToUse', 'notes'] }];
    expect(errors({ ...record, modifiers })).toEqual(['/modifiers/0/unknown/1 must be equal to one of the allowed values']);
  });
});
