"""Atomic parts: one article sentence -> the separate checkable facts it packs.

"The core team behind Qwen, the world's most downloaded open-source AI model, was abruptly
removed by Alibaba—a move that threatens trust in corporate-backed open-source AI." states
two facts (the removal; Qwen's downloads) and one comment on them. A source can deny the first
and say nothing of the second: judged whole, such a sentence is never supported and rarely
cleanly contradicted; judged in parts, the editor sees which part fails.

`split_parts` finds, on the sentence's own characters (so every part keeps its offsets):
- appositives after a name, between commas or dashes, or closing the sentence
  ("Qwen, the world's most downloaded model, ...") -> "Qwen is the world's most downloaded
  model"; a name in apposition ("its flagship, Qwen3.6-Max, ...") stays in the sentence,
- non-restrictive relative clauses (", which ...", ", who ...") -> "<head> <clause>",
- dash asides on the whole event ("— a move that threatens ...") -> their own part,
- an opening "Developed by X, Qwen ..." -> "Qwen was developed by X",
- a closing participle (", surpassing 150 million downloads") -> "<subject> surpassing ...";
  an interpretive one (", signalling that ...") is commentary, not a fact, and is dropped,
- coordinated predicates ("X was removed and replaced") -> "X was removed", "X replaced",
- lists of three or more after a preposition ("from MIT, ETH Zurich, and labs") -> one part
  per item,
- bounded figures closing a statement with "is" ("Qwen is the most downloaded family, north of
  half of all downloads, approaching a billion") -> one part per figure, with the subject and
  its verb ("Qwen is approaching a billion downloads": a figure with no noun counts what the
  phrase before it names).

Each part's `text` is the self-contained statement; `start`/`end` are the characters of the
article it was read from: `article[start:end] == text` when the part is verbatim, else the
span it rewrites. Hand-written: no sentence parser is installable here that keeps character
offsets and loads within the cold-check budget (spaCy's English models are not on PyPI).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from checker.claims.checkworthiness import AUXILIARIES, is_finite_verb
from checker.text_utils import BOUND_WORDS, NUMBER_VALUES
from ingest.text import MONTHS, REPORTING_VERBS, WEEKDAYS, wordset

APPOSITIVE = "appositive"
RELATIVE = "relative clause"
ASIDE = "aside"
INTRO = "introduction"
PARTICIPLE = "participle"
PREDICATE = "predicate"
LIST_ITEM = "list item"
FIGURE = "figure"
CIRCUMSTANCE = "circumstance"
ROLE = "role"
MAIN = "main"

_WORD = re.compile(r"[^\W_][\w.’'\-+]*[^\W_+]|[^\W_]\+?")
_DETERMINERS = wordset("""the a an its their his her one our this that these those another""")
_NOT_HEAD = wordset(
    """the a an of and or but in on at by for to from with is was were are be been it its this
    that these those which who"""
)
_INTERPRETIVE = wordset(
    """signalling signaling suggesting showing highlighting underscoring marking meaning
    reflecting indicating illustrating proving demonstrating raising prompting sparking
    fuelling fueling leaving making"""
)
_ATTRIBUTING = wordset("according citing quoting")
# participles that work as prepositions: ", including mobile clinics ..." says what the object
# takes in, not what the subject did, so it stays in the sentence
_PREPOSITIONAL = wordset("including excluding following regarding concerning involving")
# adverbs a predicate may open with: "which first reported ...", "and later said ..."
# what a person is, opening an appositive without an article ("Dr. Amara Okafor, head of
# paediatrics at St. Brigid's") or standing before the name ("chief executive Annelies Vermeer")
_ROLE_NOUNS = wordset(
    """head chief director president chair chairman chairwoman chairperson leader founder
    co-founder spokesperson spokesman spokeswoman minister secretary professor editor manager
    governor mayor deputy commissioner superintendent provost dean coroner
    vice-chancellor"""
)
# a title after a name with no article: "Rachel Okafor, managing director of Haddlesey Stone",
# "Tom Reed, group finance director"
_BARE_TITLE = re.compile(
    r"(?:[a-z-]+\s+){1,2}(?:" + "|".join(sorted(_ROLE_NOUNS | {"officer", "executive"})) + r")\b"
)
_TITLE_BEFORE_NAME = re.compile(
    r"(?:(?<=\s)|^)(?P<title>(?:(?:[A-Z][\w-]*['’]s\s+)?(?i:chief|deputy|managing|executive|"
    r"finance|health|foreign|prime|vice|general|senior|assistant|area)\s+(?:[a-z-]+\s+){0,2}?"
    r"(?:executive|officer|director|minister|secretary|president|manager|counsel|editor|coroner)"
    r"|(?:[A-Z][\w-]*['’]s\s+)?(?i:president|chair(?:man|woman)?|founder|spokes(?:person|man|"
    r"woman)|mayor|governor|director|coroner)))\s+(?P<name>[A-Z][a-z]+(?:\s+(?:(?:de|van|von|"
    r"der|den|da|di|del|du|le|la|al|bin)\s+)?[A-Z][a-z'-]+){1,2})\s+(?=said|says|told|added|"
    r"announced|urged|confirmed|wrote|found|ruled|concluded|recorded|warned)"
)
_LEADING_ADVERBS = wordset("first also later then still already now once never again since")
_EVENT_ASIDE = re.compile(
    r"(?:a|an|the)\s+(?:\w+\s+){0,2}?(?:move|decision|step|change|shift|development|sign|"
    r"blow|setback|turn|twist|reversal|pivot)\s+(?:that|which)\s",
    re.IGNORECASE,
)
# a comment closing a sentence after a comma, on what it reports ("a marked improvement on ...")
_COMMENT_ASIDE = re.compile(
    r"(?:a|an)\s+(?:\w+\s+){0,2}?(?:move|decision|step|shift|development|sign|blow|setback|"
    r"turn|twist|reversal|pivot|point|improvement|deterioration|boost|fact|reminder|signal)\b",
    re.IGNORECASE,
)
_DASH = re.compile(r"\s*[—–]\s*|\s+-\s+")
_PREPOSITIONS = wordset("""from in at by with across including among like such as between of""")
# a figure and what it counts ("200+ developers", "40 maintainers", "3 million users")
_COUNTED = re.compile(
    r"(?<![\w.,])(?:(?!(?:19|20)\d\d\s)\d[\d,.]*\+?|(?:two|three|four|five|six|seven|eight|nine|ten|twelve|"
    r"dozens|hundreds|thousands|a dozen|a hundred))(?:\s+(?:thousand|million|billion))?"
    r"\s+(?P<noun>[a-z][a-z-]*)\b(?!.*(?<![\w.,])\d)",
    re.IGNORECASE,
)
_CONJ_LIST = re.compile(r",?\s+(?:and|or)\s+")
# (not ", managing director of ...": a title)
_PARTICIPLE_TAIL = re.compile(r",\s+([a-z]+ing)\b(?!\s+(?:director|editor|partner)\b)")
# ", dragged down by a slump in overseas recruitment": what caused it, closing a statement
# (not ", led by X", which names who leads the last thing named)
_CAUSE_TAIL = re.compile(
    r",\s+((?:(?:largely|mainly|partly|principally|chiefly)\s+)?(?:dragged|driven|pushed|hit|"
    r"helped|boosted|fuelled|fueled|weighed|buoyed|hurt|caused)(?:\s+(?:down|up|back))?"
    r"\s+by\s+[^,;:]+)[.!]?\s*$"
)
# ", as it pushes to scale up production": a clause on the circumstances closing a statement
# ("as well as", "as part of", "as a result" are no clause)
_AS_TAIL = re.compile(
    r",\s+(?:as\s+(?!well\b|part\b|much\b|many\b|soon\b|long\b|far\b|a\b|an\b)|"
    # ", after county councillors backed a budget that ...": what led to it, a fact of its own
    r"(?:after|before|because|although|though|even\s+though|once|until|since|whereas)\s+|"
    # ", but fewer than one in ten of them have signed up": a second statement, contrasted
    r"(?:but|yet)\s+(?!not\b|also\b|only\b))"
)
# the same without the comma, for the conjunctions that are never prepositions of time
# ("since 2019", "until March", "before the vote" are not clauses)
_BARE_TAIL = re.compile(r"\s+(?:after|because|although|though|whereas)\s+(?=[a-z])")
# a closing change on what the statement counts: ", up 9% on the same month last year", ", down
# from 1,240 a year earlier", ", an increase of 12 per cent"
_CHANGE_TAIL = re.compile(
    r",\s+(?:(?:up|down)\s+(?:by\s+)?|(?:a|an)\s+(?:rise|increase|fall|drop|decline|decrease|"
    r"jump|gain)\s+of\s+)(?:(?:about|around|almost|nearly|some|roughly|more\s+than|over|"
    r"just\s+over|just\s+under)\s+)?(?:\d[\d.,]*\s*(?:%|per\s*cent|percentage\s+points?)"
    r"(?:\s+(?:on|from|against|compared\s+with|over|year[\s-]on[\s-]year)\b[^,;]*)?"
    r"|(?<=up\s)from\s+[^,;]*\d[^,;]*|(?<=down\s)from\s+[^,;]*\d[^,;]*)\s*[.!]?$",
    re.IGNORECASE,
)
_INTRO_BY = re.compile(
    r"^((?:Developed|Built|Founded|Created|Released|Launched|Owned|Backed|Made|Trained|"
    r"Designed|Maintained|Funded|Published|Run)\s+by\s+)([^,]{2,80}),\s+",
)


# "is", or a hedged "is reported to be", between a statement's subject and what it says it is
_COPULA = re.compile(
    r"\s(?P<verb>(?:is|was|are|were)(?:\s+(?:reported|said|thought|believed|"
    r"estimated|understood|claimed|known|expected)\s+to\s+be)?)\s",
    re.IGNORECASE,
)
# a phrase that is a bounded figure: "north of half of all downloads", "approaching a billion"
_BOUNDED_FIGURE = re.compile(
    r"(?:" + BOUND_WORDS.replace(" ", r"\s+") + r")\s+(?:a|an|one|half|two|three|four|five|six|"
    r"seven|eight|nine|ten|twenty|thirty|forty|fifty|hundreds|thousands|millions|dozens|"
    r"\d[\d,.]*)\b",
    re.IGNORECASE,
)
_FIGURE_WORD = r"(?:\d[\d,.]*%?\+?|hundred|thousand|million|billion|trillion)"
_ENDS_IN_FIGURE = re.compile(_FIGURE_WORD + "$", re.IGNORECASE)
# the plural a figure counts: "40 million downloads a month" -> downloads
_COUNTED_AFTER = re.compile(_FIGURE_WORD + r"\s+(?P<noun>[a-z][a-z-]*s)\b", re.IGNORECASE)
_COMMA = re.compile(r",\s+")
_COMMA_WORD = re.compile(r",(?!\d)")
_REFERS_BACK = re.compile(r"\b(?:that|which|who|whom|them|it|they|those|these)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Part:
    """One checkable fact of a sentence: `text` self-contained, read from `start:end`."""

    text: str
    start: int
    end: int
    kind: str
    # a list item: the words only this part states; a source that leaves them unsaid says
    # nothing of the part, however well it matches the words all the items share
    focus: str = ""


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _is_name(word: str) -> bool:
    w = word.strip(".,")
    return bool(w) and (w[:1].isupper() or (w[:1].isalnum() and any(c.isupper() for c in w)))


def _name_before(text: str, end: int) -> tuple[int, str] | None:
    """The run of capitalised words ending at `end` (a possessive is not a head)."""
    words = list(_WORD.finditer(text[:end]))
    if not words or words[-1].end() != len(text[:end].rstrip()):
        return None
    run = []
    for m in reversed(words):
        w = m.group()
        if _is_name(w) and w.lower() not in _NOT_HEAD:
            run.append(m)
            continue
        if run and w.lower() in ("of", "for", "de", "&") and len(run) >= 1:  # "Office for ..."
            run.append(m)
            continue
        break
    while run and not _is_name(run[-1].group()):
        run.pop()
    if not run:
        return None
    first = run[-1]
    head = text[first.start() : run[0].end()]
    if head.endswith(("'s", "’s")):
        return None
    return first.start(), head


def _possessive_name(text: str) -> bool:
    """Whether `text` opens with a name in the possessive: "Wendmoor's", "Westmarch Valley's"."""
    for w in _words(text)[:4]:
        if not _is_name(w):
            return False
        if w.endswith(("'s", "’s")):
            return True
    return False


def _has_clause(text: str) -> bool:
    """An auxiliary or a past-tense verb outside a participle phrase: a clause, not a phrase."""
    words = [w.lower().replace("’", "'") for w in _words(text)]
    return any(w in AUXILIARIES for w in words)


def _np_is_name(text: str) -> bool:
    words = _words(text)
    return bool(words) and all(_is_name(w) for w in words) and len(words) <= 4


def _inside_quote_or_brackets(text: str, pos: int) -> bool:
    before = text[:pos]
    return (
        before.count('"') % 2 == 1
        or before.count("“") > before.count("”")
        or before.count("(") > before.count(")")
    )


@dataclass(frozen=True)
class _Cut:
    """Characters [start, end) of the sentence taken out of its main statement."""

    start: int
    end: int
    part: Part | None  # what they state, when it is a fact of its own


# verbs a news sentence states in the present that `is_finite_verb` (which reads the past
# and the auxiliaries) does not know: "The ban comes into force ... and will affect ..."
_PRESENT = wordset(
    """comes goes takes makes says means remains includes runs covers affects applies requires
    plans expects faces leaves gives holds serves supplies employs owns operates provides
    becomes stands sits lies accounts represents"""
)


def _is_verb(word: str) -> bool:
    return is_finite_verb(word) or word.lower() in _PRESENT


def _subject(main: str) -> str | None:
    """The words before the main statement's first finite verb (its subject)."""
    for m in _WORD.finditer(main):
        if m.start() > 0 and _is_verb(m.group()):
            subject = main[: m.start()].strip(" ,")
            if 1 <= len(_words(subject)) <= 12 and "," not in subject:
                return subject
            return None
    return None


