-- Every accepted article, its cleaned text and where it stands in the pipeline.
-- The article row is also the work item: the pipeline claims due rows with FOR UPDATE SKIP LOCKED,
-- so an accepted article is never lost and several replicas never process the same one at once.
CREATE TABLE article (
    id              uuid PRIMARY KEY,
    content_hash    varchar(64)  NOT NULL,
    title           text,
    body            text         NOT NULL,
    dateline        text,
    published_at    timestamptz,
    source          text,
    url             text,
    status          varchar(16)  NOT NULL,
    attempts        integer      NOT NULL DEFAULT 0,
    last_error      text,
    next_attempt_at timestamptz  NOT NULL,
    lease_until     timestamptz,
    annotation      jsonb,
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL,
    tagged_at       timestamptz,
    indexed_at      timestamptz,
    version         bigint       NOT NULL DEFAULT 0,
    CONSTRAINT article_content_hash_unique UNIQUE (content_hash),
    CONSTRAINT article_status_check CHECK (status IN ('RECEIVED', 'TAGGED', 'INDEXED', 'FAILED'))
);

-- The pipeline's work queue: only unfinished articles, by due time.
CREATE INDEX article_due_idx ON article (next_attempt_at) WHERE status IN ('RECEIVED', 'TAGGED');
CREATE INDEX article_status_idx ON article (status);

-- What happened to each article, step by step (RECEIVED, TAGGED, INDEXED, RETRY, FAILED).
CREATE TABLE article_event (
    id          bigserial PRIMARY KEY,
    article_id  uuid        NOT NULL REFERENCES article (id) ON DELETE CASCADE,
    type        varchar(16) NOT NULL,
    detail      text,
    at          timestamptz NOT NULL
);
CREATE INDEX article_event_article_idx ON article_event (article_id, id);
