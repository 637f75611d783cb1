ALTER TABLE "sessions" ADD COLUMN "enrol_until" timestamp with time zone;
