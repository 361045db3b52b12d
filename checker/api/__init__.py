"""The HTTP API of `claimcheck serve` (server.py)."""
