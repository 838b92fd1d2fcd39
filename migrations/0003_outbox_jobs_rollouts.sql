-- The outbox: one row per committed change, written in the change's own transaction. The relay job
-- feeds the change bus and the notifications from it, so a crash between commit and publish loses
-- nothing (ADR 0008).
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"environment_key" text,
	"subject_kind" text NOT NULL,
	"subject_key" text NOT NULL,
	"message" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dispatched_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("id") WHERE "dispatched_at" IS NULL;
--> statement-breakpoint
-- Background jobs: which replica runs a job's next tick, until when (ADR 0009).
CREATE TABLE "job_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"lease_until" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rollout_plans" (
	"id" text PRIMARY KEY NOT NULL,
	"flag_key" text NOT NULL,
	"environment_key" text NOT NULL,
	"status" text NOT NULL,
	"template" text NOT NULL,
	"risk" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"stages" jsonb NOT NULL,
	"stage_index" integer NOT NULL,
	"stage_started_at" timestamp with time zone NOT NULL,
	"stage_flag_version" integer NOT NULL,
	"treatment_variant" text NOT NULL,
	"stable_variant" text NOT NULL,
	"criteria" jsonb NOT NULL,
	"guards" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"last_verdict" jsonb,
	"alerts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ended_reason" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "rollout_plans" ADD CONSTRAINT "rollout_plans_flag_key_flags_key_fk" FOREIGN KEY ("flag_key") REFERENCES "public"."flags"("key") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "rollout_plans" ADD CONSTRAINT "rollout_plans_environment_key_environments_key_fk" FOREIGN KEY ("environment_key") REFERENCES "public"."environments"("key") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
-- At most one active plan per flag and environment.
CREATE UNIQUE INDEX "rollout_plans_one_active_idx" ON "rollout_plans" USING btree ("flag_key","environment_key") WHERE "status" IN ('running', 'paused');
--> statement-breakpoint
CREATE INDEX "rollout_plans_running_idx" ON "rollout_plans" USING btree ("status") WHERE "status" = 'running';
--> statement-breakpoint
CREATE TABLE "rollout_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"plan_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor" text NOT NULL,
	"from_percentage" numeric,
	"to_percentage" numeric,
	"message" text NOT NULL,
	"figures" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rollout_events" ADD CONSTRAINT "rollout_events_plan_id_rollout_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."rollout_plans"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "rollout_events_plan_idx" ON "rollout_events" USING btree ("plan_id","id");
--> statement-breakpoint
-- The flag version that last changed what this environment serves: a write that leaves an environment's
-- served configuration alone neither bumps its revision nor shows there (expand only: null reads as the
-- flag's version).
ALTER TABLE "flag_environments" ADD COLUMN "served_version" integer;
