-- Words per plan: how a plan names the level below it ("Maßnahmenpaket", "Teilprojekt",
-- "Handlungsfeld", "Modellbehörde"), one and many, German and English. Empty: the site's
-- default words ("Paket", "Maßnahmenpakete"). Set by the plan's catalogue file.
ALTER TABLE plan ADD COLUMN level_one TEXT NOT NULL DEFAULT ''
    CHECK (length(level_one) <= 200);
ALTER TABLE plan ADD COLUMN level_many TEXT NOT NULL DEFAULT ''
    CHECK (length(level_many) <= 200);
ALTER TABLE plan ADD COLUMN level_one_en TEXT NOT NULL DEFAULT ''
    CHECK (length(level_one_en) <= 200);
ALTER TABLE plan ADD COLUMN level_many_en TEXT NOT NULL DEFAULT ''
    CHECK (length(level_many_en) <= 200);
