-- The audit trail is append-only. The UPDATE and DELETE triggers of schema 1 do not
-- fire when INSERT OR REPLACE (or REPLACE INTO) overwrites a row: SQLite's REPLACE
-- deletes the old row without firing delete triggers (recursive_triggers is off).
-- Refuse any insert that would land on an existing row's id.
CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
