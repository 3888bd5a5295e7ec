-- Whether an article used a name standing alone (a lone "Smith" the linker left to the knowledge base) or as part of
-- a name the article itself settles ("Smith" after "Jane Smith", linked within the document). Only lone uses can link
-- differently when the knowledge base learns another entity for the name, so GET /api/v1/entities/changes names only
-- those articles for learnt changes (curated and removed names still concern every use). Rows from before are
-- counted as lone: they are named as before.
alter table kb_article_alias add column lone boolean not null default true;
