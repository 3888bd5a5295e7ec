-- When a name first linked to an entity: a name learnt or curated after an article was linked may change that
-- article's links, so a later step asks which names and entities changed since a moment (GET /api/v1/entities/changes).
alter table kb_alias add column created_at timestamptz not null default now();
create index kb_alias_created on kb_alias (created_at);
create index kb_alias_updated on kb_alias (updated_at) where origin <> 'LEARNED';
create index kb_entity_updated on kb_entity (updated_at) where merged_into is not null;
