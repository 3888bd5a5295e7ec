-- Which articles used a name: GET /api/v1/entities/changes answers the articles that used a name that changed, so
-- that ingest-service tags them again (README "Order independence").
create index kb_article_alias_alias on kb_article_alias (alias);
