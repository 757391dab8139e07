/** What the corpus leaves unknown: the documents left out, then every unknown value by field and reason, each linking to its code. */
import { html } from 'hono/html';
import type { Codebook } from '../../access/codebook.js';
import type { UnknownValueSourceRow } from '../../access/lookups.js';
import { links, query } from '../links.js';
import { type Html, none, source } from '../layout.js';
import { PAGE_SIZE, type UnknownsPageParams } from '../params.js';

/** A field as the summary groups it: a record field, or a list's entry field (`modifiers[].description`). */
const fieldName = (value: UnknownValueSourceRow): string => (value.scope === 'record' ? value.field : `${value.scope}[].${value.field}`);

export function unknownsPage(codebook: Codebook, params: UnknownsPageParams): { title: string; body: Html } {
  const rejected = codebook.rejectedDocuments();
  const values = codebook.unknownValues();
  const groups = new Map<string, { field: string; reason: string; count: number; codes: Set<string> }>();
  for (const value of values) {
    const field = fieldName(value);
    const key = `${field}\u0000${value.reason}`;
    const group = groups.get(key) ?? { field, reason: value.reason, count: 0, codes: new Set() };
    group.count++;
    group.codes.add(value.procedureCode);
    groups.set(key, group);
  }
  const summary = [...groups.values()].sort(
    (a, b) => b.count - a.count || a.field.localeCompare(b.field) || a.reason.localeCompare(b.reason),
  );
  const selected = values.filter(
    (v) => (params.field === undefined || fieldName(v) === params.field) && (params.reason === undefined || v.reason === params.reason),
  );
  const pages = Math.max(1, Math.ceil(selected.length / PAGE_SIZE));
  const shown = selected.slice((params.page - 1) * PAGE_SIZE, params.page * PAGE_SIZE);
  const pageLink = (page: number) => `${links.unknowns}${query({ field: params.field, reason: params.reason, page })}`;
  return {
    title: 'Unknown values',
    body: html`<h1>What the documents leave unknown</h1>
      <h2 id="rejected">Documents left out (${rejected.length})</h2>
      ${
        rejected.length === 0
          ? html`<p>${none()}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th>Document</th>
                  <th>Code</th>
                  <th>Errors</th>
                  <th>First error</th>
                </tr>
              </thead>
              <tbody>
                ${rejected.map(
                  (r) =>
                    html`<tr>
                      <td>${source(r.path, r.firstErrorLine)}</td>
                      <td>${r.code ?? ''}</td>
                      <td>${r.errorCount}</td>
                      <td>${r.firstError}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      <h2 id="summary">By field and reason</h2>
      ${
        summary.length === 0
          ? html`<p>${none()}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th>Field</th>
                  <th>Reason</th>
                  <th>Values</th>
                  <th>Codes</th>
                </tr>
              </thead>
              <tbody>
                ${summary.map(
                  (g) =>
                    html`<tr>
                      <td><a href="${`${links.unknowns}${query({ field: g.field, reason: g.reason })}`}">${g.field}</a></td>
                      <td>${g.reason}</td>
                      <td>${g.count}</td>
                      <td>${g.codes.size}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      <h2 id="values">
        ${selected.length} unknown
        value${selected.length === 1 ? '' : 's'}${params.field ? ` of ${params.field}` : ''}${params.reason ? ` (${params.reason})` : ''}
      </h2>
      <table>
        <thead>
          <tr>
            <th>Code</th>
            <th>Field</th>
            <th>Reason</th>
            <th>Source</th>
            <th>Filled from</th>
          </tr>
        </thead>
        <tbody>
          ${shown.map(
            (v) =>
              html`<tr>
                <td><a href="${links.code(v.procedureCode)}">${v.procedureCode}</a></td>
                <td>${v.scope === 'record' ? v.field : `${v.scope}[${v.itemKey}].${v.field}`}</td>
                <td>${v.reason}</td>
                <td>${source(v.sourcePath, v.line)}</td>
                <td>${v.filledFrom ?? ''}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <p class="pages">
        ${params.page > 1 ? html`<a rel="prev" href="${pageLink(params.page - 1)}">← previous</a>` : ''}<span
          >page ${params.page} of ${pages}</span
        >${params.page < pages ? html`<a rel="next" href="${pageLink(params.page + 1)}">next →</a>` : ''}
      </p>`,
  };
}
