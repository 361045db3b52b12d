-- The API keys of `claimcheck serve`, as sha256 hashes, shared by every API process.
CREATE TABLE api_keys (
    name TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
