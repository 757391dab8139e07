/**
 * What every codebook reads, whatever its driver: each method's argument checks and its read,
 * as a plan (see db/plan.ts) that openCodebook runs at once on better-sqlite3 and
 * openLibsqlCodebook runs by awaiting each step on libSQL. Nothing here loads a driver.
 */
import type { Plan, ReadDatabase } from '../db/plan.js';
import { canonicalCode, CODE_SYSTEMS, icd10Forms } from '../domain/codes.js';
import { RELATION_DIRECTIONS } from '../domain/relations.js';
import { SEARCH_MODES } from '../domain/search.js';
import * as argument from './arguments.js';
import type { Codebook } from './codebook.js';
import { prepareLookups } from './lookups.js';
import { prepareNarrativeReader } from './narrative.js';
import { prepareRecordReader } from './record.js';
import { prepareSearch, type ScratchDatabase } from './search.js';

/** The reads every codebook offers, whatever its driver. */
export type ReadMethod = Exclude<keyof Codebook, 'db' | 'close'>;

export const READ_METHODS = [
  'getCode',
  'getNarrative',
  'listCodes',
  'relatedTo',
  'codesUsingModifier',
  'codesWithDiagnosis',
  'codesForTaxonomy',
  'codesForPayer',
  'search',
  'unknownValues',
  'rejectedDocuments',
] as const satisfies readonly ReadMethod[];

/** Each read as a plan (see db/plan.ts), for a synchronous or an asynchronous driver to run. */
export type Reads = { [M in ReadMethod]: (...args: Parameters<Codebook[M]>) => Plan<ReturnType<Codebook[M]>> };

/** Every read of `reads`, as a method that runs its plan with `run` (runSync, runAsync). */
export function runEach(reads: Reads, run: (plan: Plan<unknown>) => unknown): Record<ReadMethod, (...args: unknown[]) => unknown> {
  return Object.fromEntries(
    READ_METHODS.map((method) => {
      const read = reads[method] as (...args: unknown[]) => Plan<unknown>;
      return [method, (...args: unknown[]) => run(read(...args))];
    }),
  ) as Record<ReadMethod, (...args: unknown[]) => unknown>;
}

/**
 * The reads over `db`, their statements prepared once, each checking its arguments before any SQL
 * runs: the one definition of what every method does, for every driver. `openScratch` opens a
 * private in-memory database on the same driver, for search's excerpts of large rows.
 */
export function prepareReads(db: ReadDatabase, openScratch: () => ScratchDatabase): Reads {
  const readRecord = prepareRecordReader(db);
  const readNarrative = prepareNarrativeReader(db);
  const lookups = prepareLookups(db);
  const search = prepareSearch(db, openScratch);
  /** A code argument, as codes are stored: trimmed, in upper case. */
  const code = (method: string, name: string, value: unknown): string => canonicalCode(argument.text(method, name, value));
  const codeFilter = (method: string, filter: unknown): string | null => {
    const { code: given } = argument.options(method, 'filter', filter, ['code']);
    return given === undefined ? null : code(method, 'filter.code', given);
  };

  return {
    *getCode(given) {
      return yield* readRecord(code('getCode', 'code', given));
    },
    *getNarrative(given) {
      return yield* readNarrative(code('getNarrative', 'code', given));
    },
    *listCodes(filter = {}) {
      const given = argument.options('listCodes', 'filter', filter, ['system', 'hasUnknown', 'limit', 'offset']);
      return yield* lookups.listCodes(
        argument.oneOf('listCodes', 'filter.system', given.system, CODE_SYSTEMS) ?? null,
        argument.flag('listCodes', 'filter.hasUnknown', given.hasUnknown) ?? null,
        argument.count('listCodes', 'filter.limit', given.limit) ?? -1,
        argument.count('listCodes', 'filter.offset', given.offset) ?? 0,
      );
    },
    *relatedTo(given, options = {}) {
      const { direction } = argument.options('relatedTo', 'options', options, ['direction']);
      return yield* lookups.relatedTo(
        code('relatedTo', 'code', given),
        argument.oneOf('relatedTo', 'options.direction', direction, RELATION_DIRECTIONS) ?? 'both',
      );
    },
    *codesUsingModifier(modifier) {
      return yield* lookups.codesUsingModifier(code('codesUsingModifier', 'modifier', modifier));
    },
    *codesWithDiagnosis(icd10) {
      const forms = icd10Forms(argument.text('codesWithDiagnosis', 'icd10', icd10));
      return forms ? yield* lookups.codesWithDiagnosis(forms.display) : [];
    },
    *codesForTaxonomy(nucc) {
      return yield* lookups.codesForTaxonomy(code('codesForTaxonomy', 'nucc', nucc));
    },
    *codesForPayer(name) {
      return yield* lookups.codesForPayer(argument.text('codesForPayer', 'name', name).trim());
    },
    *search(text, options = {}) {
      const { limit, mode } = argument.options('search', 'options', options, ['limit', 'mode']);
      return yield* search(
        argument.text('search', 'text', text),
        argument.count('search', 'options.limit', limit) ?? 20,
        argument.oneOf('search', 'options.mode', mode, SEARCH_MODES) ?? 'words',
      );
    },
    *unknownValues(filter = {}) {
      return yield* lookups.unknownValues(codeFilter('unknownValues', filter));
    },
    *rejectedDocuments(filter = {}) {
      return yield* lookups.rejectedDocuments(codeFilter('rejectedDocuments', filter));
    },
  };
}
