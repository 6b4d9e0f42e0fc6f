-- Tasks and reminders on a case (issue 15 item 1). Suggestions from the process are
-- derived, never stored; an accepted one is an ordinary task whose ``source`` names
-- what it came from (so it is not offered twice).
CREATE TABLE tasks (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    note        TEXT NOT NULL,
    due_at      TEXT NOT NULL,
    owner_id    INTEGER NOT NULL REFERENCES users (id),
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    source      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES users (id),
    updated_at  TEXT NOT NULL,
    updated_by  INTEGER NOT NULL REFERENCES users (id),
    done_at     TEXT,
    done_by     INTEGER REFERENCES users (id)
);
CREATE INDEX tasks_by_case ON tasks (case_id);
CREATE INDEX tasks_open_by_owner ON tasks (owner_id, due_at) WHERE status = 'open';
CREATE INDEX tasks_open_by_due ON tasks (due_at) WHERE status = 'open';
CREATE UNIQUE INDEX tasks_one_per_source ON tasks (case_id, source) WHERE source <> '';
