import { describe, expect, it } from 'vitest';
import { classifyCode, icd10Forms, readNuccCode } from '../../src/domain/codes.js';

describe('classifyCode', () => {
  it.each([
    ['20956', { system: 'CPT', category: 'Category I' }],
    ['0001F', { system: 'CPT', category: 'Category II' }],
    ['0042T', { system: 'CPT', category: 'Category III' }],
    ['0001U', { system: 'CPT', category: 'PLA' }],
    ['G0121', { system: 'HCPCS', category: 'Level II' }],
  ])('classifies %s by its format', (code, expected) => {
    expect(classifyCode(code)).toEqual(expected);
  });

  it.each(['2095', '209561', '0001X', 'GG121', 'g0121', '', '20956 '])('rejects %j', (code) => {
    expect(classifyCode(code)).toBeUndefined();
  });
});

describe('icd10Forms', () => {
  it('reads display and dotless forms as the same code', () => {
    expect(icd10Forms('M17.11')).toEqual({ display: 'M17.11', dotless: 'M1711' });
    expect(icd10Forms('M1711')).toEqual({ display: 'M17.11', dotless: 'M1711' });
    expect(icd10Forms(' s72.001a ')).toEqual({ display: 'S72.001A', dotless: 'S72001A' });
  });

  it('keeps a three-character category without a dot', () => {
    expect(icd10Forms('M17')).toEqual({ display: 'M17', dotless: 'M17' });
  });

  it.each(['M17.', '17.11', 'M1.711', 'M17.11111', 'Data not available'])('rejects %j', (raw) => {
    expect(icd10Forms(raw)).toBeUndefined();
  });
});

describe('readNuccCode', () => {
  it('accepts a 10-character code ending in X', () => {
    expect(readNuccCode('207X00000X')).toEqual({ code: '207X00000X', addedTrailingX: false });
  });

  it('restores a missing trailing X and says so', () => {
    expect(readNuccCode('207X00000')).toEqual({ code: '207X00000X', addedTrailingX: true });
  });

  it.each(['207X0000X', '207X00000Y', 'ABCDEFGHIX'])('rejects %j', (raw) => {
    expect(readNuccCode(raw)).toBeUndefined();
  });
});
