/** The home page: documented codes found by text and facets, with counts, a page at a time. */
import { html } from 'hono/html';
import type { Codebook } from '../../access/codebook.js';
import type { Facet, FacetCount, FindCodesFilter, FoundCodes } from '../../access/facets.js';
import { links } from '../links.js';
import { type Html, textOrUnknown } from '../layout.js';
import { PAGE_SIZE, type FindParams } from '../params.js';

/** The data-access filter of a page's parameters. */
export function findFilter(params: FindParams): FindCodesFilter {
  return {
    text: params.q === undefined || params.q.trim() === '' ? undefined : params.q,
    system: params.system,
    category: params.category,
    serviceType: params.serviceTypeUnknown ? null : params.serviceType,
    payer: params.payer,
    modifier: params.modifier,
    hasUnknown: params.unknown === undefined ? undefined : params.unknown === 'yes',
    limit: PAGE_SIZE,
    offset: (params.page - 1) * PAGE_SIZE,
  };
}

const FACET_TITLES: Record<Facet, string> = {
  system: 'Code system',
  category: 'Category',
  serviceType: 'Service type',
  payer: 'Payer',
  modifier: 'Modifier',
  hasUnknown: 'Unknown fields',
};

/** The parameters a facet's value sets (undefined for each it clears). */
function facetParams(facet: Facet, value: FacetCount['value']): Partial<FindParams> {
  switch (facet) {
    case 'serviceType':
      return value === null
        ? { serviceType: undefined, serviceTypeUnknown: 'true' }
        : { serviceType: String(value), serviceTypeUnknown: undefined };
    case 'hasUnknown':
      return { unknown: value ? 'yes' : 'no' };
    default:
      return { [facet]: String(value) };
  }
}

const facetLabel = (facet: Facet, value: FacetCount['value']): Html => {
  if (facet === 'hasUnknown') return html`${value ? 'some unknown' : 'nothing unknown'}`;
  return textOrUnknown(value as string | null);
};

function isSelected(params: FindParams, facet: Facet, value: FacetCount['value']): boolean {
  const set = facetParams(facet, value);
  return Object.entries(set).every(([key, v]) => v === undefined || params[key as keyof FindParams] === v);
}

const urlOf = (params: Partial<FindParams>) => links.search({ ...params, page: params.page === 1 ? undefined : params.page });

export function searchPage(codebook: Codebook, params: FindParams): { title: string; body: Html } {
  const found: FoundCodes = codebook.findCodes(findFilter(params));
  const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
  const facets = (Object.keys(FACET_TITLES) as Facet[]).map((facet) => {
    const values = found.facets[facet];
    if (values.length === 0) return html``;
    return html`<h3>${FACET_TITLES[facet]}</h3>
      <ul>
        ${values.map((v) => {
          const selected = isSelected(params, facet, v.value);
          const cleared = Object.fromEntries(Object.keys(facetParams(facet, v.value)).map((key) => [key, undefined]));
          const target = selected ? { ...params, ...cleared, page: 1 } : { ...params, ...facetParams(facet, v.value), page: 1 };
          const link = html`<a href="${urlOf(target)}">${facetLabel(facet, v.value)}</a>`;
          return html`<li${selected ? html` class="selected"` : ''}>${link} (${v.count})${selected ? ' ✕' : ''}</li>`;
        })}
      </ul>`;
  });
  const what = params.q ? html` matching “${params.q}”` : '';
  const hits = found.codes.map(
    (hit) =>
      html`<div class="hit">
        <a href="${links.code(hit.code)}"><strong>${hit.code}</strong></a> ${textOrUnknown(hit.title)}
        <div class="source">
          ${hit.codeSystem} · ${hit.codeCategory} ·
          ${hit.serviceType ?? 'service type unknown'}${hit.unknownValueCount > 0 ? ` · ${hit.unknownValueCount} unknown` : ''}
        </div>
        ${hit.snippet === null ? '' : html`<div class="snippet">${hit.snippet}</div>`}
      </div>`,
  );
  const nav = html`<p class="pages">
    ${params.page > 1 ? html`<a rel="prev" href="${urlOf({ ...params, page: params.page - 1 })}">← previous</a>` : ''}<span
      >page ${params.page} of ${pages}</span
    >${params.page < pages ? html`<a rel="next" href="${urlOf({ ...params, page: params.page + 1 })}">next →</a>` : ''}
  </p>`;
  return {
    title: params.q ? `Search: ${params.q}` : 'Codes',
    body: html`<h1>${found.total} code${found.total === 1 ? '' : 's'}${what}</h1>
      <div class="layout">
        <aside class="facets">${facets}</aside>
        <section id="results">${found.total === 0 ? html`<p>No documented code matches.</p>` : hits}${nav}</section>
      </div>`,
  };
}
