"""Retrieval: keyword and dense search of the library fused by rank, an optional reranker, and the
evidence sentences."""
