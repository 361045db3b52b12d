"""Claims: the article read, its claims extracted and split into atomic parts, their
check-worthiness and attribution."""
