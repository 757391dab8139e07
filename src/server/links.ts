/**
 * Every link the explorer writes, built here from codes and names it read from the database: a
 * fixed path of our own, then the value as one encoded path segment or query value. A link is
 * never taken from document text, so no document can make one point elsewhere (`javascript:`…).
 */

const segment = (value: string): string => encodeURIComponent(value);

/** A query string of the given values, leaving out those undefined. */
export function query(values: Readonly<Record<string, string | number | boolean | null | undefined>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== null) params.set(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export const links = {
  home: '/',
  search: (values: Parameters<typeof query>[0]) => `/${query(values)}`,
  code: (code: string) => `/codes/${segment(code)}`,
  modifier: (code: string) => `/modifiers/${segment(code)}`,
  diagnosis: (code: string) => `/diagnoses/${segment(code)}`,
  taxonomy: (code: string) => `/taxonomies/${segment(code)}`,
  payer: (name: string) => `/payers/${segment(name)}`,
  unknowns: '/unknowns',
  tables: '/tables',
  table: (name: string, values: Parameters<typeof query>[0] = {}) => `/tables/${segment(name)}${query(values)}`,
  sql: (sql?: string) => `/sql${query({ sql })}`,
  apiCode: (code: string) => `/api/codes/${segment(code)}`,
  apiQuery: (sql: string, format: string) => `/api/query${query({ sql, _format: format })}`,
  api: '/api/openapi.json',
  style: '/style.css',
} as const;
