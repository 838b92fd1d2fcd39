CREATE TABLE "sdk_evaluation_counts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"environment_key" text NOT NULL,
	"credential_id" text NOT NULL,
	"flag_key" text NOT NULL,
	"variant" text NOT NULL,
	"count" bigint NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sdk_evaluation_counts" ADD CONSTRAINT "sdk_evaluation_counts_environment_key_environments_key_fk" FOREIGN KEY ("environment_key") REFERENCES "public"."environments"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sdk_evaluation_counts_flag_idx" ON "sdk_evaluation_counts" USING btree ("environment_key","flag_key","window_start");