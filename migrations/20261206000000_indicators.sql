-- Indicators with targets (issue 20): whether the reform makes a difference, not only
-- whether milestones are ticked. Aggregated figures only: nothing here describes a person.
-- A count below `small_count` is shown publicly as "weniger als N", never as the number
-- (the rule lives in `domain::indicators::public_value`).

CREATE TABLE indicator (
    id             INTEGER PRIMARY KEY,
    plan_id        INTEGER NOT NULL REFERENCES plan (id) ON DELETE RESTRICT,
    -- The package it belongs to, if any.
    package_id     INTEGER REFERENCES measure_package (id) ON DELETE RESTRICT,
    -- Stable key within the plan ("K1"), as the catalogue names it.
    key            TEXT    NOT NULL CHECK (length(key) BETWEEN 1 AND 32),
    sort_order     INTEGER NOT NULL DEFAULT 0,
    name           TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_en        TEXT    NOT NULL DEFAULT '' CHECK (length(name_en) <= 200),
    description    TEXT    NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    description_en TEXT    NOT NULL DEFAULT '' CHECK (length(description_en) <= 5000),
    unit           TEXT    NOT NULL CHECK (unit IN ('tage', 'prozent', 'anzahl')),
    direction      TEXT    NOT NULL CHECK (direction IN ('niedriger', 'hoeher')),
    -- How it is measured, and by whom (the source of the figures).
    method         TEXT    NOT NULL DEFAULT '' CHECK (length(method) <= 5000),
    source         TEXT    NOT NULL DEFAULT '' CHECK (length(source) <= 200),
    small_count    INTEGER NOT NULL DEFAULT 5 CHECK (small_count BETWEEN 0 AND 1000),
    target_value   REAL    NOT NULL,
    target_on      TEXT    NOT NULL CHECK (date(target_on) IS target_on),
    -- 1 for illustrative figures; every page that shows them says so.
    is_example     INTEGER NOT NULL DEFAULT 0 CHECK (is_example IN (0, 1)),
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (plan_id, key)
) STRICT;

CREATE INDEX indicator_by_package ON indicator (package_id) WHERE package_id IS NOT NULL;

-- Targets on the way to the final one.
CREATE TABLE indicator_target (
    id            INTEGER PRIMARY KEY,
    indicator_id  INTEGER NOT NULL REFERENCES indicator (id) ON DELETE RESTRICT,
    due_on        TEXT    NOT NULL CHECK (date(due_on) IS due_on),
    value         REAL    NOT NULL,
    UNIQUE (indicator_id, due_on)
) STRICT;

-- One value per period: `2026-03` (month), `2026-Q1` (quarter) or `2026` (year).
CREATE TABLE indicator_point (
    id               INTEGER PRIMARY KEY,
    indicator_id     INTEGER NOT NULL REFERENCES indicator (id) ON DELETE RESTRICT,
    period           TEXT    NOT NULL
                     CHECK (period GLOB '[12][0-9][0-9][0-9]'
                            OR period GLOB '[12][0-9][0-9][0-9]-[01][0-9]'
                            OR period GLOB '[12][0-9][0-9][0-9]-Q[1-4]'),
    value            REAL    NOT NULL,
    -- Where the figure comes from (a report, an answer to a council question).
    source_reference TEXT    NOT NULL DEFAULT '' CHECK (length(source_reference) <= 2000),
    note             TEXT    NOT NULL DEFAULT '' CHECK (length(note) <= 5000),
    -- Who entered it (NULL: the catalogue import).
    account_id       INTEGER REFERENCES account (id) ON DELETE RESTRICT,
    UNIQUE (indicator_id, period)
) STRICT;

