/**
 * Stage 2, parse: the template's structure, from text. A block reader of its own (the template is
 * not strict Markdown: plain-line headings, tables one after another, tables without edge pipes)
 * with inline Markdown read by markdown-it. Headings make sections; the title line, `Key: value`
 * lines (or a key followed by list items), pipe tables, the payer sentence and the workflow
 * sentences are found and kept as plain text with their line numbers. Every non-blank line is
 * accounted for: structure, a value, or quoted by a finding. Nothing here judges a value (the
 * sentinel, a placeholder, a code's format): that is validate's job.
 *
 * Pure: text in, a ParsedDocument and findings out.
 */
import {
  entryFields,
  NAMES_FIELDS,
  RECORD_FIELDS,
  WORKFLOW_PHASES,
  type KeyTextField,
  type ListField,
  type NamesField,
  type WorkflowPhase,
} from '../../domain/fields.js';
import { isNone, isPlaceholder, isSentinel } from '../../domain/unknowns.js';
import { error, quote, warning, type Finding } from '../diagnostics.js';
import {
  HEADING_MAX_LENGTH,
  headingText,
  keyTarget,
  knownHeading,
  looksLikeHeading,
  middlePhase,
  parseKeyValue,
  phaseKey,
  PROSE_SECTIONS,
  type KeyTarget,
  type SectionName,
} from './headings.js';
import { plainText } from './inline.js';
import { joinTexts, readLines, type Line, type LineAccount, type LineUse, type Located } from './lines.js';
import { findPayerList, listItem, splitList, splitWorkflows } from './lists.js';
import { columnsInOrder, entriesOf } from './entries.js';
import { isAlignmentRow, isTableLine, readTable, type Table } from './tables.js';
import { closestToTitle, isHeadingTitle, isTitleKey, parseTitleLine, type TitleLine } from './title.js';

export interface Section {
  readonly line: number;
  /** Plain text; the lines of one paragraph joined by line breaks. */
  readonly paragraphs: readonly Located[];
}

/** A line of text that can be a title: not a sentence (`Screening overview.` under a code-only title line is the summary). */
const couldBeTitle = (text: string): boolean => !/[.!?]$/.test(text);

/** A title line's text without the code it may open with (`J3301 | Injection…`, `27130 – Arthroplasty…`). */
const withoutCode = (text: string): string => text.replace(/^\+?[0-9A-Za-z]{4,6}\s*[|:\u2013\u2014-]\s*/, '');

/** The list field a section heading names: its section's only list, or the coding section's list its words name. */
function listNamed(section: SectionName, words: string): ListField | undefined {
  if (section === 'diagnoses' || section === 'relatedCodes') return section;
  if (section !== 'coding') return undefined;
  if (/\bmodifiers?\b/.test(words)) return 'modifiers';
  return /\btaxonom|\bnucc\b/.test(words) ? 'taxonomies' : undefined;
}

/** A names field the document gives (sites of service, payers): as written, and item by item. */
export interface NamesStatement {
  readonly line: number;
  /** The whole value as written, for one that says the list is unknown or empty. */
  readonly text: string;
  readonly items: readonly Located[];
}

export interface ParsedDocument {
  readonly title: TitleLine | undefined;
  /** Without a title line: the line that came closest to one. */
  readonly closestToTitle: Located | undefined;
  readonly sections: Partial<Record<SectionName, Section>>;
  /** The text fields written as `Key: value`. */
  readonly texts: Partial<Record<KeyTextField, Located>>;
  /** The names fields; the payers are the payer sentence's list, else a payers field. */
  readonly names: Partial<Record<NamesField, NamesStatement>>;
  /** What each workflow sentence, line or list says its phase includes. */
  readonly workflows: Partial<Record<WorkflowPhase, Located>>;
  readonly tables: readonly Table[];
  /** What became of each non-blank line, in line order. */
  readonly accounts: readonly LineAccount[];
}

export interface ParseResult {
  readonly document: ParsedDocument;
  readonly findings: Finding[];
}

interface Paragraph {
  readonly line: number;
  readonly lines: Located[];
}

const joined = (paragraph: Paragraph): string => joinTexts(paragraph.lines, (l) => l.value, '\n');

