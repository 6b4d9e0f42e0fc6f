-- Retention reviews of closed cases (police information management).
CREATE TABLE retention_reviews (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases (id),
    decision       TEXT NOT NULL CHECK (decision IN ('retain', 'dispose')),
    next_review_on TEXT,
    note           TEXT NOT NULL DEFAULT '',
    decided_at     TEXT NOT NULL,
    decided_by     INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX retention_reviews_by_case ON retention_reviews (case_id);
CREATE INDEX cases_by_closed ON cases (status, closed_at);
