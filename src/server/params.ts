/**
 * What each page and API route accepts in its query string, as zod schemas: the routes parse with
 * them (a bad parameter is a 400 naming it), and the OpenAPI document describes its parameters
 * from them (openapi.ts).
 */
import { z } from 'zod';
import { CODE_CATEGORIES, CODE_SYSTEMS } from '../domain/codes.js';
import { RELATION_DIRECTIONS } from '../domain/relations.js';

/** A request the server refuses: its parameters are wrong (400), or what it names does not exist (404). */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

const page = z.coerce.number().int().min(1).max(1_000_000).default(1).describe('the page, from 1');
const limit = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback).describe(`at most this many results (1–${max})`);
const text = (max: number) => z.string().max(max);

export const PAGE_SIZE = 50;

export const findParams = z.strictObject({
  q: text(500).optional().describe('words that must all match, by stem'),
  system: z.enum(CODE_SYSTEMS).optional().describe('code system'),
  category: z.enum(CODE_CATEGORIES).optional().describe('code category'),
  serviceType: text(500).optional().describe('service type, exactly as documents state it'),
  serviceTypeUnknown: z.enum(['true']).optional().describe('only codes whose service type is unknown'),
  payer: text(500).optional().describe("a payer's name (any case)"),
  modifier: text(10).optional().describe('a modifier code, e.g. 59'),
  unknown: z.enum(['yes', 'no']).optional().describe('only codes whose documents leave something unknown (yes) or nothing (no)'),
  page,
});
export type FindParams = z.infer<typeof findParams>;

export const searchParams = z.strictObject({
  q: text(500).describe('words that must all match, by stem'),
  limit: limit(100, 20),
});

export const relatedParams = z.strictObject({
  direction: z.enum(RELATION_DIRECTIONS).default('both').describe('out: codes its document lists; in: codes whose documents list it'),
});

export const unknownsPageParams = z.strictObject({
  field: text(200).optional().describe('only this field, as the summary names it (modifiers[].description for an entry field)'),
  reason: text(200).optional().describe('only this reason'),
  page,
});
export type UnknownsPageParams = z.infer<typeof unknownsPageParams>;

export const unknownsParams = z.strictObject({ code: text(20).optional().describe('only this code') });

export const sqlParams = z.strictObject({
  sql: text(100_000).optional().describe('one read-only SQL statement'),
});

export const queryParams = z.strictObject({
  sql: text(100_000).describe('one read-only SQL statement'),
  _format: z.enum(['json', 'csv']).default('json').describe('json: {columns, rows, truncated}; csv: every row'),
});

/** The reserved parameters of a table page; any other parameter is a column that must equal its value. */
export const tableParams = z.object({
  _filter_column: text(200).optional().describe('with _filter_value: a column that must equal it (the page form)'),
  _filter_value: text(10_000).optional(),
  _sort: text(200).optional().describe('a column to sort by'),
  _desc: z.enum(['true']).optional().describe('sort descending'),
  _format: z.enum(['html', 'json', 'csv']).default('html').describe('json and csv: every matching row'),
  page,
});

const issueText = (issue: z.core.$ZodIssue): string => `${issue.path.length === 0 ? 'query' : issue.path.join('.')}: ${issue.message}`;

/** `values` (a query string's) parsed by `schema`, or an HttpError 400 naming each bad parameter. */
export function parseParams<S extends z.ZodType>(schema: S, values: Record<string, string>): z.infer<S> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new HttpError(400, `bad parameters: ${parsed.error.issues.map(issueText).join('; ')}`);
  return parsed.data;
}
