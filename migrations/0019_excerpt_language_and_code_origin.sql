-- Issue 13: excerpts quoted in another language, and a-priori versus emergent codes.
--
-- The team's Italian and Swedish sources are quoted as written: an excerpt says which language its
-- text is in (a BCP 47 tag, '' for the review's own), and may carry a translation and who made it
-- (free text: "Anna Rossi", "DeepL, checked by Anna Rossi"). src/coding/coding-service.ts checks
-- them; the chapter quotes the translation with the original in a note.
ALTER TABLE excerpt ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE excerpt ADD COLUMN translation TEXT NOT NULL DEFAULT '';
ALTER TABLE excerpt ADD COLUMN translator TEXT NOT NULL DEFAULT '';

-- Best-fit framework synthesis (Carroll et al.) starts from an a-priori framework and records the
-- themes that emerge from the data outside it. Every code so far came from a framework.
ALTER TABLE code ADD COLUMN origin TEXT NOT NULL DEFAULT 'a_priori' CHECK (origin IN ('a_priori', 'emergent'));

-- Both tables already bump the synthesis cache on any update (0009_synthesis_version.sql).
