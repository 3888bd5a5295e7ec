-- What each article taught (kb_article_entity, kb_article_alias) is written in the transaction that has just inserted
-- or updated the entities it names, and entities are never deleted (a merge leaves a pointer): the foreign keys to
-- kb_entity checked what cannot happen, one lookup per row, about thirty per tagged article; the indexes on
-- entity_id served only those checks (no query reads these tables by entity). Both go (issue 9: tagging through the pipeline
-- writes these rows for every article, annotate without an article id does not).
alter table kb_article_entity drop constraint if exists kb_article_entity_entity_id_fkey;
alter table kb_article_alias drop constraint if exists kb_article_alias_entity_id_fkey;
drop index if exists kb_article_entity_entity;
drop index if exists kb_article_alias_entity;
