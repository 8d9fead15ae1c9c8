-- The spreadsheet round trip (editing::sheet): an uploaded file waits here between its
-- dry run and being applied. It is a draft, not the record: no history, and it goes
-- when it is applied, when the same account uploads again for the plan, or after a day
-- (each upload clears what is older). Only the account that uploaded it sees it.
CREATE TABLE sheet_upload (
    token       TEXT    PRIMARY KEY CHECK (length(token) = 32),
    plan_id     INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
    account_id  INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    file_name   TEXT    NOT NULL CHECK (length(file_name) <= 255),
    uploaded_at TEXT    NOT NULL,
    content     BLOB    NOT NULL CHECK (length(content) <= 4194304)
) STRICT;

CREATE INDEX sheet_upload_by_account ON sheet_upload (account_id, plan_id);
