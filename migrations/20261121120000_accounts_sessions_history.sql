-- Accounts of the working group, their sessions, status updates, and the append-only
-- history of every change.

CREATE TABLE account (
    id             INTEGER PRIMARY KEY,
    email          TEXT    NOT NULL UNIQUE COLLATE NOCASE
                   CHECK (length(email) BETWEEN 3 AND 254 AND email LIKE '%_@_%'),
    display_name   TEXT    NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    organisation   TEXT    NOT NULL CHECK (length(organisation) BETWEEN 1 AND 200),
    role           TEXT    NOT NULL CHECK (role IN ('admin', 'member', 'administration')),
    -- PHC string (argon2id) from password-auth.
    password_hash  TEXT    NOT NULL,
    -- Random; part of every session. Rotated when the account is disabled or its password
    -- changes, which ends all its sessions.
    session_token  TEXT    NOT NULL,
    disabled_at    TEXT,
    created_at     TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at     TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- tower-sessions' store (tower-sessions-sqlx-store) with its columns; expiry as RFC 3339 text.
CREATE TABLE session (
    id           TEXT PRIMARY KEY NOT NULL,
    data         BLOB NOT NULL,
    expiry_date  TEXT NOT NULL
) STRICT;

CREATE INDEX session_by_expiry ON session (expiry_date);

-- Internal note (working group only) and evidence links (one http(s) address per line).
ALTER TABLE milestone ADD COLUMN internal_note TEXT NOT NULL DEFAULT ''
    CHECK (length(internal_note) <= 5000);
ALTER TABLE milestone ADD COLUMN evidence_links TEXT NOT NULL DEFAULT ''
    CHECK (length(evidence_links) <= 20000);

-- The public timeline of what happened in a package.
CREATE TABLE status_update (
    id           INTEGER PRIMARY KEY,
    package_id   INTEGER NOT NULL REFERENCES measure_package (id) ON DELETE RESTRICT,
    occurred_on  TEXT    NOT NULL CHECK (date(occurred_on) IS occurred_on),
    body         TEXT    NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    link         TEXT    NOT NULL DEFAULT '' CHECK (length(link) <= 2000),
    account_id   INTEGER REFERENCES account (id) ON DELETE RESTRICT,
    created_at   TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE INDEX status_update_by_package ON status_update (package_id, occurred_on DESC, id DESC);

-- Every change, one row per changed field, written in the same transaction as the change.
CREATE TABLE history_entry (
    id            INTEGER PRIMARY KEY,
    -- All entries written by one save share a change set (increasing) and a timestamp.
    change_set    INTEGER NOT NULL,
    recorded_at   TEXT    NOT NULL,
    -- NULL for changes not made by a person (catalogue import).
    account_id    INTEGER REFERENCES account (id) ON DELETE RESTRICT,
    -- Snapshots, so the record stays true when an account is renamed later.
    actor_name    TEXT    NOT NULL,
    organisation  TEXT    NOT NULL,
    -- NULL for account changes, which belong to no plan.
    plan_id       INTEGER REFERENCES plan (id) ON DELETE RESTRICT,
    package_id    INTEGER REFERENCES measure_package (id) ON DELETE RESTRICT,
    entity        TEXT    NOT NULL
                  CHECK (entity IN ('plan', 'package', 'milestone', 'status_update', 'account')),
    entity_id     INTEGER NOT NULL,
    field         TEXT    NOT NULL,
    old_value     TEXT,
    new_value     TEXT,
    comment       TEXT    NOT NULL DEFAULT '' CHECK (length(comment) <= 5000),
    -- public: everyone; internal: signed-in working group; admin: admins only.
    visibility    TEXT    NOT NULL DEFAULT 'public'
                  CHECK (visibility IN ('public', 'internal', 'admin'))
) STRICT;

CREATE INDEX history_by_change_set ON history_entry (change_set DESC, id);
CREATE INDEX history_by_package ON history_entry (package_id, change_set DESC);
CREATE INDEX history_by_entity ON history_entry (entity, entity_id, id);

-- Append-only: nothing in the history can be changed or deleted, not even past the app.
CREATE TRIGGER history_entry_is_append_only_update BEFORE UPDATE ON history_entry
BEGIN
    SELECT RAISE(ABORT, 'history_entry is append-only');
END;

CREATE TRIGGER history_entry_is_append_only_delete BEFORE DELETE ON history_entry
BEGIN
    SELECT RAISE(ABORT, 'history_entry is append-only');
END;
