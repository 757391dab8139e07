/**
 * A small consumer of codebook, as an app would use it: it imports the package by name, opens
 * the reference database read-only, and reads typed records.
 *
 *   npm run provision && npx tsx examples/lookup.ts [data/reference.db] [code]
 */
import { openCodebook, type CodeRecord, type ModifierEntry } from 'codebook';

/** How an app shows a value a document left unknown: it says unknown, it does not say none. */
function describeModifier(modifier: ModifierEntry): string {
  const description = modifier.unknown.includes('description') ? 'description unknown' : modifier.description;
  const guidance = modifier.unknown.includes('whenToUse') ? 'guidance unknown' : modifier.whenToUse;
  return `${modifier.code}: ${description} (${guidance})`;
}

function describeList(record: CodeRecord, field: 'diagnoses' | 'taxonomies'): string {
  if (record.unknown.includes(field)) return `${field}: unknown`;
  return `${field}: ${record[field].length === 0 ? 'none' : record[field].map((entry) => entry.code).join(', ')}`;
}

const [database = 'data/reference.db', code = '20956'] = process.argv.slice(2);
const codebook = openCodebook(database);
try {
  const record = codebook.getCode(code);
  if (record === undefined) {
    console.error(`no document describes ${code}`);
    process.exitCode = 1;
  } else {
    console.log(`${record.codeSystem} ${record.code}: ${record.title ?? 'title unknown'}`);
    console.log(`descriptor: ${record.descriptor ?? 'unknown'}`);
    for (const modifier of record.modifiers) console.log(`modifier ${describeModifier(modifier)}`);
    console.log(describeList(record, 'diagnoses'));
    console.log(describeList(record, 'taxonomies'));
    console.log(
      `related (out): ${codebook
        .relatedTo(code, { direction: 'out' })
        .map((r) => r.relatedCode)
        .join(', ')}`,
    );
    console.log(
      `search "microvascular": ${codebook
        .search('microvascular')
        .map((hit) => hit.code)
        .join(', ')}`,
    );
  }
} finally {
  codebook.close();
}
