"""What kind of answer a question wants, beyond its words: a saving, an amount, a comparison.

"Who saved money", "how much did X save" and "which councils saved over £1 million" are answered from the
typed outcomes of case studies, so the ranker and the answer need to know which outcome kind is asked for.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..knowledge.money import parse_threshold
from .analyse import Unit
from .counted import counted_words
from .normalise import is_stop_word
from .peers import types_in
from .vocabulary import CONCEPT_PREFIX

OUTCOME_CONCEPTS = ("saving", "income", "efficiency", "satisfaction")
MONEY_KINDS = ("saving", "income")
"""The outcome kinds stated in pounds; a comparison that names neither ("who got the most money from ...",
"projects over £1m") compares both."""
_REVENUES_SERVICE = re.compile(r"\brevenues (?:(?:and|&) benefits|system|systems|software|team|service|services"
                               r"|officers|staff|department|automation)\b", re.IGNORECASE)
""""Revenues" named as the service that collects council tax ("council tax forms wired into the revenues
system", "revenues and benefits"): no question of income, which it made an income comparison (a case stating
income led)."""
MONEY_ITSELF = frozenset({"money"})
"""A word for money itself names no kind: "the most money" from a scheme may have been saved or raised (the
vocabulary counts it in the saving group, for "did anyone save money", where the verb names the kind)."""
REORGANISATION = CONCEPT_PREFIX + "reorganisation"
"""In a question about reorganisation the kinds of council are what merged into what ("district councils that
became one new unitary"), not a filter: its cases are by the new councils, of another kind than the old."""
_MERGED_INTO_ONE = re.compile(
    r"\b(?:merg|amalgamat|combin|join|fus|fold|reorganis|reorganiz)\w*\b[^.?!]{0,80}?"
    r"\b(?:into|as|to form|forming|to become|becoming|became)\s+(?:one|a|a single|single|a new|one new|the new)\s+"
    r"(?:(?:new|single|big|bigger|larger)\s+)?(?:unitary|unitaries|council|authority)\b"
    r"(?![\w-]|\s+(?:tax|housing|homes?|tenants?|websites?|services?|systems?|data|staff|teams?|owned)\b)", re.IGNORECASE)
"""Reorganisation told in the asker's own words: councils merged, combined or joined into one new council ("five
districts combining into a single council", "merging several district councils into one unitary"); not something
else merged into a council's own thing ("into a council tax service", "into a council-wide team")."""
_HOW_MUCH = re.compile(r"\bhow much\b|£|\bcost\b|\bmoney\b", re.IGNORECASE)
_SUPERLATIVE = re.compile(r"most|biggest|largest|highest|greatest|top")
_MONEY_WORD = re.compile(r"sav\w*|money|income|revenues?|£\S*|pounds?|cash|costs?|cheap\w*|spen[dt]\w*|rais\w*|earn\w*"
                         r"|generat\w*|recover\w*|brought|bring\w*|made|mak\w*|rates|tax|fees?|funding|returns?|amounts?")
SUPERLATIVE_REACH = 3
"""A superlative asks for the largest amount only within this many words of a word of money ("saved the
most", "the biggest yearly saving", "the most money"): "the things residents most often come to do" in a
question about splitting the cost, or "get most people replying" after "cost a fortune", asks for none."""
INCOME_VERB = re.compile(r"raised?|raising|earned|earns?|earning|generated?|generating", re.IGNORECASE)
"""Verbs of income: "which councils raised over £1 million" compares income, not savings (read only in a
question that compares amounts and names no outcome kind: "raised concerns" asks for no figure)."""
_MOST_COLLECTED = re.compile(
    r"\b(?:most|biggest|largest|highest|greatest)\s+(?:(?:sum|amount|total|value)\s+(?:of|in)\s+)?"
    r"(?:(?!(?:number|share|proportion|percentage|rise|increase|drop|fall|cut|reduction)\b)[a-z]+\s+){0,2}?"
    r"(?:business rates|non-domestic rates|nndr|council tax)\b(?!\s+(?:support|reduction|discount|rebate|help|bill))",
    re.IGNORECASE)
"""A superlative of a tax the council collects is a superlative of income ("found the most extra business
rates", "the most previously unbilled business rates", "clawed back the largest sum in business rates",
"collected the most council tax"), not a count of what is named; "the most council tax support" asks about
the support, and "the biggest rise in council tax" about the rise."""
_BIGGEST_CUT = re.compile(
    r"\b(?:most|biggest|largest|highest|greatest)\s+(?:[a-z]+\s+){0,2}?(?:cuts?|reductions?|falls?|drops?)\s+in\s+"
    r"(?:[a-z]+\s+){0,4}?(?:bills?|costs?|spend|spending|outgoings|budgets?|what (?:it|they|we|the council) (?:spends?|spent"
    r"|pays?|paid))\b"
    r"|\b(?:avoid\w*|prevent\w*|cut\w*|reduc\w*|lower\w*)\s+(?:the\s+)?(?:most|biggest|largest|greatest)\s+"
    r"(?:[a-z]+\s+){0,3}?(?:costs?|spend|spending|bills?|outgoings)\b", re.IGNORECASE)
"""A superlative of a cut in what is paid is a superlative of saving ("the biggest yearly cut in its street
lighting energy bills", "the biggest cut in what it spends on street lights", "avoided the most social care
spending"), however far the superlative stands from the bills; the biggest cut in waiting times or missed
bins asks for no money, and "avoided the most care costs" no count of care."""


@dataclass(frozen=True)
class Intent:
    outcome_kind: str | None = None
    """The outcome kind the question asks about (saving, income, efficiency, satisfaction), if any; a question
    that wants money and names no kind is answered by either money kind."""
    threshold: tuple[str, float] | None = None
    """(direction, pounds) when the question compares amounts: "over", "at least", "under" or "up to"."""
    wants_money: bool = False
    """The answer should lead with a £ figure ("how much ...", "£", "saved")."""
    largest_first: bool = False
    """"Who saved the most", "biggest savings": cases with a stated amount, largest first."""
    council_types: tuple[str, ...] = ()
    """Peer questions ("district councils that ..."): only cases by councils of these register types."""
    counted: frozenset[str] = frozenset()
    """Stems of what a question asks for the most of, when that is no money ("the most laptops"): among
    equally good matches, the case stating the largest number of it leads (counted.py)."""


def read_intent(question: str, units: list[Unit]) -> Intent:
    service = _REVENUES_SERVICE.search(question) is not None
    kinds = [
        (kind, unit.text)
        for unit in units if unit.text not in MONEY_ITSELF and not (service and unit.text == "revenues")
        for term, _q in unit.alternatives
        for kind in OUTCOME_CONCEPTS
        if term == CONCEPT_PREFIX + kind
    ]
    threshold = parse_threshold(question)
    kind = _asked_kind(question, kinds) if kinds else _compared_kind(question) if threshold else None
    if kind is None and _MOST_COLLECTED.search(question):
        kind = "income"
    elif kind is None and _BIGGEST_CUT.search(question):
        kind = "saving"
    wants_money = kind in ("saving", "income") or threshold is not None or bool(_HOW_MUCH.search(question))
    largest_first = wants_money and kind in ("saving", "income", None) and _superlative_of_money(question)
    if largest_first and threshold is None:
        threshold = ("over", 0.0)  # any stated amount, then sorted by size
    reorganised = any(term == REORGANISATION for unit in units for term, _q in unit.alternatives) \
        or _MERGED_INTO_ONE.search(question) is not None
    return Intent(outcome_kind=kind, threshold=threshold, wants_money=wants_money, largest_first=largest_first,
                  council_types=() if reorganised else types_in(question),
                  counted=frozenset() if wants_money else counted_words(question))


def _superlative_of_money(question: str) -> bool:
    if _MOST_COLLECTED.search(question) or _BIGGEST_CUT.search(question):
        return True
    words = re.findall(r"[£\w]+", question.lower())
    money = [i for i, word in enumerate(words) if _MONEY_WORD.fullmatch(word)]
    return any(abs(i - j) <= SUPERLATIVE_REACH for i, word in enumerate(words)
               if _SUPERLATIVE.fullmatch(word) and not _top_grade(words, i) for j in money)


_TOP_OF_A_LIST = re.compile(r"\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|spot|place")


def _top_grade(words: list[str], i: int) -> bool:
    """"top" before a word of no money is a grade ("earned the top rating for its address data", "top quality
    records"): no superlative of an amount, however near a word of money stands. "the top savers", "the top
    five councils" and "came top for income" still ask for the largest amounts."""
    after = words[i + 1] if i + 1 < len(words) else None
    return words[i] == "top" and after is not None and not _MONEY_WORD.fullmatch(after) \
        and not _TOP_OF_A_LIST.fullmatch(after) and not is_stop_word(after)


def _asked_kind(question: str, kinds: list[tuple[str, str]]) -> str:
    """Of the outcome kinds the question names (each with the words naming it, in the question's order), the
    one a comparison compares: the kind named nearest its superlative or amount ("of the councils charging
    for garden waste, which saved the most?" compares savings); else, or in a question comparing nothing,
    the first named."""
    if len({kind for kind, _text in kinds}) == 1:
        return kinds[0][0]
    words = re.findall(r"[£\w]+", question.lower())
    anchors = [i for i, word in enumerate(words) if _SUPERLATIVE.fullmatch(word) or word.startswith("£")]
    if not anchors:
        return kinds[0][0]

    def distance(named: tuple[str, str]) -> int:
        first = re.findall(r"[£\w]+", named[1].lower())[:1]
        at = [i for i, word in enumerate(words) if first and word == first[0]]
        return min((abs(i - j) for i in at for j in anchors), default=len(words))

    return min(kinds, key=distance)[0]  # the first named of equally near ones


def _compared_kind(question: str) -> str | None:
    """The outcome kind a comparison that names none compares: income after a verb of income, else either."""
    return "income" if any(INCOME_VERB.fullmatch(word) for word in re.findall(r"[a-z]+", question.lower())) else None


def money_kinds(intent: Intent) -> tuple[str, ...]:
    """The money kinds whose amounts a comparison reads: the one asked, or both when none is named."""
    return (intent.outcome_kind,) if intent.outcome_kind else MONEY_KINDS
