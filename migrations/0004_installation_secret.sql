-- One row for the whole installation: a secret made once, when this migration runs, and never shown
-- by the API. Client snapshots mix a value derived from it into the salts of hashed lists, so two
-- installations hash the same user id differently (docs/bucketing-contract.md, section 5).
CREATE TABLE "installation" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL CHECK ("id"),
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- gen_random_uuid() draws from a strong random source (PostgreSQL 13+, PGlite): 244 random bits.
INSERT INTO "installation" ("secret") VALUES (replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
