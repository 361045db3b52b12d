"""The one home of the word lists and small text helpers that ingest and checker share: stop
words (scikit-learn's English list, adjusted once here), negation and number words, months and
weekdays, reporting verbs, leading conjunctions, quote normalisation, Markdown emphasis
stripping, the word-token pattern and the Snowball stemmer.

Changing a list here changes keyword retrieval, the verifier's features and check-worthiness
features, so verdict quality: measure on a labelled dataset (`claimcheck eval`) before and after.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path


def wordset(words: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string."""
    return frozenset(words.split())


# -- characters -----------------------------------------------------------------------------------

# Typographic quotes and apostrophes mapped one character to one, so offsets are kept.
_QUOTE_MAP = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u02bc": "'"}
)


def normalise_quotes(text: str) -> str:
    """Straight quotes for curly ones; same length, so offsets stay valid."""
    return text.translate(_QUOTE_MAP)


MARKUP = re.compile(r"[*_`]+")  # Markdown emphasis and code marks


def plain_text(text: str) -> str:
    """The text without Markdown emphasis, whitespace collapsed."""
    return " ".join(MARKUP.sub("", text).split())


# -- words --------------------------------------------------------------------------------------

# A word (letters, inner apostrophes) or a number (digits with inner , or .).
TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)*")


def _library_stop_words() -> frozenset[str]:
    """scikit-learn's ENGLISH_STOP_WORDS, read from its own small module file: importing
    scikit-learn itself would add a second to every check's start."""
    spec = importlib.util.find_spec("sklearn")
    for folder in (spec and spec.submodule_search_locations) or ():
        path = Path(folder) / "feature_extraction" / "_stop_words.py"
        module_spec = importlib.util.spec_from_file_location("_sklearn_stop_words", path)
        if path.is_file() and module_spec and module_spec.loader:
            module = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(module)
            if isinstance(getattr(module, "ENGLISH_STOP_WORDS", None), frozenset):
                return module.ENGLISH_STOP_WORDS
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # layout changed: import

    return frozenset(ENGLISH_STOP_WORDS)


LIBRARY_STOP_WORDS = _library_stop_words()  # also the hashing embedder's (stop_words="english")
# scikit-learn's words that a checker compares: numbers (compared as quantities), negations,
# and words that carry a claim's content ("first", "found", "show", "system"...)
_COMPARED = wordset(
    """amoungst amount back bill bottom call cannot cant co con couldnt cry de describe detail
    due eg eight eleven empty fifteen fifty fill find fire first five forty found four front
    full get give go hasnt hereupon hundred inc interest keep latterly ltd made mill move name
    never nine part put re see seem seemed seeming seems serious several show side sincere six
    sixty system take ten thick thin third three top twelve twenty two un"""
)
# words that carry nothing to compare but are missing from scikit-learn's list
_UNCOMPARED = wordset("did does doing having just quite s said say says shall t theirs")
STOP_WORDS = (LIBRARY_STOP_WORDS - _COMPARED) | _UNCOMPARED

NEGATION_WORDS = wordset(
    "not no never none nobody nothing neither nor without cannot non nowhere lack lacks lacked "
    "lacking fail fails failed absent"
)
# Words that only carry a number ("14 million", "40 per cent"): compared as quantities instead.
NUMBER_WORDS = wordset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred thousand million billion trillion mn bn tn dozen percent cent percentage "
    "point points pp"
)
MAGNITUDES = wordset("hundred thousand million billion trillion dozen")

MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
MONTHS = {
    **{name: number for number, name in enumerate(MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(MONTH_NAMES, start=1) if name != "may"},
    "sept": 9,
}  # lower-case name or abbreviation -> 1..12
WEEKDAYS = wordset("monday tuesday wednesday thursday friday saturday sunday")

# Words written with a capital only because they start a sentence: not names.
FUNCTION_CAPS = wordset(
    """I A An The This That These Those It Its He She They We You Our My His Her Their In On
    At Of For And But Or So If When While As By To From With"""
)

REPORTING_VERBS = wordset(
    """said says say told tells according reported reports announced announces confirmed
    confirms revealed reveals stated states claimed claims estimated estimates found shows
    showed show published released disclosed admitted denied warned noted added explained
    acknowledged insisted argued testified wrote"""
)

LEADING_CONJUNCTIONS = (
    "and", "but", "so", "or", "yet", "now", "then", "also", "still", "meanwhile", "however",
    "moreover",
)  # fmt: skip


def leading_conjunctions_re(*extra: str) -> re.Pattern[str]:
    """Matches the conjunctions a sentence starts with ("And so, ..."), each with an optional
    comma; `extra` adds words for one use."""
    words = "|".join([*LEADING_CONJUNCTIONS, *extra])
    return re.compile(rf"^(?:(?:{words})\b,?\s+)+", re.IGNORECASE)


# -- stems --------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def stemmer():
    """The Snowball (Porter 2) English stemmer of PyStemmer, made once."""
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball (Porter 2) stem of a lower-case word, possessive 's dropped."""
    if word.endswith("'s"):
        word = word[:-2]
    return stemmer().stemWord(word.replace("'", ""))
