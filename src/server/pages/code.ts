/**
 * A documented code's page: its record field by field (a value a document leaves unknown shown as
 * unknown, with why and where, never as "none"), where each fact is stated (`path:line`), the codes
 * related to it in both directions, links to the catalog page of each modifier, diagnosis, taxonomy
 * and payer, and its narrative.
 */
import { html } from 'hono/html';
import type { Codebook } from '../../access/codebook.js';
import { unknownValueName, type UnknownValueSourceRow } from '../../access/lookups.js';
import { CODE_RECORD_FIELDS, type CodeRecord } from '../../access/record.js';
import {
  entryFields,
  LIST_ENTRIES,
  PROSE_FIELDS,
  RECORD_FIELDS,
  WORKFLOW_FIELDS,
  type ListField,
  type NamesField,
  type TextField,
} from '../../domain/fields.js';
import { links } from '../links.js';
import { type Html, none, source, tableOrNone, textOrUnknown, unknown } from '../layout.js';

/** The catalog page of each list field's entries. */
const ENTRY_LINKS: Record<ListField, (code: string) => string> = {
  modifiers: links.modifier,
  relatedCodes: links.code,
  diagnoses: links.diagnosis,
  taxonomies: links.taxonomy,
};
const NAME_LINKS: Partial<Record<NamesField, (name: string) => string>> = { payers: links.payer };

const paragraphs = (text: string): Html[] => text.split(/\n+/).map((p) => html`<p>${p}</p>`);

/** "unknown (reason, path:line)" for a record field the document leaves unknown. */
function unknownField(values: readonly UnknownValueSourceRow[], field: string): Html {
  const why = values.find((v) => v.scope === 'record' && v.field === field);
  return why === undefined
    ? unknown()
    : html`${unknown(`unknown: ${why.reason}`)}
      ${source(why.sourcePath, why.line)}${why.filledFrom ? html` <span class="source">(filled from ${why.filledFrom})</span>` : ''}`;
}

