-- The three environments every installation starts with; more can be added through the API.
INSERT INTO "environments" ("key", "name", "created_at") VALUES
  ('development', 'Development', now() - interval '2 milliseconds'),
  ('staging', 'Staging', now() - interval '1 millisecond'),
  ('production', 'Production', now())
ON CONFLICT ("key") DO NOTHING;
--> statement-breakpoint
-- The audit log is append-only: nothing, not even a bug in the API, may edit or delete a record.
CREATE FUNCTION "audit_log_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update_or_delete"
  BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_is_append_only"();
