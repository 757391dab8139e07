-- SQLite cannot change a CHECK constraint, so unavailable_markers is rebuilt (drizzle-kit's copy,
-- drop, rename); a table cannot be renamed while views name a table that is gone, so the views
-- that read it are dropped first and created again after (unknown_fields unchanged).
DROP VIEW `procedure_overview`;--> statement-breakpoint
DROP VIEW `related_codes`;--> statement-breakpoint
DROP VIEW `unknown_fields`;--> statement-breakpoint
CREATE TABLE `rejected_documents` (
	`id` integer PRIMARY KEY NOT NULL,
	`path` text NOT NULL,
	`sha256` text NOT NULL,
	`code` text,
	`error_count` integer NOT NULL,
	`first_error_line` integer,
	`first_error_rule` text NOT NULL,
	`first_error` text NOT NULL,
	`ingest_run_id` integer NOT NULL,
	FOREIGN KEY (`ingest_run_id`) REFERENCES `ingest_runs`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "rejected_documents_error_count" CHECK("rejected_documents"."error_count" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rejected_documents_path_unique` ON `rejected_documents` (`path`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_unavailable_markers` (
	`procedure_code` text NOT NULL,
	`document_id` integer NOT NULL,
	`scope` text NOT NULL,
	`item_key` text NOT NULL,
	`field` text NOT NULL,
	`reason` text NOT NULL,
	`line` integer,
	PRIMARY KEY(`document_id`, `scope`, `item_key`, `field`),
	FOREIGN KEY (`procedure_code`,`document_id`) REFERENCES `procedures`(`code`,`document_id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "unavailable_markers_field" CHECK("__new_unavailable_markers"."scope" || '.' || "__new_unavailable_markers"."field" IN ('record.title', 'record.descriptor', 'record.summary', 'record.billingOverview', 'record.serviceType', 'record.sitesOfService', 'record.clinicalVignette', 'record.preoperativeWorkflow', 'record.intraoperativeWorkflow', 'record.postoperativeWorkflow', 'record.modifiers', 'record.relatedCodes', 'record.diagnoses', 'record.taxonomies', 'record.payers', 'modifiers.description', 'modifiers.whenToUse', 'relatedCodes.descriptor', 'relatedCodes.relationship', 'diagnoses.description', 'diagnoses.clinicalRelevance', 'taxonomies.specialty', 'taxonomies.notes')),
	CONSTRAINT "unavailable_markers_reason" CHECK("__new_unavailable_markers"."reason" IN ('marked unavailable', 'section absent', 'not stated', 'placeholder'))
);
--> statement-breakpoint
INSERT INTO `__new_unavailable_markers`("procedure_code", "document_id", "scope", "item_key", "field", "reason", "line") SELECT "procedure_code", "document_id", "scope", "item_key", "field", "reason", "line" FROM `unavailable_markers`;--> statement-breakpoint
DROP TABLE `unavailable_markers`;--> statement-breakpoint
ALTER TABLE `__new_unavailable_markers` RENAME TO `unavailable_markers`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `unavailable_markers_procedure_code` ON `unavailable_markers` (`procedure_code`);--> statement-breakpoint
ALTER TABLE `code_relationships` ADD `marked_add_on` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `procedure_payers` ADD `line` integer;--> statement-breakpoint
ALTER TABLE `procedure_sites` ADD `line` integer;--> statement-breakpoint
ALTER TABLE `procedures` ADD `marked_add_on` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE VIEW `procedure_overview` AS select "procedures"."code", "codes"."code_system", "codes"."code_category", "procedures"."title", "codes"."descriptor", "procedures"."service_type", "procedures"."marked_add_on", CASE WHEN EXISTS (SELECT 1 FROM "unavailable_markers" WHERE "unavailable_markers"."procedure_code" = "procedures"."code" AND "unavailable_markers"."scope" = 'record' AND "unavailable_markers"."field" = 'sitesOfService') THEN NULL ELSE (SELECT count(*) FROM "procedure_sites" WHERE "procedure_sites"."procedure_code" = "procedures"."code") END as "site_count", CASE WHEN EXISTS (SELECT 1 FROM "unavailable_markers" WHERE "unavailable_markers"."procedure_code" = "procedures"."code" AND "unavailable_markers"."scope" = 'record' AND "unavailable_markers"."field" = 'modifiers') THEN NULL ELSE (SELECT count(*) FROM "procedure_modifiers" WHERE "procedure_modifiers"."procedure_code" = "procedures"."code") END as "modifier_count", CASE WHEN EXISTS (SELECT 1 FROM "unavailable_markers" WHERE "unavailable_markers"."procedure_code" = "procedures"."code" AND "unavailable_markers"."scope" = 'record' AND "unavailable_markers"."field" = 'relatedCodes') THEN NULL ELSE (SELECT count(*) FROM "code_relationships" WHERE "code_relationships"."source_code" = "procedures"."code") END as "related_code_count", CASE WHEN EXISTS (SELECT 1 FROM "unavailable_markers" WHERE "unavailable_markers"."procedure_code" = "procedures"."code" AND "unavailable_markers"."scope" = 'record' AND "unavailable_markers"."field" = 'diagnoses') THEN NULL ELSE (SELECT count(*) FROM "procedure_diagnoses" WHERE "procedure_diagnoses"."procedure_code" = "procedures"."code") END as "diagnosis_count", CASE WHEN EXISTS (SELECT 1 FROM "unavailable_markers" WHERE "unavailable_markers"."procedure_code" = "procedures"."code" AND "unavailable_markers"."scope" = 'record' AND "unavailable_markers"."field" = 'taxonomies') THEN NULL ELSE (SELECT count(*) FROM "procedure_taxonomies" WHERE "procedure_taxonomies"."procedure_code" = "procedures"."code") END as "taxonomy_count", CASE WHEN EXISTS (SELECT 1 FROM "unavailable_markers" WHERE "unavailable_markers"."procedure_code" = "procedures"."code" AND "unavailable_markers"."scope" = 'record' AND "unavailable_markers"."field" = 'payers') THEN NULL ELSE (SELECT count(*) FROM "procedure_payers" WHERE "procedure_payers"."procedure_code" = "procedures"."code") END as "payer_count", (SELECT count(*) FROM "unavailable_markers" WHERE "unavailable_markers"."procedure_code" = "procedures"."code") as "unknown_field_count", "source_documents"."path" as "source_path" from "procedures" inner join "codes" on "codes"."code" = "procedures"."code" inner join "source_documents" on "source_documents"."id" = "procedures"."document_id";--> statement-breakpoint
CREATE VIEW `related_codes` AS select "code_relationships"."source_code" as "code", "code_relationships"."target_code" as "related_code", 'out' as "direction", "related"."descriptor" as "related_descriptor", "code_relationships"."relationship", "code_relationships"."marked_add_on", "code_relationships"."position", "source_documents"."path" as "source_path", "code_relationships"."line" from "code_relationships" inner join "codes" "related" on "related"."code" = "code_relationships"."target_code" inner join "source_documents" on "source_documents"."id" = "code_relationships"."document_id" union all select "code_relationships"."target_code" as "code", "code_relationships"."source_code" as "related_code", 'in' as "direction", "related"."descriptor" as "related_descriptor", "code_relationships"."relationship", "code_relationships"."marked_add_on", "code_relationships"."position", "source_documents"."path" as "source_path", "code_relationships"."line" from "code_relationships" inner join "codes" "related" on "related"."code" = "code_relationships"."source_code" inner join "source_documents" on "source_documents"."id" = "code_relationships"."document_id";--> statement-breakpoint
CREATE VIEW `unknown_fields` AS select "unavailable_markers"."procedure_code", "unavailable_markers"."scope", "unavailable_markers"."item_key", "unavailable_markers"."field", "unavailable_markers"."reason", "source_documents"."path" as "source_path", "unavailable_markers"."line", CASE "unavailable_markers"."scope" || '.' || "unavailable_markers"."field" WHEN 'record.descriptor' THEN (SELECT (SELECT "source_documents"."path" FROM "source_documents" WHERE "source_documents"."id" = "codes"."descriptor_document_id") FROM "codes" WHERE "codes"."code" = "unavailable_markers"."item_key") WHEN 'relatedCodes.descriptor' THEN (SELECT (SELECT "source_documents"."path" FROM "source_documents" WHERE "source_documents"."id" = "codes"."descriptor_document_id") FROM "codes" WHERE "codes"."code" = "unavailable_markers"."item_key") WHEN 'modifiers.description' THEN (SELECT (SELECT "source_documents"."path" FROM "source_documents" WHERE "source_documents"."id" = "modifiers"."description_document_id") FROM "modifiers" WHERE "modifiers"."code" = "unavailable_markers"."item_key") WHEN 'diagnoses.description' THEN (SELECT (SELECT "source_documents"."path" FROM "source_documents" WHERE "source_documents"."id" = "diagnoses"."description_document_id") FROM "diagnoses" WHERE "diagnoses"."code" = "unavailable_markers"."item_key") WHEN 'taxonomies.specialty' THEN (SELECT (SELECT "source_documents"."path" FROM "source_documents" WHERE "source_documents"."id" = "taxonomies"."specialty_document_id") FROM "taxonomies" WHERE "taxonomies"."code" = "unavailable_markers"."item_key") END as "filled_from" from "unavailable_markers" inner join "source_documents" on "source_documents"."id" = "unavailable_markers"."document_id";
