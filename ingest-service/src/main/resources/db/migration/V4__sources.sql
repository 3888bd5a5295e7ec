-- Sources that feed themselves (RSS/Atom feeds, sitemaps, single pages), fetched on a schedule. Due sources are claimed
-- like articles: FOR UPDATE SKIP LOCKED, a lease, and a fencing token from a sequence that every later update checks.
CREATE SEQUENCE source_lease_token_seq;
CREATE TABLE source (
    id                   uuid PRIMARY KEY,
    type                 text        NOT NULL,
    url                  text        NOT NULL,
    name                 text        NOT NULL,
    language             text,
    interval_seconds     bigint      NOT NULL,
    paused               boolean     NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL,
    next_fetch_at        timestamptz NOT NULL,
    last_fetch_at        timestamptz,
    last_success_at      timestamptz,
    last_status          integer,
    last_error           text,
    consecutive_failures integer     NOT NULL DEFAULT 0,
    fetches              bigint      NOT NULL DEFAULT 0,
    items_seen           bigint      NOT NULL DEFAULT 0,
    articles_accepted    bigint      NOT NULL DEFAULT 0,
    etag                 text,
    last_modified        text,
    lease_until          timestamptz,
    lease_token          bigint,
    version              bigint      NOT NULL DEFAULT 0
);
CREATE INDEX source_due_idx ON source (next_fetch_at) WHERE NOT paused;
CREATE INDEX source_lease_token_idx ON source (lease_token) WHERE lease_token IS NOT NULL;

-- Every item (page) a source has led to, by canonical URL: seen items are not fetched again; a page's validators make
-- a re-fetch conditional. Deleting a source deletes these rows, never the articles.
CREATE TABLE source_item (
    source_id     uuid        NOT NULL REFERENCES source (id) ON DELETE CASCADE,
    url           text        NOT NULL,
    article_id    uuid,
    done          boolean     NOT NULL DEFAULT false,
    etag          text,
    last_modified text,
    first_seen_at timestamptz NOT NULL,
    fetched_at    timestamptz,
    last_error    text,
    PRIMARY KEY (source_id, url)
);

-- Articles keep the source they came from (set to NULL when the source is deleted) and their author; same-URL
-- duplicates are found by the canonical URL (tracking parameters removed).
ALTER TABLE article ADD COLUMN source_id uuid REFERENCES source (id) ON DELETE SET NULL;
ALTER TABLE article ADD COLUMN author text;
CREATE INDEX article_source_idx ON article (source_id) WHERE source_id IS NOT NULL;
CREATE INDEX article_url_idx ON article (url) WHERE url IS NOT NULL;
