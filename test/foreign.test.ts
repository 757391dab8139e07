/**
 * Documents in the template as other generators write it (test/fixtures/foreign/), each provisioned
 * on its own and read back: the record and the narrative a person reading the document would
 * write down, and exactly the warnings it must draw. Documents that are not one document
 * (test/fixtures/foreign-invalid/) are refused with an error naming the line.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCodebook } from '../src/access/codebook.js';
import type { CodeNarrative } from '../src/access/narrative.js';
import type { CodeRecord } from '../src/access/record.js';
import { BuildError } from '../src/pipeline/build.js';
import { formatDiagnostic } from '../src/pipeline/diagnostics.js';
import { provision } from '../src/pipeline/provision.js';
import { ROOT, tempDir } from './helpers.js';

const FOREIGN = join(ROOT, 'test/fixtures/foreign');

interface Provisioned {
  record: CodeRecord | undefined;
  narrative: CodeNarrative | undefined;
  /** Every stored warning as `line: rule: message`, in line order. */
  warnings: string[];
  /** procedure_overview.marked_add_on, and each related code's, from the views. */
  addOn: { own: number; related: Record<string, number> };
  unknowns: string[];
}

/** Provisions one fixture alone and reads back its code. */
async function provisioned(file: string, code: string): Promise<Provisioned & { path: string; sha256: string }> {
  const seeds = join(tempDir(), 'seeds');
  mkdirSync(seeds);
  const path = join(seeds, file);
  copyFileSync(join(FOREIGN, file), path);
  const report = await provision(seeds, join(seeds, '..', 'reference.db'));
  const codebook = openCodebook(join(seeds, '..', 'reference.db'));
  try {
    const sqlite = codebook.db.$client;
    const related = sqlite
      .prepare(`SELECT related_code, marked_add_on FROM related_codes WHERE code = ? AND direction = 'out'`)
      .raw()
      .all(code) as [string, number][];
    return {
      path,
      sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
      record: codebook.getCode(code),
      narrative: codebook.getNarrative(code),
      warnings: report.warnings.map((w) => `${w.line}: ${w.rule}: ${w.message}`),
      addOn: {
        own: sqlite.prepare('SELECT marked_add_on FROM procedure_overview WHERE code = ?').pluck().get(code) as number,
        related: Object.fromEntries(related),
      },
      unknowns: codebook
        .unknownValues({ code })
        .map((g) => `${g.scope === 'record' ? g.field : `${g.scope}[${g.itemKey}].${g.field}`}: ${g.reason} (line ${g.line})`),
    };
  } finally {
    codebook.close();
  }
}

const entry = <T extends object>(fields: T, unknown: string[] = []) => ({ ...fields, unknown });
const modifier = (code: string, description: string | null, whenToUse: string | null) =>
  entry({ code, description, whenToUse }, [...(description === null ? ['description'] : []), ...(whenToUse === null ? ['whenToUse'] : [])]);
const related = (code: string, descriptor: string | null, relationship: string | null) =>
  entry({ code, descriptor, relationship }, [
    ...(descriptor === null ? ['descriptor'] : []),
    ...(relationship === null ? ['relationship'] : []),
  ]);
const diagnosis = (code: string, description: string, clinicalRelevance: string) => entry({ code, description, clinicalRelevance });
const taxonomy = (code: string, specialty: string | null, notes: string) =>
  entry({ code, specialty, notes }, specialty === null ? ['specialty'] : []);
const phases = (pre: string | null, intra: string | null, post: string | null) =>
  (
    [
      ['preoperative', pre],
      ['intraoperative', intra],
      ['postoperative', post],
    ] as const
  ).flatMap(([phase, description]) => (description === null ? [] : [{ phase, description }]));

