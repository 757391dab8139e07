/** The global catalogs: one value per code, resolved from what the documents state. */
export const CATALOG_NAMES = ['code', 'modifier', 'diagnosis', 'taxonomy'] as const;
export type CatalogName = (typeof CATALOG_NAMES)[number];
