"""`practice-bot stats` on a library small enough to count by hand (the real library's counts are checked in
tests/test_stats.py): each figure and line the curators read, at the edges of its bands."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.schema import Body, CaseStudy, Council, Outcome, Resolved, Theme
from bot.knowledge.stats import library_stats
from bot.knowledge.topics import Topic


def made_case(case_id, year, *, resolved=(), regions=(), themes=(), tags=(), kinds=()):
    return CaseStudy(case_id, case_id, tuple(r.name for r in resolved), regions, year, themes, "",
                     tuple(Outcome(kind, None, "") for kind in kinds), (), (), "", tags=tags, resolved=resolved)


def library(cases, themes=()):
    return KnowledgeBase(Path("."), cases, themes, (), (), {}, "")


def test_a_small_library_is_counted_and_printed_exactly():
    """Year bands at their edges, a case's nations from its councils and bodies (its regions only where they
    record none), an outcome kind once per case, topic tags in any capitals, a topic with 3 cases not thin."""
    wales = Council("CAE", "Caerphilly County Borough Council", "Caerphilly", "Wales", None, "Welsh unitary authority")
    scottish_body = Body("Scottish Futures Trust", "national-body", nation="Scotland")
    cases = (
        made_case("a", 2014, resolved=(Resolved(wales.official_name, council=wales),), themes=("waste",),
                  tags=("Fly-Tipping",), kinds=("saving", "saving", "income")),
        made_case("b", 2015, resolved=(Resolved("Scottish Futures Trust", body=scottish_body),
                                       Resolved("Some Charity", body=Body("Some Charity", "charity"))),
                  themes=("waste", "digital"), tags=("chatbot",)),
        made_case("c", 2019, regions=("North West", "Scotland"), kinds=("saving",)),
        made_case("d", 2020, regions=("UK-wide",), tags=("fly-tipping",)),
        made_case("e", None, tags=("FLY-TIPPING",)),
    )
    kb = library(cases, (Theme("waste", "Waste and recycling"), Theme("digital", "Digital")))
    topics = (Topic("fly-tipping", "Fly-tipping", ("fly-tipping",)), Topic("chatbot", "Chatbots", ("chatbot", "bot")),
              Topic("iot", "Internet of things", ("iot",)))
    stats = library_stats(kb, cases, topics)
    assert stats.lines("Test library") == [
        "Test library: 5 case studies",
        "",
        "By theme (cases):",
        "  waste    Waste and recycling: 2",
        "  digital  Digital: 1",
        "",
        "By nation (a case spanning several counts in each): Scotland 2, England 1, UK-wide 1, Wales 1",
        "By year of the work: before 2015 1, 2015-2019 2, 2020 or later 1, unknown 1",
        "Dated 2020 or later: 20% (1 of 5)",
        "Cases with an outcome of each kind: saving 2, income 1, efficiency 0, satisfaction 0, other 0",
        "",
        "Topics (cases; at least 3 wanted):",
        "  fly-tipping    3  Fly-tipping",
        "  chatbot        1  Chatbots",
        "  iot            0  Internet of things",
        "",
        "Topics with fewer than 3 cases: chatbot (1), iot (0)",
    ]
    assert stats.recent_share == pytest.approx(0.2)


def test_an_empty_library_prints_zeroes_and_no_thin_topics():
    stats = library_stats(library(()), (), ())
    assert stats.recent_share == 0.0
    assert "Dated 2020 or later: 0% (0 of 0)" in stats.lines("Empty")
    assert stats.lines("Empty")[-1] == "Topics with fewer than 3 cases: none"
