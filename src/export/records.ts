/**
 * The records: one per documented code, exactly what `getCode` returns and `show --json` prints —
 * each read by the data-access layer's own record reader, one code at a time, so the export holds
 * one record at a time.
 */
import { documentedCodes } from '../access/bulk.js';
import type { Codebook } from '../access/codebook.js';
import type { CodeRecord } from '../access/record.js';
import { createTextFile } from './text-file.js';

/** Every documented code's record, in code order. */
export function* records(codebook: Codebook): Generator<CodeRecord> {
  for (const code of documentedCodes(codebook.db.$client)) {
    const record = codebook.getCode(code);
    if (record === undefined) throw new Error(`the record of ${code} vanished during the export`);
    yield record;
  }
}

export type RecordsFormat = 'ndjson' | 'json';

/**
 * Writes the records as NDJSON (one per line) or as a JSON array (one record per line between
 * the brackets); returns how many.
 */
export function writeRecords(path: string, format: RecordsFormat, all: Iterable<CodeRecord>, onRecord?: () => void): number {
  const file = createTextFile(path);
  let count = 0;
  try {
    for (const record of all) {
      const json = JSON.stringify(record);
      file.write(format === 'ndjson' ? `${json}\n` : `${count === 0 ? '[\n' : ',\n'}${json}`);
      count++;
      onRecord?.();
    }
    if (format === 'json') file.write(count === 0 ? '[]\n' : '\n]\n');
  } finally {
    file.close();
  }
  return count;
}
