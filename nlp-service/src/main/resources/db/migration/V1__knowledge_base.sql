-- The knowledge base of entities: what nlp-service has learnt about who is who across articles, and what curators
-- told it. Entity ids are the linker's stable ids (person:sergey-lavrov, place:kyiv).
create table kb_entity (
    id          text primary key,
    type        text        not null check (type in ('PERSON', 'ORGANIZATION', 'LOCATION', 'MISC')),
    name        text        not null,
    -- a merged entity points at the one it became; its mentions are linked there
    merged_into text references kb_entity (id),
    curated     boolean     not null default false,
    mentions    bigint      not null default 0,
    articles    bigint      not null default 0,
    first_seen  date,
    last_seen   date,
    updated_at  timestamptz not null default now()
);

-- One name of an entity. LEARNED: seen in articles (observations = articles that linked it); CURATED: said by a
-- curator, always wins; BLOCKED: a curator said this name is not this entity (removed or split off).
create table kb_alias (
    id           bigserial primary key,
    alias        text        not null, -- lower case, diacritics and titles removed: the lookup key
    entity_id    text        not null references kb_entity (id),
    surface      text        not null, -- as first written
    origin       text        not null check (origin in ('LEARNED', 'CURATED', 'BLOCKED')),
    observations bigint      not null default 0,
    updated_at   timestamptz not null default now(),
    unique (alias, entity_id)
);
create index kb_alias_entity on kb_alias (entity_id);
create index kb_entity_merged on kb_entity (merged_into) where merged_into is not null;
