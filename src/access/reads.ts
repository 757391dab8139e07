/**
 * What every codebook reads, whatever its driver: each method's argument checks and its read,
 * as a plan (see db/plan.ts) that openCodebook runs at once on better-sqlite3 and
 * openLibsqlCodebook runs by awaiting each step on libSQL. Nothing here loads a driver.
 */
import type { Plan, ReadDatabase } from '../db/plan.js';
import { canonicalCode, CODE_CATEGORIES, CODE_SYSTEMS, icd10Forms } from '../domain/codes.js';
import { RELATION_DIRECTIONS } from '../domain/relations.js';
import { SEARCH_MODES } from '../domain/search.js';
import * as argument from './arguments.js';
import type { Codebook } from './codebook.js';
import { prepareEditionReads } from './editions.js';
import { prepareFindCodes } from './facets.js';
import { prepareLookups } from './lookups.js';
import { prepareNarrativeReader } from './narrative.js';
import { prepareSourceLines } from './provenance.js';
import { prepareRecordReader } from './record.js';
import { prepareSearch, type ScratchDatabase } from './search.js';
import { prepareTables } from './tables.js';

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
  'manifest',
  'changeLog',
  'findCodes',
  'sourceLines',
  'nearbyCodes',
  'info',
  'tables',
  'tablePage',
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
  const editions = prepareEditionReads(db);
  const search = prepareSearch(db, openScratch);
  const findCodes = prepareFindCodes(db, openScratch);
  const sourceLines = prepareSourceLines(db);
  const tables = prepareTables(db);
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
    *manifest() {
      return yield* editions.manifest();
    },
    *changeLog(filter = {}) {
      return yield* editions.changeLog(codeFilter('changeLog', filter));
    },
    *findCodes(filter = {}) {
      const method = 'findCodes';
      const given = argument.options(method, 'filter', filter, [
        'text',
        'system',
        'category',
        'serviceType',
        'payer',
        'modifier',
        'hasUnknown',
        'limit',
        'offset',
      ]);
      const optionalText = (name: string, value: unknown) =>
        value === undefined ? undefined : argument.text(method, `filter.${name}`, value);
      return yield* findCodes({
        text: optionalText('text', given.text),
        system: argument.oneOf(method, 'filter.system', given.system, CODE_SYSTEMS),
        category: argument.oneOf(method, 'filter.category', given.category, CODE_CATEGORIES),
        serviceType: given.serviceType === null ? null : optionalText('serviceType', given.serviceType),
        payer: optionalText('payer', given.payer)?.trim(),
        modifier: given.modifier === undefined ? undefined : code(method, 'filter.modifier', given.modifier),
        hasUnknown: argument.flag(method, 'filter.hasUnknown', given.hasUnknown),
        limit: argument.count(method, 'filter.limit', given.limit),
        offset: argument.count(method, 'filter.offset', given.offset),
      });
    },
    *sourceLines(given) {
      return yield* sourceLines(code('sourceLines', 'code', given));
    },
    *nearbyCodes(given, count = 3) {
      return yield* lookups.neighbours(code('nearbyCodes', 'code', given), argument.count('nearbyCodes', 'count', count)!);
    },
    *info() {
      return { latest: (yield* lookups.latestBuildRun()) ?? null, counts: yield* lookups.counts() };
    },
    *tables() {
      return yield* tables.list();
    },
    *tablePage(name, request = {}) {
      const method = 'tablePage';
      const given = argument.options(method, 'request', request, ['sort', 'descending', 'where', 'limit', 'offset']);
      const where = argument.record(method, 'request.where', given.where);
      for (const [key, value] of Object.entries(where))
        if (value !== null && typeof value !== 'string') argument.text(method, `request.where.${key}`, value);
      return yield* tables.page(argument.text(method, 'name', name), {
        sort: given.sort === undefined ? undefined : argument.text(method, 'request.sort', given.sort),
        descending: argument.flag(method, 'request.descending', given.descending),
        where: where as Record<string, string | null>,
        limit: argument.count(method, 'request.limit', given.limit),
        offset: argument.count(method, 'request.offset', given.offset),
      });
    },
  };
}