def _span_in(s: str, words: str, base: int) -> tuple[int, int]:
    """Where `words` stand in the sentence `s` that starts at `base` of the article; the whole
    sentence when they are rewritten and not found as written."""
    at = s.find(words)
    return (base + at, base + at + len(words)) if at >= 0 else (base, base + len(s))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _end_of_phrase(s: str, start: int) -> int:
    """Where a phrase starting at `start` ends: the next comma, dash, semicolon or the end."""
    m = re.compile(r",\s|\s*[—–;]\s*|\s+-\s+|[.!]\s*$").search(s, start)
    return m.start() if m else len(s.rstrip())


def _subject_np(s: str, end: int) -> tuple[int, str] | None:
    """A determiner-led noun phrase opening the sentence and ending at `end` ("The company")."""
    words = _words(s[:end])
    if (
        2 <= len(words) <= 5
        and words[0].lower() in _DETERMINERS
        and not any(is_finite_verb(w) for w in words[1:])
    ):
        return 0, s[:end].strip()
    return None


# a superlative or ranking: what an elided "was" may join ("... and the lowest since 2016-17")
_RANKED_WORD = re.compile(r"^\S+\s+(?:[\w-]+\s+){0,2}?(?:\w+est|most|least|biggest|largest)\b")
# "who", "which", or a share of the head: "..., most of whom spent decades on the factory floor"
_REL_SHARE = (
    r"(?P<share>(?:most|many|some|all|none|half|several|few|each|both|one|two|three|four|five|"
    r"six|seven|eight|nine|ten|\d+)\s+of\s+(?:whom|which))"
)
_WHO_WHICH = re.compile(rf"(?:who|which|{_REL_SHARE})\s", re.IGNORECASE)
# a relative clause that closes the sentence, with no comma or dash of its own
_CLOSING_WHICH = re.compile(rf"(?:which|who|{_REL_SHARE})\s[^,;:—–]+[.!]?\s*$")
_OBJECT_WORDS = 8  # words an object noun phrase may run to, back from its comma
_WHEN_AFTER = re.compile(
    r"\s+(?:in|on|at|by|since|during|last|this)\s+(?:\w+\s+){0,2}?(?:\d{4}|"
    + "|".join(sorted({*MONTHS, *WEEKDAYS}, key=len, reverse=True))
    + r"|week|month|year)$",
    re.IGNORECASE,
)


