"""Who holds a role, against what the sources say (checker.verify.roles)."""

from __future__ import annotations

import pytest

from checker.models import Claim, Stance, Verdict
from checker.retrieval.hybrid import HybridRetriever
from checker.verify.lexical import LexicalVerifier
from checker.verify.roles import holders, other_title, titles_of
from checker.verify.verification import check_claim

REPORT = (
    "# Calder County Health Agency: measles situation report, 13 March 2025\n\n"
    "As of 13 March, the Port Calder outbreak stands at 187 confirmed measles cases. "
    "Issued Thursday, 13 March 2025, by Dr. Priya Nandakumar, Chief Medical Officer, Calder "
    "County Health Agency.\n"
)
RELEASE = (
    "# Veldmark opens its Wrocław plant\n\n"
    "The plant was inaugurated by Chief Executive Officer Annelies Vermeer together with "
    "representatives of the Polish government.\n"
)
NOTICE = (
    "# Environment Regulation Authority: enforcement notice, Longmire sewage works\n\n"
    "Signed: Declan Moorcroft, Area Environment Manager, Wendle and Calder Area, for and on "
    "behalf of the Environment Regulation Authority.\n"
)
CABINET = (
    "# Wendmoor Borough Council: cabinet report on the airport loan\n\n"
    "Cabinet Member: Councillor Judith Pellow, Cabinet Member for Finance and Economic Growth.\n"
)
STATEMENT = (
    "# Wendmoor Water: statement on the billing system breach\n\n"
    "Our response is being led by Dr Ruth Calloway, Chief Operating Officer, working with "
    "specialist external advisers and the police.\n"
)

MINUTES = (
    "# Westhallow County Council: minutes of the full council, 23 October 2025\n\n"
    "The motion was moved by Councillor Peter Osgood, Leader of the Council, and seconded by "
    "Councillor Helen Marchbank, Cabinet Member for Highways and Transport.\n\n"
    "An amendment moved by Councillor Rosalind Tarrant, Leader of the Liberal Democrat Group, "
    "that the decision be deferred, was put to the vote and lost by 24 votes to 40.\n"
)
FINDINGS = (
    "# Regulation 28 report to prevent future deaths: Dennis Arkwright\n\n"
    "I am Helen Ravensworth, Assistant Coroner for the Coroner Area of Westmarsh and "
    "Cauldwick.\n"
)
RECALL = (
    "# Corvane Motors UK recalls Estrel models\n\n"
    'Tobias Wrenfield, Managing Director of Corvane Motors UK, said: "Nothing matters more to '
    'us than the safety of the people who drive our cars."\n'
)


@pytest.mark.parametrize(
    ("text", "title", "names"),
    [
        ("Issued by Dr. Priya Nandakumar, Chief Medical Officer, Calder County.",
         "chief medical officer", {"Dr. Priya Nandakumar"}),
        ("Dr. Priya Nandakumar, the agency's chief medical officer, said cases rose.",
         "chief medical officer", {"Dr. Priya Nandakumar"}),
        ("The plant was opened by Chief Executive Officer Annelies Vermeer on Tuesday.",
         "chief executive", {"Annelies Vermeer"}),
        # a former or acting holder is not the holder
        ("Former chief executive Jan de Vries attended the opening.", "chief executive", set()),
        ("The acting chief medical officer, Dr. Omar Haddad, spoke.", "chief medical officer",
         set()),
        # minutes write initials and put the title in brackets; an employer after a comma is no
        # holder
        ("Directors present included Dr M. Okafor (Chief Executive), Mr R. Pillai (Medical "
         "Director) and Ms S. Lindqvist (Chief Operating Officer).", "medical director",
         {"Mr R. Pillai"}),
        ("Report by the Chief Medical Officer, Calder County Health Agency.",
         "chief medical officer", set()),
    ],
)  # fmt: skip
def test_the_names_a_text_gives_a_title_to(text, title, names):
    assert holders(text, title) == names


def test_a_leader_of_another_body_holds_no_leadership_of_the_claims():
    # the council's leader is the Leader of the Council, not the Leader of a party group
    text = MINUTES.split("\n\n", 1)[1]
    assert holders(text, "leader", "leader of council") == {"Councillor Peter Osgood"}
    assert holders(text, "leader", "Liberal Democrat leader") == {"Councillor Rosalind Tarrant"}
    assert holders(text, "leader") == {"Councillor Peter Osgood", "Councillor Rosalind Tarrant"}


@pytest.mark.parametrize(
    "text",
    [
        "Under item 7, the Chief Operating Officer, Ms S. Lindqvist, reported on occupancy.",
        "Ms S. Lindqvist (Chief Operating Officer) and Mrs H. Barraclough were present.",
        "Our response is led by Sarah Lindqvist, the Chief Operating Officer.",
    ],
)
def test_the_title_a_text_gives_a_person_by_initial_or_in_full(text):
    assert [t.lower() for t in titles_of(text, "Sarah Lindqvist")] == ["chief operating officer"]


def test_councillors_are_named_with_their_cabinet_post():
    text = "Present: Councillors Hannah Greaves (Cabinet Member for Transport), Imran Patel."
    assert titles_of(text, "Councillor Hannah Greaves") == ["Cabinet Member"]


def test_a_post_of_its_own_name_is_read_whole():
    # "Operations" and "of Enforcement" are the post's own words, not an employer's
    text = "Owen Radcliffe, Operations Director, said: we are sorry."
    assert titles_of(text, "Owen Radcliffe") == ["Operations Director"]
    text = "Priya Anand, Executive Director of Enforcement at the Authority, said:"
    assert titles_of(text, "Priya Anand") == ["Executive Director of Enforcement"]