export function codePage(codebook: Codebook, record: CodeRecord): { title: string; body: Html } {
  const narrative = codebook.getNarrative(record.code)!;
  const lines = codebook.sourceLines(record.code)!;
  const unknownValues = codebook.unknownValues({ code: record.code });
  const path = record.sources[0]!.path;
  const isUnknown = new Set<string>(record.unknown);

  const shortFields = CODE_RECORD_FIELDS.flatMap((field) => {
    const spec = RECORD_FIELDS[field];
    if (spec.kind === 'list') return [];
    let value: Html;
    if (isUnknown.has(field)) value = unknownField(unknownValues, field);
    else if (spec.kind === 'text') {
      const where = field === 'descriptor' && lines.descriptor !== null ? html` ${source(path, lines.descriptor)}` : '';
      value = html`${record[field as TextField]}${where}`;
    } else {
      const names = record[field as NamesField];
      const link = NAME_LINKS[field as NamesField];
      value =
        names.length === 0
          ? none()
          : html`<ul>
              ${names.map(
                (name, i) =>
                  html`<li>${link ? html`<a href="${link(name)}">${name}</a>` : name} ${source(path, lines[field as NamesField][i])}</li>`,
              )}
            </ul>`;
    }
    return [
      html`<dt>${spec.label}</dt>
        <dd data-field="${field}">${value}</dd>`,
    ];
  });

  /** An entry's field: its value, or unknown with why (the line is the entry's). */
  const entryValue = (list: ListField, entry: Record<string, string | null> & { code: string }, field: string): Html => {
    const value = entry[field] ?? null;
    if (value !== null) return html`${value}`;
    const why = unknownValues.find((v) => v.scope === list && v.itemKey === entry.code && v.field === field);
    return unknown(why ? `unknown: ${why.reason}` : 'unknown');
  };

  const listSection = (list: Exclude<ListField, 'relatedCodes'>): Html => {
    const entries = record[list] as unknown as (Record<string, string | null> & { code: string; unknown: string[] })[];
    const fields = entryFields(list);
    const heading = html`<h2 id="${list}">${RECORD_FIELDS[list].label}</h2>`;
    if (isUnknown.has(list))
      return html`${heading}
        <p data-field="${list}">${unknownField(unknownValues, list)}</p>`;
    if (entries.length === 0)
      return html`${heading}
        <p data-field="${list}">${none()}</p>`;
    const entryFieldLabels = LIST_ENTRIES[list].fields as Record<string, { label: string }>;
    return html`${heading}
      <table data-field="${list}">
        <thead>
          <tr>
            <th>Code</th>
            ${fields.map((f) => html`<th>${entryFieldLabels[f]!.label}</th>`)}
            <th>Source</th>
          </tr>
        </thead>
        <tbody>
          ${entries.map(
            (entry, i) =>
              html`<tr>
                <td><a href="${ENTRY_LINKS[list](entry.code)}">${entry.code}</a></td>
                ${fields.map((f) => html`<td>${entryValue(list, entry, f)}</td>`)}
                <td>${source(path, lines[list][i])}</td>
              </tr>`,
          )}
        </tbody>
      </table>`;
  };

  const related = codebook.relatedTo(record.code);
  const relatedTable = (direction: 'out' | 'in', title: string): Html => {
    const rows = related.filter((r) => r.direction === direction);
    const body =
      direction === 'out' && isUnknown.has('relatedCodes')
        ? html`<p>${unknownField(unknownValues, 'relatedCodes')}</p>`
        : rows.length === 0
          ? html`<p>${none()}</p>`
          : html`<table data-direction="${direction}">
              <thead>
                <tr>
                  <th>Code</th>
                  <th>Descriptor</th>
                  <th>Relationship (as the listing document states it)</th>
                  <th>Source</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map(
                  (r) =>
                    html`<tr>
                      <td><a href="${links.code(r.relatedCode)}">${r.markedAddOn && direction === 'out' ? '+' : ''}${r.relatedCode}</a></td>
                      <td>${textOrUnknown(r.relatedDescriptor)}</td>
                      <td>${textOrUnknown(r.relationship)}</td>
                      <td>${source(r.sourcePath, r.line)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`;
    return html`<h3>${title}</h3>
      ${body}`;
  };

  const phases = new Map(narrative.workflows.map((w) => [w.phase, w.description]));
  const prose = [
    ...PROSE_FIELDS.map((field) => [field, RECORD_FIELDS[field].label, narrative[field]] as const),
    ...WORKFLOW_FIELDS.map((field) => [field, RECORD_FIELDS[field].label, phases.get(RECORD_FIELDS[field].phase) ?? null] as const),
  ].map(
    ([field, label, text]) =>
      html`<h3>${label}</h3>
        ${text === null ? html`<p data-field="${field}">${unknownField(unknownValues, field)}</p>` : paragraphs(text)}`,
  );

  return {
    title: `${record.code}: ${record.title ?? 'title unknown'}`,
    body: html`<h1>${record.codeSystem} ${record.code}: ${record.title ?? unknown('title unknown')}</h1>
      <dl class="fields">
        <dt>Code system</dt>
        <dd>${record.codeSystem}</dd>
        ${shortFields}
      </dl>
      ${listSection('modifiers')}
      <h2 id="relatedCodes">${RECORD_FIELDS.relatedCodes.label}</h2>
      ${relatedTable('out', `Listed by this code's document`)} ${relatedTable('in', `Documents that list ${record.code}`)}
      ${listSection('diagnoses')} ${listSection('taxonomies')}
      <h2>Narrative</h2>
      ${prose}
      <h2 id="unknowns">Unknown values (${unknownValues.length})</h2>
      ${tableOrNone(['Field', 'Reason', 'Source', 'Filled from'], unknownValues, (v) => [
        unknownValueName(v),
        v.reason,
        source(v.sourcePath, v.line),
        v.filledFrom ?? '',
      ])}
      <h2>Sources</h2>
      <ul>
        ${record.sources.map((s) => html`<li><span class="source">${s.path}</span> <span class="source">sha256 ${s.sha256}</span></li>`)}
      </ul>
      <p><a href="${links.apiCode(record.code)}">This record as JSON</a></p>`,
  };
}

const codeLinks = (codes: readonly string[]): Html[] => codes.map((c) => html`<a href="${links.code(c)}">${c}</a> `);

/** The 404 page of a code no document describes: the codes nearest to it, and the documents that list it. */
export function missingCodePage(codebook: Codebook, code: string): { title: string; body: Html } {
  const listers = /^[A-Za-z0-9]{1,10}$/.test(code) ? codebook.relatedTo(code, { direction: 'in' }) : [];
  const nearby = codebook.nearbyCodes(code, 3);
  return {
    title: `No document describes ${code}`,
    body: html`<h1>No document describes code ${code}</h1>
      ${listers.length > 0 ? html`<p>It is listed as related by ${codeLinks(listers.map((r) => r.relatedCode))}</p>` : ''}
      ${nearby.length > 0 ? html`<p>Codes near it: ${codeLinks(nearby)}</p>` : ''}
      <p><a href="${links.search({ q: code })}">Search for “${code}”</a></p>`,
  };
}
