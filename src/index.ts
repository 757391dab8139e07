/**
 * codebook as a library: open a provisioned reference database and read typed records, or build
 * one from documents. `import { openCodebook } from 'codebook'`.
 */
export { openCodebook, type Codebook, type OpenCodebookOptions } from './access/codebook.js';
export { RELATION_DIRECTIONS, type RelationDirection } from './domain/relations.js';
export type {
  BuildRunRow,
  DiagnosisUseRow,
  ListCodesFilter,
  ModifierUseRow,
  PayerUseRow,
  ProcedureOverviewRow,
  RejectedDocumentRow,
  RelatedCodeRow,
  TaxonomyUseRow,
  UnknownValueSourceRow,
} from './access/lookups.js';
export { searchQuery, SearchQueryError, type SearchHit } from './access/search.js';
export { SEARCH_MODES, type SearchMode } from './domain/search.js';
export type {
  CodeRecord,
  CodeRecordField,
  DiagnosisEntry,
  Entry,
  ModifierEntry,
  RelatedCodeEntry,
  SourceEntry,
  TaxonomyEntry,
} from './access/record.js';
export type { CodeNarrative } from './access/narrative.js';
export type { BuildManifest, CodeChangeRow, EditionId } from './access/editions.js';
export {
  diffCodebooks,
  CHANGE_KINDS,
  type CatalogChange,
  type ChangedCode,
  type ChangeKind,
  type CodebookDiff,
  type CodeSummary,
  type DiffSide,
  type FieldChange,
} from './access/diff.js';
export type { Facet, FacetCount, FindCodesFilter, FoundCode, FoundCodes } from './access/facets.js';
export type { SourceLines } from './access/provenance.js';
export type { TableInfo, TablePage, TablePageRequest } from './access/tables.js';
export {
  DEFAULT_MAX_MEMORY_BYTES,
  DEFAULT_MAX_VALUE_BYTES,
  DEFAULT_QUERY_TIMEOUT_MS,
  QueryAbortedError,
  QueryParameterError,
  QueryLimitError,
  ReadOnlyViolation,
  runReadOnlyQuery,
  type QueryOptions,
  type QueryResult,
} from './access/query.js';
export { check, provision } from './pipeline/provision.js';
export { BuildError, type BuildCounts, type BuildOptions, type BuildReport } from './pipeline/build.js';
export { formatDiagnostic, type Diagnostic } from './pipeline/diagnostics.js';
export { MigrationError } from './db/migrate.js';
export { DataCheckError } from './db/checks.js';
export { classifyCode, type CodeCategory, type CodeSystem } from './domain/codes.js';
export { UNKNOWN_REASONS, UNKNOWABLE_FIELDS, type UnknownReason } from './domain/unknowns.js';
export { LIST_ENTRIES, RECORD_FIELDS, type EntryField, type ListField, type RecordField } from './domain/fields.js';
/** The drizzle tables and views, for queries the data-access layer does not offer. */
export * as schema from './schema/index.js';
