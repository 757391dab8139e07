/**
 * The title line: `CPT 20956: Title`, and the ways generators write it — `CPT® Code: 20956 – Title`,
 * `HCPCS Level II J1234: Title`, as a Markdown heading, in bold (`**CPT 20956:** Title`), with the
 * add-on mark (`CPT +69990: Title`, `CPT 69990 (add-on code): Title`), after a pipe (`**CPT® 27130 |
 * Title**`) or in parentheses (`HCPCS L3908 (Title)`).
 */
import { unmarkedHeading } from './headings.js';
import { plainText } from './inline.js';
import type { Located } from './lines.js';

export interface TitleLine {
  readonly line: number;
  readonly system: string;
  readonly code: string;
  /** Absent when the line names the code but gives no title. */
  readonly title: string | undefined;
  /** The code is written with the CPT add-on mark, `+69990`. */
  readonly markedAddOn: boolean;
}

const TITLE_LINE = new RegExp(
  String.raw`^(CPT|HCPCS)(?:\s*[®©])?(?:\s+Level\s+(?:II|2))?(?:\s+(?:drug|procedure|service|supply|billing))?(?:\s+codes?)?` +
    String.raw`\s*[:#]?\s*(\+)?\s*([0-9A-Za-z]{4,6})` +
    String.raw`(\s*\(add-?on(?: code)?\))?\s*(?:[:|\u2013\u2014-]\s*(.*)|\((.+)\))?$`,
  'i',
);

/**
 * The plain text of a line that may be a title: Markdown heading marks, emphasis, leading symbols
 * (`👁️ CPT 92014 – …`) and wrapping parentheses (`(CPT 76700)`) off; a report's label before a
 * dash (`Billing Code Overview Report — CPT 58558`) too.
 */
const titleText = (line: string): string => {
  const plain = plainText(unmarkedHeading(line)).replace(/^[^\p{L}\p{N}(+]+/u, '');
  const unwrapped = plain.startsWith('(') && plain.endsWith(')') ? plain.slice(1, -1).trim() : plain;
  return unwrapped.replace(/^[^:]{1,60}?\s[\u2013\u2014-]\s(?=(?:CPT|HCPCS)\b)/i, '');
};

/** `Code: CPT 29881`, `Procedure code: HCPCS E0601`: the code as a field, its title given by a `Title:` key after it. */
const CODE_KEY = /^(?:(?:billing|procedure|service)\s+)?code\s*:\s*(?=CPT|HCPCS)/i;

export function parseTitleLine(line: string, lineNumber: number): TitleLine | undefined {
  if (!/^[^\p{L}\p{N}]*(?:CPT|HCPCS|(?:\w+\s+)?code\b)|(?:CPT|HCPCS)\s*[®©]?\s+\+?[0-9A-Za-z]{4,6}\)?\s*$/iu.test(line)) return undefined;
  const match = TITLE_LINE.exec(titleText(line).replace(CODE_KEY, ''));
  if (!match) return undefined;
  // The title after a separator (`:`, a dash, `|`), or in parentheses after the code (`HCPCS L3908 (Wrist hand orthosis…)`).
  const [, system = '', mark, code = '', addOnWords, afterSeparator, inParentheses] = match;
  const title = afterSeparator ?? inParentheses ?? '';
  const markedAddOn = mark !== undefined || addOnWords !== undefined;
  return { line: lineNumber, system: system.toUpperCase(), code, title: title.trim() || undefined, markedAddOn };
}

/** The keys that give the title when the title line names only the code: `Title:`, `Code title:`, `Name:`. */
export const isTitleKey = (key: string): boolean => /^(?:(?:code|procedure|service|official)\s+)?(?:title|name)$/i.test(key.trim());

/** True when a title line is written as a Markdown heading: it starts a document of its own. */
export const isHeadingTitle = (line: string): boolean => /^#{1,6}\s/.test(line);

const NAMES_A_CODE = /(?:^|[\s(+])(?:\d{5}|\d{4}[FTU]|[A-Z]\d{4})(?=$|[\s:),.;–—-])/;

/**
 * When a document has no title line, the line that came closest: the first that starts with CPT
 * or HCPCS, else the first that names a code.
 */
export function closestToTitle(lines: readonly { number: number; text: string }[]): Located | undefined {
  const startsWithSystem = lines.find((l) => /^(?:CPT|HCPCS)\b/i.test(titleText(l.text)));
  const found = startsWithSystem ?? lines.find((l) => NAMES_A_CODE.test(titleText(l.text)));
  return found && { line: found.number, value: found.text };
}