/** The line of a position inside a paragraph. */
function lineAt(paragraph: Paragraph, index: number): number {
  let offset = 0;
  for (const line of paragraph.lines) {
    offset += line.value.length + 1;
    if (index < offset) return line.line;
  }
  return paragraph.lines[paragraph.lines.length - 1]?.line ?? paragraph.line;
}

/** A key (`Typical sites of service:`, a `Payers` heading) whose value is on the lines that follow. */
interface OpenKey {
  readonly target: KeyTarget;
  readonly key: string;
  readonly line: number;
  /** Its value as list items, one per item line... */
  readonly items: Located[];
  /** ...or as the plain lines after the key. */
  readonly lines: Located[];
  /** A blank line came after some of its value: a plain line now starts a paragraph. */
  afterBlank: boolean;
  /** For a key that is itself a list item, its indentation: its items are the ones indented more. */
  readonly indent: number;
}

/** How far a line is indented (a tab counts as four spaces). */
const indentOf = (raw: string): number => (/^\s*/.exec(raw)?.[0] ?? '').replace(/\t/g, '    ').length;

const RULE_LINE = /^(?:[-*_=]\s*){3,}$/;
/** A Markdown (HTML) comment on a line of its own: not shown, not part of the document's text. */
const HTML_COMMENT = /^<!--.*-->$/;
/** Ends like a sentence, or has a colon before its end. */
const SENTENCE_OR_FIELD = /[.!?]$|:./;

const isNamesField = (target: KeyTarget): target is NamesField => (NAMES_FIELDS as readonly string[]).includes(target);
const isPhase = (target: KeyTarget): target is WorkflowPhase => (WORKFLOW_PHASES as readonly string[]).includes(target);

/** Where a paragraph ending in a colon says the list items after it go: `Key payers … include:`, `… sites of service include:`. */
function introducedTarget(text: string): KeyTarget | undefined {
  if (!text.endsWith(':')) return undefined;
  if (findPayerList(text)?.list === '') return 'payers';
  const last = text.split(/(?<=[.!?])\s+/).pop() ?? '';
  const phase = splitWorkflows(last).phases.find((p) => p.text === '')?.phase;
  if (phase !== undefined) return phase;
  return /\b(?:sites?|places?|settings?) of service\b/i.test(last) ? 'sitesOfService' : undefined;
}