def _object_np(s: str, end: int) -> tuple[int, str] | None:
    """The noun phrase a closing relative clause describes, when it is the object before the
    comma at `end`: back to its determiner or number ("five offences under environmental
    permitting rules"), crossing no verb."""
    spans = [(m.start(), m.group()) for m in re.finditer(r"[\w'’-]+", s[:end])]
    for i in range(len(spans) - 2, max(-1, len(spans) - 2 - _OBJECT_WORDS), -1):
        at, word = spans[i]
        if is_finite_verb(word):
            return None
        low = word.lower()
        if low in _DETERMINERS or low in NUMBER_VALUES or word[0].isdigit():
            head = _WHEN_AFTER.sub("", s[at:end].strip())  # "the plant in 2023": the plant
            return at, head
    return None


def _continues_with_verb(rest: str) -> bool:
    """The sentence goes on with its predicate: 'was removed', 'quickly became'."""
    words = _words(rest)[:3]
    for i, w in enumerate(words):
        if is_finite_verb(w) or (w.islower() and w.endswith("s") and i == 0):
            return True
        if not w.lower().endswith("ly") and w.lower() not in _LEADING_ADVERBS:
            return False
    return False


def _appositives(s: str, base: int) -> list[_Cut]:
    """Appositives and relative clauses after a name, between commas or dashes, or closing."""
    cuts: list[_Cut] = []
    stacked: dict[int, tuple[int, str]] = {}  # where an aside ends: the name it was about
    for m in re.finditer(r",\s+|\s*[—–]\s*", s):
        again = stacked.get(m.end()) if _WHO_WHICH.match(s, m.end()) else None
        if _inside_quote_or_brackets(s, m.start()) or (
            again is None and any(c.start <= m.start() < c.end for c in cuts)
        ):
            continue
        dash = "," not in m.group()
        # "Fiona Castellane, the chief executive, who joined in 2021, said": both on the name
        name = again or _name_before(s, m.start())
        if name is not None and name[1].split()[-1].lower() in {*MONTHS, *WEEKDAYS}:
            name = None  # "... in the six months to 30 August, the company said": a date
        named = name or (None if dash else _subject_np(s, m.start()))
        if named is None and not dash and _CLOSING_WHICH.match(s, m.end()):
            named = _object_np(s, m.start())  # "... to five offences, which related to ..."
        if named is None:
            continue
        head = named[1]
        inner_start = m.end()
        if dash:
            closing = re.compile(r"\s*[—–]\s*").search(s, inner_start)
        else:
            closing = re.compile(r",\s+|\s*[—–]\s*").search(s, inner_start)
            # a mid-sentence aside is followed by the sentence's predicate; otherwise the
            # phrase runs to the end (its own commas are a list: "from MIT, ETH Zurich, and")
            rest = s[closing.end() :] if closing is not None else ""
            listed = re.search(r"\b(?:and|or)\b", rest) is not None
            # (a verb in the present says the sentence goes on: "Westmarch, the country's
            # third-largest lender, plans to close between March and June")
            if listed and not any(_is_verb(w) for w in _words(rest)):
                closing = None  # the clause's own list: "which makes batteries, cells and modules"
            elif closing is not None and _WHO_WHICH.match(rest) and name is not None:
                pass  # another aside on the same name follows: read next
            elif closing is not None and not _continues_with_verb(rest):
                if any(is_finite_verb(w) for w in _words(rest)):
                    continue
                # ... or the rest of a predicate the name is the object of: "The figures place
                # the Trust, which runs the hospital, fourth-worst among the 122 trusts"
                before = [w.lower() for w in _words(s[: m.start()])]
                resumes = (
                    _words(s[inner_start:])[:1] in (["which"], ["who"])
                    and not listed
                    and (_words(rest)[:1] or ["X"])[0].islower()  # not "Monday, Jan. 13"
                    and any(
                        w.isalpha() and w not in _DETERMINERS and w not in _PREPOSITIONS
                        for w in before[1:-1]
                    )
                )
                if not resumes:
                    closing = None
        at_end = closing is None
        inner_end = closing.start() if closing else len(s.rstrip(" .!"))
        inner = s[inner_start:inner_end]
        first = (_words(inner) or [""])[0].lower()
        share = _WHO_WHICH.match(inner.strip())
        if first in ("which", "who") or (share and share.group("share")):
            said = share.group("share") if share and share.group("share") else first
            clause = inner.strip()[len(said) :].strip()
            if not clause or not (_has_clause(clause) or _continues_with_verb(clause)):
                continue
            if said not in ("which", "who"):  # "most of whom spent ...": most of the head
                the = "the " if head[:1].isdigit() else ""
                text = f"{said.split()[0]} of {the}{head} {clause}"
            else:
                text = f"{head} {clause}"
            kind = RELATIVE
        elif name is not None:  # an appositive renames a name; "The company, the ..." does not
            if (
                first not in _DETERMINERS
                and first not in _ROLE_NOUNS
                and not _possessive_name(inner)  # "Gillian Pryce, Wendmoor's chief ..."
                and not inner.lower().startswith("one of")
                and not _BARE_TITLE.match(inner.strip())  # "managing director of Haddlesey"
            ):
                continue
            if _has_clause(inner) or _EVENT_ASIDE.match(inner) or _np_is_name(inner):
                continue
            if len(_words(inner)) < 3:
                continue
            text = f"{head} is {inner.strip()}"
            # "the company's chief information officer": who a person is, a fact of its own
            roles = _ROLE_NOUNS | {"officer", "executive"}
            named_post = {
                w.lower() for w in _words(inner)
            } & roles or "cabinet member" in inner.lower()
            kind = ROLE if named_post else APPOSITIVE
        else:
            continue
        end = inner_end if at_end else closing.end()
        # a role is shown on the name and its title: "Sarah Lindqvist, the trust's medical director"
        shown = named[0] if kind == ROLE else inner_start
        cuts.append(
            _Cut(m.start(), end, Part(_sentence(text), base + shown, base + inner_end, kind))
        )
        if name is not None:
            stacked[end] = name
    return cuts


