/**
 * A documented code's narrative, as `getNarrative` returns it: its prose fields and its workflow
 * phases (src/domain/fields.ts), which the record leaves out because they are long text.
 */
import { eq, sql } from 'drizzle-orm';
import { settled, type Plan, type ReadDatabase } from '../db/plan.js';
import { PROSE_FIELDS, RECORD_FIELDS, WORKFLOW_FIELDS, WORKFLOW_PHASES, type ProseField, type WorkflowField } from '../domain/fields.js';
import { PROCEDURE_COLUMNS } from '../schema/fields.js';
import { procedures, procedureWorkflowSteps, unknownValues } from '../schema/tables.js';
import { jsonRows, jsonValues } from './json-sql.js';

type Row<T extends { $inferSelect: unknown }> = T['$inferSelect'];

export type CodeNarrative = {
  code: Row<typeof procedures>['code'];
} & { [F in ProseField]: Row<typeof procedures>[(typeof PROCEDURE_COLUMNS)[F]] } & {
  /** The workflow phases the document states, in phase order. */
  workflows: Pick<Row<typeof procedureWorkflowSteps>, 'phase' | 'description'>[];
  /** The prose fields and workflow phases the document leaves unknown. */
  unknown: (ProseField | WorkflowField)[];
};

const phaseOrder = (phase: string) => WORKFLOW_PHASES.indexOf(phase as (typeof WORKFLOW_PHASES)[number]);

/** A reader of narratives over `db`, its statement prepared once. */
export function prepareNarrativeReader(db: ReadDatabase): (code: string) => Plan<CodeNarrative | undefined> {
  const query = db
    .select({
      code: procedures.code,
      ...(Object.fromEntries(PROSE_FIELDS.map((field) => [field, procedures[PROCEDURE_COLUMNS[field]]])) as {
        [F in ProseField]: typeof procedures.summary;
      }),
      workflows: jsonRows(
        [procedureWorkflowSteps.phase, procedureWorkflowSteps.description],
        procedureWorkflowSteps.phase,
        sql`FROM ${procedureWorkflowSteps} WHERE ${procedureWorkflowSteps.procedureCode} = ${procedures.code}`,
      ),
      unknownFields: jsonValues(
        unknownValues.field,
        unknownValues.field,
        sql`FROM ${unknownValues} WHERE ${unknownValues.procedureCode} = ${procedures.code} AND ${unknownValues.scope} = 'record'`,
      ),
    })
    .from(procedures)
    .where(eq(procedures.code, sql.placeholder('code')))
    .prepare();
  return function* (code) {
    const row = yield* settled(query.get({ code }));
    if (!row) return undefined;
    const { workflows, unknownFields, ...prose } = row;
    const unknown = new Set<string>(unknownFields);
    return {
      ...prose,
      workflows: workflows
        .map(([phase, description]) => ({ phase, description }))
        .sort((a, b) => phaseOrder(a.phase) - phaseOrder(b.phase)),
      unknown: [...PROSE_FIELDS, ...WORKFLOW_FIELDS].filter((field) =>
        RECORD_FIELDS[field].kind === 'prose' ? prose[field as ProseField] === null : unknown.has(field),
      ),
    };
  };
}
