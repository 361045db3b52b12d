-- The jobs of `claimcheck serve` (checks and ingests), so that any API process can answer
-- GET /jobs/{id} for a job another one runs. The owner refreshes updated_at while it runs a job;
-- a queued or running job not refreshed for a while belongs to a process that stopped.
CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    stage TEXT NOT NULL DEFAULT '',
    done INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    result TEXT NOT NULL DEFAULT '{}',
    error TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
