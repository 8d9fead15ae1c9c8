-- Plans, their measure packages and milestones.
-- Dates are ISO calendar dates (YYYY-MM-DD); timestamps are UTC, RFC 3339 with milliseconds.
-- Several plans can live in one database: everything hangs off plan.id.

CREATE TABLE plan (
    id            INTEGER PRIMARY KEY,
    slug          TEXT    NOT NULL UNIQUE
                  CHECK (length(slug) BETWEEN 1 AND 64 AND slug NOT GLOB '*[^a-z0-9-]*'),
    title         TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    owner         TEXT    NOT NULL CHECK (length(owner) BETWEEN 1 AND 200),
    adopted_on    TEXT    CHECK (adopted_on IS NULL OR date(adopted_on) IS adopted_on),
    description   TEXT    NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    -- 1 while the plan is example data; the UI says so on every page.
    is_example    INTEGER NOT NULL DEFAULT 0 CHECK (is_example IN (0, 1)),
    created_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE TABLE measure_package (
    id                INTEGER PRIMARY KEY,
    plan_id           INTEGER NOT NULL REFERENCES plan (id) ON DELETE RESTRICT,
    number            INTEGER NOT NULL CHECK (number BETWEEN 1 AND 999),
    title             TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    summary           TEXT    NOT NULL DEFAULT '' CHECK (length(summary) <= 5000),
    goal              TEXT    NOT NULL DEFAULT '' CHECK (length(goal) <= 5000),
    responsible_unit  TEXT    NOT NULL DEFAULT '' CHECK (length(responsible_unit) <= 200),
    source_reference  TEXT    NOT NULL DEFAULT '' CHECK (length(source_reference) <= 5000),
    created_at        TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at        TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (plan_id, number)
) STRICT;

CREATE TABLE milestone (
    id              INTEGER PRIMARY KEY,
    package_id      INTEGER NOT NULL REFERENCES measure_package (id) ON DELETE RESTRICT,
    -- Stable key from a catalogue file ("3.1"), so re-importing updates instead of duplicating.
    -- NULL for milestones created in the app.
    import_key      TEXT    CHECK (import_key IS NULL OR length(import_key) BETWEEN 1 AND 64),
    title           TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description     TEXT    NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    -- Soll-Termin (the alliance's demanded schedule), Prognose (administration), Ist (completion).
    demanded_on     TEXT    CHECK (demanded_on IS NULL OR date(demanded_on) IS demanded_on),
    forecast_on     TEXT    CHECK (forecast_on IS NULL OR date(forecast_on) IS forecast_on),
    completed_on    TEXT    CHECK (completed_on IS NULL OR date(completed_on) IS completed_on),
    status          TEXT    NOT NULL DEFAULT 'offen'
                    CHECK (status IN ('offen', 'in_arbeit', 'erledigt', 'entfallen')),
    public_note     TEXT    NOT NULL DEFAULT '' CHECK (length(public_note) <= 5000),
    sort_order      INTEGER NOT NULL DEFAULT 0,
    -- Incremented on every change; edit forms send it back to detect concurrent saves.
    version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (package_id, import_key),
    -- A completion date belongs to a done milestone, and a done milestone has one.
    CHECK ((status = 'erledigt') = (completed_on IS NOT NULL))
) STRICT;

CREATE INDEX milestone_by_package ON milestone (package_id, sort_order, id);
