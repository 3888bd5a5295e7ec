-- Who changed the knowledge base by hand, what and when (issue 10): one row per curation action, never updated.
create table kb_curation (
    id        bigserial   primary key,
    at        timestamptz not null default now(),
    actor     text        not null,
    action    text        not null,
    entity_id text        not null,
    detail    text
);
create index kb_curation_at on kb_curation (at);
