export const OUTPUT_FORMATS = ['table', 'csv', 'tsv', 'json', 'ndjson'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
