-- Derived columns for fast case lists at 100,000 cases. They are a projection of
-- the stage records, rebuilt by the services in the same transaction as every change
-- (app/services/indexing.py) and fully on login when the projection version changes.
ALTER TABLE cases ADD COLUMN next_due TEXT;
ALTER TABLE cases ADD COLUMN next_kind TEXT;
ALTER TABLE cases ADD COLUMN applicant_surname TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN subject_surname TEXT NOT NULL DEFAULT '';
ALTER TABLE case_people ADD COLUMN surname_norm TEXT NOT NULL DEFAULT '';

CREATE INDEX cases_by_next_due ON cases (next_due);
CREATE INDEX cases_by_stage ON cases (current_stage);
CREATE INDEX cases_by_route ON cases (route);
CREATE INDEX cases_by_applicant ON cases (applicant_surname);
CREATE INDEX cases_by_subject ON cases (subject_surname);
CREATE INDEX case_people_by_surname ON case_people (surname_norm);
