-- The worklist is derived data, re-ranked nightly and at start when stale: it needs no WAL. After a
-- crash PostgreSQL empties an unlogged table and the next start ranks again (DailyRanking).
alter table worklist_item set unlogged;

-- Nor does it need a foreign key checked row by row on every nightly rewrite: every row is derived
-- from an account in the same statement, and a reloaded portfolio re-ranks (PortfolioLoaded).
alter table worklist_item drop constraint worklist_item_account_id_fkey;
