"""`practice-bot stats`: the library's shape by theme, nation, year band and outcome kind, and the topics of
issue 10 still short of 3 cases, with or without the cases waiting in incoming/."""
from __future__ import annotations

import pytest

from bot.cli import main
from bot.knowledge.loader import load_knowledge
from bot.knowledge.stats import YEAR_BANDS, library_stats, nations_of, year_band

from .conftest import KNOWLEDGE
from .knowledge.helpers import case_file, copy_knowledge
from .knowledge.test_loader import replace_in

TOPIC_IDS = (
    "generative-ai chatbot adult-social-care childrens-services rpa cyber-recovery cyber-prevention legacy-replacement "
    "cloud-migration website reorganisation digital-inclusion staff-skills uprn housing-repairs waste digital-planning "
    "revenues-automation homelessness potholes fly-tipping translation-accessibility iot open-referral procurement"
).split()
"""The 25 topics of issue 10, by the canonical tag of the curators' guide."""


def stats_of(directory):
    from bot.cli import _topics

    kb = load_knowledge(directory)
    return library_stats(kb, kb.cases, _topics(kb.directory))


def test_topics_file_lists_the_25_topics_each_led_by_its_canonical_tag():
    from bot.cli import _topics

    topics = _topics(KNOWLEDGE)
    assert [t.id for t in topics] == TOPIC_IDS
    assert all(t.tags[0] == t.id for t in topics)


def test_counts_add_up_and_match_the_cases():
    kb = load_knowledge(KNOWLEDGE)
    stats = stats_of(KNOWLEDGE)
    assert stats.cases == len(kb.cases)
    assert [band for band, _n in stats.year_bands] == list(YEAR_BANDS)
    assert sum(n for _band, n in stats.year_bands) == len(kb.cases)
    recent = sum(1 for c in kb.cases if c.year is not None and c.year >= 2020)
    assert stats.recent_share == pytest.approx(recent / len(kb.cases))
    assert dict((i, n) for i, _l, n in stats.themes)["waste"] == len(kb.cases_in_theme("waste"))
    assert dict(stats.outcome_kinds)["saving"] == sum(1 for c in kb.cases if c.outcomes_of("saving"))
    assert dict(stats.nations)["Scotland"] == sum(1 for c in kb.cases if "Scotland" in nations_of(c))
    assert {t.id for t, n in stats.thin_topics} == {t.id for t, n in stats.topics if n < 3}


def test_nation_comes_from_the_register_and_year_band_from_the_year():
    kb = load_knowledge(KNOWLEDGE)
    assert nations_of(kb.case("gwent-shared-resource-service")) == {"Wales"}
    assert nations_of(kb.case("scottish-councils-teams-federation")) == {"Scotland"}
    assert year_band(kb.case("gwent-shared-resource-service")) == "before 2015"  # 2011
    assert year_band(kb.case("forest-heath-st-edmundsbury-refuse-routing")) == "unknown"


def test_a_case_naming_only_a_body_counts_under_the_bodys_recorded_nation(tmp_path):
    """organisations.yaml records a body's nation: a case naming only a Welsh police force is Welsh, whatever
    region it is filed under."""
    directory = copy_knowledge(tmp_path)
    replace_in(case_file(directory, "wigan-in-cab-waste"), "organisations: [Wigan Council]", "organisations: [Gwent Police]")
    assert nations_of(load_knowledge(directory).case("wigan-in-cab-waste")) == {"Wales"}


def test_a_case_tagged_for_a_topic_counts_for_it(tmp_path):
    directory = copy_knowledge(tmp_path)
    before = dict((t.id, n) for t, n in stats_of(directory).topics)["fly-tipping"]
    replace_in(case_file(directory, "wigan-in-cab-waste"), "tags: [", "tags: [Fly-Tipping, ")
    after = stats_of(directory)
    assert dict((t.id, n) for t, n in after.topics)["fly-tipping"] == before + 1


def test_the_library_meets_the_topic_and_recency_goals_of_issue_10():
    stats = stats_of(KNOWLEDGE)
    assert stats.cases >= 250
    assert stats.thin_topics == ()
    assert sum(n for _b, n in stats.year_bands) == stats.cases


def test_the_command_prints_each_count_and_the_thin_topics(capsys):
    assert main(["stats", str(KNOWLEDGE)]) == 0
    out = capsys.readouterr().out
    for heading in ("By theme", "By nation", "By year of the work: before 2015", "2015-2019", "2020 or later",
                    "unknown", "Dated 2020 or later:", "Cases with an outcome of each kind: saving",
                    "Topics with fewer than 3 cases:"):
        assert heading in out
    thin = out.split("Topics with fewer than 3 cases:")[1]
    for topic, n in stats_of(KNOWLEDGE).thin_topics:
        assert f"{topic.id} ({n})" in thin


def test_a_broken_topics_file_fails_stats_and_check_at_its_line(tmp_path, capsys):
    directory = copy_knowledge(tmp_path)
    replace_in(directory / "topics.yaml", "- id: rpa\n", "- id: RPA stuff\n")
    assert main(["stats", str(directory)]) == 1
    assert main(["check", str(directory)]) == 1
    assert "topics.yaml:" in capsys.readouterr().err