describe('documents other generators write', () => {
  it('full GFM: a `#` title line, `##` headings, bold keys, code spans, a bold sentinel', async () => {
    const { record, narrative, warnings, path, sha256, addOn } = await provisioned('cpt-27447-gfm.txt', '27447');
    expect(record).toEqual({
      code: '27447',
      codeSystem: 'CPT',
      title: 'Total Knee Arthroplasty',
      descriptor: 'Arthroplasty, knee, condyle and plateau; medial and lateral compartments',
      serviceType: 'Surgical — joint replacement',
      sitesOfService: ['Hospital inpatient', 'hospital outpatient department'],
      modifiers: [
        modifier('RT', 'Right side', 'When the right knee is replaced.'),
        modifier('LT', 'Left side', 'When the left knee is replaced.'),
        modifier('22', 'Increased procedural services', null),
      ],
      relatedCodes: [related('27486', 'Revision of total knee arthroplasty, one component', 'Used when a component is later revised.')],
      diagnoses: [
        diagnosis('M17.11', 'Unilateral primary osteoarthritis, right knee', 'Primary indication.'),
        diagnosis('M17.12', 'Unilateral primary osteoarthritis, left knee', 'Primary indication.'),
      ],
      taxonomies: [taxonomy('207X00000X', 'Orthopaedic Surgery', 'Performs the procedure.')],
      payers: ['Medicare', 'Aetna', 'Humana', 'UnitedHealthcare'],
      unknown: [],
      sources: [{ path, sha256 }],
    });
    expect(narrative).toEqual({
      code: '27447',
      summary:
        'CPT code 27447 describes a total knee arthroplasty (TKA), replacing the femoral and tibial ' +
        'articular surfaces with a prosthesis. Key payers covered in this analysis include Medicare, ' +
        'Aetna, Humana, and UnitedHealthcare.',
      billingOverview: 'The code is reported once per knee per operative session.',
      clinicalVignette: 'A 68-year-old woman with end-stage osteoarthritis of the right knee has failed conservative care.',
      workflows: phases(
        'Medical clearance, templating radiographs, and patient education.',
        'Bone cuts, trialing, and cementing of the components.',
        'Early mobilization, DVT prophylaxis, and physical therapy.',
      ),
      unknown: [],
    });
    expect(warnings).toEqual([]);
    expect(addOn).toEqual({ own: 0, related: { '27486': 0 } });
  });

  it(
    'list items everywhere: a payer sentence ending in a colon, list-item keys, nested sites, workflow ' + 'phases by other names',
    async () => {
      const { record, narrative, warnings, path, sha256, addOn } = await provisioned('cpt-64483-bullets.txt', '64483');
      expect(record).toEqual({
        code: '64483',
        codeSystem: 'CPT',
        title: 'Transforaminal Epidural Injection, Lumbar or Sacral, Single Level',
        descriptor: null,
        serviceType: 'Interventional pain management',
        sitesOfService: ['Ambulatory surgery center', 'Physician office (POS 11)', 'Hospital outpatient department'],
        modifiers: [
          modifier('50', 'Bilateral procedure', 'When both sides are injected at the same level.'),
          modifier('RT', 'Right side', 'Right-sided injection.'),
        ],
        relatedCodes: [related('64484', 'Each additional lumbar or sacral level', 'Add-on for each additional level.')],
        diagnoses: [
          diagnosis('M54.16', 'Radiculopathy, lumbar region', 'Primary indication.'),
          diagnosis('M51.17', 'Intervertebral disc disorders with radiculopathy, lumbosacral region', 'Common cause.'),
        ],
        taxonomies: [],
        payers: ['Medicare', 'Cigna Health', 'Blue Cross Blue Shield'],
        unknown: ['descriptor', 'taxonomies'],
        sources: [{ path, sha256 }],
      });
      expect(narrative).toEqual({
        code: '64483',
        summary:
          'CPT 64483 covers a transforaminal epidural steroid injection at one lumbar or sacral level ' +
          'under imaging guidance.\nKey payers covered in this analysis include:',
        billingOverview: 'Global period: 0 days',
        clinicalVignette: 'A 54-year-old man has L5 radiculopathy that persists after six weeks of physical therapy.',
        workflows: phases(
          'Review of MRI findings and informed consent.',
          'Fluoroscopic needle placement and contrast confirmation before injection.',
          'Observation and a pain diary for two weeks.',
        ),
        unknown: [],
      });
      expect(warnings).toEqual([]);
      expect(addOn).toEqual({ own: 0, related: { '64484': 1 } });
    },
  );

  it(
    'outline-numbered sections, a title before them, a payers field with semicolons, a key with ' +
      'its value on the next line, modifiers written -25',
    async () => {
      const { record, narrative, warnings, unknowns } = await provisioned('cpt-20610-numbered.txt', '20610');
      expect(record).toMatchObject({
        code: '20610',
        title: 'Arthrocentesis, Aspiration and/or Injection, Major Joint or Bursa; Without Ultrasound Guidance',
        descriptor: null,
        serviceType: 'Minor procedure',
        sitesOfService: ['Physician office', 'hospital outpatient department'],
        modifiers: [
          modifier('25', 'Significant, separately identifiable E/M service', 'When a separate evaluation is documented the same day.'),
          modifier('59', 'Distinct procedural service', null),
          modifier('RT', 'Right side', null),
        ],
        relatedCodes: [
          related('20611', 'Arthrocentesis, major joint; with ultrasound guidance', 'Use instead when ultrasound guidance is documented.'),
        ],
        diagnoses: [
          diagnosis('M25.461', 'Effusion, right knee', 'Primary indication.'),
          diagnosis('M17.11', 'Unilateral primary osteoarthritis, right knee', 'Common cause.'),
        ],
        taxonomies: [],
        payers: ['Anthem', 'Kaiser Permanente', 'Medicaid'],
        unknown: ['descriptor', 'taxonomies'],
      });
      expect(narrative).toEqual({
        code: '20610',
        summary:
          'Arthrocentesis of a major joint (shoulder, hip, knee) or bursa, by aspiration, injection, or both, without ultrasound guidance.',
        billingOverview: 'Report once per joint per date of service.',
        clinicalVignette: 'A 61-year-old man presents with a painful knee effusion.',
        workflows: phases(
          'Consent and skin preparation.',
          'Needle aspiration of synovial fluid and corticosteroid injection.',
          'Compression dressing and activity guidance.',
        ),
        unknown: [],
      });
      expect(warnings).toEqual([
        '25: placeholder: modifiers[59].whenToUse: "—" is a placeholder, not a value; stored as unknown',
        '26: placeholder: modifiers[RT].whenToUse: "—" is a placeholder, not a value; stored as unknown',
      ]);
      expect(unknowns).toEqual([
        'descriptor: not stated (line null)',
        'taxonomies: not stated (line 21)',
        'modifiers[59].whenToUse: placeholder (line 25)',
        'modifiers[RT].whenToUse: placeholder (line 26)',
      ]);
    },
  );

  it(
    'HCPCS Level II in a bold title, bold headings, dotless ICD-10 codes, a taxonomy table headed ' + 'Taxonomy | Classification | Role',
    async () => {
      const { record, narrative, warnings } = await provisioned('hcpcs-J1745-level-ii.txt', 'J1745');
      expect(record).toMatchObject({
        code: 'J1745',
        codeSystem: 'HCPCS',
        title: 'Injection, Infliximab, Excludes Biosimilar, 10 mg',
        descriptor: 'Injection, infliximab, excludes biosimilar, 10 mg',
        serviceType: 'Drug administration (biologic)',
        sitesOfService: ['Hospital outpatient infusion center', 'physician office', 'home infusion'],
        modifiers: [
          modifier('JZ', 'Zero drug amount discarded', 'When no drug is wasted.'),
          modifier('JW', 'Drug amount discarded', 'When part of a single-dose vial is discarded.'),
        ],
        relatedCodes: [
          related('Q5103', 'Injection, infliximab-dyyb, biosimilar, 10 mg', 'Biosimilar alternative.'),
          related('96365', 'Intravenous infusion, initial, up to 1 hour', 'Administration code billed with the drug.'),
        ],
        diagnoses: [
          diagnosis('K50.90', "Crohn's disease, unspecified, without complications", 'Primary indication.'),
          diagnosis('M05.79', 'Rheumatoid arthritis with rheumatoid factor of multiple sites', 'Alternative indication.'),
        ],
        taxonomies: [
          taxonomy('207RG0100X', 'Gastroenterology', 'Prescribes the therapy.'),
          taxonomy('163W00000X', null, 'Administers the infusion.'),
        ],
        payers: ['Medicare', 'Medicaid', 'Aetna'],
        unknown: [],
      });
      expect(narrative).toMatchObject({
        workflows: phases(null, 'infusion over two hours with vital-sign monitoring.', 'observation for infusion reactions.'),
        unknown: ['preoperativeWorkflow'],
      });
      expect(warnings).toEqual([
        '20: placeholder: preoperativeWorkflow: "N/A." is a placeholder, not a value; stored as unknown',
        '32: placeholder: taxonomies[163W00000X].specialty: "N/A" is a placeholder, not a value; stored as unknown',
      ]);
    },
  );

  it(
    'CPT® Code: with the add-on mark, payers with Co. and a filler, sites with commas in parentheses, ' +
      'a list and ranges of codes in cells, a one-cell sentinel row',
    async () => {
      const { record, narrative, warnings, addOn } = await provisioned('cpt-11045-add-on.txt', '11045');
      expect(record).toMatchObject({
        code: '11045',
        title: 'Debridement, Subcutaneous Tissue, Each Additional 20 sq cm',
        descriptor: 'Debridement, subcutaneous tissue; each additional 20 sq cm',
        serviceType: 'Surgical (add-on)',
        sitesOfService: ['Office (POS 11, or 22 when hospital-based)', 'Ambulatory surgery center (e.g., freestanding or hospital-owned)'],
        modifiers: [modifier('59', 'Distinct procedural service', 'When a separate wound is treated.')],
        relatedCodes: [
          related('11042', 'Debridement, subcutaneous tissue; first 20 sq cm or less', 'Primary code it is reported with.'),
          related('11043', 'Debridement, muscle or bone; first 20 sq cm or less', 'Deeper debridement, reported instead.'),
          related('11044', 'Debridement, muscle or bone; first 20 sq cm or less', 'Deeper debridement, reported instead.'),
        ],
        diagnoses: [diagnosis('E11.621', 'Type 2 diabetes mellitus with foot ulcer', 'Underlying condition.')],
        taxonomies: [],
        payers: ['Acme Health Co.', 'Medicaid'],
        unknown: ['taxonomies'],
      });
      expect(narrative?.workflows).toEqual(
        phases('wound measurement.', 'excision of devitalized tissue to bleeding subcutaneous tissue.', 'moist dressings, etc.'),
      );
      expect(warnings).toEqual([
        '3: list-filler: "to name a few" in the list names no payer; not stored',
        '22: code-range: the range "L97.411–L97.414" is not stored: which codes between L97.411 and ' +
          'L97.414 exist is not in the document; row skipped: "| L97.411–L97.414 | Non-pressure chronic ' +
          'ulcer of right heel and midfoot | Primary indication. |"',
        '29: code-list: the cell "11043, 11044" names 2 codes; stored as one row each, sharing the ' +
          'row\'s other cells: "| 11043, 11044 | Debridement, muscle or bone; first 20 sq cm or less ' +
          '| Deeper debridement, reported instead. |"',
        '30: code-range: the range "11046-11047" is not stored: which codes between 11046 and 11047 ' +
          'exist is not in the document; row skipped: "| 11046-11047 | Debridement, muscle or bone; each ' +
          'additional 20 sq cm | Add-ons of the deeper codes. |"',
      ]);
      expect(addOn).toEqual({ own: 1, related: { '11042': 0, '11043': 0, '11044': 0 } });
    },
  );

  it(
    'a title line with an em dash before the first heading, payers with Inc., L.L.C. and U.S., ' +
      'Place(s) of Service, Pre-encounter and Post-encounter',
    async () => {
      const { record, narrative, warnings } = await provisioned('cpt-99213-prose-lists.txt', '99213');
      expect(record).toMatchObject({
        title: 'Office or Other Outpatient Visit, Established Patient, Low Medical Decision Making',
        descriptor: null,
        serviceType: 'Evaluation and management',
        sitesOfService: ['Physician office', 'telehealth (POS 02 or 10)', 'Federally qualified health center'],
        modifiers: [
          modifier('25', 'Significant, separately identifiable E/M service', 'With a same-day procedure.'),
          modifier('95', 'Synchronous telemedicine service', 'For real-time audio and video visits.'),
        ],
        payers: ['Summit Care, Inc.', 'U.S. Family Health Plan', 'Northwind Health Plans, L.L.C.', 'Tricare'],
        unknown: ['descriptor', 'taxonomies'],
      });
      expect(narrative).toMatchObject({
        workflows: phases(
          'Medication reconciliation and vitals.',
          'History, examination, and a low-complexity decision.',
          'Refills and a follow-up in three months.',
        ),
        unknown: [],
      });
      expect(warnings).toEqual([
        '22: duplicate-row: exact duplicate modifier 95 dropped; the first, line 21, is kept. line ' +
          '21: "| 95 | Synchronous telemedicine service | For real-time audio and video visits. |"; line ' +
          '22: "| 95 | Synchronous telemedicine service | For real-time audio and video visits. |"',
      ]);
    },
  );

  it(
    'the code column last, an extra column, heading synonyms (Clinical Vignette, Workflow, Applicable ' +
      'Modifiers, ICD-10-CM Codes), a blank line inside a table',
    async () => {
      const { record, narrative, warnings } = await provisioned('cpt-29881-reordered-columns.txt', '29881');
      expect(record).toMatchObject({
        title: 'Arthroscopy, Knee, Surgical; with Meniscectomy',
        descriptor: 'Arthroscopy, knee, surgical; with meniscectomy, medial OR lateral',
        serviceType: 'Surgical — arthroscopy',
        sitesOfService: ['Ambulatory surgery center'],
        modifiers: [
          modifier('LT', 'Left side', 'Left knee.'),
          modifier('RT', 'Right side', 'Right knee.'),
          modifier('51', 'Multiple procedures', 'When reported with another procedure.'),
        ],
        relatedCodes: [
          related('29880', 'Arthroscopy, knee, surgical; with meniscectomy, medial AND lateral', 'Use when both menisci are treated.'),
        ],
        diagnoses: [diagnosis('S83.241A', 'Tear of medial meniscus, current injury, right knee', 'Primary indication.')],
        taxonomies: [
          taxonomy('207X00000X', 'Orthopaedic Surgery', 'Performs the procedure.'),
          taxonomy('207XX0801X', 'Sports Medicine', 'Also performs it.'),
        ],
        payers: ['Aetna', 'Cigna Health', 'Oscar Health'],
        unknown: [],
      });
      expect(narrative).toMatchObject({
        summary:
          'Knee arthroscopy with medial or lateral meniscectomy, including debridement and shaving of ' +
          'articular cartilage. Key payers covered in this analysis include Aetna; Cigna Health; Oscar ' +
          'Health.',
        billingOverview: 'One unit per knee.',
        clinicalVignette: 'A 39-year-old runner has a symptomatic medial meniscus tear confirmed on MRI.',
        workflows: phases(
          'Imaging review and consent.',
          'Partial medial meniscectomy and chondroplasty.',
          'Weight bearing as tolerated and physical therapy.',
        ),
      });
      expect(warnings).toEqual([
        '28: unknown-column: column "Frequency" is not part of the template and is not stored; its values: "Common", "Common", "Rare"',
      ]);
    },
  );

  it('placeholders everywhere: unknown with the reason placeholder, each one reported; None is an empty list', async () => {
    const { record, narrative, warnings, unknowns } = await provisioned('cpt-93000-placeholders.txt', '93000');
    expect(record).toMatchObject({
      descriptor: null,
      serviceType: null,
      sitesOfService: [],
      modifiers: [modifier('26', 'Professional component', null), modifier('76', null, null)],
      relatedCodes: [related('93010', 'Electrocardiogram; interpretation and report only', null)],
      diagnoses: [],
      taxonomies: [],
      payers: [],
      unknown: ['descriptor', 'serviceType', 'sitesOfService', 'taxonomies', 'payers'],
    });
    expect(narrative).toEqual({
      code: '93000',
      summary: "A 12-lead ECG with the physician's interpretation and written report.",
      billingOverview: null,
      clinicalVignette: 'A 70-year-old woman reports palpitations during a routine visit.',
      workflows: phases('Electrode placement.', null, null),
      unknown: ['billingOverview', 'intraoperativeWorkflow', 'postoperativeWorkflow'],
    });
    expect(unknowns).toEqual([
      'billingOverview: placeholder (line 8)',
      'descriptor: placeholder (line 36)',
      'intraoperativeWorkflow: placeholder (line 16)',
      'payers: placeholder (line 5)',
      'postoperativeWorkflow: placeholder (line 17)',
      'serviceType: placeholder (line 9)',
      'sitesOfService: placeholder (line 10)',
      'taxonomies: placeholder (line 26)',
      'modifiers[26].whenToUse: placeholder (line 22)',
      'modifiers[76].description: placeholder (line 23)',
      'modifiers[76].whenToUse: placeholder (line 23)',
      'relatedCodes[93010].relationship: placeholder (line 37)',
    ]);
    const placeholder = (line: number, what: string, text: string) =>
      `${line}: placeholder: ${what}: ${JSON.stringify(text)} is a placeholder, not a value; stored as unknown`;
    expect(warnings).toEqual([
      placeholder(5, 'payers', 'Unknown'),
      placeholder(8, 'billingOverview', 'N/A'),
      placeholder(9, 'serviceType', '—'),
      placeholder(10, 'sitesOfService', 'TBD'),
      placeholder(16, 'intraoperativeWorkflow', 'n/a'),
      placeholder(17, 'postoperativeWorkflow', 'Not available'),
      placeholder(22, 'modifiers[26].whenToUse', '—'),
      placeholder(23, 'modifiers[76].description', '-'),
      placeholder(23, 'modifiers[76].whenToUse', '-'),
      placeholder(26, 'taxonomies', '—'),
      placeholder(36, 'relatedCodes[93000].descriptor', 'TBD'),
      placeholder(37, 'relatedCodes[93010].relationship', 'N/A'),
    ]);
  });

  it('CRLF, underscore emphasis on headings, keys and sentinels, a zero-width space in a code, a no-break space', async () => {
    const { record, narrative, warnings } = await provisioned('cpt-36415-underscores-crlf.txt', '36415');
    expect(record).toMatchObject({
      title: 'Collection of Venous Blood by Venipuncture',
      descriptor: 'Collection of venous blood by venipuncture',
      serviceType: 'Laboratory specimen collection',
      sitesOfService: ['Independent laboratory', 'physician office'],
      modifiers: [modifier('90', 'Reference (outside) laboratory', 'When the specimen goes to an outside laboratory.')],
      relatedCodes: [related('80061', 'Lipid panel', 'Often ordered with the collection.')],
      diagnoses: [],
      taxonomies: [],
      payers: ['Medicare', 'Humana'],
      unknown: ['diagnoses', 'taxonomies'],
    });
    expect(narrative).toEqual({
      code: '36415',
      summary: 'Routine venipuncture to collect a blood specimen. Key payers covered in this analysis include Medicare and Humana.',
      billingOverview: null,
      clinicalVignette: 'A patient has blood drawn for a lipid panel.',
      workflows: phases('identifying the patient.', 'venipuncture.', null),
      unknown: ['billingOverview', 'postoperativeWorkflow'],
    });
    expect(warnings).toEqual([
      '24: invisible-characters: invisible character(s) U+200B removed from the line: "| 90 | Reference ' +
        '(outside) laboratory | When the specimen goes to an outside laboratory. |"',
    ]);
  });

  it('a UTF-16 file with its byte-order mark (a Windows "Unicode" save)', async () => {
    const { record, warnings } = await provisioned('cpt-71046-utf16.txt', '71046');
    expect(record).toMatchObject({
      title: 'Radiologic Examination, Chest; 2 Views',
      descriptor: 'Radiologic examination, chest; 2 views',
      sitesOfService: ['Hospital outpatient department', 'independent diagnostic testing facility', 'physician office'],
      modifiers: [
        modifier('26', 'Professional component', 'When only the interpretation is billed.'),
        modifier('TC', 'Technical component', 'When only the imaging is billed.'),
      ],
      payers: ['Medicare', 'Medicaid', 'Kaiser Permanente'],
      unknown: ['taxonomies'],
    });
    expect(warnings).toEqual([
      `1: utf-16: the file is UTF-16 little-endian (it starts with its byte-order mark); read as such — the template's encoding is UTF-8`,
    ]);
  });

  it(
    'tables without edge pipes or alignment rows, one after another, a short row, a sentinel row ' +
      'of two cells, the sentinel in the payer sentence',
    async () => {
      const { record, narrative, warnings } = await provisioned('cpt-43239-sentinel-rows.txt', '43239');
      expect(record).toMatchObject({
        title: 'Esophagogastroduodenoscopy, Flexible, Transoral; with Biopsy, Single or Multiple',
        sitesOfService: ['Ambulatory surgery center', 'hospital outpatient department'],
        modifiers: [
          modifier('33', 'Preventive services', 'When the service is preventive.'),
          modifier('53', 'Discontinued procedure', null),
        ],
        relatedCodes: [related('43235', 'Esophagogastroduodenoscopy, flexible, transoral; diagnostic', 'Without biopsy.')],
        diagnoses: [diagnosis('K30', 'Functional dyspepsia', 'Primary indication.')],
        taxonomies: [],
        payers: [],
        unknown: ['descriptor', 'taxonomies', 'payers'],
      });
      expect(narrative).toMatchObject({
        workflows: phases(null, 'biopsy with cold forceps.', 'recovery and pathology follow-up.'),
        unknown: ['preoperativeWorkflow'],
      });
      expect(warnings).toEqual([
        '16: short-row: table row has 2 cells but its header (line 14) has 3; "When to Use" read as ' +
          'not stated: "53 | Discontinued procedure |"',
      ]);
    },
  );

  it('sentences that end in a colon before list items, a key alone on its line, phase keys with ' + 'list items under them', async () => {
    const { record, narrative, warnings } = await provisioned('cpt-97110-intro-lists.txt', '97110');
    expect(record).toMatchObject({
      title: 'Therapeutic Exercise, Each 15 Minutes',
      descriptor: 'Therapeutic procedure, 1 or more areas, each 15 minutes; therapeutic exercises',
      serviceType: 'Rehabilitation therapy',
      sitesOfService: ['Outpatient physical therapy clinic', 'Skilled nursing facility', 'Patient home'],
      taxonomies: [taxonomy('225100000X', 'Physical Therapist', 'Provides the service.')],
      payers: ['Medicare', 'UnitedHealthcare', 'Highmark'],
      unknown: [],
    });
    expect(narrative).toEqual({
      code: '97110',
      summary:
        'Therapeutic exercises to develop strength, endurance, range of motion, and flexibility, billed ' +
        'per 15 minutes.\n\nKey payers covered in this analysis include:',
      billingOverview: 'Timed code: report units under the 8-minute rule.',
      clinicalVignette: 'A 72-year-old woman is recovering from a total hip replacement.',
      workflows: phases(
        'Review of the plan of care\nVital signs',
        'Supervised strengthening and range-of-motion exercises',
        'Home exercise program update',
      ),
      unknown: [],
    });
    expect(warnings).toEqual([]);
  });

  it(
    'tables without edge pipes under `:---` alignment rows, italic phase keys in a list, a heading the template ' +
      'lacks naming its subject (`Related HCPCS/CPT Codes`), `the following payers:`, N/A cells',
    async () => {
      const { record, narrative, warnings, unknowns } = await provisioned('hcpcs-g0283-pipeless.txt', 'G0283');
      expect(record).toMatchObject({
        code: 'G0283',
        codeSystem: 'HCPCS',
        title: 'Electrical Stimulation (Unattended), Other Than Wound Care',
        descriptor: null,
        serviceType: 'Therapeutic — physical medicine modality',
        sitesOfService: ['Outpatient clinic', 'physical therapy office', 'skilled nursing facility'],
        modifiers: [
          modifier(
            'GP',
            'Services delivered under an outpatient physical therapy plan of care',
            'Required on all therapy claims from PT providers.',
          ),
          modifier(
            'KX',
            'Requirements specified in the medical policy have been met',
            'When therapy services exceed the annual threshold and are medically necessary.',
          ),
          modifier('59', 'Distinct procedural service', null),
        ],
        relatedCodes: [
          related('97014', 'Electrical stimulation (unattended)', 'CPT equivalent billed to non-Medicare payers.'),
          related(
            '97032',
            'Electrical stimulation (manual), each 15 minutes',
            'Attended alternative; not billed together for the same area.',
          ),
        ],
        diagnoses: [
          diagnosis('M54.50', 'Low back pain, unspecified', 'Most common indication.'),
          diagnosis('M54.16', 'Radiculopathy, lumbar region', 'Radicular pain with nerve involvement.'),
        ],
        taxonomies: [
          taxonomy('225100000X', 'Physical Therapist', 'Primary billing provider type.'),
          entry({ code: '111N00000X', specialty: 'Chiropractor', notes: null }, ['notes']),
        ],
        payers: ['Medicare', 'Humana Inc.', 'Kaiser Permanente', 'Blue Cross Blue Shield (BCBS)'],
        unknown: ['descriptor'],
      });
      expect(narrative).toMatchObject({
        workflows: phases(
          'Review the plan of care and confirm that electrical stimulation is ordered.',
          'Apply electrodes, set parameters, and monitor skin response.',
          'Inspect the skin and document parameters, duration, and response.',
        ),
        unknown: [],
      });
      expect(warnings).toEqual([
        '32: placeholder: modifiers[59].whenToUse: "N/A" is a placeholder, not a value; stored as unknown',
        '39: placeholder: taxonomies[111N00000X].notes: "N/A" is a placeholder, not a value; stored as unknown',
      ]);
      expect(unknowns).toEqual([
        'descriptor: not stated (line null)',
        'modifiers[59].whenToUse: placeholder (line 32)',
        'taxonomies[111N00000X].notes: placeholder (line 39)',
      ]);
    },
  );

  it('setext headings, and the list fields written as list items (`25 — Description: when to use`), not tables', async () => {
    const { record, narrative, warnings, unknowns } = await provisioned('cpt-99214-setext-entry-lists.txt', '99214');
    expect(record).toMatchObject({
      title: 'Office or Other Outpatient Visit, Established Patient, Moderate MDM',
      serviceType: 'Evaluation and management',
      sitesOfService: ['Physician office (POS 11)'],
      modifiers: [
        modifier('25', 'Significant, separately identifiable E/M service', 'when a procedure is performed on the same day.'),
        modifier('95', 'Synchronous telemedicine service', 'when the visit is conducted by real-time audio-video.'),
        modifier('GT', 'Via interactive audio and video telecommunication systems', null),
      ],
      relatedCodes: [
        related('99213', 'Office visit, established patient, low MDM', 'lower level when MDM is low.'),
        related('99215', 'Office visit, established patient, high MDM', 'higher level when MDM is high.'),
        related('G2211', 'Visit complexity inherent to E/M', 'add-on for longitudinal care.'),
      ],
      diagnoses: [
        diagnosis('E11.42', 'Type 2 diabetes mellitus with diabetic polyneuropathy', 'new complaint of foot numbness.'),
        diagnosis('I10', 'Essential (primary) hypertension', 'chronic condition managed at the visit.'),
      ],
      taxonomies: [
        taxonomy('207Q00000X', 'Family Medicine', 'primary care billing.'),
        taxonomy('207R00000X', 'Internal Medicine', 'primary care billing.'),
      ],
      payers: ['Medicare', 'Medicaid', 'Aetna', 'Cigna'],
      unknown: ['descriptor'],
    });
    expect(narrative).toMatchObject({
      workflows: phases(
        'Review interval labs and prior notes.',
        'History, focused exam, medication adjustment, and monofilament testing.',
        'Order referrals and document MDM elements.',
      ),
      unknown: [],
    });
    expect(warnings).toEqual([]);
    expect(unknowns).toEqual(['descriptor: not stated (line null)', 'modifiers[GT].whenToUse: sentinel (line 36)']);
  });

  it('bold outline-numbered headings, `<br>` in a cell and a one-line list, an entity, phrases that say a value is missing', async () => {
    const { record, narrative, warnings } = await provisioned('cpt-11721-outline-html.txt', '11721');
    expect(record).toMatchObject({
      title: 'Debridement of nail(s) by any method(s); 6 or more',
      serviceType: null,
      sitesOfService: ['Podiatry office', 'Nursing facility'],
      modifiers: [
        modifier('Q7', 'One class A finding', 'Medicare routine foot care with one class A finding.\nDocument the finding.'),
        modifier('Q8', 'Two class B findings', 'Medicare routine foot care with two class B findings.'),
        modifier('Q9', 'One class B and two class C findings', null),
      ],
      taxonomies: [taxonomy('213E00000X', 'Podiatrist', 'Usual provider.')],
      payers: ['Medicare Part B', 'Aetna & Cigna', 'Blue Shield of California'],
      unknown: ['descriptor', 'serviceType'],
    });
    expect(narrative).toMatchObject({
      workflows: phases(null, 'Mechanical reduction of nail thickness and length with nippers and a burr.', null),
      unknown: ['preoperativeWorkflow', 'postoperativeWorkflow'],
    });
    expect(warnings).toEqual([
      '9: placeholder: serviceType: "Not specified in source." is a placeholder, not a value; stored as unknown',
      '15: placeholder: preoperativeWorkflow: "Information not provided." is a placeholder, not a value; stored as unknown',
      '24: placeholder: modifiers[Q9].whenToUse: "—" is a placeholder, not a value; stored as unknown',
    ]);
  });

  it(
    'the code and title as keys (`Code: CPT 29881`, `Title: …`), the summary with no heading, a list under `Key Payers:`, ' +
      'qualified keys, workflow phases in a table, code columns second',
    async () => {
      const { record, narrative, warnings } = await provisioned('cpt-29881-title-keys-phase-table.txt', '29881');
      expect(record).toMatchObject({
        title: 'Arthroscopy, knee, surgical; with meniscectomy (medial OR lateral, including any meniscal shaving)',
        serviceType: 'Surgical (arthroscopic)',
        sitesOfService: ['Ambulatory surgery center', 'hospital outpatient'],
        modifiers: [
          modifier('RT', 'Right side', 'Right knee.'),
          modifier('LT', 'Left side', 'Left knee.'),
          modifier('59', 'Distinct procedural service', 'Separate compartment procedure not otherwise bundled.'),
        ],
        diagnoses: [
          diagnosis('S83.241A', 'Tear of medial meniscus, current injury, right knee', 'Acute tear.'),
          diagnosis('M23.221', 'Derangement of posterior horn of medial meniscus, right knee', 'Degenerative tear.'),
        ],
        taxonomies: [taxonomy('207XX0800X', 'Orthopaedic Surgery, Sports Medicine', 'Most common.')],
        payers: ['Medicare', 'Humana', 'Blue Cross Blue Shield Association'],
        unknown: ['descriptor'],
      });
      expect(record?.relatedCodes.map((r) => r.code)).toEqual(['29880', '29877', 'G0289']);
      expect(narrative).toMatchObject({
        summary:
          'Knee arthroscopy with partial meniscectomy is among the most common orthopedic procedures in the United States. ' +
          'Major payers such as Medicare and Humana review it for medical necessity.',
        workflows: phases(
          'Weight-bearing radiographs, MRI review, consent.',
          'Diagnostic arthroscopy, partial medial meniscectomy with shaver and biters.',
          'Early range of motion, weight-bearing as tolerated, physical therapy referral.',
        ),
        unknown: [],
      });
      expect(warnings).toEqual([]);
    },
  );

  it('a heading title with the summary under it and no Summary heading; `Not applicable.` workflows', async () => {
    const { record, narrative, warnings } = await provisioned('hcpcs-e0601-no-summary-heading.txt', 'E0601');
    expect(record).toMatchObject({
      codeSystem: 'HCPCS',
      title: 'Continuous Positive Airway Pressure (CPAP) Device',
      serviceType: 'Durable medical equipment (DME)',
      sitesOfService: ['Patient home'],
      payers: [],
      unknown: ['descriptor', 'payers'],
    });
    expect(narrative).toMatchObject({
      summary:
        'CPAP devices deliver continuous positive airway pressure through a mask to keep the upper airway open during sleep in ' +
        'patients with obstructive sleep apnea.',
      workflows: [],
      unknown: ['preoperativeWorkflow', 'intraoperativeWorkflow', 'postoperativeWorkflow'],
    });
    expect(warnings).toEqual([
      '18: placeholder: preoperativeWorkflow: "Not applicable." is a placeholder, not a value; stored as unknown',
      '19: placeholder: intraoperativeWorkflow: "Not applicable." is a placeholder, not a value; stored as unknown',
    ]);
  });

  it('blockquotes, a `| Field | Value |` table, two modifiers in one cell, numbered phase keys, `None.` under a list heading', async () => {
    const { record, narrative, warnings } = await provisioned('cpt-64721-blockquote-none.txt', '64721');
    expect(record).toMatchObject({
      title: 'Neuroplasty and/or Transposition; Median Nerve at Carpal Tunnel',
      serviceType: 'Surgical',
      sitesOfService: ['Ambulatory surgery center'],
      modifiers: [
        modifier('RT', 'Right / left side', 'Laterality.'),
        modifier('LT', 'Right / left side', 'Laterality.'),
        modifier('F5', 'Right hand, thumb', null),
      ],
      taxonomies: [],
      payers: ['Medicare', 'Aetna', 'Cigna'],
      unknown: ['descriptor'],
    });
    expect(record?.relatedCodes.map((r) => r.code)).toEqual(['29848', '64727']);
    expect(narrative).toMatchObject({
      summary:
        'CPT 64721 describes open carpal tunnel release, decompressing the median nerve at the wrist by dividing the transverse ' +
        'carpal ligament.\nKey payers covered in this analysis include Medicare, Aetna, and Cigna.',
      billingOverview: 'Note: Endoscopic release is reported with 29848, not 64721.',
      workflows: phases(
        'nerve conduction review, consent, regional anesthesia plan.',
        'longitudinal palmar incision, division of the transverse carpal ligament.',
        'soft dressing, early finger motion, suture removal at 10–14 days.',
      ),
      unknown: [],
    });
    expect(warnings).toEqual([
      '36: code-list: the cell "RT / LT" names 2 codes; stored as one row each, sharing the row\'s other cells: ' +
        '"| `RT` / `LT` | Right / left side | Laterality. |"',
    ]);
  });
});

