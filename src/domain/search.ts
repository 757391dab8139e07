/**
 * How search reads its text: `words` (the default), every word must match, by stem, and nothing
 * in the text is syntax; `phrase`, the words in this order, next to each other; `prefix`, every
 * word must match as the start of a word (`graf` finds "graft"); `raw`, the text is an FTS5 query
 * as SQLite reads it (`"exact phrase"`, `graft*`, `OR`, `NOT`, `NEAR(…)`, `title:graft`).
 */
export const SEARCH_MODES = ['words', 'phrase', 'prefix', 'raw'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];