def _figures(main: str, s: str, base: int) -> tuple[str, list[Part]]:
    """Bounded figures closing a statement with "is": "Qwen is the most downloaded family,
    north of half of all downloads, approaching a billion." -> ("Qwen is the most downloaded
    family.", a part per figure). Each figure is read as what the subject is ("Qwen is reported
    to be approaching a billion downloads"); a figure with no noun after it counts what the
    phrase before it names (the last word, a plural). Only phrases that open with a bound and a
    number, have no verb and refer back to nothing ("over half of them in China" does) are
    taken; an opening lead-in before a colon ("The numbers do the talking:") is not the subject.
    """
    body = main.rstrip(" .!")
    lead = body.rfind(": ")
    clause_at = lead + 2 if lead >= 0 else 0
    copula = _COPULA.search(body, clause_at)
    if copula is None:
        return main, []
    subject = body[clause_at : copula.start()].strip()
    if not 1 <= len(_words(subject)) <= 6 or "," in subject:
        return main, []
    items: list[tuple[int, int, int]] = []  # (comma, phrase start, phrase end) in body
    end = len(body)
    for comma in reversed(list(_COMMA.finditer(body, copula.end()))):
        phrase = body[comma.end() : end]
        if (
            not _BOUNDED_FIGURE.match(phrase)
            or len(_words(phrase)) > 8
            or _has_clause(phrase)
            or _REFERS_BACK.search(phrase)
            or _inside_quote_or_brackets(body, comma.start())
        ):
            break
        items.append((comma.start(), comma.end(), end))
        end = comma.start()
    if not items or items[-1][0] <= copula.end():
        return main, []
    parts: list[Part] = []
    before = body[: items[-1][0]]
    for _comma, lo, hi in reversed(items):
        phrase = body[lo:hi]
        text = f"{subject} {copula.group('verb')} {phrase}"
        if _ENDS_IN_FIGURE.search(phrase):
            # "approaching a billion" counts what the phrase before it counts, or names last
            counted = list(_COUNTED_AFTER.finditer(before))
            noun = counted[-1].group("noun") if counted else (_words(before) or [""])[-1]
            if noun.islower() and noun.endswith("s"):
                text += f" {noun}"
        span = _span_in(s, phrase, base)
        parts.append(Part(_sentence(text), *span, FIGURE))
        before = phrase
    return _sentence(body[: items[-1][0]]), parts


# "voted by 30 votes to 12 to raise the fare": the count and what was voted for are two facts,
# each settled by its own line of the minutes
_VOTES = r"(?:\d[\d,]*|" + "|".join(sorted(NUMBER_VALUES, key=len, reverse=True)) + ")"
_VOTE_FOR = re.compile(
    rf"\b(?P<verb>voted|agreed)\s+(?P<count>(?:by\s+)?{_VOTES}\s+(?:votes?\s+)?(?:to|-|–)\s*"
    rf"{_VOTES}(?:\s+votes?)?)\s+(?=to\s+[a-z]{{3,}})",
    re.IGNORECASE,
)


_BE = wordset("is are was were be been")
_PARTICLES = wordset("out down up back off through")  # "threw out the plans": "threw it out"
_WHEN_OPENING = re.compile(r"^(?:On|In|At|Last|This)\s+[\w\s]{1,30}?,\s+(?=[A-Za-z])")
# "..., by seven votes to four, with one abstention", "backed the plan by 14 votes to five"
_VOTE_BY = re.compile(
    rf",?\s+(?P<count>by\s+{_VOTES}\s+votes?\s+to\s+{_VOTES}(?:\s+votes?)?"
    rf"(?:,?\s+with\s+{_VOTES}\s+abstentions?)?)(?=[\s,.;]|$)",
    re.IGNORECASE,
)


