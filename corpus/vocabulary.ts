/**
 * The words the corpus generator writes with. Every text made from these is one the template can
 * carry: sentences end with a period, and none has a colon, a line that reads as a heading, a
 * payer or workflow sentence, or the sentinel. Only descriptors may hold a pipe (a table cell).
 */
import type { Random } from './random.js';

/** Modifiers and their catalog descriptions: two digits, two letters, or a digit and a letter. */
export const MODIFIERS: readonly (readonly [code: string, description: string])[] = [
  ['22', 'Increased procedural services'],
  ['24', 'Unrelated evaluation and management service during a postoperative period'],
  ['25', 'Significant, separately identifiable evaluation and management service'],
  ['26', 'Professional component'],
  ['32', 'Mandated services'],
  ['47', 'Anesthesia by surgeon'],
  ['50', 'Bilateral procedure'],
  ['51', 'Multiple procedures'],
  ['52', 'Reduced services'],
  ['53', 'Discontinued procedure'],
  ['54', 'Surgical care only'],
  ['55', 'Postoperative management only'],
  ['56', 'Preoperative management only'],
  ['57', 'Decision for surgery'],
  ['58', 'Staged or related procedure by the same physician during the postoperative period'],
  ['59', 'Distinct procedural service'],
  ['62', 'Two surgeons'],
  ['63', 'Procedure performed on infants less than 4 kg'],
  ['66', 'Surgical team'],
  ['76', 'Repeat procedure by the same physician'],
  ['77', 'Repeat procedure by another physician'],
  ['78', 'Unplanned return to the operating room for a related procedure during the postoperative period'],
  ['79', 'Unrelated procedure by the same physician during the postoperative period'],
  ['80', 'Assistant surgeon'],
  ['81', 'Minimum assistant surgeon'],
  ['82', 'Assistant surgeon when a qualified resident surgeon is not available'],
  ['90', 'Reference (outside) laboratory'],
  ['91', 'Repeat clinical diagnostic laboratory test'],
  ['95', 'Synchronous telemedicine service'],
  ['AS', 'Assistant at surgery by a physician assistant or nurse practitioner'],
  ['LT', 'Left side'],
  ['RT', 'Right side'],
  ['TC', 'Technical component'],
  ['XE', 'Separate encounter'],
  ['XP', 'Separate practitioner'],
  ['XS', 'Separate structure'],
  ['XU', 'Unusual non-overlapping service'],
  ['GA', 'Waiver of liability statement issued as required by payer policy'],
  ['GY', 'Item or service statutorily excluded'],
  ['GZ', 'Item or service expected to be denied as not reasonable and necessary'],
  ['QW', 'CLIA-waived test'],
  ['1P', 'Performance measure exclusion due to medical reasons'],
  ['2P', 'Performance measure exclusion due to patient reasons'],
  ['3P', 'Performance measure exclusion due to system reasons'],
  ['8P', 'Performance measure reporting modifier, action not performed'],
  ['E1', 'Upper left eyelid'],
  ['F5', 'Right hand, thumb'],
  ['T5', 'Right foot, great toe'],
];

/**
 * Payer names: no "and" or "or", no commas or periods except in a company suffix (`Co.`,
 * `, Inc.`) or an abbreviation before a name (`U.S.`), so the payer sentence splits back into them.
 */
export const PAYERS = [
  'Aetna',
  'Blue Cross Blue Shield',
  'Cigna Health',
  'UnitedHealthcare',
  'Medicare',
  'Medicaid',
  'Humana',
  'Kaiser Permanente',
  'Anthem',
  'Centene',
  'Molina Healthcare',
  'Highmark',
  'Tricare',
  'Oscar Health',
  'Acme Health Co.',
  'Summit Care, Inc.',
  'Northwind Health Plans, L.L.C.',
  'U.S. Family Health Plan',
] as const;

