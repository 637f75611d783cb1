CREATE TABLE "kept_assets" (
	"name" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"etag" text NOT NULL,
	"body" "bytea" NOT NULL,
	"last_built_at" timestamp with time zone DEFAULT now() NOT NULL
);
