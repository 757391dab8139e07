/** The SQL page: one read-only statement, its first rows as a table, and links to download them. */
import { html } from 'hono/html';
import { links } from '../links.js';
import type { Html } from '../layout.js';
import { MAX_ROWS_SHOWN, type QueryAnswer } from '../query.js';
import { cell } from './tables.js';

const TRUNCATED = ` shown (the first ${MAX_ROWS_SHOWN}; the query was stopped there)`;
const EXAMPLE = 'SELECT code, title, payer_count, unknown_value_count FROM procedure_overview ORDER BY code LIMIT 20';

export function sqlPage(
  sql: string | undefined,
  outcome: QueryAnswer | Error | undefined,
  timeoutMs: number,
): { title: string; body: Html } {
  const result =
    outcome === undefined
      ? ''
      : outcome instanceof Error
        ? html`<p class="error" id="query-error">${outcome.message}</p>`
        : html`<p id="query-summary">
              ${outcome.rows.length} row${outcome.rows.length === 1 ? '' : 's'}${outcome.truncated ? TRUNCATED : ''} · download
              <a href="${links.apiQuery(sql!, 'csv')}">CSV</a> <a href="${links.apiQuery(sql!, 'json')}">JSON</a>
            </p>
            <table id="query-result">
              <thead>
                <tr>
                  ${outcome.columns.map((c) => html`<th>${c}</th>`)}
                </tr>
              </thead>
              <tbody>
                ${outcome.rows.map(
                  (row) =>
                    html`<tr>
                      ${row.map((value) => html`<td>${cell(value)}</td>`)}
                    </tr>`,
                )}
              </tbody>
            </table>`;
  return {
    title: 'SQL',
    body: html`<h1>SQL</h1>
      <p>
        One read-only statement on the database (opened read-only); it is stopped after ${timeoutMs / 1000} s. The tables and views are
        listed under <a href="${links.tables}">Tables</a>.
      </p>
      <form method="get" action="${links.sql()}">
        <textarea name="sql" rows="6" aria-label="SQL">${sql ?? EXAMPLE}</textarea>
        <p><button type="submit" id="run">Run</button></p>
      </form>
      ${result}`,
  };
}
