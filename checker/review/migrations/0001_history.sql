-- The shared check history: each check saved once as its machine report (JSON), its claims,
-- and the reviews, an append-only audit trail (triggers refuse UPDATE and DELETE).
CREATE TABLE checks (
    id TEXT PRIMARY KEY,
    generated_at TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL DEFAULT '',
    report TEXT NOT NULL
);
CREATE INDEX checks_by_time ON checks (generated_at DESC, saved_at DESC, id);

CREATE TABLE check_claims (
    check_id TEXT NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
    claim_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    verdict TEXT NOT NULL,
    PRIMARY KEY (check_id, claim_id)
);

CREATE TABLE reviews (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    check_id TEXT NOT NULL,
    claim_id TEXT NOT NULL,
    previous TEXT NOT NULL,
    verdict TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    reviewed_at TEXT NOT NULL,
    reviewer TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (check_id, claim_id) REFERENCES check_claims(check_id, claim_id)
);
CREATE INDEX reviews_by_check ON reviews (check_id, claim_id, seq);

CREATE FUNCTION reviews_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'reviews are an audit trail: append a new review instead';
END;
$$;
CREATE TRIGGER reviews_append_only BEFORE UPDATE OR DELETE ON reviews
    FOR EACH ROW EXECUTE FUNCTION reviews_append_only();
