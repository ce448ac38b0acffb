-- How each account usually pays: average days beyond terms of what it settled in the last twelve
-- months, kept with the balance summary so that worklists rank by it without scanning invoices.
alter table account_summary add column avg_days_late numeric(8,1) not null default 0;
alter table account_summary add column paid_invoices_12m int not null default 0;