def _vote_count(main: str, s: str, base: int) -> tuple[str, list[Part]]:
    """'Councillors voted by 30 votes to 12 to raise the fare by 15%' -> the main statement
    'Councillors voted to raise the fare by 15%.' and a part 'Councillors voted by 30 votes to
    12.'"""
    m = _VOTE_FOR.search(main)
    if m is None or _inside_quote_or_brackets(main, m.start()):
        return _vote_by(main, s, base)
    count = main[: m.end("count")]
    span = _span_in(s, m.group("count"), base)
    return main[: m.end("verb")] + " " + main[m.end() :], [Part(_sentence(count), *span, FIGURE)]


def _vote_by(main: str, s: str, base: int) -> tuple[str, list[Part]]:
    """'The committee approved the plans, by seven votes to four, with one abstention' -> the
    main statement 'The committee approved the plans.' and a part 'The committee approved it by
    seven votes to four, with one abstention.' (what a source's count settles:
    `checker.verify.votes`)."""
    m = _VOTE_BY.search(main)
    if m is None or _inside_quote_or_brackets(main, m.start()):
        return main, []
    span = _span_in(s, m.group("count"), base)
    rest = (main[: m.start()] + main[m.end() :]).strip()
    # "On Tuesday evening, the committee approved ...": the count belongs to the verb nearest
    # before it ("Members ... employed by the company backed the offer by 521 votes to 145")
    head = _WHEN_OPENING.sub("", main[: m.start()])
    verbs = [
        v for v in _WORD.finditer(head) if v.start() > 0 and v.group()[0].islower()
        and is_finite_verb(v.group()) and v.group().lower() not in AUXILIARIES
    ]  # fmt: skip
    said = main
    if verbs:
        verb = verbs[-1]
        before = list(_WORD.finditer(head[: verb.start()]))
        # "The spending plans were approved by 43 votes to 29": passive, no "it"
        aux = before[-1] if before and before[-1].group().lower() in _BE else None
        subject = head[: (aux or verb).start()].strip(" ,")
        nxt = _WORD.match(head, verb.end() + 1)
        particle = f" {nxt.group()}" if nxt and nxt.group().lower() in _PARTICLES else ""
        if subject and "," not in subject and len(_words(subject)) <= 16:
            said = (
                f"{subject} {aux.group()} {verb.group()} {m.group('count')}"
                if aux
                else f"{subject} {verb.group()} it{particle} {m.group('count')}"
            )
    return rest, [Part(_sentence(_cap(_WHEN_OPENING.sub("", said))), *span, FIGURE)]


def _uncap(title: str) -> str:
    """ "Chief financial officer" opening a sentence is "chief financial officer" after "is"."""
    return (
        title[0].lower() + title[1:]
        if title.split()[0].istitle() and "'" not in title and "’" not in title.split()[0]
        else title
    )


def _titles(s: str, base: int) -> list[Part]:
    """'... chief executive Annelies Vermeer told reporters': who the speaker is, a fact of
    its own ("Annelies Vermeer is chief executive.")."""
    return [
        Part(
            _sentence(f"{m.group('name')} is {_uncap(m.group('title'))}"),
            base + m.start("title"),
            base + m.end("name"),
            ROLE,
        )
        for m in _TITLE_BEFORE_NAME.finditer(s)
        if not _inside_quote_or_brackets(s, m.start())
    ]


_PRONOUN_SUBJECTS = wordset("it they he she we")
_CLAUSE_STOP = wordset("which who whom whose that")


def _own_verb(words: list[str], plain_as: bool) -> bool:
    """Whether a closing clause has a subject and verb of its own: "the county council's
    highways team raised ...", "it still supplies ..." (a present verb is read after a pronoun
    or in an "as" clause), not "being flat for years". A verb of a relative clause inside the
    subject ("the attack which was ...") is not the clause's."""
    for w in words[1:8]:
        if w.lower() in _CLAUSE_STOP:
            return False
        present = w.islower() and w.endswith("s") and not w.endswith("ss")
        if is_finite_verb(w) or (present and (plain_as or words[0].lower() in _PRONOUN_SUBJECTS)):
            return True
    return False


def _as_tail(main: str, s: str, base: int) -> tuple[str, list[Part]]:
    """'Sales rose 18%, as it pushes to scale up production' -> ('Sales rose 18%', a part 'It
    pushes to scale up production.'): what a source confirms of the statement is not what it
    says of the circumstances, so the two are judged apart. The same for a closing clause of
    time or cause with its own subject (", after councillors backed a budget that ..."), with
    or without its comma ("fined £4.2m after cyber criminals spent five weeks inside")."""
    m = next(reversed(list(_AS_TAIL.finditer(main))), None)
    bare = None if m else _BARE_TAIL.search(main)
    if bare is not None:
        head = _words(main[: bare.start()])
        if len(head) < 4 or not any(is_finite_verb(w) for w in head):
            return main, []
        # a subject of at most a few words, then its verb: "cyber criminals spent"
        if not _own_verb(_words(main[bare.end() :])[:5], plain_as=False):
            return main, []
        m = bare
    if m is None or _inside_quote_or_brackets(main, m.start()):
        return main, []
    if _COMMA_WORD.search(main, m.end()):  # another clause after it (not "400,000")
        return main, []
    clause = main[m.end() :].rstrip(" .!")
    words = _words(clause)
    plain_as = m.group().lstrip(", ").startswith("as")
    if len(words) < 3 or not _own_verb(words, plain_as):
        return main, []  # "after being flat for years": no subject of its own
    span = _span_in(s, clause, base)
    subject = _subject(main[: m.start()])
    if words[0].lower() in ("it", "they") and subject:  # "after it noticed": the company did
        owner = re.match(r"(.+?)['’]s\s+(?:\S+\s+){0,2}\S+[^s]s$", subject)
        if owner and words[0].lower() == "it":  # "Northvale's customer numbers ..., although
            subject = owner.group(1)  # it still supplies": "it" is Northvale, not the numbers
        clause = subject + clause[len(words[0]) :]
    return main[: m.start()], [Part(_sentence(clause), *span, CIRCUMSTANCE)]


# ", when restrictions lasted almost four months" after a year: what happened then
_WHEN_TAIL = re.compile(r"(?P<year>(?:19|20)\d\d),\s+when\s+(?=[a-z])")


def _when_tail(main: str, s: str, base: int) -> tuple[str, list[Part]]:
    """'It is the company's first hosepipe ban since 2012, when restrictions lasted almost
    four months' -> ('It is the company's first hosepipe ban since 2012', a part 'In 2012,
    restrictions lasted almost four months.'): what happened in the year the statement names
    is a fact of its own."""
    m = _WHEN_TAIL.search(main)
    if m is None or _inside_quote_or_brackets(main, m.start()) or _COMMA_WORD.search(main, m.end()):
        return main, []
    clause = main[m.end() :].rstrip(" .!")
    if len(_words(clause)) < 3 or not _own_verb(_words(clause), plain_as=False):
        return main, []
    span = _span_in(s, clause, base)
    return main[: m.end("year")], [
        Part(_sentence(f"In {m.group('year')}, {clause}"), *span, CIRCUMSTANCE)
    ]


