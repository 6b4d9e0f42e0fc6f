-- Scanned signed forms and other files attached to a case, kept inside the
-- encrypted database (never as loose files).
CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    filename    TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    data        BLOB NOT NULL,
    added_at    TEXT NOT NULL,
    added_by    INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX attachments_by_case ON attachments (case_id);
