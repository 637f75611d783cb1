ALTER TABLE "consents" ADD COLUMN "source" text DEFAULT 'registration' NOT NULL;--> statement-breakpoint
ALTER TABLE "consents" ADD COLUMN "seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "consents_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_source_check" CHECK ("consents"."source" in ('registration', 'consents-page'));--> statement-breakpoint
CREATE INDEX "consents_user_kind_idx" ON "consents" USING btree ("user_id","kind","seq");
