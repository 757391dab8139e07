import { describe, expect, it } from 'vitest';
import { isNone, isPlaceholder, isSentinel } from '../../src/domain/unknowns.js';

describe('isPlaceholder', () => {
  it.each([
    'N/A',
    '—',
    'TBD',
    'n.a.',
    'Not specified in source.',
    'Information not provided.',
    'Data not available',
    'Data not available in the provided input.',
    'No data available',
    '[Not specified]',
    '(not available)',
    '(none listed)',
    'Not in source data',
    '[data unavailable]',
    'Not stated in the document',
    'Unknown.',
  ])('reads %j as a placeholder', (text) => {
    expect(isPlaceholder(text)).toBe(true);
  });

  it.each(['Not available in this region for outpatients', 'Low back pain, unspecified', 'None', 'Notably, availability varies', ''])(
    'reads %j as no placeholder',
    (text) => {
      expect(isPlaceholder(text)).toBe(false);
    },
  );

  it('tells the sentinel and None apart from placeholders', () => {
    expect(isSentinel('Data not available in the input.')).toBe(true);
    expect(isSentinel('Data not available')).toBe(false);
    expect(isNone('None listed.')).toBe(true);
  });
});