@pytest.mark.parametrize(
    ("theirs", "mine", "clash"),
    [
        ("Executive Director of Enforcement", "chief executive", True),
        ("Director of Wastewater Services", "chief operating officer", True),
        ("Operations Director", "managing director", True),
        ("Chief Executive Officer", "chief executive", False),
        ("Chief Executive", "managing director", False),  # the same post by another name
        ("Founder", "chief executive", False),  # a founder may run the company too
        ("Chair", "chief executive", False),
        ("Director", "chief executive", False),  # a bare "Director" may be a board seat
        ("Deputy Commissioner", "director of investigations", True),
        ("Treasurer", "finance director", True),  # one word that names a post, not a seat
        ("Estates and Planning Director of Haddlesey Stone Ltd", "managing director", True),
        ("Chief Executive of Wendmoor Trust", "chief executive", False),  # its employer
        ("Director of Finance", "finance director", False),  # the same post, other words
    ],
)  # fmt: skip
def test_which_titles_name_another_post(theirs, mine, clash):
    assert other_title(theirs, mine) is clash


def test_titles_written_the_way_minutes_and_notices_write_them():
    present = "Present: Roger Elstow (Chair), Priya Kandola (Treasurer), and seven trustees."
    assert titles_of(present, "Priya Kandola") == ["Treasurer"]
    evidence = (
        "Ms Rachel Okafor, Estates and Planning Director of Haddlesey Stone Ltd, gave evidence."
    )
    assert titles_of(evidence, "Rachel Okafor") == [
        "Estates and Planning Director of Haddlesey Stone Ltd"
    ]


def test_another_given_name_is_another_person():
    assert (
        titles_of("Led by Sarah Lindqvist, the Chief Operating Officer.", "Samuel Lindqvist") == []
    )
    assert titles_of("Led by Ms Lindqvist, the Chief Operating Officer.", "Samuel Lindqvist")


@pytest.fixture
def library(library_of):
    return library_of(
        [
            ("https://example.org/report", REPORT),
            ("https://example.org/release", RELEASE),
            ("https://example.org/statement", STATEMENT),
            ("https://example.org/notice", NOTICE),
            ("https://example.org/cabinet", CABINET),
            ("https://example.org/minutes", MINUTES),
            ("https://example.org/findings", FINDINGS),
            ("https://example.org/recall", RECALL),
        ]
    )


def check(library, text: str):
    claim = Claim(id="c", text=text, start=0, end=len(text))
    return check_claim(claim, library, HybridRetriever(library), LexicalVerifier(), top_k=8)


@pytest.mark.parametrize(
    ("claim_text", "why"),
    [
        # the role given to another person
        (
            "Dr. Samuel Reyes is the agency's chief medical officer.",
            "the source gives 'chief medical officer' to Dr. Priya Nandakumar, not to Dr. "
            "Samuel Reyes",
        ),
        # another title of the same kind given to the person
        (
            "Dr Ruth Calloway is the company's chief information officer.",
            "the source gives Dr Ruth Calloway the title 'Chief Operating Officer', not 'chief "
            "information officer'",
        ),
        # the council's leader named in minutes that also name a party group's leader
        (
            "Helen Marchbank is the council's leader.",
            "the source gives 'leader' to Councillor Peter Osgood, not to Helen Marchbank",
        ),
        # a coroner's own words give her post
        (
            "Helen Ravensworth is senior coroner.",
            "the source gives Helen Ravensworth the title 'Assistant Coroner', not 'senior "
            "coroner'",
        ),
    ],
)
def test_a_role_the_source_gives_otherwise_is_contradicted(library, claim_text, why):
    result = check(library, claim_text)
    assert result.verdict is Verdict.CONTRADICTED, result.reason
    assert why in result.reason
    (quote,) = [e for e in result.evidence if e.stance is Stance.CONTRADICTS]
    assert library.get(quote.source_id).text[quote.start : quote.end] == quote.quote


def test_a_title_of_another_kind_is_no_clash(library):
    # a title of another kind is no clash: a founder may run the company too
    result = check(library, "Dr Ruth Calloway is the company's founder.")
    assert result.verdict is not Verdict.CONTRADICTED, result.reason


def test_the_holder_named_by_the_source_is_supported(library):
    assert check(library, "Annelies Vermeer is chief executive.").verdict is Verdict.SUPPORTED
    result = check(library, "Dr. Priya Nandakumar is the agency's chief medical officer.")
    assert result.verdict is not Verdict.CONTRADICTED


def test_which_part_of_an_employer_is_no_word_a_source_must_state(library):
    # "Corvane's UK arm" is the source's "Corvane Motors UK"
    result = check(library, "Tobias Wrenfield is managing director of Corvane's UK arm.")
    assert result.verdict is Verdict.SUPPORTED, result.reason


def test_a_role_the_sources_do_not_give_decides_nothing(library):
    # no source names a finance director: another person's title is no answer
    result = check(library, "Dr. Samuel Reyes is the agency's finance director.")
    assert result.verdict is not Verdict.CONTRADICTED


def test_a_title_written_in_capitals_is_the_claims_title_not_a_name(library):
    # "Area Environment Manager" is the claim's "area environment manager", held by the person
    # named before it; the capitals do not make "Area Environment" another holder
    result = check(library, "Declan Moorcroft is the authority's area environment manager.")
    assert result.verdict is Verdict.SUPPORTED, result.reason


def test_a_sentence_naming_the_person_without_the_title_does_not_support_it(library):
    # the cabinet member for finance, named in full, is no evidence that she leads the council
    result = check(library, "Judith Pellow is the council's leader.")
    assert result.verdict is not Verdict.SUPPORTED, result.reason
    assert all(e.stance is not Stance.SUPPORTS for e in result.evidence)
