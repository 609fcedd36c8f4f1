-- Webhooks (issue #24): a department's own system is told, by an HTTP POST
-- signed with HMAC-SHA256, of each warning newly routed to it (raised,
-- assigned or reassigned) and of each that comes back (复发). Every
-- attempt's outcome is kept on its delivery.

CREATE TABLE webhooks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    department  TEXT NOT NULL,
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,          -- the HMAC key (hex), shown once when registered
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    disabled    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (department, url)
);

-- One POST of one event to one webhook, retried with backoff until it is
-- answered 2xx or given up.
CREATE TABLE deliveries (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id    INTEGER NOT NULL REFERENCES webhooks(id),
    warning_id    TEXT NOT NULL REFERENCES warnings(id),
    event         TEXT NOT NULL,        -- assigned (raised with, assigned or reassigned to it), reopened
    body          TEXT NOT NULL,        -- the JSON posted
    created_at    TEXT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_at       TEXT,                 -- when to try next; NULL once delivered or given up
    delivered_at  TEXT,
    last_status   INTEGER,              -- the HTTP status of the last attempt, NULL when none came
    last_error    TEXT
);
CREATE INDEX deliveries_due ON deliveries(next_at) WHERE next_at IS NOT NULL;
CREATE INDEX deliveries_by_webhook ON deliveries(webhook_id, id);
