CREATE TABLE "live_blogs" (
	"article_id" uuid PRIMARY KEY NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"entry_order" text DEFAULT 'newest' NOT NULL,
	"hold_entries" boolean DEFAULT false NOT NULL,
	"coverage_started_at" timestamp with time zone,
	"coverage_ended_at" timestamp with time zone,
	"last_position" integer DEFAULT 0 NOT NULL,
	"last_change" bigint DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "live_blogs_state_check" CHECK ("live_blogs"."state" in ('open', 'closed')),
	CONSTRAINT "live_blogs_order_check" CHECK ("live_blogs"."entry_order" in ('newest', 'oldest'))
);
--> statement-breakpoint
CREATE TABLE "live_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"article_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"body" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"body_text" text DEFAULT '' NOT NULL,
	"key_event" boolean DEFAULT false NOT NULL,
	"pinned" boolean DEFAULT false NOT NULL,
	"position" integer,
	"published_at" timestamp with time zone,
	"scheduled_at" timestamp with time zone,
	"updated_at" timestamp with time zone,
	"last_change" bigint DEFAULT 0 NOT NULL,
	"created_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_entries_status_check" CHECK ("live_entries"."status" in ('draft', 'held', 'scheduled', 'published', 'deleted'))
);
--> statement-breakpoint
CREATE TABLE "live_entry_authors" (
	"entry_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "live_entry_authors_entry_id_author_id_pk" PRIMARY KEY("entry_id","author_id")
);
--> statement-breakpoint
ALTER TABLE "live_blogs" ADD CONSTRAINT "live_blogs_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_entries" ADD CONSTRAINT "live_entries_article_id_live_blogs_article_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."live_blogs"("article_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_entry_authors" ADD CONSTRAINT "live_entry_authors_entry_id_live_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."live_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_entry_authors" ADD CONSTRAINT "live_entry_authors_author_id_authors_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."authors"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "live_entries_position_idx" ON "live_entries" USING btree ("article_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "live_entries_pinned_idx" ON "live_entries" USING btree ("article_id") WHERE "live_entries"."pinned";--> statement-breakpoint
CREATE INDEX "live_entries_change_idx" ON "live_entries" USING btree ("article_id","last_change");--> statement-breakpoint
CREATE INDEX "live_entries_status_idx" ON "live_entries" USING btree ("article_id","status");--> statement-breakpoint
CREATE INDEX "live_entry_authors_author_idx" ON "live_entry_authors" USING btree ("author_id");