DROP VIEW `code_search_source`;--> statement-breakpoint
CREATE VIEW `code_search_source` AS SELECT "procedures"."document_id" AS document_id, "procedures"."code" AS code, "procedures"."title" AS title,
        "procedures"."stated_descriptor" AS descriptor, "procedures"."summary" AS summary,
        nullif(trim(coalesce("procedures"."clinical_vignette", '') || char(10) || coalesce((SELECT "procedure_workflow_steps"."description" FROM "procedure_workflow_steps"
        WHERE "procedure_workflow_steps"."procedure_code" = "procedures"."code" AND "procedure_workflow_steps"."phase" = 'preoperative'), '') || char(10) || coalesce((SELECT "procedure_workflow_steps"."description" FROM "procedure_workflow_steps"
        WHERE "procedure_workflow_steps"."procedure_code" = "procedures"."code" AND "procedure_workflow_steps"."phase" = 'intraoperative'), '') || char(10) || coalesce((SELECT "procedure_workflow_steps"."description" FROM "procedure_workflow_steps"
        WHERE "procedure_workflow_steps"."procedure_code" = "procedures"."code" AND "procedure_workflow_steps"."phase" = 'postoperative'), ''), char(10)), '') AS clinical_context,
        (SELECT group_concat(when_to_use, char(10)) FROM (SELECT "procedure_modifiers"."when_to_use" AS when_to_use FROM "procedure_modifiers"
          WHERE "procedure_modifiers"."procedure_code" = "procedures"."code" ORDER BY "procedure_modifiers"."position")) AS modifier_guidance
      FROM "procedures";--> statement-breakpoint
-- The full-text index holds the view's text: rebuild it from the view as it now reads.
DELETE FROM `code_search`;
--> statement-breakpoint
INSERT INTO `code_search` (rowid, code, title, descriptor, summary, clinical_context, modifier_guidance)
SELECT document_id, code, title, descriptor, summary, clinical_context, modifier_guidance FROM `code_search_source`;
