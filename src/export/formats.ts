/** The formats `codebook export` writes (a module of its own, so the command line knows them without loading the exporters). */
export const EXPORT_FORMATS = ['ndjson', 'json', 'csv', 'parquet', 'fhir', 'datasette'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
