"""Who holds a role: "Dr. Samuel Reyes is the agency's chief medical officer" is contradicted by
"Issued ... by Dr. Priya Nandakumar, Chief Medical Officer, Calder County Health Agency".

The relevance reading of `checker.verify.lexical` sees the role's words stated and one name
missing, a weak clash; an editor reads the role given to another person as the answer. Only
claims of the form "<Name> is <role>" are read (the parts the extractor writes for "chief
executive Annelies Vermeer said" and "Dr. X, the agency's chief medical officer, said"). A
sentence decides only where it gives the role's title, with every other word of the role, to a
name written right before or after the title that shares no word with the claim's name, and
not as a former or acting holder; when the sentences retrieved name more than one holder, none
decides. Hand-written patterns: no library here links a title to its holder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from checker.models import Candidate, Claim, Judgement, judged_text
from checker.text_utils import profile, stem

ROLE_HOLDER = 0.75  # the probability a sentence that gives the role to another person contradicts

_HONORIFICS = frozenset(
    {"dr", "mr", "mrs", "ms", "prof", "sir", "dame", "cllr", "councillor", "councillors"}
)
_TITLE_WORD = "(?:" + "|".join(sorted(w.capitalize() for w in _HONORIFICS)) + ")"
_HONORIFIC = rf"(?:{_TITLE_WORD}\.?\s+)?"
_PARTICLE = r"(?:(?:de|van|von|der|den|da|di|del|du|le|la|al|bin)\s+)?"
_WORD = r"[A-Z][\w'’-]+"
# "Priya Nandakumar", "Jan de Vries", and with initials as minutes write them: "Mr R. Pillai"
_NAME = _HONORIFIC + rf"(?:(?:[A-Z]\.\s*){{1,2}}{_WORD}|{_WORD}(?:\s+{_PARTICLE}{_WORD}){{1,3}})"
_CLAIM = re.compile(rf"^(?P<name>{_NAME})\s+is\s+(?P<role>[^.;:]+?)\.?$")
_TITLE = re.compile(
    r"(?:(?:chief|deputy|managing|executive|finance|financial|medical|operating|technology|"
    r"information|marketing|commercial|digital|data|security|nursing|scientific|legal|people|"
    r"risk|compliance|investment|product|strategy|communications|general|vice|prime|foreign|"
    r"health|senior|assistant|area)\s+){0,3}"
    r"(?:executive|officer|director|minister|secretary|president|chair(?:man|woman|person)?|"
    r"(?<=cabinet\s)member|"
    r"founder|spokes(?:person|man|woman)|mayor|governor|head|leader|manager|editor|counsel|"
    r"commissioner|superintendent|professor|treasurer|coroner|provost|dean|"
    r"vice[\s-]chancellor)\b",
    re.IGNORECASE,
)
# a title with words of its own before the kind of post: "Operations Director"
_NAMED_TITLE = re.compile(
    r"(?-i:(?:[A-Z][\w&-]*\s+(?:(?:and|&)\s+)?){0,3}?)" + _TITLE.pattern, re.IGNORECASE
)
# "X, the agency's chief medical officer", "X (Medical Director)"
_BEFORE = re.compile(rf"(?P<name>{_NAME})(?:\s*[,(]\s*|\s+)(?:(?:the|its|their|[\w-]+['’]s)\s+)*$")
# "Chief Executive Officer Annelies Vermeer", "the Chief Operating Officer, Ms S. Lindqvist"
# (after a comma only a person's name with an honorific or initials: "Chief Medical Officer,
# Calder County Health Agency" names an employer)
_AFTER = re.compile(rf"^(?:\s+|,\s+(?={_TITLE_WORD}\b|[A-Z]\.\s))(?P<name>{_NAME})")
_HONORIFIC_END = re.compile(rf"{_TITLE_WORD}\.?\s*$")
_NOT_HOLDER = re.compile(
    r"\b(?:former|previous|ex|then|interim|acting|outgoing|incoming|late|deputy|assistant|"
    r"associate)[\s-]+$",
    re.IGNORECASE,
)
_GENERIC_EMPLOYER = re.compile(r"^(?:(?:the\s+)?[a-z][\w-]*['’]s|its|their)\s+")
# the words a reporter says which part of an employer with ("managing director of Corvane's UK
# arm" for a source's "Managing Director of Corvane Motors UK"): no word a source need state
_ORG_PARTS = frozenset(
    map(stem, ("arm", "division", "unit", "subsidiary", "business", "branch", "wing", "operation"))
)


# where a document introduces a person with the post it then calls them by: "the Chief
# Executive, Dr Helena Marchbank", "Dr Helena Marchbank (Chief Executive)", "Marcus Ilori,
# Deputy Commissioner"
_CAPITAL_NAME = rf"(?-i:{_NAME})"
_CAPITAL_WORD = r"(?-i:[A-Z][\w&-]*)"
_A_POST = (
    rf"(?P<title>{_NAMED_TITLE.pattern}"
    rf"(?:\s+of\s+{_CAPITAL_WORD}(?:\s+{_CAPITAL_WORD}){{0,2}})?)"  # "Director of Finance"
)
_POST_THEN_NAME = re.compile(rf"\bthe\s+{_A_POST},\s+(?P<name>{_CAPITAL_NAME})", re.IGNORECASE)
_NAME_THEN_POST = re.compile(rf"(?P<name>{_CAPITAL_NAME})(?:\s*\(\s*|,\s+){_A_POST}", re.IGNORECASE)


def title_aliases(text: str) -> tuple[tuple[str, str], ...]:
    """(post, name) for each person a document introduces with a post it may then call them
    by: "the Chief Executive, Dr Helena Marchbank" -> ("Chief Executive", "Dr Helena
    Marchbank"), so that minutes' "the Chief Executive had informed him ..." is read as naming
    her. Only posts written in capitals, as documents write them, held by one name in the
    document, by a name given one post."""
    names: dict[str, set[frozenset[str]]] = {}
    posts: dict[frozenset[str], set[str]] = {}
    full: dict[tuple[str, frozenset[str]], str] = {}
    for pattern in (_POST_THEN_NAME, _NAME_THEN_POST):
        for m in pattern.finditer(text):
            title, name = m.group("title").strip(), m.group("name")
            if not title[:1].isupper() or title.split()[0].lower() in _HONORIFICS | {"the"}:
                continue  # "Professor Amara Okonjo-Reid" is a name, "The Vice-Chancellor" a post
            if "\n" in name or name.split()[0].lower() == "the":
                continue  # a heading's last word before the name, or a post as a name
            who = _name_words(name)
            if not who:
                continue
            names.setdefault(title, set()).add(who)
            posts.setdefault(who, set()).add(title)
            full.setdefault((title, who), name)
    return tuple(
        (title, full[title, next(iter(who))])
        for title, who in names.items()
        if len(who) == 1 and len(posts[next(iter(who))]) == 1
    )


def _name_words(name: str) -> frozenset[str]:
    # an initial names no one: "R. Pillai" and "Rachel Smith" share no word
    words = {w.lower().strip(".") for w in name.split() if len(w.strip(".")) > 1}
    return frozenset(words - _HONORIFICS)


# the body a post is of, as documents write it: "Leader of the Council", "Leader of the Liberal
# Democrat Group"
_POST_OF_BODY = re.compile(
    r"\s+of\s+(?:the\s+)?[A-Z][\w&-]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w&-]*){0,3}"
)


def holders(text: str, title: str, post: str = "") -> set[str]:
    """The names `text` gives the title to: "Dr. Priya Nandakumar, Chief Medical Officer" and
    "Chief Executive Officer Annelies Vermeer" both name a holder; "former chief executive X"
    does not. With `post` (the claim's whole post, "leader of council"), a title of another
    post is no holder of it: "Leader of the Liberal Democrat Group" holds no council's
    leadership."""
    found = set()
    for m in re.finditer(re.escape(title), text, re.IGNORECASE):
        if _NOT_HOLDER.search(text[: m.start()]):
            continue
        body = _POST_OF_BODY.match(text, m.end())
        if post and body and other_title(m.group(0) + body.group(0), post):
            continue
        before = _BEFORE.search(text[max(0, m.start() - 80) : m.start()])
        # a longer title in the text ("Chief Executive Officer") still holds the claim's
        rest = text[m.end() :]
        after = _AFTER.match(re.sub(r"^\s+officer\b", "", rest, flags=re.IGNORECASE))
        for hit in (before, after):
            if hit is not None:
                found.add(hit.group("name"))
    return found


def _mentions(text: str, name: str) -> list[re.Match[str]]:
    """Where `text` names the person `name`: in full, by the surname alone, or with the given
    names as initials ("Ms S. Lindqvist" for "Sarah Lindqvist")."""
    words = re.sub(rf"^{_HONORIFIC}", "", name).split()
    given = "".join(rf"(?:(?:{re.escape(w)}|{re.escape(w[0])}\.?)\s+)?" for w in words[:-1])
    found = []
    for m in re.finditer(rf"(?<![\w.]){given}{re.escape(words[-1])}\b", text):
        # "Samuel Lindqvist" is not "Sarah Lindqvist": another given name before the surname
        before = re.search(r"([A-Z][\w'’-]*)\.?\s+$", text[: m.start()])
        other = before and before.group(1).lower() not in _HONORIFICS
        if not other or _TITLE.fullmatch(before.group(1)):  # "Chief Officer Lindqvist"
            found.append(m)
    return found


def titles_of(text: str, name: str) -> list[str]:
    """The titles `text` gives the person `name` right beside the name: "Dr Ruth Calloway,
    Chief Operating Officer", "Ms S. Lindqvist (Chief Operating Officer)" and "Chief Executive
    Officer Annelies Vermeer"."""
    found = []
    for m in _mentions(text, name):
        after = re.match(r"(?:,\s+|\s*\(\s*)(?:(?:the|its|their|[\w-]+['’]s)\s+)*", text[m.end() :])
        if after:
            title = _NAMED_TITLE.match(text, m.end() + after.end())
            if title:
                post = _POST_OF.match(text, title.end())  # "Director of Wastewater Services"
                found.append(title.group(0) + (post.group(0) if post else ""))
        before = text[max(0, m.start() - 60) : m.start()]
        before = _HONORIFIC_END.sub("", before).rstrip(" ,")
        for title in _TITLE.finditer(before):
            if title.end() == len(before):
                found.append(title.group(0))
    return found


def _post(title: str) -> tuple[str, frozenset[str]]:
    """A title's kind of post and the words that say which one: "Director of Finance" ->
    ("director", {"finance"}), "Chief Executive Officer" -> ("executive", {"chief"})."""
    post, _, of = title.lower().replace("&", " and ").partition(" of ")
    words = post.split()
    if words[-2:] == ["executive", "officer"]:
        words = words[:-1]
    return words[-1], frozenset(words[:-1] + of.split()) - {"officer", "and", "the"}


# titles a person may hold beside a post: a founder or a chair may also be the chief executive
_BESIDE_A_POST = frozenset(
    {"founder", "chair", "chairman", "chairwoman", "chairperson", "professor", "editor"}
    | {"spokesperson", "spokesman", "spokeswoman", "leader", "counsel"}
)
# one word that may name a seat rather than a post ("Director": a member of the board); a
# single word that names a post ("Treasurer") clashes with a post of another kind
_A_SEAT = frozenset({"director", "officer", "manager", "head", "executive", "member", "secretary"})
_POST_OF = re.compile(r"\s+of\s+[A-Z][\w&-]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w&-]*){0,3}")
# a claim's post in its own words: "director of investigations", "head of school improvement"
_POST_WORDS = re.compile(r"\s+of\s+(?!the\b|its\b|their\b|a\b|an\b)[a-z]+(?:\s+[a-z]+)?\s*$")


def other_title(a: str, b: str) -> bool:
    """Two titles that name different posts: "chief information officer" against "Chief
    Operating Officer", "chief executive" against "Executive Director of Enforcement". "chief
    executive" is "Chief Executive Officer", and a managing director is a chief executive by
    another name; a founder or a chair may also be the chief executive, and a bare "Director"
    may be a seat on the board, so those never clash with a title of another kind."""
    (head_a, which_a), (head_b, which_b) = _post(a), _post(b)
    if head_a == head_b:
        # "finance director" is the "Director of Finance"; "Chief Executive of Wendmoor Trust"
        # the "chief executive": a title that says less is the same post
        return not (which_a <= which_b or which_b <= which_a)
    heads = {head_a, head_b}
    if heads & _BESIDE_A_POST or any(len(t.split()) < 2 and _post(t)[0] in _A_SEAT for t in (a, b)):
        return False
    managing = "managing" in which_a | which_b
    return not (managing and heads == {"executive", "director"})


def _whole_title(role: str, found: re.Match[str]) -> str:
    """The title as the claim words it, with the words before the one `_TITLE` knows: "area
    environment manager" in "the authority's area environment manager", so that a source's
    "Declan Moorcroft, Area Environment Manager" is the claim's person, not "Area Environment"."""
    lead = re.match(r"(?:(?:the|a|an|its|their|[\w-]+['’]s)\s+)*", role)
    start = lead.end() if lead and lead.end() <= found.start() else found.start()
    return role[start : found.end()]


def by_role(
    claim: Claim, candidates: Sequence[Candidate], judgements: Sequence[Judgement]
) -> list[Judgement]:
    """`judgements`, contradicting where a retrieved sentence gives the role the claim gives a
    person to someone else, or gives the person another title. Unchanged for any other claim,
    and when the sentences name more than one holder of the role."""
    said = _CLAIM.match(claim.text.strip())
    found = _TITLE.search(said.group("role")) if said else None
    if said is None or found is None:
        return list(judgements)
    title = _whole_title(said.group("role"), found)
    # "the ODRC's director of investigations": which post, against "Deputy Commissioner"
    post = _POST_WORDS.match(said.group("role"), found.end())
    whole = title + post.group(0) if post else title
    mine = _name_words(said.group("name"))
    # the post with the body the claim names it of: "the council's leader" is "leader of council"
    body = re.match(r"(?:the\s+)?([A-Za-z][\w-]*)['’]s\s", said.group("role"))
    held = f"{whole} of {body.group(1)}" if body and " of " not in whole else whole
    # the role's words a sentence must state: a named employer ("Wendmoor's chief executive")
    # must be, a common noun the article stands for one by ("the trust's") need not
    role_terms = profile(_GENERIC_EMPLOYER.sub("", said.group("role"))).term_set - _ORG_PARTS
    clashes: dict[int, str] = {}
    named: set[frozenset[str]] = set()
    for i, cand in enumerate(candidates):
        text = judged_text(cand)
        # the person named with another title: "Dr Ruth Calloway, Chief Operating Officer"
        for other in titles_of(text, said.group("name")):
            if other_title(other, whole):
                clashes[i] = (
                    f"the source gives {said.group('name')} the title '{other}', not '{whole}'"
                )
        if i in clashes or not role_terms <= profile(text).all_stems:
            continue
        for holder in holders(text, title, held):
            words = _name_words(holder)
            named.add(words)
            if not words & mine:
                clashes[i] = f"the source gives '{title}' to {holder}, not to {said.group('name')}"
    # a sentence that names the person without the title says nothing of the post:
    # "Councillor Judith Pellow, Cabinet Member for Finance" is no "council's leader"
    out = [
        j
        if role_terms <= profile(judged_text(c)).all_stems or j.supports == 0.0
        else replace(
            j,
            supports=0.0,
            neutral=1.0 - j.contradicts,
            rationale=f"{j.rationale}; the sentence does not give the title '{title}'",
        )
        for c, j in zip(candidates, judgements, strict=True)
    ]
    if not clashes or len(named) > 1:
        return out
    for i, why in clashes.items():
        j = out[i]
        contradicts = max(j.contradicts, ROLE_HOLDER)
        out[i] = replace(
            j,
            supports=0.0,
            contradicts=contradicts,
            neutral=1.0 - contradicts,
            rationale=why,
            related=max(j.related, ROLE_HOLDER),
        )
    return out
