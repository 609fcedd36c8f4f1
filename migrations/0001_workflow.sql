-- The workflow of warnings (issue #24): who may act, the warnings the
-- detectors raised, and every transition, append-only. Applied once, in
-- order, by src/workflow/db.rs; PRAGMA user_version holds the last applied.

CREATE TABLE users (
    name        TEXT PRIMARY KEY,
    role        TEXT NOT NULL CHECK (role IN ('centre', 'analyst', 'department')),
    department  TEXT,
    password    TEXT NOT NULL,          -- argon2id PHC string ($argon2id$v=19$m=…,t=…,p=1$salt$hash)
    token       TEXT,                   -- SHA-256 of the API token (hex), NULL when none
    disabled    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    CHECK (role <> 'department' OR department IS NOT NULL)
);

CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,       -- SHA-256 of the cookie value (hex)
    user_name   TEXT NOT NULL REFERENCES users(name),
    expires_at  TEXT NOT NULL
);

-- One row per problem: an alert of the detectors, and what became of it.
CREATE TABLE warnings (
    id           TEXT PRIMARY KEY,      -- the alert id that first raised it
    kind         TEXT NOT NULL,
    subject      TEXT NOT NULL,         -- what it is about, to know a recurrence
    severity     TEXT NOT NULL,
    title        TEXT NOT NULL,
    category     TEXT,
    district     TEXT,
    location     TEXT,
    department   TEXT,                  -- who must act; NULL until assigned
    state        TEXT NOT NULL,         -- assigned, signed, closed, returned, reopened
    first_seen   TEXT NOT NULL,
    last_seen    TEXT NOT NULL,
    due          TEXT NOT NULL,         -- reply due by (severity: 3, 5, 7 days)
    presses      INTEGER NOT NULL DEFAULT 0,
    recurrences  INTEGER NOT NULL DEFAULT 0,
    closed_on    TEXT,
    reply        TEXT,
    alert        TEXT NOT NULL          -- the latest alert as JSON (alerts.jsonl format)
);
CREATE INDEX warnings_by_department ON warnings(department, state);
CREATE INDEX warnings_by_subject ON warnings(kind, subject);

-- Every transition, never updated or deleted.
CREATE TABLE events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    warning_id  TEXT NOT NULL REFERENCES warnings(id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,          -- a user, or 'detect' for detection runs
    action      TEXT NOT NULL,          -- raise, assign, sign, close, return, press, recur, update
    from_state  TEXT,
    to_state    TEXT NOT NULL,
    department  TEXT,
    note        TEXT
);
CREATE INDEX events_by_warning ON events(warning_id, seq);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
