-- better-auth's tables (users, sessions, credentials, verification tokens, organizations,
-- members, invitations, TOTP secrets, rate limits) in the platform schema, as its schema
-- generator lays them out for its configuration in shared/auth/auth.ts. An organization is a
-- tenant: same id, so a membership names the tenant it grants access to.

create table platform."user" (
  "id" text not null primary key,
  "name" text not null,
  "email" text not null unique,
  "emailVerified" boolean not null,
  "image" text,
  "createdAt" timestamptz default current_timestamp not null,
  "updatedAt" timestamptz default current_timestamp not null,
  "twoFactorEnabled" boolean,
  -- 'operator' for platform staff; set only by `npm run operator`, never through the API.
  "platformRole" text check ("platformRole" in ('operator'))
);

create table platform."session" (
  "id" text not null primary key,
  "expiresAt" timestamptz not null,
  "token" text not null unique,
  "createdAt" timestamptz default current_timestamp not null,
  "updatedAt" timestamptz not null,
  "ipAddress" text,
  "userAgent" text,
  "userId" text not null references platform."user" ("id") on delete cascade,
  "activeOrganizationId" text
);

create table platform."account" (
  "id" text not null primary key,
  "accountId" text not null,
  "providerId" text not null,
  "userId" text not null references platform."user" ("id") on delete cascade,
  "accessToken" text,
  "refreshToken" text,
  "idToken" text,
  "accessTokenExpiresAt" timestamptz,
  "refreshTokenExpiresAt" timestamptz,
  "scope" text,
  "password" text,
  "createdAt" timestamptz default current_timestamp not null,
  "updatedAt" timestamptz not null
);

create table platform."verification" (
  "id" text not null primary key,
  "identifier" text not null,
  "value" text not null,
  "expiresAt" timestamptz not null,
  "createdAt" timestamptz default current_timestamp not null,
  "updatedAt" timestamptz default current_timestamp not null
);

create table platform."organization" (
  "id" text not null primary key references platform.tenants (id),
  "name" text not null,
  "slug" text not null unique,
  "logo" text,
  "createdAt" timestamptz not null,
  "metadata" text
);

create table platform."member" (
  "id" text not null primary key,
  "organizationId" text not null references platform."organization" ("id") on delete cascade,
  "userId" text not null references platform."user" ("id") on delete cascade,
  "role" text not null check ("role" in ('owner', 'admin', 'manager', 'employee')),
  "createdAt" timestamptz not null,
  unique ("organizationId", "userId")
);

create table platform."invitation" (
  "id" text not null primary key,
  "organizationId" text not null references platform."organization" ("id") on delete cascade,
  "email" text not null,
  "role" text,
  "status" text not null,
  "expiresAt" timestamptz not null,
  "createdAt" timestamptz default current_timestamp not null,
  "inviterId" text not null references platform."user" ("id") on delete cascade
);

create table platform."twoFactor" (
  "id" text not null primary key,
  "secret" text not null,
  "backupCodes" text not null,
  "userId" text not null references platform."user" ("id") on delete cascade,
  "verified" boolean,
  "failedVerificationCount" integer,
  "lockedUntil" timestamptz
);

create table platform."rateLimit" (
  "id" text not null primary key,
  "key" text not null unique,
  "count" integer not null,
  "lastRequest" bigint not null
);

create index "session_userId_idx" on platform."session" ("userId");
create index "account_userId_idx" on platform."account" ("userId");
create index "verification_identifier_idx" on platform."verification" ("identifier");
create index "member_userId_idx" on platform."member" ("userId");
create index "invitation_organizationId_idx" on platform."invitation" ("organizationId");
create index "invitation_email_idx" on platform."invitation" ("email");
create index "twoFactor_secret_idx" on platform."twoFactor" ("secret");
create index "twoFactor_userId_idx" on platform."twoFactor" ("userId");

-- API keys: one tenant each, stored as a SHA-256 of the token (the token is shown once).
create table platform.api_keys (
  id           text primary key,
  tenant_id    text not null references platform.tenants (id),
  name         text not null check (length(name) between 1 and 100),
  -- First characters of the token, shown in lists so people can tell keys apart.
  token_prefix text not null,
  token_hash   bytea not null unique,
  role         text not null check (role in ('admin', 'manager', 'employee')),
  created_by   text not null references platform."user" ("id"),
  created_at   timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);

create index api_keys_tenant on platform.api_keys (tenant_id, created_at desc);

-- Fixed-window counters for Rota's own rate-limited endpoints (better-auth keeps its own).
create table platform.rate_limits (
  key          text primary key,
  window_start timestamptz not null,
  hits         integer not null
);
