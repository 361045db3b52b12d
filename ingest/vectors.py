"""Chunk vectors in Chroma, the part both stores share (ingest/library.py, ingest/server_store.py).

Vector ids are the chunk ids (content hashes), so writing a chunk's vector twice changes nothing,
and the records (SQLite or PostgreSQL) decide which vectors count: a vector that no record
references is an orphan (left by a crash between the two writes), ignored by searches and
deleted by `reconcile_vectors`, which also re-adds the vector of a stored chunk that lost it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from ingest.embeddings import Embedder
from ingest.errors import EmbedderMismatchError, StoreError, StoreUnavailableError
from ingest.models import Chunk

PAGE = 5000  # ids read from Chroma per request
WRITE_BATCH = 2000  # vectors written or deleted per request


def vector_failure(action: str, exc: Exception) -> StoreError:
    """The error for a failed Chroma call: StoreUnavailableError when the server did not answer
    (a transport error of its HTTP client; the request can be tried again), else StoreError."""
    import httpx  # chromadb's HTTP client; only reached once a call has failed

    if isinstance(exc, httpx.TransportError):
        return StoreUnavailableError(
            f"the Chroma server is unavailable ({type(exc).__name__}: {exc}): cannot {action}; "
            "try again when it is back"
        )
    return StoreError(f"cannot {action}: {type(exc).__name__}: {exc}")


def chroma_client(store_dir: Path | None, chroma_url: str | None):
    """Embedded Chroma in `store_dir/chroma`, or an HttpClient to the server at `chroma_url`."""
    import chromadb

    settings = chromadb.Settings(anonymized_telemetry=False)
    if not chroma_url:
        if store_dir is None:
            raise StoreError("a Chroma server URL is needed here (--chroma-url http://HOST:PORT)")
        return chromadb.PersistentClient(path=str(store_dir / "chroma"), settings=settings)
    parts = urlsplit(chroma_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"bad Chroma server URL {chroma_url!r}: expected http://HOST:PORT")
    try:
        return chromadb.HttpClient(
            host=parts.hostname,
            port=parts.port or (443 if parts.scheme == "https" else 8000),
            ssl=parts.scheme == "https",
            settings=settings,
        )
    except Exception as exc:  # noqa: BLE001 - connection errors come in many types
        raise StoreUnavailableError(
            f"cannot reach the Chroma server at {chroma_url}: {exc}"
        ) from exc


def open_collection(
    client, name: str, embedder_id: str, built_with: str | None, chunk_count: Callable[[], int]
):
    """The collection `name` for vectors of `embedder_id`; EmbedderMismatchError when the
    records (`built_with`, with chunks) or the collection hold another embedder's vectors."""
    if built_with and built_with != embedder_id and chunk_count():
        raise EmbedderMismatchError(
            f"this library was built with the embedder {built_with!r}, not "
            f"{embedder_id!r}: use --embedder {built_with}, or rebuild its vectors "
            f"with `claimcheck reindex --embedder {embedder_id}`"
        )
    options = {
        "metadata": {"embedder": embedder_id},
        "configuration": {"hnsw": {"space": "cosine"}},
        "embedding_function": None,
    }
    try:
        collection = client.get_or_create_collection(name, **options)
        stored = (collection.metadata or {}).get("embedder")
        if stored and stored != embedder_id and collection.count():
            raise EmbedderMismatchError(
                f"the Chroma collection {name!r} holds vectors of the embedder {stored!r}, not "
                f"{embedder_id!r}: use --embedder {stored}, or rebuild with "
                f"`claimcheck reindex --embedder {embedder_id}`"
            )
        if stored != embedder_id:
            # empty, or built by nothing yet: (re)create for this embedder's dimension
            client.delete_collection(name)
            collection = client.create_collection(name, **options)
    except StoreError:
        raise
    except Exception as exc:  # noqa: BLE001 - chromadb raises many kinds
        raise StoreError(f"cannot open the Chroma collection {name!r}: {exc}") from exc
    return collection


def upsert_vectors(collection, embedder: Embedder, chunks: Sequence[Chunk]) -> None:
    """Embed the chunks and store their vectors (the text stays with the records)."""
    for i in range(0, len(chunks), WRITE_BATCH):
        part = chunks[i : i + WRITE_BATCH]
        vectors = embedder.embed([c.text for c in part])
        try:
            collection.upsert(
                ids=[c.id for c in part],
                embeddings=vectors,
                metadatas=[
                    {"source_id": c.source_id, "start": c.start, "end": c.end} for c in part
                ],
            )
        except Exception as exc:  # noqa: BLE001 - chromadb raises many kinds
            raise vector_failure("store vectors", exc) from exc


def delete_vectors(collection, ids: Sequence[str]) -> None:
    try:
        for i in range(0, len(ids), WRITE_BATCH):
            collection.delete(ids=list(ids[i : i + WRITE_BATCH]))
    except Exception as exc:  # noqa: BLE001 - chromadb raises many kinds
        raise vector_failure("delete vectors", exc) from exc


def vector_ids(collection) -> Iterator[str]:
    """Every id in the collection, a page at a time."""
    offset = 0
    while True:
        ids = collection.get(include=[], limit=PAGE, offset=offset)["ids"]
        yield from ids
        if len(ids) < PAGE:
            return
        offset += PAGE


def reconcile_vectors(
    collection,
    embedder: Embedder,
    known: Collection[str],
    chunks_of: Callable[[Sequence[str]], Sequence[Chunk]],
) -> tuple[int, int]:
    """Make the vectors match the stored chunk ids `known`: delete the vectors no chunk
    references, embed again the chunks that have none (`chunks_of(ids)` reads them).
    Returns (orphans deleted, vectors re-added)."""
    present = set(vector_ids(collection))
    orphans = sorted(present.difference(known))
    delete_vectors(collection, orphans)
    missing = sorted(set(known).difference(present))
    if missing:
        upsert_vectors(collection, embedder, list(chunks_of(missing)))
    return len(orphans), len(missing)


def query_vectors(collection, vector, k: int) -> dict[str, float]:
    """The `k` chunk ids nearest to `vector` (one query embedding, shape (1, dim)), with their
    cosine similarity, nearest first."""
    try:  # Chroma 1.x returns fewer than k for a smaller (or empty) collection, no count first
        result = collection.query(query_embeddings=vector, n_results=k, include=["distances"])
    except Exception as exc:  # noqa: BLE001 - chromadb raises many kinds
        raise vector_failure("search the vectors", exc) from exc
    ids = result["ids"][0]
    distances = result["distances"][0]
    return {cid: 1.0 - float(d) for cid, d in zip(ids, distances, strict=True)}
