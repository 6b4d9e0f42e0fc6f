-- Built-in timescale policy v1 is the Home Office circular 007/2010, issued and in force
-- on 30 March 2010 at 16:51:10 BST (the circular's header). Migration 0008 stored it as
-- adopted on 1 March 2010; correct that one built-in row (never a unit's own version).
-- Versions are otherwise never edited, so the no-update trigger is lifted only for this
-- statement and put back exactly as 0008 made it.
DROP TRIGGER timescale_policies_no_update;
UPDATE timescale_policies SET created_at = '2010-03-30T15:51:10+00:00'
    WHERE version = 1 AND created_by IS NULL AND created_at = '2010-03-01T00:00:00+00:00';
CREATE TRIGGER timescale_policies_no_update BEFORE UPDATE ON timescale_policies
BEGIN
    SELECT RAISE(ABORT, 'a timescale policy version is never edited: add a new one');
END;
