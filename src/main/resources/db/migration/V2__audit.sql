-- audit: append-only, hash-chained trail of every state change (invariant I5).
create table audit_event (
    id           bigint generated always as identity primary key,
    occurred_at  timestamptz  not null,
    actor        varchar(64)  not null,
    action       varchar(64)  not null,
    subject_type varchar(64)  not null,
    subject_id   varchar(128),
    before_state text,
    after_state  text,
    reason       text,
    prev_hash    char(64)     not null,
    hash         char(64)     not null unique
);
create index audit_event_subject on audit_event (subject_type, subject_id);

-- The database itself refuses to rewrite history, whoever connects.
create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only: % refused', tg_op;
end $$;

create trigger audit_event_no_update_delete
    before update or delete on audit_event
    for each row execute function audit_event_is_append_only();
create trigger audit_event_no_truncate
    before truncate on audit_event
    for each statement execute function audit_event_is_append_only();
