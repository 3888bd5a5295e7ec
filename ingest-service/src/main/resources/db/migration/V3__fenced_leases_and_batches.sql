-- Fencing: every claim takes a new token from a sequence and every later transition of the article checks it, so a
-- replica whose lease ran out (a long step, a pause) can no longer move an article another replica took over.
CREATE SEQUENCE article_lease_token_seq;
ALTER TABLE article ADD COLUMN lease_token bigint;
CREATE INDEX article_lease_token_idx ON article (lease_token) WHERE lease_token IS NOT NULL;

-- Retries are counted on the article (one history row per step reached, not per failed try).
ALTER TABLE article ADD COLUMN retries integer NOT NULL DEFAULT 0;

-- A batch submitted through POST /api/v1/articles/batch: its answer's counts, and its articles for live progress.
CREATE TABLE ingest_batch (
    id          uuid PRIMARY KEY,
    created_at  timestamptz NOT NULL,
    finished_at timestamptz,
    lines       integer     NOT NULL DEFAULT 0,
    accepted    integer     NOT NULL DEFAULT 0,
    duplicates  integer     NOT NULL DEFAULT 0,
    rejected    integer     NOT NULL DEFAULT 0
);
ALTER TABLE article ADD COLUMN batch_id uuid REFERENCES ingest_batch (id) ON DELETE SET NULL;
CREATE INDEX article_batch_idx ON article (batch_id, status) WHERE batch_id IS NOT NULL;

-- Operators list articles by state, cursor-paged by id.
CREATE INDEX article_status_id_idx ON article (status, id);
DROP INDEX article_status_idx;