export function parseDocument(source: string): ParseResult {
  const findings: Finding[] = [];
  const lines = readLines(source, findings);
  // By line number: a later account of a line (a value found to be a second document's title) replaces the first.
  const accounts: (LineAccount | undefined)[] = new Array(lines.length + 1);
  const account = (line: number, use: LineUse, what: string): void => {
    accounts[line] = { line, use, what };
  };

  const sections: Partial<Record<SectionName, Section>> = {};
  const sectionParagraphs = new Map<SectionName, Paragraph[]>();
  const tables: Table[] = [];
  const workflows: Partial<Record<WorkflowPhase, Located>> = {};
  const names: Partial<Record<NamesField, NamesStatement>> = {};
  const texts: Partial<Record<KeyTextField, Located>> = {};
  /** Phases whose list items follow a sentence that introduces them: that sentence gives no value of its own. */
  const introducedPhases = new Set<WorkflowPhase>();
  let title: TitleLine | undefined;
  /** What the last workflow phase key was a phase of (`visit` for `Pre-visit`): the middle phase may be written as that alone. */
  let phaseStem: string | undefined;
  const withMiddlePhase = <T extends { key: string; target: KeyTarget | undefined }>(keyValue: T | undefined): T | undefined => {
    if (keyValue === undefined) return undefined;
    const words = headingText(keyValue.key);
    const middle = keyValue.target === undefined ? middlePhase(keyValue.key, phaseStem) : undefined;
    phaseStem = phaseKey(words)?.stem ?? phaseStem;
    return middle === undefined ? keyValue : { ...keyValue, target: middle };
  };
  /** Each section heading, and the list field it names, if one (`Provider Taxonomies`, `Related Diagnoses`). */
  const headings: { line: number; list: ListField | undefined }[] = [];
  /** Text before the first heading: the summary, when it follows the title and no heading opens one. */
  const preamble: Paragraph[] = [];
  /** Lines that name another code like a title: a second document if the template starts over after one. */
  const otherTitles: { line: Line; code: string; sectionsBefore: Set<SectionName> }[] = [];

  let current: { name: SectionName | undefined; line: number; paragraphs: Paragraph[] } = { name: undefined, line: 1, paragraphs: [] };
  let unknownHeading: { line: number; heading: string; content: Paragraph[] } | undefined;
  let paragraph: Paragraph | undefined;
  /** The paragraph that ended last, while only blank lines came after it. */
  let lastParagraph: Paragraph | undefined;
  let open: OpenKey | undefined;

  const endParagraph = (): void => {
    if (!paragraph) return;
    if (unknownHeading) unknownHeading.content.push(paragraph);
    else current.paragraphs.push(paragraph);
    paragraph = undefined;
  };
  const addParagraphLine = (line: number, text: string): void => {
    if (paragraph) paragraph.lines.push({ line, value: text });
    else paragraph = { line, lines: [{ line, value: text }] };
  };

  /** A list's items: one per list item, or split from its text, each on the line it starts on. */
  const namesStatement = (target: NamesField, value: Paragraph, items: readonly Located[]): NamesStatement => {
    if (items.length > 0) return { line: items[0]!.line, text: joinTexts(items, (i) => i.value, '\n'), items };
    const text = joined(value);
    // Under a payers key, the payer sentence (`Key payers covered … include A, B and C.`) is the list.
    const sentence = target === 'payers' ? findPayerList(text) : undefined;
    const from = sentence !== undefined && sentence.list !== '' ? sentence.index : 0;
    const list = from > 0 ? sentence!.list : text;
    // A line break inside one line's value (`<br>`) separates items; between lines it is a wrap.
    const broken = value.lines.length === 1 && list.includes('\n');
    const split = splitList(broken ? list.replace(/\n/g, ';') : list, target === 'payers' ? 'payers' : 'sites');
    reportFillers(split.fillers, target, value.line, findings);
    return { line: value.line, text, items: split.items.map((item) => ({ line: lineAt(value, from + item.offset), value: item.text })) };
  };

  /**
   * Stores a field's value — on the key's line, on the lines after it, or as the list items after
   * it — keeping the line each part is on; a field given twice keeps the first and reports the
   * other. Accounts for the key's line and the value's.
   */
  const setField = (target: KeyTarget, key: string, keyLine: number, value: readonly Located[], items: readonly Located[] = []): void => {
    const existing = isNamesField(target) ? names[target] : isPhase(target) ? workflows[target] : texts[target];
    const parts = items.length > 0 ? items : value;
    const ownLine = parts.length === 0 || parts[0]!.line === keyLine;
    if (existing) {
      const said = joinTexts(parts, (part) => part.value, '; ');
      findings.push(
        warning(
          keyLine,
          'repeated-field',
          `${quote(key)} given again; the first (line ${existing.line}) is kept and this is not stored: ${quote(said)}`,
        ),
      );
      for (const l of new Set([keyLine, ...parts.map((part) => part.line)])) account(l, 'reported', 'repeated-field');
      return;
    }
    account(keyLine, ownLine ? 'value' : 'structure', ownLine ? target : 'key');
    for (const part of parts) account(part.line, 'value', target);
    const paragraph: Paragraph = { line: value[0]?.line ?? keyLine, lines: value.length > 0 ? [...value] : [{ line: keyLine, value: '' }] };
    if (isNamesField(target)) names[target] = namesStatement(target, paragraph, items);
    else {
      const statement = { line: parts[0]?.line ?? keyLine, value: joinTexts(parts, (part) => part.value, '\n') };
      if (isPhase(target)) workflows[target] = statement;
      else texts[target] = statement;
    }
  };

  const closeOpen = (): void => {
    if (!open) return;
    const { target, key, line, items, lines: valueLines } = open;
    open = undefined;
    setField(target, key, line, valueLines, items);
  };
  const openKey = (target: KeyTarget, key: string, line: number, indent = -1): void => {
    closeOpen();
    open = { target, key, line, items: [], lines: [], afterBlank: false, indent };
  };

  const endUnknownSection = (): void => {
    if (!unknownHeading) return;
    const { line, heading, content } = unknownHeading;
    // Tables under it are read all the same, by their header rows; only its prose is lost.
    const said =
      content.length > 0
        ? `its text is not stored: ${joinTexts(content, (c) => quote(joined(c), 400), ' ')}`
        : 'it has no text of its own (any table under it is read by its header row)';
    findings.push(warning(line, 'unknown-heading', `section ${quote(heading)} is not part of the template; ${said}`));
    account(line, 'reported', 'unknown-heading');
    for (const p of content) for (const l of p.lines) account(l.line, 'reported', 'unknown-heading');
    unknownHeading = undefined;
  };
  const endBlock = (): void => {
    endParagraph();
    closeOpen();
  };
  const endSection = (): void => {
    endBlock();
    endUnknownSection();
    const { name, paragraphs } = current;
    if (name === undefined) {
      preamble.push(...paragraphs);
      return;
    }
    const located = paragraphs.map((p) => ({ line: p.line, value: joined(p) }));
    const existing = sections[name];
    sections[name] = existing
      ? { line: existing.line, paragraphs: [...existing.paragraphs, ...located] }
      : { line: current.line, paragraphs: located };
    sectionParagraphs.set(name, [...(sectionParagraphs.get(name) ?? []), ...paragraphs]);
    for (const p of paragraphs) for (const l of p.lines) account(l.line, 'value', name);
  };

  /** A heading opens its section, unless it is the one that is open; a second document's title before it is an error. */
  const openSection = (heading: SectionName, line: number): void => {
    if (heading === current.name) {
      endBlock();
      endUnknownSection();
    } else {
      endSection();
      if (sections[heading])
        findings.push(warning(line, 'repeated-heading', `heading repeated (first at line ${sections[heading].line}); contents merged`));
      current = { name: heading, line, paragraphs: [] };
    }
    for (const other of otherTitles.splice(0)) {
      if (!other.sectionsBefore.has(heading)) otherTitles.push(other);
      else {
        findings.push(secondDocument(other.line, other.code, title!));
        account(other.line.number, 'reported', 'second-document');
      }
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const text = line.text;
    if (text === '') {
      lastParagraph = paragraph ?? lastParagraph;
      endParagraph();
      if (open && (open.items.length > 0 || open.lines.length > 0)) open.afterBlank = true;
      continue;
    }
    const previous = paragraph ?? lastParagraph;
    lastParagraph = undefined;

    if (RULE_LINE.test(text) || HTML_COMMENT.test(text)) {
      endBlock();
      account(line.number, 'structure', text.startsWith('<') ? 'comment' : 'rule');
      continue;
    }
    // A title line with a pipe (`**CPT® 27130 | Title**`) before any table is the title, not a table row.
    if (
      isTableLine(text) &&
      !(title === undefined && tables.length === 0 && !isAlignmentRow(lines[i + 1]?.text ?? '') && parseTitleLine(text, line.number))
    ) {
      endBlock();
      const reading = readTable(lines, i, current.name);
      findings.push(...reading.findings);
      for (const a of reading.accounts) account(a.line, a.use, a.what);
      if (reading.table) tables.push(reading.table);
      for (const f of reading.fields ?? []) setField(f.target, f.key, f.line, [{ line: f.line, value: f.value }]);
      i = reading.next - 1;
      continue;
    }
    // A heading's or a lone key's words, for a line that can be one: short, not a sentence or a `Key: value`.
    const words = text.length <= HEADING_MAX_LENGTH && !SENTENCE_OR_FIELD.test(text) ? headingText(text) : undefined;
    const heading = words === undefined ? undefined : knownHeading(text, words);
    if (heading !== undefined) {
      account(line.number, 'structure', 'heading');
      openSection(heading, line.number);
      headings.push({ line: line.number, list: listNamed(heading, words!) });
      continue;
    }
    // An outline-numbered heading (`3. Payment Policy Notes`) reads like a numbered list item, but no item follows it.
    const numberedHeading =
      /^\d/.test(text) && looksLikeHeading(text) && listItem(nextText(lines, i)) === undefined && nextIsContent(lines, i);
    const item = numberedHeading ? undefined : listItem(text);
    const titleLine = item === undefined ? parseTitleLine(text, line.number) : undefined;
    if (titleLine && (title !== undefined || tables.length === 0)) {
      if (title === undefined) {
        // A line that names only the code (`(CPT 76700)`, `HCPCS Level II drug code J3301`) takes
        // its title from the line of text just before it, else from the line just after.
        const before =
          titleLine.title === undefined && paragraph?.lines.length === 1 && couldBeTitle(paragraph.lines[0]!.value)
            ? paragraph.lines[0]!
            : undefined;
        if (before !== undefined && before.line === line.number - 1) {
          paragraph = undefined;
          account(before.line, 'value', 'title');
        }
        endBlock();
        title = before !== undefined && before.line === line.number - 1 ? { ...titleLine, title: withoutCode(before.value) } : titleLine;
        account(line.number, 'structure', 'title');
      } else if (titleLine.code.toUpperCase() === title.code.toUpperCase()) {
        endBlock();
        if (titleLine.title !== undefined && titleLine.title !== title.title) {
          findings.push(
            warning(
              line.number,
              'repeated-title',
              `the title is given again in other words; the first (line ${title.line}) is kept: ${quote(text)}`,
            ),
          );
          account(line.number, 'reported', 'repeated-title');
        } else {
          account(line.number, 'structure', 'title');
        }
      } else if (isHeadingTitle(text)) {
        endBlock();
        findings.push(secondDocument(line, titleLine.code, title));
        account(line.number, 'reported', 'second-document');
      } else {
        const sectionsBefore = new Set(Object.keys(sections) as SectionName[]);
        if (current.name !== undefined) sectionsBefore.add(current.name);
        otherTitles.push({ line, code: titleLine.code, sectionsBefore });
        closeOpen();
        addParagraphLine(line.number, plainText(text));
      }
      continue;
    }
    // A list item no deeper than a list-item key is its sibling, not one of its items.
    if (item !== undefined && open !== undefined && indentOf(line.raw) <= open.indent) closeOpen();
    const content = item ?? text;
    const keyValue = withMiddlePhase(parseKeyValue(content));
    if (keyValue !== undefined && keyValue.value !== '' && title?.title === undefined && title !== undefined && isTitleKey(keyValue.key)) {
      endBlock();
      title = { ...title, title: keyValue.value };
      account(line.number, 'value', 'title');
      continue;
    }
    if (keyValue?.target !== undefined) {
      endBlock();
      if (keyValue.value === '') openKey(keyValue.target, keyValue.key, line.number, item === undefined ? -1 : indentOf(line.raw));
      else setField(keyValue.target, keyValue.key, line.number, [{ line: line.number, value: keyValue.value }]);
      continue;
    }
    // `Clinical Context: A patient presents…`: a heading with its section's first line after it.
    const inlineHeading = item === undefined && keyValue !== undefined && keyValue.value !== '' ? knownHeading(keyValue.key) : undefined;
    if (inlineHeading !== undefined && keyValue !== undefined) {
      openSection(inlineHeading, line.number);
      headings.push({ line: line.number, list: listNamed(inlineHeading, headingText(keyValue.key)) });
      addParagraphLine(line.number, keyValue.value);
      continue;
    }
    if (item !== undefined && open === undefined && previous !== undefined) {
      const target = introducedTarget(joined(previous));
      if (target !== undefined) {
        endParagraph();
        const intro = previous.lines[previous.lines.length - 1]!;
        // A paragraph that only introduces the items (`Typical sites of service include:`) is their
        // key, not prose; the payer sentence stays in the summary, as the template writes it.
        const paragraphs = unknownHeading?.content ?? current.paragraphs;
        if (target !== 'payers' && previous.lines.length === 1 && paragraphs.includes(previous))
          paragraphs.splice(paragraphs.indexOf(previous), 1);
        open = { target, key: intro.value, line: intro.line, items: [], lines: [], afterBlank: false, indent: -1 };
        if (isPhase(target)) introducedPhases.add(target);
      }
    }
    if (item !== undefined && open !== undefined && open.lines.length === 0) {
      endParagraph();
      open.items.push({ line: line.number, value: plainText(item) });
      continue;
    }
    // A line that is itself a key (`Typical site of service` after `Service type` and its value) opens its own field.
    const isKey = item === undefined && words !== undefined && keyTarget(text, words) !== undefined;
    if (open !== undefined && open.items.length === 0 && !open.afterBlank && !isKey && !(looksLikeHeading(text) && nextIsProse(lines, i))) {
      // `: value` under its key is a definition list's value.
      open.lines.push({ line: line.number, value: plainText(content).replace(/^:\s+/, '') });
      continue;
    }
    closeOpen();
    const namedKey = item === undefined && words !== undefined ? keyTarget(text, words) : undefined;
    if (namedKey !== undefined) {
      // A line that is only a key (`Payers`, `**Service type**`, `### Pre-service`): its value follows.
      endParagraph();
      openKey(namedKey, headingText(text), line.number);
      continue;
    }
    if (item === undefined && looksLikeHeading(text) && nextIsContent(lines, i)) {
      endParagraph();
      endUnknownSection();
      unknownHeading = { line: line.number, heading: text, content: [] };
      continue;
    }
    const plain = plainText(content);
    if (title?.title === undefined && title !== undefined && item === undefined && line.number === title.line + 1 && couldBeTitle(plain)) {
      title = { ...title, title: withoutCode(plain) };
      account(line.number, 'value', 'title');
      continue;
    }
    if (isSentinel(plain) || isPlaceholder(plain)) {
      // The sentinel (or a placeholder) on its own line says something of its own: it is never the first line of a text.
      endParagraph();
      addParagraphLine(line.number, plain);
      endParagraph();
      continue;
    }
    addParagraphLine(line.number, plain);
  }
  endSection();
  const afterTitle = title === undefined || sections.summary !== undefined ? [] : preamble.filter((p) => p.line > title!.line);
  if (afterTitle.length > 0) {
    sections.summary = { line: afterTitle[0]!.line, paragraphs: afterTitle.map((p) => ({ line: p.line, value: joined(p) })) };
    sectionParagraphs.set('summary', afterTitle);
    for (const p of afterTitle) for (const l of p.lines) account(l.line, 'value', 'summary');
  }
  for (const p of preamble.filter((p) => !afterTitle.includes(p))) {
    findings.push(warning(p.line, 'text-outside-section', `text before the first heading is not stored: ${quote(joined(p))}`));
    for (const l of p.lines) account(l.line, 'reported', 'text-outside-section');
  }

  const prose = (name: SectionName): Paragraph[] => sectionParagraphs.get(name) ?? [];

  // The payer sentence, in the summary or else the other prose: it wins over a payers field.
  let sentence: { paragraph: Paragraph; found: { list: string; index: number } } | undefined;
  for (const paragraph of PROSE_SECTIONS.flatMap((name) => prose(name))) {
    const found = findPayerList(joined(paragraph));
    if (found !== undefined && found.list !== '') {
      sentence = { paragraph, found };
      break;
    }
  }
  if (sentence) {
    const stated = payerSentence(sentence.paragraph, sentence.found.index, sentence.found.list, findings);
    const field = names.payers;
    if (field !== undefined) {
      findings.push(
        warning(
          field.line,
          'repeated-field',
          `payers are also named by the sentence at line ${stated.line}, which is kept; this list is not stored: ${quote(field.text)}`,
        ),
      );
      for (const l of new Set([field.line, ...field.items.map((item) => item.line)])) account(l, 'reported', 'repeated-field');
    }
    names.payers = stated;
  }

  const clinical = sections.clinical;
  if (clinical) {
    const vignette: Located[] = [];
    for (const p of prose('clinical')) {
      const { before, phases } = splitWorkflows(joined(p));
      if (before !== '') vignette.push({ line: p.line, value: before });
      for (const { phase, text, index } of phases) {
        if (text === '' && introducedPhases.has(phase)) continue;
        const existing = workflows[phase];
        if (existing === undefined) workflows[phase] = { line: lineAt(p, index), value: text };
        else {
          findings.push(
            warning(
              lineAt(p, index),
              'repeated-field',
              `the ${phase} workflow is given again; the first (line ${existing.line}) is kept and this is not stored: ${quote(text)}`,
            ),
          );
        }
      }
    }
    sections.clinical = { line: clinical.line, paragraphs: vignette };
  }

  for (const name of ['specifications', 'coding', 'diagnoses', 'relatedCodes'] as const) {
    for (const p of prose(name)) {
      // `None.`, the sentinel or a placeholder alone under a heading that names one list, which has no table: that list's whole value.
      const said = joined(p);
      const list = headings.findLast((h) => h.line <= p.line)?.list;
      if (list !== undefined && !tables.some((t) => t.kind === list) && (isNone(said) || isSentinel(said) || isPlaceholder(said))) {
        const fields = entryFields(list);
        const row = { line: p.line, text: said, cells: [said, ...fields.map(() => said)] };
        tables.push({ kind: list, line: p.line, header: ['Code', ...fields], codeColumn: 0, columns: columnsInOrder(fields), rows: [row] });
        for (const l of p.lines) account(l.line, 'value', list);
        continue;
      }
      const { tables: written, rest, used } = entriesOf(p.lines, name);
      tables.push(...written);
      for (const { line, value: kind } of used) account(line, 'value', kind);
      const text = joinTexts(rest, (l) => l.value, '\n');
      if (rest.length === 0 || isSentinel(text)) continue;
      // Each line quoted whole: a long paragraph's quote would be cut, and its last lines lost without a word.
      for (const l of rest) {
        findings.push(warning(l.line, 'unstored-text', `text where the template has only tables is not stored: ${quote(l.value, 2000)}`));
        account(l.line, 'reported', 'unstored-text');
      }
    }
  }
  tables.sort((a, b) => a.line - b.line);

  const document: ParsedDocument = {
    title,
    closestToTitle: title === undefined ? closestToTitle(lines) : undefined,
    sections,
    texts,
    names,
    workflows,
    tables,
    accounts: accounts.filter((a): a is LineAccount => a !== undefined),
  };
  return { document, findings };
}

function secondDocument(line: Line, code: string, first: TitleLine): Finding {
  return error(
    line.number,
    'second-document',
    `a second document starts here, for ${code.toUpperCase()} (the first is ${first.code.toUpperCase()}, ` +
      `line ${first.line}); one document per file: ${quote(line.raw)}`,
  );
}

/** Fillers that end a list (`etc.`, `to name a few`) are not stored: say so. */
function reportFillers(fillers: readonly string[], target: NamesField, line: number, findings: Finding[]): void {
  if (fillers.length === 0) return;
  const what = RECORD_FIELDS[target].item;
  findings.push(warning(line, 'list-filler', `${joinTexts(fillers, (f) => quote(f), ', ')} in the list names no ${what}; not stored`));
}

/** The payer sentence's list as a statement, each item on the line it starts on. */
function payerSentence(paragraph: Paragraph, index: number, list: string, findings: Finding[]): NamesStatement {
  const line = lineAt(paragraph, index);
  const { items, fillers } = splitList(list, 'payers');
  reportFillers(fillers, 'payers', line, findings);
  return { line, text: list, items: items.map((item) => ({ line: lineAt(paragraph, index + item.offset), value: item.text })) };
}

/** The next non-blank line's text, or empty. */
function nextText(lines: readonly Line[], index: number): string {
  for (let j = index + 1; j < lines.length; j++) if (lines[j]!.text !== '') return lines[j]!.text;
  return '';
}

/** True when a candidate heading line is followed (after blanks) by something other than a heading. */
function nextIsContent(lines: readonly Line[], index: number): boolean {
  for (let j = index + 1; j < lines.length; j++) {
    const text = lines[j]!.text;
    if (text !== '') return knownHeading(text) === undefined;
  }
  return false;
}

/** True when the next non-blank line is prose: not a heading, a key, a table, a list item or a title. */
function nextIsProse(lines: readonly Line[], index: number): boolean {
  for (let j = index + 1; j < lines.length; j++) {
    const text = lines[j]!.text;
    if (text === '') continue;
    return (
      knownHeading(text) === undefined &&
      !isTableLine(text) &&
      listItem(text) === undefined &&
      parseKeyValue(text)?.target === undefined &&
      parseTitleLine(text, j + 1) === undefined &&
      !looksLikeHeading(text)
    );
  }
  return false;
}
