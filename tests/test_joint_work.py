"""Work done by two or more councils together, or by a partnership of councils (LOTI, the South London
Partnership), is joint work whether or not the case's text says so: "joint AI receptionist" asks for the
districts that share one, not for any council's AI receptionist."""
from __future__ import annotations

from bot.search.analyse import parse_question
from bot.search.rank import rank


def _fields_matched(snapshot, word: str) -> dict[str, set[str]]:
    """Per case matching `word`, the fields it matched the word in."""
    index = snapshot.index
    hits = rank(parse_question(word, index.vocabulary, index.correct).units, index, limit=None)
    return {hit.case.id: {r.field for r in hit.reasons if r.words == word} for hit in hits}


def _joint(case) -> bool:
    return sum(o.council is not None for o in case.resolved) > 1 or \
        any(o.body is not None and o.body.kind == "partnership" for o in case.resolved)


def test_a_case_by_several_councils_or_a_partnership_is_joint_work_by_its_organisations(snapshot):
    joint = [case for case in snapshot.kb.cases if _joint(case)]
    by_partnership = [case for case in joint if sum(o.council is not None for o in case.resolved) == 0]
    assert len(joint) >= 10 and len(by_partnership) >= 2, "the base has cases by several councils and by partnerships"
    for word in ("joint", "jointly"):
        matched = _fields_matched(snapshot, word)
        assert [case.id for case in joint if not matched.get(case.id)] == []


def test_a_case_by_one_council_is_no_joint_work_by_its_organisations(snapshot):
    by_one = {case.id for case in snapshot.kb.cases if not _joint(case)}
    matched = _fields_matched(snapshot, "jointly")
    assert len(by_one) > len(matched), "most cases are one council's"
    assert sorted(case for case in by_one if "organisations" in matched.get(case, ())) == []