-- The history learns a new kind of record. SQLite cannot change a CHECK in place, so the
-- table is built again with the same columns, rows, indexes and append-only triggers
-- (20261121120000, 20261130000000, 20261201000000, 20261203000000); only the list of
-- entities grows. The rows are copied unchanged, with their ids.
CREATE TABLE history_entry_new (
    id              INTEGER PRIMARY KEY,
    change_set      INTEGER NOT NULL,
    recorded_at     TEXT    NOT NULL,
    account_id      INTEGER REFERENCES account (id) ON DELETE RESTRICT,
    actor_name      TEXT    NOT NULL,
    organisation    TEXT    NOT NULL,
    plan_id         INTEGER REFERENCES plan (id) ON DELETE RESTRICT,
    package_id      INTEGER REFERENCES measure_package (id) ON DELETE RESTRICT,
    -- An indicator's targets and data points are entries of the indicator: the field
    -- names them (`target:2027-06-30`, `point:2026-Q1:value`).
    entity          TEXT    NOT NULL
                    CHECK (entity IN ('plan', 'package', 'milestone', 'status_update', 'account',
                                      'indicator')),
    entity_id       INTEGER NOT NULL,
    field           TEXT    NOT NULL,
    old_value       TEXT,
    new_value       TEXT,
    comment         TEXT    NOT NULL DEFAULT '' CHECK (length(comment) <= 5000),
    visibility      TEXT    NOT NULL DEFAULT 'public'
                    CHECK (visibility IN ('public', 'internal', 'admin')),
    redaction_id    INTEGER REFERENCES redaction (id),
    reason_category TEXT
                    CHECK (reason_category IS NULL
                           OR reason_category IN ('personal', 'rechtsfrage', 'haushalt',
                                                  'abhaengigkeit', 'sonstiges'))
) STRICT;

INSERT INTO history_entry_new
    (id, change_set, recorded_at, account_id, actor_name, organisation, plan_id, package_id,
     entity, entity_id, field, old_value, new_value, comment, visibility, redaction_id,
     reason_category)
SELECT id, change_set, recorded_at, account_id, actor_name, organisation, plan_id, package_id,
       entity, entity_id, field, old_value, new_value, comment, visibility, redaction_id,
       reason_category
FROM history_entry;

-- Dropping the old table drops its indexes and triggers; they are created again below.
DROP TABLE history_entry;
ALTER TABLE history_entry_new RENAME TO history_entry;

CREATE INDEX history_by_change_set ON history_entry (change_set DESC, id);
CREATE INDEX history_by_package ON history_entry (package_id, change_set DESC);
CREATE INDEX history_by_entity ON history_entry (entity, entity_id, id);
CREATE INDEX history_rebaselinings ON history_entry (plan_id, change_set DESC)
    WHERE entity = 'milestone' AND field = 'demanded_on' AND old_value IS NOT NULL;
CREATE INDEX history_milestone_revisions
    ON history_entry (plan_id, entity, visibility, entity_id, recorded_at, change_set);
CREATE INDEX history_forecast_moves ON history_entry (plan_id, change_set)
    WHERE entity = 'milestone' AND field = 'forecast_on';

-- Refuses changes made through SQLite (see 20261130000000); not a protection of the file.
CREATE TRIGGER history_entry_is_append_only_delete BEFORE DELETE ON history_entry
BEGIN
    SELECT RAISE(ABORT, 'history_entry is append-only');
END;

-- The append-only rule with its one exception, a recorded redaction (see 20261201000000).
CREATE TRIGGER history_entry_is_append_only_update BEFORE UPDATE ON history_entry
WHEN NOT (
    NEW.redaction_id IS NOT NULL
    AND NEW.redaction_id IS NOT OLD.redaction_id
    AND NEW.id = OLD.id
    AND NEW.change_set = OLD.change_set
    AND NEW.recorded_at = OLD.recorded_at
    AND NEW.account_id IS OLD.account_id
    AND NEW.actor_name = OLD.actor_name
    AND NEW.organisation = OLD.organisation
    AND NEW.plan_id IS OLD.plan_id
    AND NEW.package_id IS OLD.package_id
    AND NEW.entity = OLD.entity
    AND NEW.entity_id = OLD.entity_id
    AND NEW.field = OLD.field
    AND NEW.comment = OLD.comment
    AND NEW.visibility = OLD.visibility
    AND EXISTS (
        SELECT 1 FROM redaction r
        WHERE r.id = NEW.redaction_id
          AND r.entity = OLD.entity
          AND r.entity_id = OLD.entity_id
          AND (NEW.old_value IS OLD.old_value OR NEW.old_value IS r.replacement)
          AND (NEW.new_value IS OLD.new_value OR NEW.new_value IS r.replacement)
          AND EXISTS (
              SELECT 1 FROM history_entry h
              WHERE h.change_set = r.change_set AND h.field = 'redaction'
                AND h.entity = r.entity AND h.entity_id = r.entity_id))
)
BEGIN
    SELECT RAISE(ABORT, 'history_entry is append-only (only a recorded redaction may replace a value)');
END;
