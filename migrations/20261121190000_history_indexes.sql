-- Indexes for reading a long history (found with `umsetzungsmonitor generate` and
-- bench/load.sh: 100,000 history entries made the dashboard and every export slow).

-- Re-baselinings (changed demanded dates), shown on the dashboard, package pages and in
-- reports: without it, every milestone entry of the history was read (460 ms → 1 ms).
CREATE INDEX history_rebaselinings ON history_entry (plan_id, change_set DESC)
    WHERE entity = 'milestone' AND field = 'demanded_on' AND old_value IS NOT NULL;

-- Per milestone the last public change and the number of saves (calendar feed, exports):
-- covering, so it is read from the index alone (180 ms → 35 ms).
CREATE INDEX history_milestone_revisions
    ON history_entry (plan_id, entity, visibility, entity_id, recorded_at, change_set);
