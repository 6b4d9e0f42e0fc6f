-- Signed account records and signed audit rows (docs/SECURITY.md).
-- account_records: every version of every account record, each with the
-- signatures that make it valid; append-only like the audit trail. The users
-- table keeps the current role and status for queries; sign-in and verify
-- require it to agree with the newest valid record.
CREATE TABLE account_records (
    id         INTEGER PRIMARY KEY,
    username   TEXT NOT NULL,
    version    INTEGER NOT NULL,
    record     TEXT NOT NULL,
    signatures TEXT NOT NULL,
    UNIQUE (username, version)
);

CREATE TRIGGER account_records_no_update BEFORE UPDATE ON account_records
BEGIN
    SELECT RAISE(ABORT, 'account records are append-only');
END;

CREATE TRIGGER account_records_no_delete BEFORE DELETE ON account_records
BEGIN
    SELECT RAISE(ABORT, 'account records are append-only');
END;

-- Each audit row is signed by the user who caused it (Ed25519 over the row hash).
-- Rows written before this migration have no signature.
ALTER TABLE audit ADD COLUMN signer TEXT;
ALTER TABLE audit ADD COLUMN signature TEXT;
