-- Worklists are read per owner (through the accounts' owner index) and sorted after that filter;
-- an index on the score only slowed down the nightly rewrite of every row.
drop index worklist_item_score;