# ", despite new figures showing that ...": what the statement stands against, closing it
_DESPITE_TAIL = re.compile(r",\s+(?:despite|in\s+spite\s+of|notwithstanding)\s+(?=[a-z])")


# ", with a further 3.5% increase due next January": a second figure closing the statement
_FURTHER_TAIL = re.compile(
    r",\s+with\s+(?P<phrase>(?:a|an)\s+(?:further|additional|another|extra|second)\s+[^,;]*\d[^,;]*)"
    r"[.!]?\s*$",
    re.IGNORECASE,
)


def _further_tail(main: str, s: str, base: int) -> tuple[str, list[Part]]:
    """'The rate rises by 6% to £15.48, with a further 3.5% increase due next January' -> ('The
    rate rises by 6% to £15.48', a part 'A further 3.5% increase due next January.'): each
    figure is settled against its own, the second never read against the first."""
    m = _FURTHER_TAIL.search(main)
    if m is None or _inside_quote_or_brackets(main, m.start()):
        return main, []
    head, phrase = main[: m.start()], m.group("phrase").rstrip(" .!")
    if len(_words(head)) < 4 or not any(is_finite_verb(w) for w in _words(head)):
        return main, []
    span = _span_in(s, phrase, base)
    return head, [Part(_sentence(phrase), *span, FIGURE)]


def _despite_tail(main: str, s: str, base: int) -> tuple[str, list[Part]]:
    """'Passengers will pay 4.6% more from next month, despite new figures showing that trains
    are less reliable' -> ('Passengers will pay 4.6% more from next month', a part 'New figures
    showing that trains are less reliable.'): the figure is settled apart from what it is set
    against, which is a fact of its own (or none)."""
    m = _DESPITE_TAIL.search(main)
    if m is None or _inside_quote_or_brackets(main, m.start()):
        return main, []
    head, phrase = main[: m.start()], main[m.end() :].rstrip(" .!")
    if (
        len(_words(head)) < 4
        or len(_words(phrase)) < 4
        or not any(is_finite_verb(w) for w in _words(head))
    ):
        return main, []
    span = _span_in(s, phrase, base)
    return head, [Part(_sentence(phrase), *span, CIRCUMSTANCE)]


def _cause_tail(main: str, s: str, base: int) -> tuple[str, list[Part]]:
    """'Income fell by almost 4% to £386m, dragged down by a slump in overseas recruitment' ->
    ('Income fell by almost 4% to £386m', a part 'Income was dragged down by a slump in
    overseas recruitment.'): the figure is settled apart from its cause, which a source may
    give in other words or not at all."""
    m = _CAUSE_TAIL.search(main)
    subject = _subject(main) if m else None
    if m is None or subject is None or _inside_quote_or_brackets(main, m.start()):
        return main, []
    phrase = main[m.start(1) :].rstrip(" .!")
    span = _span_in(s, phrase, base)
    head = subject.split()[-1]
    be = "were" if head.endswith("s") and not head.endswith(("ss", "'s", "’s")) else "was"
    return main[: m.start()], [Part(_sentence(f"{subject} {be} {phrase}"), *span, CIRCUMSTANCE)]


def _change_tail(main: str, s: str, base: int) -> tuple[str, list[Part]]:
    """'The department handled more than 14,200 attendances in October, up 9% on the same month
    last year' -> ('The department handled more than 14,200 attendances in October', a part of
    the whole sentence): the count a source states is not held back by a change it words
    otherwise (or gives another figure for), and the change is still checked with what it
    measures."""
    m = _CHANGE_TAIL.search(main)
    if m is None or _inside_quote_or_brackets(main, m.start()):
        return main, []
    head = main[: m.start()]
    if len(_words(head)) < 3 or not any(is_finite_verb(w) for w in _words(head)):
        return main, []
    tail = main[m.start() :].lstrip(", ").rstrip(" .!")
    span = _span_in(s, tail, base)
    return head, [Part(_sentence(main.rstrip(" .!")), *span, FIGURE)]


# two figures joined by "and", each with what it is: "filled with £31.7m of savings and £8.7m
# drawn from reserves", "cut 300 jobs in Leeds and 120 in Hull"
_FIGURE_START = r"(?:[£$€]\s?\d|\d)[\d,.]*(?:\s?(?:m|bn|k|million|billion|%|per\s+cent))?\b"
_PAIRED_FIGURES = re.compile(
    rf"(?<![\w£$€.,])(?P<a>{_FIGURE_START}[^,;:()]*?)\s+and\s+(?P<b>{_FIGURE_START}[^,;:()]*?)"
    r"\s*[.!]?\s*$",
    re.IGNORECASE,
)


_SIDES = wordset("against for in favour opposed")


def _paired_figures(main: str, s: str, base: int) -> tuple[str, list[Part]]:
    """'That hole will be filled with £31.7m of savings and £8.7m drawn from reserves' -> (
    'That hole will be filled with £31.7m of savings', a part 'That hole will be filled with
    £8.7m drawn from reserves.'): a source may give one figure right and the other wrong. Not a
    range ("between £5m and £8m"), and only where the statement before the first figure has a
    verb and neither item does."""
    m = _PAIRED_FIGURES.search(main.rstrip())
    if m is None or _inside_quote_or_brackets(main, m.start()):
        return main, []
    head = main[: m.start()]
    if re.search(r"\b(?:between|from)\s*$", head, re.IGNORECASE) or not any(
        is_finite_verb(w) for w in _words(head)
    ):
        return main, []
    a, b = m.group("a"), m.group("b").rstrip(" .!")
    if _has_clause(a) or _has_clause(b) or len(_words(b)) < 2 or len(_words(a)) < 2:
        return main, []
    span = _span_in(s, b, base)
    # "1,322 votes for a strike and 394 against": the second counts what the first does
    first, second = a.split(), b.split()
    said = b
    if len(first) > 1 and second[1].lower() in _SIDES and first[1].lower() not in _SIDES:
        said = f"{second[0]} {first[1]} {' '.join(second[1:])}"
    return head + a, [Part(_sentence(head + said), *span, FIGURE)]


