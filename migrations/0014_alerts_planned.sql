ALTER TABLE "alerts" ADD COLUMN "planned_at" timestamp with time zone;--> statement-breakpoint
-- Alerts already past planning (sending or sent before this column) count as planned.
UPDATE "alerts" SET "planned_at" = "created_at" WHERE "status" IN ('sending', 'sent');
