-- Hourly request budgets per API key, shared by every node when the database is PostgreSQL (Bucket4j's JDBC
-- proxy: the bucket's serialized state, read and written under SELECT ... FOR UPDATE). Unused with SQLite,
-- where one node keeps its budgets in memory. Portable SQL.
CREATE TABLE rate_limit_buckets (
    id     VARCHAR(128) PRIMARY KEY,
    state  BYTEA
);
