-- A time entry deleted by a manager keeps its history: its changes outlive it, the last one
-- recording the deletion (who, why, the entry as it was, and no "after").
alter table :"tenant_schema".time_entry_changes drop constraint time_entry_changes_time_entry_id_fkey;
alter table :"tenant_schema".time_entry_changes alter column after drop not null;
