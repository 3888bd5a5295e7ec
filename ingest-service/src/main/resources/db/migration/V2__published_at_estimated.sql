-- An article without a stated publication date gets one estimated from its text; say so.
ALTER TABLE article ADD COLUMN published_at_estimated boolean NOT NULL DEFAULT false;
