CREATE TABLE "payment_refunds" (
	"provider" text NOT NULL,
	"payment_ref" text NOT NULL,
	"invoice_ref" text,
	"refunded_minor" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_refunds_provider_payment_ref_pk" PRIMARY KEY("provider","payment_ref")
);
--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "payment_ref" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "refunded_minor" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "refunded_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "payment_refunds_invoice_idx" ON "payment_refunds" USING btree ("provider","invoice_ref");--> statement-breakpoint
CREATE INDEX "payments_payment_ref_idx" ON "payments" USING btree ("provider","payment_ref");--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_refund_check" CHECK ("payments"."refunded_minor" between 0 and "payments"."amount_minor");