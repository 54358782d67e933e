-- The core product: settings, employees and pay rates, the schedule, the time clock and timesheets. Instants are timestamptz (UTC); a location's time zone defines its days and weeks.

alter table :"tenant_schema".locations add column address text check (length(address) <= 500);

-- One row: the business's settings.
create table :"tenant_schema".settings (
  singleton                    boolean primary key default true check (singleton),
  currency                     text not null default 'EUR' check (currency ~ '^[A-Z]{3}$'),
  week_starts_on               smallint not null default 1 check (week_starts_on between 1 and 7),
  pay_period                   text not null default 'weekly'
                               check (pay_period in ('weekly', 'biweekly', 'semimonthly', 'monthly')),
  pay_period_anchor            date not null default date '2026-01-05',
  daily_threshold_minutes      integer check (daily_threshold_minutes > 0),
  weekly_threshold_minutes     integer default 2400 check (weekly_threshold_minutes > 0),
  overtime_multiplier_percent  integer not null default 150 check (overtime_multiplier_percent between 100 and 400),
  rounding_minutes             smallint not null default 0 check (rounding_minutes in (0, 5, 10, 15)),
  rounding_mode                text not null default 'nearest' check (rounding_mode in ('nearest', 'up', 'down')),
  breaks_paid                  boolean not null default false,
  updated_at                   timestamptz not null default now()
);
insert into :"tenant_schema".settings default values;

create table :"tenant_schema".employees (
  id                  uuid primary key default gen_random_uuid(),
  name                text not null check (length(name) between 1 and 200),
  email               text check (length(email) <= 254),
  job_role            text check (length(job_role) <= 100),
  -- The platform user, once the employee has accepted an invitation.
  user_id             text unique,
  pin_hash            text,
  pin_failed_attempts integer not null default 0,
  pin_locked_until    timestamptz,
  archived_at         timestamptz,
  created_at          timestamptz not null default now()
);
create unique index employees_email on :"tenant_schema".employees (lower(email)) where email is not null;
create index employees_name on :"tenant_schema".employees (name, id);

create table :"tenant_schema".employee_locations (
  employee_id uuid not null references :"tenant_schema".employees (id) on delete cascade,
  location_id uuid not null references :"tenant_schema".locations (id) on delete cascade,
  primary key (employee_id, location_id)
);
create index employee_locations_location on :"tenant_schema".employee_locations (location_id);

-- Pay rate history: the rate in force on a shift's local start date applies.
create table :"tenant_schema".pay_rates (
  employee_id       uuid not null references :"tenant_schema".employees (id) on delete cascade,
  effective_from    date not null,
  hourly_rate_minor integer not null check (hourly_rate_minor between 0 and 100000000),
  created_at        timestamptz not null default now(),
  primary key (employee_id, effective_from)
);

create table :"tenant_schema".shifts (
  id           uuid primary key default gen_random_uuid(),
  location_id  uuid not null references :"tenant_schema".locations (id),
  -- null: an open shift anyone may pick up.
  employee_id  uuid references :"tenant_schema".employees (id),
  starts_at    timestamptz not null,
  ends_at      timestamptz not null,
  role         text check (length(role) <= 100),
  notes        text check (length(notes) <= 2000),
  published_at timestamptz,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  check (ends_at > starts_at and ends_at - starts_at <= interval '24 hours')
);
create index shifts_location_time on :"tenant_schema".shifts (location_id, starts_at);
create index shifts_employee_time on :"tenant_schema".shifts (employee_id, starts_at) where employee_id is not null;

create table :"tenant_schema".time_entries (
  id          uuid primary key default gen_random_uuid(),
  employee_id uuid not null references :"tenant_schema".employees (id),
  location_id uuid not null references :"tenant_schema".locations (id),
  clock_in    timestamptz not null,
  clock_out   timestamptz,
  source      text not null check (source in ('self', 'kiosk', 'manager')),
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  check (clock_out is null or clock_out > clock_in)
);
-- One open entry per employee: a second clock-in is refused by the database itself.
create unique index time_entries_one_open on :"tenant_schema".time_entries (employee_id) where clock_out is null;
create index time_entries_location_time on :"tenant_schema".time_entries (location_id, clock_in);
create index time_entries_employee_time on :"tenant_schema".time_entries (employee_id, clock_in);

create table :"tenant_schema".breaks (
  id            uuid primary key default gen_random_uuid(),
  time_entry_id uuid not null references :"tenant_schema".time_entries (id) on delete cascade,
  starts_at     timestamptz not null,
  ends_at       timestamptz,
  check (ends_at is null or ends_at > starts_at)
);
create unique index breaks_one_open on :"tenant_schema".breaks (time_entry_id) where ends_at is null;
create index breaks_entry on :"tenant_schema".breaks (time_entry_id);

-- Every manual addition or correction of a time entry, with who, why, and before/after.
create table :"tenant_schema".time_entry_changes (
  id            bigint generated always as identity primary key,
  time_entry_id uuid not null references :"tenant_schema".time_entries (id) on delete cascade,
  changed_by    text not null,
  reason        text not null check (length(reason) between 1 and 500),
  before        jsonb,
  after         jsonb not null,
  at            timestamptz not null default now()
);
create index time_entry_changes_entry on :"tenant_schema".time_entry_changes (time_entry_id, at);

create table :"tenant_schema".timesheets (
  id           uuid primary key default gen_random_uuid(),
  employee_id  uuid not null references :"tenant_schema".employees (id),
  period_start date not null,
  period_end   date not null,
  status       text not null default 'open' check (status in ('open', 'submitted', 'approved')),
  submitted_at timestamptz,
  approved_at  timestamptz,
  approved_by  text,
  updated_at   timestamptz not null default now(),
  unique (employee_id, period_start),
  check (period_end >= period_start)
);
