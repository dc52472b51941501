-- Portable SQL: runs on SQLite and PostgreSQL. Times are epoch milliseconds.
CREATE TABLE api_keys (
    id          VARCHAR(32)  PRIMARY KEY,
    name        VARCHAR(255) NOT NULL,
    salt        VARCHAR(64)  NOT NULL,
    hash        VARCHAR(128) NOT NULL,
    created_at  BIGINT       NOT NULL,
    revoked_at  BIGINT
);

CREATE TABLE tasks (
    id           VARCHAR(36)  PRIMARY KEY,
    key_id       VARCHAR(64)  NOT NULL,
    endpoint     VARCHAR(16)  NOT NULL,
    request      TEXT         NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    result       TEXT,
    error        TEXT,
    attempts     INTEGER      NOT NULL DEFAULT 0,
    claimed_by   VARCHAR(64),
    claimed_at   BIGINT,
    created_at   BIGINT       NOT NULL,
    finished_at  BIGINT
);
CREATE INDEX tasks_status ON tasks (status, created_at);

CREATE TABLE evaluation_log (
    id           VARCHAR(36)  PRIMARY KEY,
    request_id   VARCHAR(64)  NOT NULL,
    task_id      VARCHAR(36),
    key_id       VARCHAR(64)  NOT NULL,
    endpoint     VARCHAR(16)  NOT NULL,
    model_core   VARCHAR(128),
    judge        VARCHAR(128),
    status_code  INTEGER      NOT NULL,
    latency_ms   BIGINT       NOT NULL,
    cache_hit    INTEGER      NOT NULL DEFAULT 0,
    token_count  BIGINT       NOT NULL DEFAULT 0,
    tags         TEXT,
    request      TEXT,
    response     TEXT,
    created_at   BIGINT       NOT NULL
);
CREATE INDEX evaluation_log_key_time ON evaluation_log (key_id, created_at);
CREATE INDEX evaluation_log_task ON evaluation_log (task_id);
