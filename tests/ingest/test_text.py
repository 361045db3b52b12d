"""ingest/text.py: the one home of the shared word lists and text helpers."""

from __future__ import annotations

import subprocess
import sys

from ingest import text


def test_stop_words_are_scikit_learns_list_adjusted_once():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    assert text.LIBRARY_STOP_WORDS == ENGLISH_STOP_WORDS
    kept = ENGLISH_STOP_WORDS - text.STOP_WORDS
    assert {"never", "cannot", "first", "three", "found"} <= kept  # compared, not skipped
    assert {"said", "says", "did"} <= text.STOP_WORDS - ENGLISH_STOP_WORDS


def test_reading_the_stop_words_does_not_import_scikit_learn():
    """A check starts without scikit-learn (about a second of imports)."""
    code = "import sys, ingest.text; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_months_and_conjunctions():
    assert text.MONTHS["sept"] == text.MONTHS["september"] == 9
    assert "may" in text.MONTHS and "mar" in text.MONTHS and len(set(text.MONTHS.values())) == 12
    strip = text.leading_conjunctions_re("indeed")
    assert strip.sub("", "And so, indeed the rate fell.") == "the rate fell."
    assert text.leading_conjunctions_re().sub("", "Indeed it fell.") == "Indeed it fell."


def test_text_helpers():
    assert text.plain_text("  **Bold**  and _it_\n`code` ") == "Bold and it code"
    assert text.normalise_quotes("\u201cit\u2019s\u201d") == '"it\'s"'
    assert text.stem("studies") == text.stem("study") and text.stem("nasa's") == "nasa"
    assert [m.group() for m in text.TOKEN_RE.finditer("It's 14.2 million, isn't it")] == [
        "It's", "14.2", "million", "isn't", "it"
    ]  # fmt: skip


def test_keyword_index_uses_the_shared_stop_words_and_rebuilds_an_index_made_otherwise(tmp_path):
    import json

    from ingest.keyword import TOKENIZER, KeywordIndex, tokenize

    assert tokenize(["The rate was never said to fall"]) == [["rate", "never", "fall"]]
    index = KeywordIndex(tmp_path / "bm25")
    index.build(["a"], ["interest rates fell"], "v1")
    assert KeywordIndex(index.folder).version() == "v1"
    stamp = index.folder / "version.json"
    assert json.loads(stamp.read_text()) == {"version": "v1", "tokenizer": TOKENIZER}
    stamp.write_text(json.dumps({"version": "v1"}))  # built before the tokenizer was named
    assert KeywordIndex(index.folder).version() is None  # stale: the library rebuilds it
