-- Optional English versions of the texts the public pages show in English mode.
-- German stays the original and is required; an empty English text means "not translated",
-- and the English pages show the German one marked lang="de".

ALTER TABLE plan ADD COLUMN title_en TEXT NOT NULL DEFAULT ''
    CHECK (length(title_en) <= 200);
ALTER TABLE plan ADD COLUMN description_en TEXT NOT NULL DEFAULT ''
    CHECK (length(description_en) <= 5000);

ALTER TABLE measure_package ADD COLUMN title_en TEXT NOT NULL DEFAULT ''
    CHECK (length(title_en) <= 200);
ALTER TABLE measure_package ADD COLUMN summary_en TEXT NOT NULL DEFAULT ''
    CHECK (length(summary_en) <= 5000);
ALTER TABLE measure_package ADD COLUMN goal_en TEXT NOT NULL DEFAULT ''
    CHECK (length(goal_en) <= 5000);

ALTER TABLE milestone ADD COLUMN title_en TEXT NOT NULL DEFAULT ''
    CHECK (length(title_en) <= 200);
