-- Reference data: the two editions Masthead ships with. Each has its own home page, and
-- datelines on its pages are shown in its zone.
INSERT INTO "editions" ("code", "name", "time_zone", "locale", "position") VALUES
  ('uk', 'UK edition', 'Europe/London', 'en-GB', 1),
  ('us', 'US edition', 'America/New_York', 'en-US', 2)
ON CONFLICT ("code") DO NOTHING;
