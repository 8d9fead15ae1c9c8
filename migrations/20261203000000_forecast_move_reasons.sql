-- Why a forecast (Prognose) moved later: a category on the history entry of the move;
-- the reason's text is the entry's comment, as for a changed demanded date. NULL for
-- every other entry and for moves recorded without one (before this column, or read
-- from a catalogue that gives none). Adding a column changes no stored row, so the
-- history stays append-only.
ALTER TABLE history_entry ADD COLUMN reason_category TEXT
    CHECK (reason_category IS NULL
           OR reason_category IN ('personal', 'rechtsfrage', 'haushalt', 'abhaengigkeit', 'sonstiges'));

-- The moves of a plan's forecasts, for the package pages and the exports.
CREATE INDEX history_forecast_moves ON history_entry (plan_id, change_set)
    WHERE entity = 'milestone' AND field = 'forecast_on';
