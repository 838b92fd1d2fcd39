-- Signals for guarded rollouts (ADR 0008): SDK reports aggregated per 10 s bucket, flag version,
-- variant and cohort; a retried batch (same credential and batch id) counts once.
CREATE TABLE "sdk_signal_buckets" (
	"environment_key" text NOT NULL,
	"flag_key" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"flag_version" integer NOT NULL,
	"variant" text NOT NULL,
	"cohort" text NOT NULL,
	"exposures" bigint DEFAULT 0 NOT NULL,
	"calls" bigint DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"latency_zero" bigint DEFAULT 0 NOT NULL,
	"latency_bins" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"conversions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "sdk_signal_buckets_pk" PRIMARY KEY("environment_key","flag_key","bucket_start","flag_version","variant","cohort"),
	CONSTRAINT "sdk_signal_buckets_cohort_check" CHECK ("cohort" IN ('treatment', 'control', 'excluded', 'targeted', 'other'))
);
--> statement-breakpoint
CREATE INDEX "sdk_signal_buckets_start_idx" ON "sdk_signal_buckets" USING btree ("bucket_start");
--> statement-breakpoint
CREATE TABLE "sdk_signal_batches" (
	"credential_id" text NOT NULL,
	"batch_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sdk_signal_batches_pk" PRIMARY KEY("credential_id","batch_id")
);
--> statement-breakpoint
CREATE INDEX "sdk_signal_batches_received_idx" ON "sdk_signal_batches" USING btree ("received_at");
--> statement-breakpoint
-- Adds two {name: count} maps. Names new to `a` beyond `max_keys` distinct ones fold into "other", so
-- no client can grow a row without bound (error types and conversion names are free text).
CREATE FUNCTION "flagstaff_add_counts"(a jsonb, b jsonb, max_keys integer) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH merged AS (
    SELECT key, sum(value::numeric) AS n, bool_or(src) AS old
    FROM (
      SELECT key, value, true AS src FROM jsonb_each_text(coalesce(a, '{}'::jsonb))
      UNION ALL
      SELECT key, value, false FROM jsonb_each_text(coalesce(b, '{}'::jsonb))
    ) s
    GROUP BY key
  ), ranked AS (
    SELECT key, n, row_number() OVER (ORDER BY old DESC, n DESC, key) AS r FROM merged
  )
  SELECT coalesce(jsonb_object_agg(k, total), '{}'::jsonb)
  FROM (
    SELECT CASE WHEN r <= max_keys OR key = 'other' THEN key ELSE 'other' END AS k, sum(n) AS total
    FROM ranked GROUP BY 1
  ) t
$$;
