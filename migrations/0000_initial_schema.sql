CREATE TABLE `code_relationships` (
	`source_code` text NOT NULL,
	`document_id` integer NOT NULL,
	`target_code` text NOT NULL,
	`position` integer NOT NULL,
	`line` integer NOT NULL,
	`relationship` text,
	`stated_descriptor` text,
	PRIMARY KEY(`source_code`, `target_code`),
	FOREIGN KEY (`target_code`) REFERENCES `codes`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_code`,`document_id`) REFERENCES `procedures`(`code`,`document_id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "code_relationships_relationship_text" CHECK("code_relationships"."relationship" IS NULL OR ("code_relationships"."relationship" = trim("code_relationships"."relationship") AND "code_relationships"."relationship" <> '' AND "code_relationships"."relationship" NOT LIKE 'Data not available in the input%')),
	CONSTRAINT "code_relationships_stated_descriptor_text" CHECK("code_relationships"."stated_descriptor" IS NULL OR ("code_relationships"."stated_descriptor" = trim("code_relationships"."stated_descriptor") AND "code_relationships"."stated_descriptor" <> '' AND "code_relationships"."stated_descriptor" NOT LIKE 'Data not available in the input%')),
	CONSTRAINT "code_relationships_not_self" CHECK("code_relationships"."source_code" <> "code_relationships"."target_code")
);
--> statement-breakpoint
CREATE INDEX `code_relationships_target` ON `code_relationships` (`target_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `code_relationships_position` ON `code_relationships` (`source_code`,`position`);--> statement-breakpoint
CREATE TABLE `codes` (
	`code` text PRIMARY KEY NOT NULL,
	`code_system` text NOT NULL,
	`code_category` text NOT NULL,
	`descriptor` text,
	`descriptor_document_id` integer,
	FOREIGN KEY (`descriptor_document_id`) REFERENCES `source_documents`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "codes_format" CHECK(("codes"."code" GLOB '[0-9][0-9][0-9][0-9][0-9]' AND "codes"."code_system" = 'CPT' AND "codes"."code_category" = 'Category I') OR ("codes"."code" GLOB '[0-9][0-9][0-9][0-9]F' AND "codes"."code_system" = 'CPT' AND "codes"."code_category" = 'Category II') OR ("codes"."code" GLOB '[0-9][0-9][0-9][0-9]T' AND "codes"."code_system" = 'CPT' AND "codes"."code_category" = 'Category III') OR ("codes"."code" GLOB '[0-9][0-9][0-9][0-9]U' AND "codes"."code_system" = 'CPT' AND "codes"."code_category" = 'PLA') OR ("codes"."code" GLOB '[A-Z][0-9][0-9][0-9][0-9]' AND "codes"."code_system" = 'HCPCS' AND "codes"."code_category" = 'Level II')),
	CONSTRAINT "codes_descriptor_text" CHECK("codes"."descriptor" IS NULL OR ("codes"."descriptor" = trim("codes"."descriptor") AND "codes"."descriptor" <> '' AND "codes"."descriptor" NOT LIKE 'Data not available in the input%')),
	CONSTRAINT "codes_descriptor_source" CHECK(("codes"."descriptor" IS NULL) = ("codes"."descriptor_document_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE `diagnoses` (
	`code` text PRIMARY KEY NOT NULL,
	`code_dotless` text NOT NULL,
	`description` text,
	`description_document_id` integer,
	FOREIGN KEY (`description_document_id`) REFERENCES `source_documents`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "diagnoses_dotless" CHECK("diagnoses"."code_dotless" = replace("diagnoses"."code", '.', '')),
	CONSTRAINT "diagnoses_code" CHECK("diagnoses"."code" GLOB '[A-Z][0-9][0-9A-Z]*' AND length("diagnoses"."code") BETWEEN 3 AND 8),
	CONSTRAINT "diagnoses_description_text" CHECK("diagnoses"."description" IS NULL OR ("diagnoses"."description" = trim("diagnoses"."description") AND "diagnoses"."description" <> '' AND "diagnoses"."description" NOT LIKE 'Data not available in the input%')),
	CONSTRAINT "diagnoses_description_source" CHECK(("diagnoses"."description" IS NULL) = ("diagnoses"."description_document_id" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `diagnoses_code_dotless_unique` ON `diagnoses` (`code_dotless`);--> statement-breakpoint
CREATE TABLE `ingest_diagnostics` (
	`id` integer PRIMARY KEY NOT NULL,
	`document_id` integer NOT NULL,
	`line` integer,
	`severity` text NOT NULL,
	`rule` text NOT NULL,
	`message` text NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `source_documents`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "ingest_diagnostics_severity" CHECK("ingest_diagnostics"."severity" IN ('error', 'warning'))
);
--> statement-breakpoint
CREATE INDEX `ingest_diagnostics_document` ON `ingest_diagnostics` (`document_id`);--> statement-breakpoint
CREATE TABLE `ingest_runs` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`started_at` text NOT NULL,
	`tool_version` text NOT NULL,
	CONSTRAINT "ingest_runs_kind" CHECK("ingest_runs"."kind" IN ('provision', 'ingest'))
);
--> statement-breakpoint
CREATE TABLE `modifiers` (
	`code` text PRIMARY KEY NOT NULL,
	`description` text,
	`description_document_id` integer,
	FOREIGN KEY (`description_document_id`) REFERENCES `source_documents`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "modifiers_code" CHECK("modifiers"."code" GLOB '[0-9A-Z][0-9A-Z]'),
	CONSTRAINT "modifiers_description_text" CHECK("modifiers"."description" IS NULL OR ("modifiers"."description" = trim("modifiers"."description") AND "modifiers"."description" <> '' AND "modifiers"."description" NOT LIKE 'Data not available in the input%')),
	CONSTRAINT "modifiers_description_source" CHECK(("modifiers"."description" IS NULL) = ("modifiers"."description_document_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE `payers` (
	`name` text PRIMARY KEY NOT NULL,
	CONSTRAINT "payers_name_text" CHECK("payers"."name" = trim("payers"."name") AND "payers"."name" <> '' AND "payers"."name" NOT LIKE 'Data not available in the input%')
);
--> statement-breakpoint
CREATE TABLE `procedure_diagnoses` (
	`procedure_code` text NOT NULL,
	`document_id` integer NOT NULL,
	`diagnosis_code` text NOT NULL,
	`position` integer NOT NULL,
	`line` integer NOT NULL,
	`clinical_relevance` text,
	`stated_description` text,
	PRIMARY KEY(`procedure_code`, `diagnosis_code`),
	FOREIGN KEY (`diagnosis_code`) REFERENCES `diagnoses`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`procedure_code`,`document_id`) REFERENCES `procedures`(`code`,`document_id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "procedure_diagnoses_clinical_relevance_text" CHECK("procedure_diagnoses"."clinical_relevance" IS NULL OR ("procedure_diagnoses"."clinical_relevance" = trim("procedure_diagnoses"."clinical_relevance") AND "procedure_diagnoses"."clinical_relevance" <> '' AND "procedure_diagnoses"."clinical_relevance" NOT LIKE 'Data not available in the input%')),
	CONSTRAINT "procedure_diagnoses_stated_description_text" CHECK("procedure_diagnoses"."stated_description" IS NULL OR ("procedure_diagnoses"."stated_description" = trim("procedure_diagnoses"."stated_description") AND "procedure_diagnoses"."stated_description" <> '' AND "procedure_diagnoses"."stated_description" NOT LIKE 'Data not available in the input%'))
);
--> statement-breakpoint
CREATE INDEX `procedure_diagnoses_diagnosis` ON `procedure_diagnoses` (`diagnosis_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `procedure_diagnoses_position` ON `procedure_diagnoses` (`procedure_code`,`position`);--> statement-breakpoint
CREATE TABLE `procedure_modifiers` (
	`procedure_code` text NOT NULL,
	`document_id` integer NOT NULL,
	`modifier_code` text NOT NULL,
	`position` integer NOT NULL,
	`line` integer NOT NULL,
	`when_to_use` text,
	`stated_description` text,
	PRIMARY KEY(`procedure_code`, `modifier_code`),
	FOREIGN KEY (`modifier_code`) REFERENCES `modifiers`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`procedure_code`,`document_id`) REFERENCES `procedures`(`code`,`document_id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "procedure_modifiers_when_to_use_text" CHECK("procedure_modifiers"."when_to_use" IS NULL OR ("procedure_modifiers"."when_to_use" = trim("procedure_modifiers"."when_to_use") AND "procedure_modifiers"."when_to_use" <> '' AND "procedure_modifiers"."when_to_use" NOT LIKE 'Data not available in the input%')),
	CONSTRAINT "procedure_modifiers_stated_description_text" CHECK("procedure_modifiers"."stated_description" IS NULL OR ("procedure_modifiers"."stated_description" = trim("procedure_modifiers"."stated_description") AND "procedure_modifiers"."stated_description" <> '' AND "procedure_modifiers"."stated_description" NOT LIKE 'Data not available in the input%'))
);
--> statement-breakpoint
CREATE INDEX `procedure_modifiers_modifier` ON `procedure_modifiers` (`modifier_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `procedure_modifiers_position` ON `procedure_modifiers` (`procedure_code`,`position`);--> statement-breakpoint
CREATE TABLE `procedure_payers` (
	`procedure_code` text NOT NULL,
	`document_id` integer NOT NULL,
	`payer_name` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`procedure_code`, `payer_name`),
	FOREIGN KEY (`payer_name`) REFERENCES `payers`(`name`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`procedure_code`,`document_id`) REFERENCES `procedures`(`code`,`document_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `procedure_payers_payer` ON `procedure_payers` (`payer_name`);--> statement-breakpoint
CREATE UNIQUE INDEX `procedure_payers_position` ON `procedure_payers` (`procedure_code`,`position`);--> statement-breakpoint
CREATE TABLE `procedure_sites` (
	`procedure_code` text NOT NULL,
	`document_id` integer NOT NULL,
	`position` integer NOT NULL,
	`site` text NOT NULL,
	PRIMARY KEY(`procedure_code`, `position`),
	FOREIGN KEY (`procedure_code`,`document_id`) REFERENCES `procedures`(`code`,`document_id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "procedure_sites_site_text" CHECK("procedure_sites"."site" = trim("procedure_sites"."site") AND "procedure_sites"."site" <> '' AND "procedure_sites"."site" NOT LIKE 'Data not available in the input%')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `procedure_sites_site` ON `procedure_sites` (`procedure_code`,`site`);--> statement-breakpoint
CREATE TABLE `procedure_taxonomies` (
	`procedure_code` text NOT NULL,
	`document_id` integer NOT NULL,
	`taxonomy_code` text NOT NULL,
	`position` integer NOT NULL,
	`line` integer NOT NULL,
	`notes` text,
	`stated_specialty` text,
	PRIMARY KEY(`procedure_code`, `taxonomy_code`),
	FOREIGN KEY (`taxonomy_code`) REFERENCES `taxonomies`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`procedure_code`,`document_id`) REFERENCES `procedures`(`code`,`document_id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "procedure_taxonomies_notes_text" CHECK("procedure_taxonomies"."notes" IS NULL OR ("procedure_taxonomies"."notes" = trim("procedure_taxonomies"."notes") AND "procedure_taxonomies"."notes" <> '' AND "procedure_taxonomies"."notes" NOT LIKE 'Data not available in the input%')),
	CONSTRAINT "procedure_taxonomies_stated_specialty_text" CHECK("procedure_taxonomies"."stated_specialty" IS NULL OR ("procedure_taxonomies"."stated_specialty" = trim("procedure_taxonomies"."stated_specialty") AND "procedure_taxonomies"."stated_specialty" <> '' AND "procedure_taxonomies"."stated_specialty" NOT LIKE 'Data not available in the input%'))
);
--> statement-breakpoint
CREATE INDEX `procedure_taxonomies_taxonomy` ON `procedure_taxonomies` (`taxonomy_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `procedure_taxonomies_position` ON `procedure_taxonomies` (`procedure_code`,`position`);--> statement-breakpoint
CREATE TABLE `procedure_workflow_steps` (
	`procedure_code` text NOT NULL,
	`document_id` integer NOT NULL,
	`phase` text NOT NULL,
	`description` text NOT NULL,
	PRIMARY KEY(`procedure_code`, `phase`),
	FOREIGN KEY (`procedure_code`,`document_id`) REFERENCES `procedures`(`code`,`document_id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "procedure_workflow_steps_phase" CHECK("procedure_workflow_steps"."phase" IN ('preoperative', 'intraoperative', 'postoperative')),
	CONSTRAINT "procedure_workflow_steps_description_text" CHECK("procedure_workflow_steps"."description" = trim("procedure_workflow_steps"."description") AND "procedure_workflow_steps"."description" <> '' AND "procedure_workflow_steps"."description" NOT LIKE 'Data not available in the input%')
);
--> statement-breakpoint
CREATE TABLE `procedures` (
	`code` text PRIMARY KEY NOT NULL,
	`document_id` integer NOT NULL,
	`title` text,
	`summary` text,
	`billing_overview` text,
	`service_type` text,
	`clinical_vignette` text,
	`stated_descriptor` text,
	`stated_descriptor_line` integer,
	FOREIGN KEY (`code`) REFERENCES `codes`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `source_documents`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "procedures_title_text" CHECK("procedures"."title" IS NULL OR ("procedures"."title" = trim("procedures"."title") AND "procedures"."title" <> '' AND "procedures"."title" NOT LIKE 'Data not available in the input%')),
	CONSTRAINT "procedures_summary_text" CHECK("procedures"."summary" IS NULL OR ("procedures"."summary" = trim("procedures"."summary") AND "procedures"."summary" <> '' AND "procedures"."summary" NOT LIKE 'Data not available in the input%')),
	CONSTRAINT "procedures_billing_overview_text" CHECK("procedures"."billing_overview" IS NULL OR ("procedures"."billing_overview" = trim("procedures"."billing_overview") AND "procedures"."billing_overview" <> '' AND "procedures"."billing_overview" NOT LIKE 'Data not available in the input%')),
	CONSTRAINT "procedures_service_type_text" CHECK("procedures"."service_type" IS NULL OR ("procedures"."service_type" = trim("procedures"."service_type") AND "procedures"."service_type" <> '' AND "procedures"."service_type" NOT LIKE 'Data not available in the input%')),
	CONSTRAINT "procedures_clinical_vignette_text" CHECK("procedures"."clinical_vignette" IS NULL OR ("procedures"."clinical_vignette" = trim("procedures"."clinical_vignette") AND "procedures"."clinical_vignette" <> '' AND "procedures"."clinical_vignette" NOT LIKE 'Data not available in the input%')),
	CONSTRAINT "procedures_stated_descriptor_text" CHECK("procedures"."stated_descriptor" IS NULL OR ("procedures"."stated_descriptor" = trim("procedures"."stated_descriptor") AND "procedures"."stated_descriptor" <> '' AND "procedures"."stated_descriptor" NOT LIKE 'Data not available in the input%'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `procedures_document_id_unique` ON `procedures` (`document_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `procedures_code_document` ON `procedures` (`code`,`document_id`);--> statement-breakpoint
CREATE TABLE `source_documents` (
	`id` integer PRIMARY KEY NOT NULL,
	`path` text NOT NULL,
	`sha256` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`ingest_run_id` integer NOT NULL,
	FOREIGN KEY (`ingest_run_id`) REFERENCES `ingest_runs`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "source_documents_sha256" CHECK(length("source_documents"."sha256") = 64 AND "source_documents"."sha256" NOT GLOB '*[^0-9a-f]*'),
	CONSTRAINT "source_documents_size" CHECK("source_documents"."size_bytes" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `source_documents_path_unique` ON `source_documents` (`path`);--> statement-breakpoint
CREATE TABLE `taxonomies` (
	`code` text PRIMARY KEY NOT NULL,
	`specialty` text,
	`specialty_document_id` integer,
	FOREIGN KEY (`specialty_document_id`) REFERENCES `source_documents`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "taxonomies_code" CHECK("taxonomies"."code" GLOB '[0-9][0-9][0-9][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z]X'),
	CONSTRAINT "taxonomies_specialty_text" CHECK("taxonomies"."specialty" IS NULL OR ("taxonomies"."specialty" = trim("taxonomies"."specialty") AND "taxonomies"."specialty" <> '' AND "taxonomies"."specialty" NOT LIKE 'Data not available in the input%')),
	CONSTRAINT "taxonomies_specialty_source" CHECK(("taxonomies"."specialty" IS NULL) = ("taxonomies"."specialty_document_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE `unavailable_markers` (
	`procedure_code` text NOT NULL,
	`document_id` integer NOT NULL,
	`scope` text NOT NULL,
	`item_key` text NOT NULL,
	`field` text NOT NULL,
	`reason` text NOT NULL,
	`line` integer,
	PRIMARY KEY(`document_id`, `scope`, `item_key`, `field`),
	FOREIGN KEY (`procedure_code`,`document_id`) REFERENCES `procedures`(`code`,`document_id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "unavailable_markers_field" CHECK("unavailable_markers"."scope" || '.' || "unavailable_markers"."field" IN ('record.title', 'record.descriptor', 'record.summary', 'record.billingOverview', 'record.serviceType', 'record.sitesOfService', 'record.clinicalVignette', 'record.preoperativeWorkflow', 'record.intraoperativeWorkflow', 'record.postoperativeWorkflow', 'record.modifiers', 'record.relatedCodes', 'record.diagnoses', 'record.taxonomies', 'record.payers', 'modifiers.description', 'modifiers.whenToUse', 'relatedCodes.descriptor', 'relatedCodes.relationship', 'diagnoses.description', 'diagnoses.clinicalRelevance', 'taxonomies.specialty', 'taxonomies.notes')),
	CONSTRAINT "unavailable_markers_reason" CHECK("unavailable_markers"."reason" IN ('marked unavailable', 'section absent', 'not stated'))
);
--> statement-breakpoint
CREATE INDEX `unavailable_markers_procedure_code` ON `unavailable_markers` (`procedure_code`);--> statement-breakpoint
CREATE VIEW `catalog_claims` AS SELECT 'code' AS catalog, "procedures"."code" AS code, "procedures"."stated_descriptor" AS value, "procedures"."document_id" AS document_id, "procedures"."stated_descriptor_line" AS line, 1 AS is_own FROM "procedures" UNION ALL SELECT 'code' AS catalog, "code_relationships"."target_code" AS code, "code_relationships"."stated_descriptor" AS value, "code_relationships"."document_id" AS document_id, "code_relationships"."line" AS line, 0 AS is_own FROM "code_relationships" UNION ALL SELECT 'modifier' AS catalog, "procedure_modifiers"."modifier_code" AS code, "procedure_modifiers"."stated_description" AS value, "procedure_modifiers"."document_id" AS document_id, "procedure_modifiers"."line" AS line, 0 AS is_own FROM "procedure_modifiers" UNION ALL SELECT 'diagnosis' AS catalog, "procedure_diagnoses"."diagnosis_code" AS code, "procedure_diagnoses"."stated_description" AS value, "procedure_diagnoses"."document_id" AS document_id, "procedure_diagnoses"."line" AS line, 0 AS is_own FROM "procedure_diagnoses" UNION ALL SELECT 'taxonomy' AS catalog, "procedure_taxonomies"."taxonomy_code" AS code, "procedure_taxonomies"."stated_specialty" AS value, "procedure_taxonomies"."document_id" AS document_id, "procedure_taxonomies"."line" AS line, 0 AS is_own FROM "procedure_taxonomies";--> statement-breakpoint
CREATE VIEW `diagnosis_usage` AS select "procedure_diagnoses"."procedure_code", "procedure_diagnoses"."diagnosis_code", "diagnoses"."code_dotless" as "diagnosis_code_dotless", "diagnoses"."description", "procedure_diagnoses"."clinical_relevance", "procedure_diagnoses"."position", "source_documents"."path" as "source_path", "procedure_diagnoses"."line" from "procedure_diagnoses" inner join "diagnoses" on "diagnoses"."code" = "procedure_diagnoses"."diagnosis_code" inner join "source_documents" on "source_documents"."id" = "procedure_diagnoses"."document_id";--> statement-breakpoint
CREATE VIEW `modifier_usage` AS select "procedure_modifiers"."procedure_code", "procedure_modifiers"."modifier_code", "modifiers"."description", "procedure_modifiers"."when_to_use", "procedure_modifiers"."position", "source_documents"."path" as "source_path", "procedure_modifiers"."line" from "procedure_modifiers" inner join "modifiers" on "modifiers"."code" = "procedure_modifiers"."modifier_code" inner join "source_documents" on "source_documents"."id" = "procedure_modifiers"."document_id";--> statement-breakpoint
CREATE VIEW `procedure_overview` AS select "procedures"."code", "codes"."code_system", "codes"."code_category", "procedures"."title", "codes"."descriptor", "procedures"."service_type", CASE WHEN EXISTS (SELECT 1 FROM "unavailable_markers" WHERE "unavailable_markers"."procedure_code" = "procedures"."code" AND "unavailable_markers"."scope" = 'record' AND "unavailable_markers"."field" = 'sitesOfService') THEN NULL ELSE (SELECT count(*) FROM "procedure_sites" WHERE "procedure_sites"."procedure_code" = "procedures"."code") END as "site_count", CASE WHEN EXISTS (SELECT 1 FROM "unavailable_markers" WHERE "unavailable_markers"."procedure_code" = "procedures"."code" AND "unavailable_markers"."scope" = 'record' AND "unavailable_markers"."field" = 'modifiers') THEN NULL ELSE (SELECT count(*) FROM "procedure_modifiers" WHERE "procedure_modifiers"."procedure_code" = "procedures"."code") END as "modifier_count", CASE WHEN EXISTS (SELECT 1 FROM "unavailable_markers" WHERE "unavailable_markers"."procedure_code" = "procedures"."code" AND "unavailable_markers"."scope" = 'record' AND "unavailable_markers"."field" = 'relatedCodes') THEN NULL ELSE (SELECT count(*) FROM "code_relationships" WHERE "code_relationships"."source_code" = "procedures"."code") END as "related_code_count", CASE WHEN EXISTS (SELECT 1 FROM "unavailable_markers" WHERE "unavailable_markers"."procedure_code" = "procedures"."code" AND "unavailable_markers"."scope" = 'record' AND "unavailable_markers"."field" = 'diagnoses') THEN NULL ELSE (SELECT count(*) FROM "procedure_diagnoses" WHERE "procedure_diagnoses"."procedure_code" = "procedures"."code") END as "diagnosis_count", CASE WHEN EXISTS (SELECT 1 FROM "unavailable_markers" WHERE "unavailable_markers"."procedure_code" = "procedures"."code" AND "unavailable_markers"."scope" = 'record' AND "unavailable_markers"."field" = 'taxonomies') THEN NULL ELSE (SELECT count(*) FROM "procedure_taxonomies" WHERE "procedure_taxonomies"."procedure_code" = "procedures"."code") END as "taxonomy_count", CASE WHEN EXISTS (SELECT 1 FROM "unavailable_markers" WHERE "unavailable_markers"."procedure_code" = "procedures"."code" AND "unavailable_markers"."scope" = 'record' AND "unavailable_markers"."field" = 'payers') THEN NULL ELSE (SELECT count(*) FROM "procedure_payers" WHERE "procedure_payers"."procedure_code" = "procedures"."code") END as "payer_count", (SELECT count(*) FROM "unavailable_markers" WHERE "unavailable_markers"."procedure_code" = "procedures"."code") as "unknown_field_count", "source_documents"."path" as "source_path" from "procedures" inner join "codes" on "codes"."code" = "procedures"."code" inner join "source_documents" on "source_documents"."id" = "procedures"."document_id";--> statement-breakpoint
CREATE VIEW `related_codes` AS select "code_relationships"."source_code" as "code", "code_relationships"."target_code" as "related_code", 'out' as "direction", "related"."descriptor" as "related_descriptor", "code_relationships"."relationship", "code_relationships"."position", "source_documents"."path" as "source_path", "code_relationships"."line" from "code_relationships" inner join "codes" "related" on "related"."code" = "code_relationships"."target_code" inner join "source_documents" on "source_documents"."id" = "code_relationships"."document_id" union all select "code_relationships"."target_code" as "code", "code_relationships"."source_code" as "related_code", 'in' as "direction", "related"."descriptor" as "related_descriptor", "code_relationships"."relationship", "code_relationships"."position", "source_documents"."path" as "source_path", "code_relationships"."line" from "code_relationships" inner join "codes" "related" on "related"."code" = "code_relationships"."source_code" inner join "source_documents" on "source_documents"."id" = "code_relationships"."document_id";--> statement-breakpoint
CREATE VIEW `taxonomy_usage` AS select "procedure_taxonomies"."procedure_code", "procedure_taxonomies"."taxonomy_code", "taxonomies"."specialty", "procedure_taxonomies"."notes", "procedure_taxonomies"."position", "source_documents"."path" as "source_path", "procedure_taxonomies"."line" from "procedure_taxonomies" inner join "taxonomies" on "taxonomies"."code" = "procedure_taxonomies"."taxonomy_code" inner join "source_documents" on "source_documents"."id" = "procedure_taxonomies"."document_id";--> statement-breakpoint
CREATE VIEW `unknown_fields` AS select "unavailable_markers"."procedure_code", "unavailable_markers"."scope", "unavailable_markers"."item_key", "unavailable_markers"."field", "unavailable_markers"."reason", "source_documents"."path" as "source_path", "unavailable_markers"."line", CASE "unavailable_markers"."scope" || '.' || "unavailable_markers"."field" WHEN 'record.descriptor' THEN (SELECT (SELECT "source_documents"."path" FROM "source_documents" WHERE "source_documents"."id" = "codes"."descriptor_document_id") FROM "codes" WHERE "codes"."code" = "unavailable_markers"."item_key") WHEN 'relatedCodes.descriptor' THEN (SELECT (SELECT "source_documents"."path" FROM "source_documents" WHERE "source_documents"."id" = "codes"."descriptor_document_id") FROM "codes" WHERE "codes"."code" = "unavailable_markers"."item_key") WHEN 'modifiers.description' THEN (SELECT (SELECT "source_documents"."path" FROM "source_documents" WHERE "source_documents"."id" = "modifiers"."description_document_id") FROM "modifiers" WHERE "modifiers"."code" = "unavailable_markers"."item_key") WHEN 'diagnoses.description' THEN (SELECT (SELECT "source_documents"."path" FROM "source_documents" WHERE "source_documents"."id" = "diagnoses"."description_document_id") FROM "diagnoses" WHERE "diagnoses"."code" = "unavailable_markers"."item_key") WHEN 'taxonomies.specialty' THEN (SELECT (SELECT "source_documents"."path" FROM "source_documents" WHERE "source_documents"."id" = "taxonomies"."specialty_document_id") FROM "taxonomies" WHERE "taxonomies"."code" = "unavailable_markers"."item_key") END as "filled_from" from "unavailable_markers" inner join "source_documents" on "source_documents"."id" = "unavailable_markers"."document_id";