-- Order independence (README "Linking"): KbChangeFollower reads what nlp-service's knowledge base learnt since its
-- watermark and tags the articles concerned again. One row; whichever replica locks it (FOR UPDATE SKIP LOCKED)
-- follows, requeues and advances it in one transaction, so a window is handled once and never lost. It starts at the
-- migration: articles ingested before it are left as they were linked (POST /api/v1/articles/reannotate remains).
CREATE TABLE relink_watermark (
    id         smallint    PRIMARY KEY CHECK (id = 1),
    until      timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
INSERT INTO relink_watermark (id, until, updated_at) VALUES (1, now(), now());

-- The entity ids an annotation mentions, indexed: the articles that mention a changed entity are found by the index
-- (article_entity_ids(annotation) && array[...]) instead of reading every annotation.
CREATE FUNCTION article_entity_ids(annotation jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT array(SELECT DISTINCT jsonb_array_elements_text(jsonb_path_query_array(annotation, '$.entities[*].entityId'))) $$;
CREATE INDEX article_entity_ids_idx ON article USING gin (article_entity_ids(annotation));

-- A knowledge-base change that concerns an article a pipeline worker holds: the worker may have tagged it before the
-- change, so it is sent through again once the worker let it go (what changed, for its history).
ALTER TABLE article ADD COLUMN relink_pending text;
CREATE INDEX article_relink_pending_idx ON article (id) WHERE relink_pending IS NOT NULL;
