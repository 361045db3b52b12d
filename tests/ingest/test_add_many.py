"""Library.add_many: the batched add gives what successive add calls give, faster."""

from __future__ import annotations

from pathlib import Path

from ingest.embeddings import HashingEmbedder
from ingest.library import Library
from ingest.models import Document, OutcomeStatus, Tier

RHINE = " ".join(
    f"Stretch {i} of the Rhine, {i * 91} kilometres from its source, passes town number {i}."
    for i in range(1, 15)
)
BEES = " ".join(
    f"In trial {i}, honeybees performed a waggle dance to show flowers {i * 40} metres away."
    for i in range(1, 12)
)
TEXTS = {
    "https://example.org/a": "The Rhine is 1,233 kilometres long. " + RHINE,
    "https://example.org/b": "Karl von Frisch described the dance in 1946. " + BEES,
    "/tmp/notes/c.md": "# Notes\n\nThe library opened in 1902 and holds 3 million books.",
}


def docs() -> list[Document]:
    return [Document(loc, text, title=f"title {i}") for i, (loc, text) in enumerate(TEXTS.items())]


def stored(library: Library) -> dict[str, tuple]:
    out = {}
    for source in library.sources(with_text=True):
        chunks = library._chunks_of(source)
        out[source.id] = (
            source.location,
            source.title,
            source.text,
            source.tier,
            tuple((c.id, c.start, c.end) for c in chunks),
        )
    return out


def open_library(path: Path) -> Library:
    return Library.open(path, HashingEmbedder(), chunk_size=200, chunk_overlap=40)


def test_add_many_stores_what_add_stores(tmp_path):
    one_by_one = open_library(tmp_path / "a")
    expected = [one_by_one.add(d) for d in docs()]
    batched = open_library(tmp_path / "b")
    outcomes = batched.add_many(docs())
    assert [(o.status, o.source_id, o.chunks) for o in outcomes] == [
        (o.status, o.source_id, o.chunks) for o in expected
    ]
    assert all(o.status is OutcomeStatus.ADDED for o in outcomes)
    assert stored(batched) == stored(one_by_one)
    assert batched._collection.count() == batched.chunk_count() > 3
    hit = batched.keyword_search("waggle dance von Frisch", 3)[0]
    assert hit.chunk.source_id == outcomes[1].source_id
    vector_hit = batched.vector_search("How long is the Rhine river?", 1)[0]
    assert vector_hit.chunk.source_id == outcomes[0].source_id


def test_add_many_again_changes_nothing_and_updates_what_changed(tmp_path):
    library = open_library(tmp_path / "s")
    first = library.add_many(docs(), source_ids=["a", None, "c"])
    assert first[0].source_id == "a" and first[2].source_id == "c"
    before = stored(library)
    again = library.add_many(docs(), source_ids=["a", None, "c"])
    assert [o.status for o in again] == [OutcomeStatus.UNCHANGED] * 3
    assert stored(library) == before

    changed = docs()
    changed[0] = Document(changed[0].location, "The Rhine is 1,230 km long.", title="new")
    outcomes = library.add_many(changed, Tier.PRIMARY, source_ids=["a", None, "c"])
    assert [o.status for o in outcomes] == [
        OutcomeStatus.UPDATED,
        OutcomeStatus.UNCHANGED,
        OutcomeStatus.UNCHANGED,
    ]
    assert outcomes[0].reason == "text changed"
    assert library.get("a").text == "The Rhine is 1,230 km long."
    # the superseded chunks are gone from the vectors too
    assert library._collection.count() == library.chunk_count()
    assert all(
        h.chunk.source_id != "a" or "1,230" in h.chunk.text
        for h in library.vector_search("Rhine 1,233 kilometres", 10)
    )


def test_a_source_repeated_in_the_batch_is_stored_in_turn(tmp_path):
    library = open_library(tmp_path / "s")
    location = "https://example.org/page"
    outcomes = library.add_many(
        [
            Document(location, "First version of the page."),
            Document(location, "Second version of the page."),
            Document(location, "Second version of the page."),
        ]
    )
    assert [o.status for o in outcomes] == [
        OutcomeStatus.ADDED,
        OutcomeStatus.UPDATED,
        OutcomeStatus.UNCHANGED,
    ]
    assert library.source_count() == 1
    assert library.get(location).text == "Second version of the page."
    assert library._collection.count() == library.chunk_count() == 1


def test_add_many_of_nothing(tmp_path):
    library = open_library(tmp_path / "s")
    assert library.add_many([]) == []
    assert library.chunk_count() == 0


def test_batch_ingest_keeps_the_order_and_reports_each_source(tmp_path):
    from ingest.pipeline import ingest_sources

    files = []
    for i in range(40):  # more than one store batch
        path = tmp_path / "docs" / f"note-{i:02d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"Note {i}: the bridge number {i} opened in {1900 + i}.")
        files.append(str(path))
    (tmp_path / "docs" / "empty.md").write_text("   \n")
    items = files[:10] + [str(tmp_path / "docs" / "empty.md"), str(tmp_path / "gone.txt")]
    items += files[10:]
    seen: list[tuple[str, int, int]] = []
    library = open_library(tmp_path / "s")
    summary = ingest_sources(
        library,
        items,
        workers=3,
        progress=lambda o, done, total: seen.append((o.location, done, total)),
    )
    assert [o.location for o in summary.outcomes] == [str(Path(i).resolve()) for i in items]
    statuses = [o.status for o in summary.outcomes]
    assert statuses[10] is statuses[11] is OutcomeStatus.FAILED
    assert "empty" in summary.outcomes[10].reason and "no such file" in summary.outcomes[11].reason
    assert statuses.count(OutcomeStatus.ADDED) == 40
    assert [d for _, d, _ in seen] == list(range(1, len(items) + 1))
    assert {t for _, _, t in seen} == {len(items)}
    assert library.source_count() == 40
    assert library.keyword_search("bridge 1937", 1)[0].chunk.text.startswith("Note 37")