/** Sites of service: no commas, semicolons or " or " outside parentheses, so the site line splits back into them. */
export const SITES = [
  'Hospital operating room',
  'ambulatory surgery center',
  'Hospital outpatient department',
  'physician office',
  'Inpatient hospital',
  'independent laboratory',
  'emergency department',
  'skilled nursing facility',
  'Patient home',
  'telehealth',
  'Office (POS 11, or 22 when hospital-based)',
  'Ambulatory surgery center (e.g., freestanding or hospital-owned)',
] as const;

export const SERVICE_TYPES = [
  'Surgical — microvascular reconstructive bone grafting',
  'Surgical',
  'Diagnostic laboratory',
  'Diagnostic imaging',
  'Evaluation and management',
  'Preventive screening',
  'Therapeutic injection',
  'Durable medical equipment',
  'Quality measure reporting',
  'Emerging technology — tracking code',
] as const;

export const UNKNOWN_HEADINGS = [
  'Payment Policy Notes',
  'Coverage and Limitations',
  'Documentation Requirements',
  'Prior Authorization',
  'Frequency Limits',
  'Reimbursement Benchmarks',
] as const;

const ANATOMY = [
  'knee',
  'hip',
  'shoulder',
  'spine',
  'pelvis',
  'femur',
  'tibia',
  'wrist',
  'colon',
  'liver',
  'heart',
  'lung',
  'skin',
  'eye',
  'thyroid',
  'kidney',
];
const PROCEDURES = [
  'Arthroscopy',
  'Repair',
  'Excision',
  'Biopsy',
  'Reconstruction',
  'Fixation',
  'Graft',
  'Injection',
  'Imaging',
  'Assay',
  'Screening',
  'Ablation',
  'Transplant',
  'Drainage',
];
const QUALIFIERS = [
  'with microvascular anastomosis',
  'without fluoroscopic guidance',
  'including imaging guidance',
  'each additional lesion',
  'open approach',
  'percutaneous approach',
  'unilateral',
  'bilateral',
  'first 30 minutes',
  'with interpretation and report',
  'medial | lateral compartment',
];
const CONDITIONS = [
  'osteoarthritis',
  'fracture',
  'nonunion',
  'malignant neoplasm',
  'infection',
  'stenosis',
  'deformity',
  'chronic pain',
  'diabetes mellitus',
  'hypertension',
];
const SIDES = ['right side', 'left side', 'bilateral', 'unspecified side', 'initial encounter', 'subsequent encounter'];
const SPECIALTIES = [
  'Orthopaedic Surgery',
  'Plastic and Reconstructive Surgery',
  'Hand Surgery',
  'Vascular Surgery',
  'Family Medicine',
  'Internal Medicine',
  'Diagnostic Radiology',
  'Clinical Pathology',
  'Gastroenterology',
  'Cardiology',
  'Nurse Practitioner',
  'Physician Assistant',
];

