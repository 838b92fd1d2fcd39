-- The intake writes a group of SDK reports in one statement (ADR 0008): it claims their batch ids
-- and adds their merged rows together. When a batch id of the group was claimed before (a retry the
-- replica could not recognise in memory), this stops the statement, undoing its claims, and the
-- intake writes that group again the careful way (claim first, then add only the new batches).
CREATE FUNCTION "flagstaff_expect_new_batches"(claimed bigint, expected integer) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  IF claimed <> expected THEN
    RAISE EXCEPTION 'a batch of this write was counted before' USING ERRCODE = 'FS001';
  END IF;
  RETURN true;
END
$$;
