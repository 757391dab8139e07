/** What the corpus leaves unknown: the documents left out, then every unknown value by field and reason, each linking to its code. */
import { html } from 'hono/html';
import type { Codebook } from '../../access/codebook.js';
import { unknownValueName, type UnknownValueSourceRow } from '../../access/lookups.js';
import { links, query } from '../links.js';
import { type Html, source, table, tableOrNone } from '../layout.js';
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
      ${tableOrNone(['Document', 'Code', 'Errors', 'First error'], rejected, (r) => [
        source(r.path, r.firstErrorLine),
        r.code ?? '',
        r.errorCount,
        r.firstError,
      ])}
      <h2 id="summary">By field and reason</h2>
      ${tableOrNone(['Field', 'Reason', 'Values', 'Codes'], summary, (g) => [
        html`<a href="${`${links.unknowns}${query({ field: g.field, reason: g.reason })}`}">${g.field}</a>`,
        g.reason,
        g.count,
        g.codes.size,
      ])}
      <h2 id="values">
        ${selected.length} unknown
        value${selected.length === 1 ? '' : 's'}${params.field ? ` of ${params.field}` : ''}${params.reason ? ` (${params.reason})` : ''}
      </h2>
      ${table(['Code', 'Field', 'Reason', 'Source', 'Filled from'], shown, (v) => [
        html`<a href="${links.code(v.procedureCode)}">${v.procedureCode}</a>`,
        unknownValueName(v),
        v.reason,
        source(v.sourcePath, v.line),
        v.filledFrom ?? '',
      ])}
      <p class="pages">
        ${params.page > 1 ? html`<a rel="prev" href="${pageLink(params.page - 1)}">← previous</a>` : ''}<span
          >page ${params.page} of ${pages}</span
        >${params.page < pages ? html`<a rel="next" href="${pageLink(params.page + 1)}">next →</a>` : ''}
      </p>`,
  };
}
