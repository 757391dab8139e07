/**
 * The catalog pages: a modifier, an ICD-10-CM diagnosis, a provider taxonomy or a payer, with every
 * documented code that uses it and what its document says there.
 */
import { html } from 'hono/html';
import type { Codebook } from '../../access/codebook.js';
import { links } from '../links.js';
import { type Html, source, textOrUnknown, unknown } from '../layout.js';

export const CATALOG_KINDS = ['modifier', 'diagnosis', 'taxonomy', 'payer'] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];

interface Use {
  code: string;
  title?: string | null;
  text: string | null;
  sourcePath: string;
  line: number | null;
}

interface CatalogView {
  heading: string;
  /** The catalog's value (a description, a specialty), or undefined when the kind has none. */
  value?: string | null;
  useText?: string;
  uses: Use[];
}

/** The uses of one catalog entry, as the API answers them and the page shows them; empty when no document uses it. */
export function catalogUses(codebook: Codebook, kind: CatalogKind, key: string) {
  switch (kind) {
    case 'modifier':
      return codebook.codesUsingModifier(key);
    case 'diagnosis':
      return codebook.codesWithDiagnosis(key);
    case 'taxonomy':
      return codebook.codesForTaxonomy(key);
    case 'payer':
      return codebook.codesForPayer(key);
  }
}

function view(codebook: Codebook, kind: CatalogKind, key: string): CatalogView | undefined {
  switch (kind) {
    case 'modifier': {
      const uses = codebook.codesUsingModifier(key);
      return uses.length === 0
        ? undefined
        : {
            heading: `Modifier ${uses[0]!.modifierCode}`,
            value: uses[0]!.description,
            useText: 'When to use',
            uses: uses.map((u) => ({ code: u.procedureCode, text: u.whenToUse, sourcePath: u.sourcePath, line: u.line })),
          };
    }
    case 'diagnosis': {
      const uses = codebook.codesWithDiagnosis(key);
      return uses.length === 0
        ? undefined
        : {
            heading: `ICD-10-CM ${uses[0]!.diagnosisCode}`,
            value: uses[0]!.description,
            useText: 'Clinical relevance',
            uses: uses.map((u) => ({ code: u.procedureCode, text: u.clinicalRelevance, sourcePath: u.sourcePath, line: u.line })),
          };
    }
    case 'taxonomy': {
      const uses = codebook.codesForTaxonomy(key);
      return uses.length === 0
        ? undefined
        : {
            heading: `Provider taxonomy ${uses[0]!.taxonomyCode}`,
            value: uses[0]!.specialty,
            useText: 'Notes',
            uses: uses.map((u) => ({ code: u.procedureCode, text: u.notes, sourcePath: u.sourcePath, line: u.line })),
          };
    }
    case 'payer': {
      const uses = codebook.codesForPayer(key);
      return uses.length === 0
        ? undefined
        : {
            heading: `Payer ${uses[0]!.payer}`,
            uses: uses.map((u) => ({ code: u.code, title: u.title, text: null, sourcePath: u.sourcePath, line: null })),
          };
    }
  }
}

/** The page of one catalog entry, or undefined when no document uses it. */
export function catalogPage(codebook: Codebook, kind: CatalogKind, key: string): { title: string; body: Html } | undefined {
  const found = view(codebook, kind, key);
  if (found === undefined) return undefined;
  const { heading, value, useText, uses } = found;
  return {
    title: heading,
    body: html`<h1>${heading}</h1>
      ${value === undefined ? '' : html`<p data-field="value">${value === null ? unknown('description unknown') : value}</p>`}
      <h2>${uses.length} documented code${uses.length === 1 ? '' : 's'}</h2>
      <table id="uses">
        <thead>
          <tr>
            <th>Code</th>
            ${kind === 'payer' ? html`<th>Title</th>` : html`<th>${useText}</th>`}
            <th>Source</th>
          </tr>
        </thead>
        <tbody>
          ${uses.map(
            (u) =>
              html`<tr>
                <td><a href="${links.code(u.code)}">${u.code}</a></td>
                <td>${textOrUnknown(kind === 'payer' ? (u.title ?? null) : u.text)}</td>
                <td>${source(u.sourcePath, u.line)}</td>
              </tr>`,
          )}
        </tbody>
      </table>`,
  };
}
