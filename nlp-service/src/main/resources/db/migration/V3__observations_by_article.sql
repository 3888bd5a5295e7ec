-- What each article taught the knowledge base, so that tagging an article again (a retry, a reannotation) replaces
-- its observations instead of adding them a second time: the counts in kb_entity and kb_alias stay the sums over
-- distinct articles whatever the reprocessing.
create table kb_article_entity (
    article_id text   not null,
    entity_id  text   not null references kb_entity (id),
    mentions   bigint not null,
    primary key (article_id, entity_id)
);
create table kb_article_alias (
    article_id text not null,
    alias      text not null,
    entity_id  text not null references kb_entity (id),
    primary key (article_id, alias, entity_id)
);
create index kb_article_alias_entity on kb_article_alias (entity_id);
create index kb_article_entity_entity on kb_article_entity (entity_id);
