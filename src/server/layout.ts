/**
 * The explorer's one layout: a header with the search box and the sections, the page, and a
 * footer naming the database's latest build. Pages are HTML built with Hono's html`` helper, which
 * escapes every value put into it; nothing is marked raw but what this module writes itself.
 */
import { html } from 'hono/html';
import { links } from './links.js';

export type Html = ReturnType<typeof html>;

/** The stylesheet, served at /style.css (the Content-Security-Policy allows styles from the site only). */
export const STYLESHEET = `
:root { color-scheme: light; --muted: #5b6470; --line: #d8dde3; --accent: #1f5fa8; --unknown: #8a4b00; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1b1f24; }
header { display: flex; gap: 1.5rem; align-items: center; padding: .6rem 1.2rem; border-bottom: 1px solid var(--line); }
header { background: #f6f8fa; }
header .brand { font-weight: 700; color: inherit; text-decoration: none; }
header nav a { margin-right: .9rem; }
header form { margin-left: auto; display: flex; gap: .4rem; }
main { padding: 1rem 1.2rem 2rem; max-width: 78rem; }
footer { padding: .8rem 1.2rem; color: var(--muted); border-top: 1px solid var(--line); font-size: 13px; }
a { color: var(--accent); }
h1 { font-size: 1.45rem; margin: .2rem 0 .8rem; }
h2 { font-size: 1.1rem; margin: 1.4rem 0 .5rem; }
table { border-collapse: collapse; margin: .3rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.fields dt { color: var(--muted); }
dl.fields dd { margin: 0; }
.unknown { color: var(--unknown); font-style: italic; }
.none { color: var(--muted); }
.source { color: var(--muted); font-size: 12px; font-family: ui-monospace, monospace; white-space: nowrap; }
.layout { display: grid; grid-template-columns: 16rem 1fr; gap: 1.5rem; }
.facets h3 { font-size: .9rem; margin: .8rem 0 .2rem; }
.facets ul { list-style: none; margin: 0; padding: 0; }
.facets li.selected { font-weight: 600; }
.hit { margin: 0 0 .9rem; }
.hit .snippet { color: var(--muted); }
.error { background: #fff0f0; border: 1px solid #e3a0a0; padding: .6rem .8rem; }
textarea { width: 100%; font-family: ui-monospace, monospace; }
.pages a, .pages span { margin-right: .8rem; }
`;

export interface PageOptions {
  readonly title: string;
  /** What the search box shows. */
  readonly searchText?: string;
  /** The database's latest build, for the footer. */
  readonly built?: string;
}

export function layout(options: PageOptions, body: Html): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} · codebook</title>
        <link rel="stylesheet" href="${links.style}" />
      </head>
      <body>
        <header>
          <a class="brand" href="${links.home}">codebook</a>
          <nav>
            <a href="${links.home}">Codes</a><a href="${links.unknowns}">Unknowns</a><a href="${links.tables}">Tables</a
            ><a href="${links.sql()}">SQL</a><a href="${links.api}">API</a>
          </nav>
          <form action="${links.home}" method="get" role="search">
            <input type="search" name="q" value="${options.searchText ?? ''}" aria-label="Search codes" placeholder="Search codes" /><button
              type="submit"
            >
              Search
            </button>
          </form>
        </header>
        <main>${body}</main>
        <footer>${options.built ?? ''}</footer>
      </body>
    </html> `;
}

/** A value a document leaves unknown, shown as such (never as "none"). */
export const unknown = (what = 'unknown'): Html => html`<span class="unknown">${what}</span>`;
/** An empty list a document states as empty. */
export const none = (): Html => html`<span class="none">none</span>`;
/** A text value, or "unknown" when the document does not give it. */
export const textOrUnknown = (value: string | null): Html => (value === null ? unknown() : html`${value}`);
/** A table: its header cells, and each row's cells (text or HTML, escaped as any value). */
export const table = <T>(headers: readonly string[], rows: readonly T[], cells: (row: T) => readonly unknown[]): Html =>
  html`<table>
    <thead>
      <tr>
        ${headers.map((header) => html`<th>${header}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (row) =>
          html`<tr>
            ${cells(row).map((cell) => html`<td>${cell}</td>`)}
          </tr>`,
      )}
    </tbody>
  </table>`;
/** The table, or "none" when it has no row. */
export const tableOrNone = <T>(headers: readonly string[], rows: readonly T[], cells: (row: T) => readonly unknown[]): Html =>
  rows.length === 0 ? html`<p>${none()}</p>` : table(headers, rows, cells);
/** Where a fact is stated: `path:line`. */
export const source = (path: string, line: number | null | undefined): Html =>
  html`<span class="source">${line === null || line === undefined ? path : `${path}:${line}`}</span>`;
