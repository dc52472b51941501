-- The platform's data endpoints (traces, annotations, the evaluations filter) over the evaluation log. Portable SQL:
-- runs on SQLite and PostgreSQL. Rows written before this migration belong each to a trace of its own and have no
-- score or criteria to filter on.
ALTER TABLE evaluation_log ADD COLUMN trace_id VARCHAR(64);
ALTER TABLE evaluation_log ADD COLUMN criteria TEXT;
ALTER TABLE evaluation_log ADD COLUMN score DOUBLE PRECISION;
UPDATE evaluation_log SET trace_id = id WHERE trace_id IS NULL;
CREATE INDEX evaluation_log_key_trace ON evaluation_log (key_id, trace_id);

-- One row per tag of a logged evaluation, so that tag filters are exact and indexed.
CREATE TABLE evaluation_tags (
    log_id  VARCHAR(36)  NOT NULL,
    key_id  VARCHAR(64)  NOT NULL,
    name    VARCHAR(255) NOT NULL,
    value   TEXT         NOT NULL
);
CREATE INDEX evaluation_tags_key_name ON evaluation_tags (key_id, name);
CREATE INDEX evaluation_tags_log ON evaluation_tags (log_id);

-- Comments and ratings on traces; the latest rating of a trace is its rating.
CREATE TABLE annotations (
    id          VARCHAR(36)  PRIMARY KEY,
    key_id      VARCHAR(64)  NOT NULL,
    trace_id    VARCHAR(64)  NOT NULL,
    kind        VARCHAR(16)  NOT NULL,
    comment     TEXT,
    rating      INTEGER,
    created_at  BIGINT       NOT NULL
);
CREATE INDEX annotations_key_trace ON annotations (key_id, trace_id, created_at);