const PATIENTS = ['A 48-year-old man', 'A 67-year-old woman', 'A 12-year-old child', 'An 81-year-old man', 'A 35-year-old woman'];
const PRESENTATIONS = [
  'presents after a high-energy injury with persistent pain',
  'presents with progressive symptoms despite conservative care',
  'is referred for evaluation of an abnormal screening result',
  'returns for follow-up of a previously treated condition',
];
const FINDINGS = [
  'Imaging demonstrates a defect with compromised local blood supply.',
  'Laboratory results support the working diagnosis.',
  'The care team documents medical necessity and the planned approach.',
  'Prior treatment has not produced lasting improvement.',
];
const SUMMARY_SENTENCES = [
  'Readers will find a concise overview of clinical context, expected sites of service, and the service type tied to this code.',
  'The publication summarizes common billing considerations and typical utilization patterns.',
  'It also highlights benchmarks and policy updates where available and notes where input data was not provided.',
  'The goal is to give clinicians, coding professionals, and policy analysts a clear national reference.',
  'Nationally, the code is relevant for complex care that requires specialized expertise.',
];
const BILLING_SENTENCES = [
  'Documentation should support medical necessity and the approach used.',
  'The code is reported once per session unless payer policy states otherwise.',
  'Separately reportable services require distinct documentation.',
  'Bundling edits apply when related services are performed on the same date.',
];
const STEPS = [
  'history and physical',
  'informed consent',
  'review of prior imaging',
  'coordination with anesthesia',
  'preparation of the site',
  'the procedure as planned',
  'specimen handling',
  'monitoring for complications',
  'pain control',
  'follow-up in the clinic',
  'patient education',
];
const GUIDANCE = [
  'When two surgeons of different specialties each perform distinct portions of the procedure.',
  'When the procedure is performed on both sides during the same session.',
  'When the service is reduced at the physician’s discretion.',
  'When the procedure is started but stopped for patient safety.',
  'When the service is distinct from other services reported that day.',
  'When payer policy requires it for the reported service.',
];
const RELATIONSHIPS = [
  'Performed when additional coverage of the site is required.',
  'Alternative when a less extensive approach is chosen.',
  'Billed adjunctively when separately reportable.',
  'Often reported together during the same encounter.',
  'Used for related procedures when no specific code exists.',
];
const RELEVANCE = [
  'Primary indication for the procedure.',
  'Supports medical necessity.',
  'Common comorbidity affecting the approach.',
  'Secondary indication.',
];
const NOTES = ['Typically performs the procedure.', 'May assist or co-manage.', 'Interprets the results.', 'Orders the service.'];
const UNKNOWN_CONTENT = [
  'Prior authorization is required by some payers.',
  'Appeals are decided within 30 days.',
  'Policies differ by region and plan.',
];

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The catalog descriptor of a billing code. */
export const descriptorText = (random: Random): string => `${random.pick(PROCEDURES)}, ${random.pick(ANATOMY)}; ${random.pick(QUALIFIERS)}`;

/** A title for a document: title-cased words, no pipe. */
export const titleText = (random: Random): string =>
  `${random.pick(PROCEDURES)} of the ${capitalized(random.pick(ANATOMY))} ${capitalized(random.pick(QUALIFIERS).replace(' | ', ' or '))}`;

export const diagnosisText = (random: Random): string =>
  `${capitalized(random.pick(CONDITIONS))} of the ${random.pick(ANATOMY)}, ${random.pick(SIDES)}`;
export const specialtyText = (random: Random): string => random.pick(SPECIALTIES);
/** A different text for a catalog fact, for a deliberate conflict between documents. */
export const conflictingText = (text: string): string => `${text} (as restated)`;

export const guidanceText = (random: Random): string => random.pick(GUIDANCE);
export const relationshipText = (random: Random): string => random.pick(RELATIONSHIPS);
export const relevanceText = (random: Random): string => random.pick(RELEVANCE);
export const notesText = (random: Random): string => random.pick(NOTES);
export const unknownContent = (random: Random): string => random.pick(UNKNOWN_CONTENT);

/** `count` sentences of one kind of prose, some written on lines of their own. */
const sentences = (random: Random, pool: readonly string[], count: number): string =>
  random
    .sample(pool, count)
    .map((sentence, i) => (i === 0 ? sentence : `${random.chance(0.3) ? '\n' : ' '}${sentence}`))
    .join('');

export const summaryParagraph = (random: Random, code: string): string =>
  `${random.chance(0.5) ? `Code ${code} is described in this overview.` : 'This overview describes the code in national context.'} ` +
  `${sentences(random, SUMMARY_SENTENCES, random.int(1, 3))}`;
export const billingParagraph = (random: Random): string => sentences(random, BILLING_SENTENCES, random.int(1, 3));
export const vignetteParagraph = (random: Random): string =>
  `${random.pick(PATIENTS)} ${random.pick(PRESENTATIONS)}. ${sentences(random, FINDINGS, random.int(1, 2))}`;
export const workflowText = (random: Random): string => `${random.sample(STEPS, random.int(1, 4)).join(', ')}.`;