describe('files that are not one document', () => {
  const attempt = async (file: string) => {
    const seeds = join(tempDir(), 'seeds');
    mkdirSync(seeds);
    copyFileSync(join(ROOT, 'test/fixtures/foreign-invalid', file), join(seeds, file));
    try {
      await provision(seeds, join(seeds, '..', 'reference.db'));
      return [];
    } catch (e) {
      if (!(e instanceof BuildError)) throw e;
      return e.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d).replace(`${seeds}/`, ''));
    }
  };

  it('two documents in one file: an error naming the second title line', async () => {
    expect(await attempt('two-documents.txt')).toEqual([
      'two-documents.txt:12: error: a second document starts here, for 99204 (the first is 99203, ' +
        'line 2); one document per file: "CPT 99204: Office or Other Outpatient Visit, New Patient, ' +
        'Moderate MDM"',
    ]);
  });

  it('no title line: the error quotes the line that came closest', async () => {
    expect(await attempt('no-title.txt')).toEqual([
      'no-title.txt:2: error: no title line: expected `CPT <code>: <title>` or `HCPCS <code>: <title>`; ' +
        'the closest is line 2: "Code 20956: Vascularized iliac crest bone graft with microvascular ' +
        'anastomosis"',
    ]);
  });
});

it('tests every foreign fixture', () => {
  const tested = readFileSync(import.meta.filename, 'utf8');
  const fixtures = readdirSync(FOREIGN);
  expect(fixtures.length).toBeGreaterThanOrEqual(12);
  for (const file of fixtures) expect(tested, file).toContain(`'${file}'`);
});
