CREATE TABLE "page_revisions" (
	"page_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"actor" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "page_revisions_page_id_version_pk" PRIMARY KEY("page_id","version")
);
--> statement-breakpoint
CREATE TABLE "pages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"body" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"body_text" text DEFAULT '' NOT NULL,
	"published_at" timestamp with time zone,
	"updated_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pages_slug_unique" UNIQUE("slug"),
	CONSTRAINT "pages_status_check" CHECK ("pages"."status" in ('draft', 'published'))
);
--> statement-breakpoint
CREATE TABLE "front_schedules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"front_id" uuid NOT NULL,
	"layout" jsonb NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "front_schedules_state_check" CHECK ("front_schedules"."state" in ('pending', 'published', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "front_versions" (
	"front_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"layout" jsonb NOT NULL,
	"note" text DEFAULT 'published' NOT NULL,
	"actor" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "front_versions_front_id_number_pk" PRIMARY KEY("front_id","number")
);
--> statement-breakpoint
CREATE TABLE "fronts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"edition" text,
	"section_id" uuid,
	"draft" jsonb NOT NULL,
	"draft_version" integer DEFAULT 1 NOT NULL,
	"draft_saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"draft_actor" text DEFAULT '' NOT NULL,
	"published" jsonb,
	"published_number" integer,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fronts_scope_check" CHECK (("fronts"."edition" is null) <> ("fronts"."section_id" is null))
);
--> statement-breakpoint
CREATE TABLE "navigation_menus" (
	"edition" text NOT NULL,
	"menu" text NOT NULL,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"actor" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "navigation_menus_edition_menu_pk" PRIMARY KEY("edition","menu"),
	CONSTRAINT "navigation_menus_menu_check" CHECK ("navigation_menus"."menu" in ('header', 'footer'))
);
--> statement-breakpoint
ALTER TABLE "page_revisions" ADD CONSTRAINT "page_revisions_page_id_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "front_schedules" ADD CONSTRAINT "front_schedules_front_id_fronts_id_fk" FOREIGN KEY ("front_id") REFERENCES "public"."fronts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "front_versions" ADD CONSTRAINT "front_versions_front_id_fronts_id_fk" FOREIGN KEY ("front_id") REFERENCES "public"."fronts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fronts" ADD CONSTRAINT "fronts_edition_editions_code_fk" FOREIGN KEY ("edition") REFERENCES "public"."editions"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fronts" ADD CONSTRAINT "fronts_section_id_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."sections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "navigation_menus" ADD CONSTRAINT "navigation_menus_edition_editions_code_fk" FOREIGN KEY ("edition") REFERENCES "public"."editions"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "front_schedules_front_idx" ON "front_schedules" USING btree ("front_id","run_at");--> statement-breakpoint
CREATE UNIQUE INDEX "fronts_edition_idx" ON "fronts" USING btree ("edition");--> statement-breakpoint
CREATE UNIQUE INDEX "fronts_section_idx" ON "fronts" USING btree ("section_id");
