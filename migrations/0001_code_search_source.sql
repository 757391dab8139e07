CREATE VIEW `code_search_source` AS SELECT "procedures"."document_id" AS document_id, "procedures"."code" AS code, "procedures"."title" AS title,
        "procedures"."stated_descriptor" AS descriptor, "procedures"."summary" AS summary,
        concat_ws(char(10), "procedures"."clinical_vignette",
          (SELECT group_concat("procedure_workflow_steps"."description", char(10) ORDER BY CASE "procedure_workflow_steps"."phase" WHEN 'preoperative' THEN 0 WHEN 'intraoperative' THEN 1 WHEN 'postoperative' THEN 2 END)
           FROM "procedure_workflow_steps" WHERE "procedure_workflow_steps"."procedure_code" = "procedures"."code")) AS clinical_context,
        (SELECT group_concat("procedure_modifiers"."when_to_use", char(10) ORDER BY "procedure_modifiers"."position")
         FROM "procedure_modifiers" WHERE "procedure_modifiers"."procedure_code" = "procedures"."code") AS modifier_guidance
      FROM "procedures";