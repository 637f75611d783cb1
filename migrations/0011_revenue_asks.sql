CREATE TABLE "ask_stats" (
	"test_id" uuid NOT NULL,
	"variant_id" text NOT NULL,
	"day" date NOT NULL,
	"country" text DEFAULT '' NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	"clicks" integer DEFAULT 0 NOT NULL,
	"closes" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ask_stats_test_id_variant_id_day_country_pk" PRIMARY KEY("test_id","variant_id","day","country")
);
--> statement-breakpoint
CREATE TABLE "ask_tests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"slot" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"priority" integer DEFAULT 0 NOT NULL,
	"targeting" jsonb NOT NULL,
	"caps" jsonb NOT NULL,
	"variants" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ask_tests_slot_check" CHECK ("ask_tests"."slot" in ('epic', 'banner', 'thank-you')),
	CONSTRAINT "ask_tests_status_check" CHECK ("ask_tests"."status" in ('draft', 'live', 'stopped'))
);
--> statement-breakpoint
ALTER TABLE "ask_stats" ADD CONSTRAINT "ask_stats_test_id_ask_tests_id_fk" FOREIGN KEY ("test_id") REFERENCES "public"."ask_tests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ask_stats_day_idx" ON "ask_stats" USING btree ("day");