def _event_asides(s: str, base: int) -> list[_Cut]:
    """'— a move that threatens trust ...' closing the sentence: a comment on the whole event.
    After a comma, a comment with no figure of its own: "Turnout was 62%, a marked improvement
    on previous attempts ...", "..., a point campaigners have seized on as evidence that ..."."""
    cuts = []
    for m in _DASH.finditer(s):
        rest = s[m.end() :]
        if _EVENT_ASIDE.match(rest) and not _DASH.search(rest):
            end = len(s.rstrip(" .!"))
            aside = s[m.end() : end]
            cuts.append(_Cut(m.start(), end, Part(aside, base + m.end(), base + end, ASIDE)))
            break
    last = s.rfind(", ")
    if not cuts and last > 0 and not _inside_quote_or_brackets(s, last):
        rest = s[last + 2 :]
        head = _words(s[:last])
        if (
            _COMMENT_ASIDE.match(rest)
            and not re.search(r"\d", rest)
            and len(head) >= 3
            and any(is_finite_verb(w) for w in head)
        ):
            end = len(s.rstrip(" .!"))
            cuts.append(
                _Cut(last, end, Part(s[last + 2 : end], base + last + 2, base + end, ASIDE))
            )
    return cuts


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;")
    text = _cap(text)
    return text if text.endswith((".", "!", "”", '"')) else text + "."


def _remove(s: str, cuts: list[_Cut]) -> str:
    out, prev = [], 0
    for c in sorted(cuts, key=lambda c: c.start):
        out.append(s[prev : c.start])
        # a dash pair inside the sentence leaves a space; a comma pair leaves nothing
        out.append(" ")
        prev = c.end
    out.append(s[prev:])
    text = "".join(out)
    text = re.sub(r"\s+([,.;:!])", r"\1", text)
    return " ".join(text.split())


def _list_items(part: Part) -> list[Part]:
    """A list of three or more short items after a preposition: one part per item."""
    text = part.text
    m = re.search(
        r"\b(" + "|".join(sorted(_PREPOSITIONS, key=len, reverse=True)) + r")\s+"
        r"((?:[^,;.]{1,40},\s+){2,}(?:and|or)\s+[^,;.]{1,40}?)(?=[,;.]|$)",
        text,
    )
    if m is None:
        return [part]
    lo = m.start(2)
    first = re.split(r",\s+", m.group(2))[0]
    inner = [w for w in re.finditer(r"\b\w+\b", first) if w.group().lower() in _PREPOSITIONS]
    if inner:  # "by 200+ developers from MIT, ...": the list follows the nearest preposition
        lo = m.start(2) + inner[-1].end() + 1
    listed = text[lo : m.end(2)]
    items = [i.strip() for i in re.split(r",\s+(?:and\s+|or\s+)?", listed) if i.strip()]
    if len(items) < 3 or any(len(_words(i)) > 5 or _has_clause(i) for i in items):
        return [part]
    kind = LIST_ITEM if part.kind != MAIN else MAIN
    head, tail = text[:lo], text[m.end(2) :]
    counted = _COUNTED.search(head)
    if counted and len(_words(head[counted.end() :])) > 3:
        counted = None  # the figure counts something further back, not the listed ones
    if counted is None:
        return [
            Part(_sentence(head + item + tail), part.start, part.end, kind, focus=item)
            for item in items
        ]
    # "200+ developers from MIT, ETH Zurich, and independent labs": 200+ in all, not from each.
    # The figure is one part; each item gets the counted noun without it.
    if counted.group("noun").lower() in _NOT_HEAD | _PREPOSITIONS:
        return [part]  # "topped 90 million across A, B and C": no noun to give the items
    total = head[: counted.end()].rstrip(" ,") + tail
    uncounted = head[: counted.start()] + head[counted.start("noun") :]
    return [Part(_sentence(total), part.start, part.end, kind)] + [
        Part(_sentence(uncounted + item + tail), part.start, part.end, kind, focus=item)
        for item in items
    ]


def split_parts(article: str, start: int, end: int) -> list[Part]:
    """The separate facts stated by article[start:end]; one part (itself) when it is atomic."""
    s = article[start:end]
    whole = Part(s, start, end, MAIN)
    if len(_words(s)) < 8:
        return [whole]
    cuts = _appositives(s, start)
    asides = _event_asides(s, start)
    main = _remove(s, cuts + asides)
    cuts += [
        replace(a, part=replace(a.part, text=_sentence(f"{main.rstrip(' .!')} — {a.part.text}")))
        for a in asides
        if a.part is not None
    ]
    parts: list[Part] = []
    intro = _INTRO_BY.match(main)
    if intro:
        rest = main[intro.end() :]
        subject = _subject(rest)
        if subject:
            what = intro.group(1).split()[0].lower()
            by = intro.group(2)
            pos = s.find(intro.group(0).rstrip(", "))
            span = (
                (start + pos, start + pos + len(intro.group(0).rstrip(", ")))
                if pos >= 0
                else (start, end)
            )
            parts.append(Part(_sentence(f"{subject} was {what} by {by}"), *span, INTRO))
            main = _cap(rest)
    main, figures = _figures(main, s, start)
    # the last one: "..., signalling that ..." closes the sentence
    tail = next(reversed(list(_PARTICIPLE_TAIL.finditer(main))), None)
    if tail and (tail.group(1) in _ATTRIBUTING or tail.group(1) in _PREPOSITIONAL):
        tail = None  # ", according to Weightshelf" says where the fact comes from: it stays
    if tail and not _inside_quote_or_brackets(main, tail.start()) and "," not in main[tail.end() :]:
        subject = _subject(main)
        phrase = main[tail.start(1) :].rstrip(" .!")
        interpretive = tail.group(1) in _INTERPRETIVE
        # a participle after several commas may qualify any of them: split only the plain case
        if interpretive or "," not in main[: tail.start()]:
            main = main[: tail.start()]
        if not interpretive and subject and "," not in main and len(_words(phrase)) >= 3:
            pos = s.find(phrase)
            span = (start + pos, start + pos + len(phrase)) if pos >= 0 else (start, end)
            parts.append(Part(_sentence(f"{subject} {phrase}"), *span, PARTICIPLE))
    main, count = _vote_count(main, s, start)
    main, circumstance = _as_tail(main, s, start)
    circumstance = [q for p in circumstance for q in _clause_predicates(p, s, start, end)]
    main, when = _when_tail(main, s, start)
    circumstance += when
    main, cause = _cause_tail(main, s, start)
    main, despite = _despite_tail(main, s, start)
    circumstance += cause + despite
    main, change = _change_tail(main, s, start)
    main, paired = _paired_figures(main, s, start)
    main, further = _further_tail(main, s, start)
    change += paired + further
    parts += circumstance + change + _titles(s, start)
    parts = _predicates(_sentence(main), s, start, end) + parts
    parts += count + figures
    parts += [c.part for c in cuts if c.part is not None]
    parts = [p for part in parts for p in _list_items(part)]
    if len(parts) == 1 and parts[0].text.rstrip(".") == s.strip().rstrip("."):
        return [whole]
    for i, p in enumerate(parts):
        if p.kind == MAIN and " ".join(p.text.split()) == " ".join(s.split()):
            parts[i] = whole
    return parts


