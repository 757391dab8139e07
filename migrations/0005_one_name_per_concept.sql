-- One name per concept (issue 10), and the fields that may be unknown as a lookup table.
-- ingest_runs is build_runs (a provision or an ingest is a build run) and ingest_diagnostics is
-- document_diagnostics; unavailable_markers is unknown_values, its reason 'marked unavailable' is
-- 'sentinel', and the CHECK constraint that listed the fields that may be unknown is a foreign key
-- to unknown_value_fields, filled here: a new field is one INSERT there, not a table rebuild.
-- Renaming a table renames the references to it (foreign keys, triggers); tables whose CHECK
-- constraints are renamed are rebuilt (copy, drop, rename) with foreign keys off, as drizzle-kit
-- does. The views that read a renamed table are dropped first and created again last.
DROP VIEW `procedure_overview`;--> statement-breakpoint
DROP VIEW `unknown_fields`;--> statement-breakpoint
DROP VIEW `catalog_claims`;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
ALTER TABLE `ingest_runs` RENAME TO `build_runs`;--> statement-breakpoint
CREATE TABLE `__new_build_runs` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`started_at` text NOT NULL,
	`tool_version` text NOT NULL,
	CONSTRAINT "build_runs_kind" CHECK("__new_build_runs"."kind" IN ('provision', 'ingest'))
);--> statement-breakpoint
INSERT INTO `__new_build_runs`("id", "kind", "started_at", "tool_version") SELECT "id", "kind", "started_at", "tool_version" FROM `build_runs`;--> statement-breakpoint
DROP TABLE `build_runs`;--> statement-breakpoint
ALTER TABLE `__new_build_runs` RENAME TO `build_runs`;--> statement-breakpoint
ALTER TABLE `source_documents` RENAME COLUMN `ingest_run_id` TO `build_run_id`;--> statement-breakpoint
ALTER TABLE `rejected_documents` RENAME COLUMN `ingest_run_id` TO `build_run_id`;--> statement-breakpoint
CREATE TABLE `__new_document_diagnostics` (
	`id` integer PRIMARY KEY NOT NULL,
	`document_id` integer NOT NULL,
	`line` integer,
	`severity` text NOT NULL,
	`rule` text NOT NULL,
	`message` text NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `source_documents`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "document_diagnostics_severity" CHECK("__new_document_diagnostics"."severity" IN ('error', 'warning'))
);--> statement-breakpoint
INSERT INTO `__new_document_diagnostics`("id", "document_id", "line", "severity", "rule", "message") SELECT "id", "document_id", "line", "severity", "rule", "message" FROM `ingest_diagnostics`;--> statement-breakpoint
DROP TABLE `ingest_diagnostics`;--> statement-breakpoint
ALTER TABLE `__new_document_diagnostics` RENAME TO `document_diagnostics`;--> statement-breakpoint
CREATE INDEX `document_diagnostics_document` ON `document_diagnostics` (`document_id`);--> statement-breakpoint
CREATE TABLE `unknown_value_fields` (
	`scope` text NOT NULL,
	`field` text NOT NULL,
	PRIMARY KEY(`scope`, `field`)
);--> statement-breakpoint
INSERT INTO `unknown_value_fields` ("scope", "field") VALUES
	('record', 'title'),
	('record', 'descriptor'),
	('record', 'serviceType'),
	('record', 'sitesOfService'),
	('record', 'modifiers'),
	('record', 'relatedCodes'),
	('record', 'diagnoses'),
	('record', 'taxonomies'),
	('record', 'payers'),
	('record', 'summary'),
	('record', 'billingOverview'),
	('record', 'clinicalVignette'),
	('record', 'preoperativeWorkflow'),
	('record', 'intraoperativeWorkflow'),
	('record', 'postoperativeWorkflow'),
	('modifiers', 'description'),
	('modifiers', 'whenToUse'),
	('relatedCodes', 'descriptor'),
	('relatedCodes', 'relationship'),
	('diagnoses', 'description'),
	('diagnoses', 'clinicalRelevance'),
	('taxonomies', 'specialty'),
	('taxonomies', 'notes');--> statement-breakpoint
