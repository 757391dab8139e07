/** The tables and views, browsed as they are stored: sorted, filtered by column values, a page at a time, and downloaded as CSV or JSON. */
import { html } from 'hono/html';
import type { Codebook } from '../../access/codebook.js';
import { blobLiteral } from '../../access/format.js';
import type { TableInfo, TablePage } from '../../access/tables.js';
import { links } from '../links.js';
import type { Html } from '../layout.js';
import { HttpError, PAGE_SIZE, parseParams, tableParams } from '../params.js';

export interface TableRequest {
  table: TableInfo;
  sort?: string;
  descending: boolean;
  where: Record<string, string>;
  format: 'html' | 'json' | 'csv';
  page: number;
}

/** A table page's request from its query string: reserved parameters start with `_`; any other names a column. */
export function tableRequest(codebook: Codebook, name: string, values: Record<string, string>): TableRequest {
  const table = codebook.tables().find((t) => t.name === name);
  if (table === undefined) throw new HttpError(404, `no table or view named ${name}`);
  const reserved = Object.fromEntries(Object.entries(values).filter(([key]) => key.startsWith('_') || key === 'page'));
  const params = parseParams(tableParams, reserved);
  const where: Record<string, string> = Object.fromEntries(Object.entries(values).filter(([key]) => !(key in reserved)));
  if (params._filter_column !== undefined && params._filter_column !== '') where[params._filter_column] = params._filter_value ?? '';
  const bad = [...Object.keys(where), ...(params._sort === undefined ? [] : [params._sort])].filter((c) => !table.columns.includes(c));
  if (bad.length > 0)
    throw new HttpError(400, `bad parameters: ${name} has no column ${bad.join(', ')} (its columns: ${table.columns.join(', ')})`);
  return { table, sort: params._sort, descending: params._desc === 'true', where, format: params._format, page: params.page };
}

/** The rows of a request: one page for HTML, every matching row for a download. */
export function tableRows(codebook: Codebook, request: TableRequest): TablePage {
  const all = request.format !== 'html';
  return codebook.tablePage(request.table.name, {
    sort: request.sort,
    descending: request.descending,
    where: request.where,
    ...(all ? {} : { limit: PAGE_SIZE, offset: (request.page - 1) * PAGE_SIZE }),
  })!;
}

/** A stored value as a cell: NULL marked, a blob as its SQL literal. */
export const cell = (value: unknown): Html =>
  value === null || value === undefined
    ? html`<span class="none">NULL</span>`
    : html`${value instanceof Uint8Array ? blobLiteral(value) : String(value)}`;

export function tablesPage(codebook: Codebook): { title: string; body: Html } {
  return {
    title: 'Tables and views',
    body: html`<h1>Tables and views</h1>
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Columns</th>
          </tr>
        </thead>
        <tbody>
          ${codebook.tables().map(
            (t) =>
              html`<tr>
                <td><a href="${links.table(t.name)}">${t.name}</a></td>
                <td>${t.kind}</td>
                <td>${t.columns.join(', ')}</td>
              </tr>`,
          )}
        </tbody>
      </table>`,
  };
}

const hidden = (name: string, value: string): Html => html`<input type="hidden" name="${name}" value="${value}" />`;

export function tablePage(request: TableRequest, page: TablePage): { title: string; body: Html } {
  const { table } = request;
  const state = { ...request.where, _sort: request.sort, _desc: request.descending ? 'true' : undefined };
  const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
  const sortLink = (column: string) =>
    links.table(table.name, { ...state, _sort: column, _desc: request.sort === column && !request.descending ? 'true' : undefined });
  const pageLink = (n: number) => links.table(table.name, { ...state, page: n });
  const filters = Object.entries(request.where);
  return {
    title: table.name,
    body: html`<h1>${table.name} <span class="source">${table.kind}</span></h1>
      <form method="get" action="${links.table(table.name)}">
        ${Object.entries(state).map(([key, value]) => (value === undefined ? '' : hidden(key, value)))}
        <label
          >Where
          <select name="_filter_column">
            ${table.columns.map((c) => html`<option value="${c}">${c}</option>`)}
          </select></label
        >
        <label>equals <input name="_filter_value" /></label> <button type="submit">Filter</button>
      </form>
      ${
        filters.length === 0
          ? ''
          : html`<p>
              Where ${filters.map(([k, v]) => html`<code>${k}</code> = “${v}” `)}
              <a href="${links.table(table.name, { _sort: request.sort, _desc: state._desc })}">clear</a>
            </p>`
      }
      <p>
        ${page.total} row${page.total === 1 ? '' : 's'} · download
        <a href="${links.table(table.name, { ...state, _format: 'csv' })}">CSV</a>
        <a href="${links.table(table.name, { ...state, _format: 'json' })}">JSON</a>
      </p>
      <table id="rows">
        <thead>
          <tr>
            ${table.columns.map(
              (c) => html`<th><a href="${sortLink(c)}">${c}</a>${request.sort === c ? (request.descending ? ' ▼' : ' ▲') : ''}</th>`,
            )}
          </tr>
        </thead>
        <tbody>
          ${page.rows.map(
            (row) =>
              html`<tr>
                ${row.map((value) => html`<td>${cell(value)}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
      <p class="pages">
        ${request.page > 1 ? html`<a rel="prev" href="${pageLink(request.page - 1)}">← previous</a>` : ''}<span
          >page ${request.page} of ${pages}</span
        >${request.page < pages ? html`<a rel="next" href="${pageLink(request.page + 1)}">next →</a>` : ''}
      </p>`,
  };
}
