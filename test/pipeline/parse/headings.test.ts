import { describe, expect, it } from 'vitest';
import { keyTarget, keyTargets, knownHeading, looksLikeHeading, parseKeyValue } from '../../../src/pipeline/parse/headings.js';

describe('knownHeading', () => {
  it.each([
    ['Summary & Overview', 'summary'],
    ['## Summary and Overview', 'summary'],
    ['**Billing Code Overview**', 'billing'],
    ['### 2. Billing Code Overview:', 'billing'],
    ['2.1 Clinical Context', 'clinical'],
    ['III. Coding Specifications', 'coding'],
    ['## Clinical Vignette', 'clinical'],
    ['### Workflow', 'clinical'],
    ['### Modifiers', 'coding'],
    ['**Provider Taxonomies**', 'coding'],
    ['## ICD-10-CM Codes', 'diagnoses'],
    ['Related CPT® Codes', 'relatedCodes'],
    ['## Related Procedure Codes ##', 'relatedCodes'],
    ['## 📋 Summary & Overview', 'summary'],
    ['Section 2: Billing Code Overview', 'billing'],
    ['**Part III. Coding Specifications**', 'coding'],
  ] as const)('reads %j as the %s section', (line, section) => {
    expect(knownHeading(line)).toBe(section);
  });

  it.each([
    ['#### Related HCPCS/CPT Codes', 'relatedCodes'],
    ['**Associated Procedure Codes**', 'relatedCodes'],
    ['Add-on Codes', 'relatedCodes'],
    ['## Associated ICD-10 Diagnoses', 'diagnoses'],
    ['Supporting Diagnosis Codes', 'diagnoses'],
    ['### Modifier Usage', 'coding'],
    ['NUCC Provider Types', 'coding'],
    ['Care Workflow', 'clinical'],
    ['Clinical Case Example', 'clinical'],
  ] as const)('reads %j, a heading the template lacks, by the subject it names: the %s section', (line, section) => {
    expect(knownHeading(line)).toBe(section);
  });

  it('does not read a key, a title or a line with codes as a heading by its subject', () => {
    expect(knownHeading('Preoperative workflow:')).toBeUndefined();
    expect(knownHeading('Preoperative workflow')).toBeUndefined();
    expect(knownHeading('Related codes: 20955, 20957')).toBeUndefined();
    expect(knownHeading('Modifier 59 Guidance')).toBeUndefined();
    expect(knownHeading('Payment Policy Notes')).toBeUndefined();
  });

  it('does not read a sentence or a table line as a heading', () => {
    expect(knownHeading('The summary and overview follow.')).toBeUndefined();
    expect(knownHeading('| Modifiers | Description |')).toBeUndefined();
  });
});

describe('looksLikeHeading', () => {
  it('tells headings from prose, fields and placeholders', () => {
    expect(looksLikeHeading('Payment Policy Notes')).toBe(true);
    expect(looksLikeHeading('## Coverage and Limitations')).toBe(true);
    expect(looksLikeHeading('**Documentation Requirements**')).toBe(true);
    expect(looksLikeHeading('The graft is harvested.')).toBe(false);
    expect(looksLikeHeading('62 | Two surgeons |')).toBe(false);
    expect(looksLikeHeading('Service Type: Surgical')).toBe(false);
    for (const placeholder of ['N/A', 'TBD', 'Unknown', 'Not Available']) expect(looksLikeHeading(placeholder)).toBe(false);
  });
});

describe('keys', () => {
  it('reads the template keys and their synonyms, bold or italic, and reports others', () => {
    expect(parseKeyValue('Service type: Surgical')).toEqual({ key: 'Service type', target: 'serviceType', value: 'Surgical' });
    expect(parseKeyValue('**Service type:** Surgical')).toEqual({ key: 'Service type', target: 'serviceType', value: 'Surgical' });
    expect(parseKeyValue('**Place(s) of Service**: Office')).toMatchObject({ target: 'sitesOfService', value: 'Office' });
    expect(parseKeyValue('*Typical settings of service:* Office')).toMatchObject({ target: 'sitesOfService', value: 'Office' });
    expect(parseKeyValue('Payers: Aetna; Kaiser')).toMatchObject({ target: 'payers', value: 'Aetna; Kaiser' });
    expect(parseKeyValue('Global period: 90 days')).toEqual({ key: 'Global period', target: undefined, value: '90 days' });
    expect(parseKeyValue('**Service Type** — Surgical (cardiothoracic)')).toEqual({
      key: 'Service Type',
      target: 'serviceType',
      value: 'Surgical (cardiothoracic)',
    });
    expect(parseKeyValue('Typical site of service – Office')).toMatchObject({ target: 'sitesOfService', value: 'Office' });
    expect(parseKeyValue('The graft - harvested at once')).toBeUndefined();
    expect(parseKeyValue('The procedure involves removing bone graft material: see above')).toBeUndefined();
  });

  it.each([
    ['Primary Service Type', 'serviceType'],
    ['CPT service category', 'serviceType'],
    ['Usual care settings', 'sitesOfService'],
    ['Settings', 'sitesOfService'],
    ['Payers (commercial)', 'payers'],
  ] as const)('reads %j, a key with qualifiers, as %s', (key, field) => {
    expect(keyTarget(key)).toBe(field);
  });

  it('reads `Key = value`', () => {
    expect(parseKeyValue('Service type = Surgical – ophthalmic')).toEqual({
      key: 'Service type',
      target: 'serviceType',
      value: 'Surgical – ophthalmic',
    });
  });

  it('does not read a key about something else as a field', () => {
    expect(keyTarget('Payer policy notes')).toBeUndefined();
    expect(keyTarget('Procedure type')).toBeUndefined();
  });

  it.each([
    ['Preoperative', 'preoperative'],
    ['Pre-operative workflow', 'preoperative'],
    ['Pre-service', 'preoperative'],
    ['Pre-procedure phase', 'preoperative'],
    ['Pre-encounter', 'preoperative'],
    ['Intra-service', 'intraoperative'],
    ['Intraoperative workflow', 'intraoperative'],
    ['Post-service', 'postoperative'],
    ['**Post-procedure steps**', 'postoperative'],
  ] as const)('reads %j as the %s workflow phase', (key, phase) => {
    expect(keyTarget(key)).toBe(phase);
  });

  it.each([
    ['Pre-administration', 'preoperative'],
    ['Before the session', 'preoperative'],
    ['During the visit', 'intraoperative'],
    ['Evaluation (intra-service)', 'intraoperative'],
    ['Post-evaluation', 'postoperative'],
  ] as const)('reads %j, a phase of what the code is for, as the %s phase', (key, phase) => {
    expect(keyTarget(key)).toBe(phase);
  });

  it('reads the middle phase written as what the phases are of, after the first', () => {
    expect(keyTargets(['Pre-visit', 'Visit', 'Post-visit', 'Administration'])).toEqual([
      'preoperative',
      'intraoperative',
      'postoperative',
      undefined,
    ]);
    expect(keyTargets(['Service type', 'Global period'])).toEqual(['serviceType', undefined]);
  });

  it('does not read other words as a phase', () => {
    expect(keyTarget('Pre-authorization')).toBeUndefined();
    expect(keyTarget('After hours')).toBeUndefined();
    expect(keyTarget('Postoperative care')).toBeUndefined();
    expect(keyTarget('Prescription')).toBeUndefined();
  });
});
