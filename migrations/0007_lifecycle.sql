-- Flag lifecycle and cleanup (issue 9). Expand only: new tables and one nullable column.

-- Why a change was made, when the person or job said (an expiry extension, a cleanup run).
ALTER TABLE "audit_log" ADD COLUMN "reason" text;
--> statement-breakpoint
-- When SDKs first and last evaluated a flag in an environment, kept past the signal buckets' retention
-- (the retention job rolls buckets up here before it deletes them).
CREATE TABLE "flag_sightings" (
  "environment_key" text NOT NULL,
  "flag_key" text NOT NULL,
  "first_seen_at" timestamp with time zone NOT NULL,
  "last_seen_at" timestamp with time zone NOT NULL,
  CONSTRAINT "flag_sightings_pk" PRIMARY KEY ("environment_key", "flag_key")
);
--> statement-breakpoint
-- One row per cleanup run. A scheduled run claims its slot (the period it covers): a second replica
-- asking for the same slot inserts nothing and does nothing, so each period runs exactly once.
CREATE TABLE "cleanup_runs" (
  "id" bigserial PRIMARY KEY,
  "slot" text UNIQUE,
  "trigger" text NOT NULL,
  "actor" text NOT NULL,
  "ran_at" timestamp with time zone NOT NULL,
  "flagged" integer NOT NULL DEFAULT 0,
  "owners" integer NOT NULL DEFAULT 0,
  "notified" integer NOT NULL DEFAULT 0
);
--> statement-breakpoint
-- The reasons the last cleanup run found per flag ('' when a reason is not about one environment).
CREATE TABLE "flag_cleanup_marks" (
  "flag_key" text NOT NULL REFERENCES "flags"("key"),
  "code" text NOT NULL,
  "environment_key" text NOT NULL DEFAULT '',
  "first_marked_at" timestamp with time zone NOT NULL,
  "last_marked_at" timestamp with time zone NOT NULL,
  CONSTRAINT "flag_cleanup_marks_pk" PRIMARY KEY ("flag_key", "code", "environment_key")
);
