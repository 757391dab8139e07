-- Full-text search over each documented code (SQLite FTS5, ranked with bm25): its title,
-- descriptor, summary, clinical context and modifier guidance, one row per source document
-- (rowid = source_documents.id), filled from the code_search_source view. A virtual table is
-- beyond drizzle-kit, so this migration is written by hand (drizzle-kit generate --custom).
CREATE VIRTUAL TABLE `code_search` USING fts5(
	code UNINDEXED,
	title,
	descriptor,
	summary,
	clinical_context,
	modifier_guidance,
	tokenize = 'porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
-- A document's search row goes with it (ingest replaces documents by deleting them).
CREATE TRIGGER `source_documents_leave_code_search` AFTER DELETE ON `source_documents` BEGIN
	DELETE FROM `code_search` WHERE rowid = old.id;
END;
--> statement-breakpoint
-- Databases migrated from before this index get it filled now.
INSERT INTO `code_search` (rowid, code, title, descriptor, summary, clinical_context, modifier_guidance)
SELECT document_id, code, title, descriptor, summary, clinical_context, modifier_guidance FROM `code_search_source`;
