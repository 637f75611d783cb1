CREATE TABLE "front_presence" (
	"front_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "front_presence_front_id_user_id_pk" PRIMARY KEY("front_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "front_presence" ADD CONSTRAINT "front_presence_front_id_fronts_id_fk" FOREIGN KEY ("front_id") REFERENCES "public"."fronts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "front_presence" ADD CONSTRAINT "front_presence_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "front_presence_seen_idx" ON "front_presence" USING btree ("seen_at");
