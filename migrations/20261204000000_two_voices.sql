-- Two voices per milestone (domain::voices).
--
-- The administration's statement is the milestone's status, forecast, completion, note
-- and evidence as they are; these columns say whether the administration itself
-- confirmed it: the day an account of role `administration` last saved it and that
-- account's organisation as it was named then. NULL/'' while the working group recorded
-- it and the administration has not confirmed it (every existing milestone).
ALTER TABLE milestone ADD COLUMN statement_confirmed_on TEXT
    CHECK (statement_confirmed_on IS NULL OR date(statement_confirmed_on) IS statement_confirmed_on);
ALTER TABLE milestone ADD COLUMN statement_organisation TEXT NOT NULL DEFAULT ''
    CHECK (length(statement_organisation) <= 200);

-- The working group's assessment of that statement: agrees, doubts or disagrees, with a
-- public reason and evidence (one address per line, as evidence_links), the day it was
-- last checked and the organisation that checked it. NULL while not assessed.
ALTER TABLE milestone ADD COLUMN assessment TEXT
    CHECK (assessment IS NULL OR assessment IN ('zustimmung', 'zweifel', 'widerspruch'));
ALTER TABLE milestone ADD COLUMN assessment_reason TEXT NOT NULL DEFAULT ''
    CHECK (length(assessment_reason) <= 5000);
ALTER TABLE milestone ADD COLUMN assessment_evidence TEXT NOT NULL DEFAULT ''
    CHECK (length(assessment_evidence) <= 20000);
ALTER TABLE milestone ADD COLUMN assessment_checked_on TEXT
    CHECK (assessment_checked_on IS NULL OR date(assessment_checked_on) IS assessment_checked_on);
ALTER TABLE milestone ADD COLUMN assessment_organisation TEXT NOT NULL DEFAULT ''
    CHECK (length(assessment_organisation) <= 200);

-- The dashboard counts where the voices differ.
CREATE INDEX milestone_differing ON milestone (package_id)
    WHERE assessment IN ('zweifel', 'widerspruch');
