CREATE TABLE `column_descriptions` (
	`table_name` text NOT NULL,
	`column_name` text NOT NULL,
	`position` integer NOT NULL,
	`type` text NOT NULL,
	`nullable` integer NOT NULL,
	`description` text NOT NULL,
	PRIMARY KEY(`table_name`, `column_name`),
	FOREIGN KEY (`table_name`) REFERENCES `table_descriptions`(`name`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "column_descriptions_type" CHECK("column_descriptions"."type" IN ('text', 'integer', 'boolean'))
);
--> statement-breakpoint
CREATE TABLE `database_metadata` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `table_descriptions` (
	`name` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`one_row_per` text NOT NULL,
	`description` text NOT NULL,
	CONSTRAINT "table_descriptions_kind" CHECK("table_descriptions"."kind" IN ('table', 'view', 'virtual table'))
);
