"""Verification: verifiers behind one interface (base.Verifier), the mismatch features, and
aggregation into a verdict."""