CREATE TABLE `__new_unknown_values` (
	`procedure_code` text NOT NULL,
	`document_id` integer NOT NULL,
	`scope` text NOT NULL,
	`item_key` text NOT NULL,
	`field` text NOT NULL,
	`reason` text NOT NULL,
	`line` integer,
	PRIMARY KEY(`document_id`, `scope`, `item_key`, `field`),
	FOREIGN KEY (`procedure_code`,`document_id`) REFERENCES `procedures`(`code`,`document_id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`scope`,`field`) REFERENCES `unknown_value_fields`(`scope`,`field`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "unknown_values_reason" CHECK("__new_unknown_values"."reason" IN ('sentinel', 'placeholder', 'section absent', 'not stated'))
);--> statement-breakpoint
INSERT INTO `__new_unknown_values`("procedure_code", "document_id", "scope", "item_key", "field", "reason", "line")
SELECT "procedure_code", "document_id", "scope", "item_key", "field", CASE "reason" WHEN 'marked unavailable' THEN 'sentinel' ELSE "reason" END, "line" FROM `unavailable_markers`;--> statement-breakpoint
DROP TABLE `unavailable_markers`;--> statement-breakpoint
ALTER TABLE `__new_unknown_values` RENAME TO `unknown_values`;--> statement-breakpoint
CREATE INDEX `unknown_values_procedure_code` ON `unknown_values` (`procedure_code`);--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE VIEW `procedure_overview` AS select "procedures"."code", "codes"."code_system", "codes"."code_category", "procedures"."title", "codes"."descriptor", "procedures"."service_type", "procedures"."marked_add_on", CASE WHEN EXISTS (SELECT 1 FROM "unknown_values" WHERE "unknown_values"."procedure_code" = "procedures"."code" AND "unknown_values"."scope" = 'record' AND "unknown_values"."field" = 'sitesOfService') THEN NULL ELSE (SELECT count(*) FROM "procedure_sites" WHERE "procedure_sites"."procedure_code" = "procedures"."code") END as "site_count", CASE WHEN EXISTS (SELECT 1 FROM "unknown_values" WHERE "unknown_values"."procedure_code" = "procedures"."code" AND "unknown_values"."scope" = 'record' AND "unknown_values"."field" = 'modifiers') THEN NULL ELSE (SELECT count(*) FROM "procedure_modifiers" WHERE "procedure_modifiers"."procedure_code" = "procedures"."code") END as "modifier_count", CASE WHEN EXISTS (SELECT 1 FROM "unknown_values" WHERE "unknown_values"."procedure_code" = "procedures"."code" AND "unknown_values"."scope" = 'record' AND "unknown_values"."field" = 'relatedCodes') THEN NULL ELSE (SELECT count(*) FROM "code_relationships" WHERE "code_relationships"."source_code" = "procedures"."code") END as "related_code_count", CASE WHEN EXISTS (SELECT 1 FROM "unknown_values" WHERE "unknown_values"."procedure_code" = "procedures"."code" AND "unknown_values"."scope" = 'record' AND "unknown_values"."field" = 'diagnoses') THEN NULL ELSE (SELECT count(*) FROM "procedure_diagnoses" WHERE "procedure_diagnoses"."procedure_code" = "procedures"."code") END as "diagnosis_count", CASE WHEN EXISTS (SELECT 1 FROM "unknown_values" WHERE "unknown_values"."procedure_code" = "procedures"."code" AND "unknown_values"."scope" = 'record' AND "unknown_values"."field" = 'taxonomies') THEN NULL ELSE (SELECT count(*) FROM "procedure_taxonomies" WHERE "procedure_taxonomies"."procedure_code" = "procedures"."code") END as "taxonomy_count", CASE WHEN EXISTS (SELECT 1 FROM "unknown_values" WHERE "unknown_values"."procedure_code" = "procedures"."code" AND "unknown_values"."scope" = 'record' AND "unknown_values"."field" = 'payers') THEN NULL ELSE (SELECT count(*) FROM "procedure_payers" WHERE "procedure_payers"."procedure_code" = "procedures"."code") END as "payer_count", (SELECT count(*) FROM "unknown_values" WHERE "unknown_values"."procedure_code" = "procedures"."code") as "unknown_value_count", "source_documents"."path" as "source_path" from "procedures" inner join "codes" on "codes"."code" = "procedures"."code" inner join "source_documents" on "source_documents"."id" = "procedures"."document_id";--> statement-breakpoint
CREATE VIEW `unknown_value_sources` AS select "unknown_values"."procedure_code", "unknown_values"."scope", "unknown_values"."item_key", "unknown_values"."field", "unknown_values"."reason", "source_documents"."path" as "source_path", "unknown_values"."line", CASE "unknown_values"."scope" || '.' || "unknown_values"."field" WHEN 'record.descriptor' THEN (SELECT (SELECT "source_documents"."path" FROM "source_documents" WHERE "source_documents"."id" = "codes"."descriptor_document_id") FROM "codes" WHERE "codes"."code" = "unknown_values"."item_key") WHEN 'modifiers.description' THEN (SELECT (SELECT "source_documents"."path" FROM "source_documents" WHERE "source_documents"."id" = "modifiers"."description_document_id") FROM "modifiers" WHERE "modifiers"."code" = "unknown_values"."item_key") WHEN 'relatedCodes.descriptor' THEN (SELECT (SELECT "source_documents"."path" FROM "source_documents" WHERE "source_documents"."id" = "codes"."descriptor_document_id") FROM "codes" WHERE "codes"."code" = "unknown_values"."item_key") WHEN 'diagnoses.description' THEN (SELECT (SELECT "source_documents"."path" FROM "source_documents" WHERE "source_documents"."id" = "diagnoses"."description_document_id") FROM "diagnoses" WHERE "diagnoses"."code" = "unknown_values"."item_key") WHEN 'taxonomies.specialty' THEN (SELECT (SELECT "source_documents"."path" FROM "source_documents" WHERE "source_documents"."id" = "taxonomies"."specialty_document_id") FROM "taxonomies" WHERE "taxonomies"."code" = "unknown_values"."item_key") END as "filled_from" from "unknown_values" inner join "source_documents" on "source_documents"."id" = "unknown_values"."document_id";--> statement-breakpoint
CREATE VIEW `catalog_claims` AS SELECT 'code' AS catalog, "procedures"."code" AS code, "procedures"."stated_descriptor" AS value, "procedures"."document_id" AS document_id, "procedures"."stated_descriptor_line" AS line, 1 AS is_own FROM "procedures" UNION ALL SELECT 'modifier' AS catalog, "procedure_modifiers"."modifier_code" AS code, "procedure_modifiers"."stated_description" AS value, "procedure_modifiers"."document_id" AS document_id, "procedure_modifiers"."line" AS line, 0 AS is_own FROM "procedure_modifiers" UNION ALL SELECT 'code' AS catalog, "code_relationships"."target_code" AS code, "code_relationships"."stated_descriptor" AS value, "code_relationships"."document_id" AS document_id, "code_relationships"."line" AS line, 0 AS is_own FROM "code_relationships" UNION ALL SELECT 'diagnosis' AS catalog, "procedure_diagnoses"."diagnosis_code" AS code, "procedure_diagnoses"."stated_description" AS value, "procedure_diagnoses"."document_id" AS document_id, "procedure_diagnoses"."line" AS line, 0 AS is_own FROM "procedure_diagnoses" UNION ALL SELECT 'taxonomy' AS catalog, "procedure_taxonomies"."taxonomy_code" AS code, "procedure_taxonomies"."stated_specialty" AS value, "procedure_taxonomies"."document_id" AS document_id, "procedure_taxonomies"."line" AS line, 0 AS is_own FROM "procedure_taxonomies";
