"""topics.yaml as a curator edits it: each mistake named on its own line in words a curator can act on, and a
case counting for a topic by any of its tags in any letter case."""
from __future__ import annotations

import dataclasses

from bot.knowledge.topics import Topic, read_topics
from bot.knowledge.yamlfile import parse_yaml

TOPICS = """\
- id: rpa
  label: Robotic process automation
  tags: [rpa, Blue Prism]
- id: RPA stuff
  label: Bad id
  tags: [x]
- id: rpa
  label: Again
  tags: [y]
- id: no-tags
  label: No tags
- id: chatbot
  label: Chatbots
  tags: [chatbot]
"""


def test_each_topic_mistake_is_named_on_its_line():
    problems: list = []
    topics = read_topics(parse_yaml(TOPICS, "topics.yaml"), problems)
    assert [str(p) for p in problems] == [
        "topics.yaml:4: topic id 'RPA stuff' must be lowercase letters, digits and hyphens",
        "topics.yaml:7: topic id 'rpa' is used twice",
        "topics.yaml:10: [3].tags must be a non-empty list",
    ]
    assert topics[0] == Topic("rpa", "Robotic process automation", ("rpa", "Blue Prism"))
    assert topics[-1] == Topic("chatbot", "Chatbots", ("chatbot",))
    assert "no-tags" not in [t.id for t in topics]


def test_a_case_counts_for_a_topic_by_any_tag_in_any_case(snapshot):
    case = snapshot.kb.cases[0]
    rpa = Topic("rpa", "Robotic process automation", ("rpa", "Blue Prism"))
    assert rpa.covers(dataclasses.replace(case, tags=("BLUE PRISM",)))
    assert rpa.covers(dataclasses.replace(case, tags=("waste", "Rpa")))
    assert not rpa.covers(dataclasses.replace(case, tags=("blue", "prism")))
    assert not rpa.covers(dataclasses.replace(case, tags=()))


def test_a_topics_file_of_the_wrong_shape_says_what_it_must_hold():
    for text, message in (("id: rpa\n", "the file must be a non-empty list of topics {id, label, tags}"),
                          ("- just a string\n", "each item must be a mapping of topics {id, label, tags}")):
        problems: list = []
        assert read_topics(parse_yaml(text, "topics.yaml"), problems) == ()
        assert [str(p) for p in problems] == [f"topics.yaml:1: {message}"]


def test_a_missing_or_malformed_topic_id_is_named_where_the_id_is():
    text = ("- label: No id here\n  tags: [x]\n"
            "- label: Id last\n  tags: [y]\n  id: Bad Id\n"
            "- label: Id a number\n  tags: [y]\n  id: 42\n")
    problems: list = []
    read_topics(parse_yaml(text, "topics.yaml"), problems)
    assert [str(p) for p in problems] == [
        "topics.yaml:1: [0].id must be non-empty text",
        "topics.yaml:5: topic id 'Bad Id' must be lowercase letters, digits and hyphens",
        "topics.yaml:8: [2].id must be non-empty text",
    ]


def test_a_repeated_id_and_a_missing_label_are_named_where_they_are():
    text = ("- id: rpa\n  label: RPA\n  tags: [rpa]\n"
            "- tags: [y]\n  label: Twice\n  id: rpa\n"
            "- id: no-label\n  tags: [z]\n"
            "- id: empty-label\n  tags: [z]\n  label: \"\"\n")
    problems: list = []
    read_topics(parse_yaml(text, "topics.yaml"), problems)
    assert [str(p) for p in problems] == [
        "topics.yaml:6: topic id 'rpa' is used twice",
        "topics.yaml:7: [2].label must be non-empty text",
        "topics.yaml:11: [3].label must be non-empty text",
    ]
