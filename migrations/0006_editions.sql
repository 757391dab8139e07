-- Editions (issue 12): build_manifest, one row saying what the database is (its edition, when and
-- by what it was built, its counts), and code_changes, what each build run created, updated or
-- removed; a build run may be a removal; the catalogs' value sources are indexed, so removing a
-- document finds the values it supplied without scanning each catalog; catalog conflicts are
-- indexed by their message, which begins with the entry they are about; catalog_claims names the
-- documented code of each claim, so the claims of a few documents are found by index.
CREATE TABLE `build_manifest` (
	`id` integer PRIMARY KEY NOT NULL,
	`edition` text NOT NULL,
	`build_run_id` integer NOT NULL,
	`built_at` text NOT NULL,
	`tool_version` text NOT NULL,
	`migration` text NOT NULL,
	`documents` integer NOT NULL,
	`codes` integer NOT NULL,
	`unknown_values` integer NOT NULL,
	`rejected_documents` integer NOT NULL,
	FOREIGN KEY (`build_run_id`) REFERENCES `build_runs`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "build_manifest_one_row" CHECK("build_manifest"."id" = 1),
	CONSTRAINT "build_manifest_edition" CHECK(length("build_manifest"."edition") = 64 AND "build_manifest"."edition" NOT GLOB '*[^0-9a-f]*')
);
--> statement-breakpoint
CREATE TABLE `code_changes` (
	`id` integer PRIMARY KEY NOT NULL,
	`build_run_id` integer NOT NULL,
	`code` text NOT NULL,
	`change` text NOT NULL,
	`path` text NOT NULL,
	`sha256` text NOT NULL,
	FOREIGN KEY (`build_run_id`) REFERENCES `build_runs`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "code_changes_change" CHECK("code_changes"."change" IN ('created', 'updated', 'removed'))
);
--> statement-breakpoint
CREATE INDEX `code_changes_code` ON `code_changes` (`code`,`build_run_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `code_changes_run_code` ON `code_changes` (`build_run_id`,`code`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_build_runs` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`started_at` text NOT NULL,
	`tool_version` text NOT NULL,
	CONSTRAINT "build_runs_kind" CHECK("__new_build_runs"."kind" IN ('provision', 'ingest', 'remove'))
);
--> statement-breakpoint
INSERT INTO `__new_build_runs`("id", "kind", "started_at", "tool_version") SELECT "id", "kind", "started_at", "tool_version" FROM `build_runs`;--> statement-breakpoint
DROP TABLE `build_runs`;--> statement-breakpoint
ALTER TABLE `__new_build_runs` RENAME TO `build_runs`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `codes_descriptor_document` ON `codes` (`descriptor_document_id`);--> statement-breakpoint
CREATE INDEX `diagnoses_description_document` ON `diagnoses` (`description_document_id`);--> statement-breakpoint
CREATE INDEX `document_diagnostics_rule_message` ON `document_diagnostics` (`rule`,`message`);--> statement-breakpoint
CREATE INDEX `modifiers_description_document` ON `modifiers` (`description_document_id`);--> statement-breakpoint
CREATE INDEX `taxonomies_specialty_document` ON `taxonomies` (`specialty_document_id`);--> statement-breakpoint
DROP VIEW `catalog_claims`;--> statement-breakpoint
CREATE VIEW `catalog_claims` AS SELECT 'code' AS catalog, "procedures"."code" AS code, "procedures"."stated_descriptor" AS value, "procedures"."document_id" AS document_id, "procedures"."code" AS procedure_code, "procedures"."stated_descriptor_line" AS line, 1 AS is_own FROM "procedures" UNION ALL SELECT 'modifier' AS catalog, "procedure_modifiers"."modifier_code" AS code, "procedure_modifiers"."stated_description" AS value, "procedure_modifiers"."document_id" AS document_id, "procedure_modifiers"."procedure_code" AS procedure_code, "procedure_modifiers"."line" AS line, 0 AS is_own FROM "procedure_modifiers" UNION ALL SELECT 'code' AS catalog, "code_relationships"."target_code" AS code, "code_relationships"."stated_descriptor" AS value, "code_relationships"."document_id" AS document_id, "code_relationships"."source_code" AS procedure_code, "code_relationships"."line" AS line, 0 AS is_own FROM "code_relationships" UNION ALL SELECT 'diagnosis' AS catalog, "procedure_diagnoses"."diagnosis_code" AS code, "procedure_diagnoses"."stated_description" AS value, "procedure_diagnoses"."document_id" AS document_id, "procedure_diagnoses"."procedure_code" AS procedure_code, "procedure_diagnoses"."line" AS line, 0 AS is_own FROM "procedure_diagnoses" UNION ALL SELECT 'taxonomy' AS catalog, "procedure_taxonomies"."taxonomy_code" AS code, "procedure_taxonomies"."stated_specialty" AS value, "procedure_taxonomies"."document_id" AS document_id, "procedure_taxonomies"."procedure_code" AS procedure_code, "procedure_taxonomies"."line" AS line, 0 AS is_own FROM "procedure_taxonomies";