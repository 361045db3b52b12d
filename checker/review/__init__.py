"""Review: the history of checks and their reviews, the jobs of the API, and their PostgreSQL
migrations."""
