export const OUTPUT_FORMATS = ['table', 'csv', 'tsv', 'json', 'ndjson'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The formats of `codebook diff`: a table for a terminal, Markdown for a pull request, JSON for tools. */
export const DIFF_FORMATS = ['table', 'markdown', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];