# a relative clause opened after the subject's verb, which an "and" may continue
_REL_BEFORE_AND = re.compile(r",[^,]*\b(?:that|which|who|whose)\s+\w+", re.IGNORECASE)


# "X says its reserves will run out by 2027 and that the extension would safeguard 46 jobs":
# two things said, each a statement of its own
_SAID_AND_THAT = re.compile(
    r"^(?P<head>.*?\b(?:" + "|".join(sorted(REPORTING_VERBS)) + r")(?:\s+that)?)\s+"
    r"(?P<first>\S.*?),?\s+and\s+that\s+(?P<second>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)


_HEDGE = re.compile(r"\b(?:may|might|could|possibly|perhaps)\b", re.IGNORECASE)


def _said_and_that(main: str, s: str, start: int, end: int) -> list[Part] | None:
    """'X says A and that B' -> 'X says A', 'X says that B' (B's part points at its words)."""
    m = _SAID_AND_THAT.match(main)
    if m is None or _inside_quote_or_brackets(main, m.start("second")):
        return None
    if len(_words(m.group("first"))) < 3 or len(_words(m.group("second"))) < 3:
        return None
    if _HEDGE.search(m.group("first")) or _HEDGE.search(m.group("second")):
        # "acknowledged that it had been running late and that pressure may have played a
        # part": a hedged clause alone reads as no fact and would be dropped; said together,
        # the two are what the company acknowledged, and are judged whole
        return None
    said = m.group("second").rstrip(" .!")
    span = _span_in(s, said, start)
    head = m.group("head")
    if not head.lower().endswith("that"):
        head += " that"
    return [
        Part(_sentence(f"{m.group('head')} {m.group('first')}"), start, end, MAIN),
        Part(_sentence(f"{head} {said}"), *span, PREDICATE),
    ]


def _clause_predicates(part: Part, s: str, start: int, end: int) -> list[Part]:
    """A closing clause's own predicates: "after cyber criminals spent five weeks inside its
    systems and made off with the details of 400,000 customers" -> one part each."""
    found = _predicates(part.text, s, start, end)
    if len(found) == 1:
        return [part]
    return [replace(found[0], kind=part.kind, start=part.start, end=part.end), *found[1:]]


def _own_clause(
    main: str, m: re.Match[str], left: str, s: str, start: int, end: int
) -> list[Part] | None:
    """'Almost a quarter of the records contained bank details, and more than 18,000 belonged
    to people on the register' -> the two clauses, each with its own subject and verb. Not a
    list's last item ("Estrel, Estrel Hybrid, and Vanta models were affected": the left has no
    verb of its own after its last comma)."""
    # an aside on the new subject is no part of its clause: "and the study centre, used by
    # historians, will only open ..."
    right = _words(re.sub(r",[^,]*,", " ", main[m.end() :], count=1))
    last = left.rstrip(" ,").rsplit(",", 1)[-1]
    if not any(is_finite_verb(w) for w in _words(last)) or _REL_BEFORE_AND.search(left):
        return None
    if right[0].lower() in _PREPOSITIONS:
        return None  # ", and in March the council ...": too tangled to split
    for w in right[1:5]:
        if w.lower() in _CLAUSE_STOP:
            return None
        if is_finite_verb(w):
            break
    else:
        return None
    said = main[m.end() :].rstrip(" .!")
    span = _span_in(s, said, start)
    return [
        Part(_sentence(main[: m.start()].rstrip(" ,")), start, end, MAIN),
        Part(_sentence(_cap(said)), *span, PREDICATE),
    ]


def _predicates(main: str, s: str, start: int, end: int) -> list[Part]:
    """'X was removed and was replaced': one part per predicate, each with X as its subject."""
    said = _said_and_that(main, s, start, end)
    if said is not None:
        return said
    subject = _subject(main)
    if subject is None or re.search(r"[—–:]|\s-\s", main):  # asides left: too tangled to split
        return [Part(main, start, end, MAIN)]
    for m in re.finditer(r"\s+and\s+", main):
        if _inside_quote_or_brackets(main, m.start()):
            continue
        right = _words(main[m.end() :])
        left = main[len(subject) : m.start()]
        copula = re.match(r"\s*(is|was|are|were)\s", left)
        if (
            copula
            and right
            and right[0].lower() in ("the", "a", "an")
            and _RANKED_WORD.search(main[m.end() :])
        ):
            # "That was down 13% on the year before and the lowest annual total since 2016-17"
            return [
                Part(_sentence(main[: m.start()]), start, end, MAIN),
                Part(
                    _sentence(f"{subject} {copula.group(1)} {main[m.end() :]}"),
                    start,
                    end,
                    PREDICATE,
                ),
            ]
        if right and not _is_verb(right[0]) and main[m.start() - 1] == ",":
            clause = _own_clause(main, m, left, s, start, end)
            if clause is not None:
                return clause
        if not right or not _is_verb(right[0]) or right[0].lower() in ("that", "it's"):
            continue
        if _is_name(right[0]):  # "the Transport and Allied Staff Union": a name goes on
            continue
        # "-ed" may be an adjective ("mindshare and installed base"): a verb takes an object
        w0 = right[0].lower()
        if w0 not in AUXILIARIES and w0.endswith("ed") and len(right) > 1:
            nxt = right[1]
            if not (
                nxt.lower() in _DETERMINERS
                or nxt.lower() in _PREPOSITIONS
                or nxt[:1].isdigit()
                or nxt.lower() in NUMBER_VALUES  # "and leased ten new vehicles"
                or _is_name(nxt)
            ):
                continue
        if not any(_is_verb(w) for w in _words(left)) or len(right) < 2:
            continue
        if _REL_BEFORE_AND.search(left):
            # "... ending a dispute that left commuters stranded and brought the network to a
            # halt": the second verb is the relative clause's, not the subject's
            continue
        first = main[: m.start()]
        second = f"{subject} {main[m.end() :]}"
        # the second predicate is read from its own words: "and says the settlement will add
        # £3.2m a year", so a reviewer (and the report's offsets) see which words it checks
        said = main[m.end() :].rstrip(" .!")
        span = _span_in(s, said, start)
        return [
            Part(_sentence(first), start, end, MAIN),
            Part(_sentence(second), *span, PREDICATE),
        ]
    return [Part(main, start, end, MAIN)]
