"""Reading topics.yaml: the topics councils ask about most, each with the tags that count a case for it.

Coverage is counted by tags rather than themes because themes are broad browsing shelves ("AI and
chatbots"), while the questions that matter are narrower ("Copilot", "voicebots").
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import Problem
from .schema import CaseStudy
from .validate import ID_PATTERN, Checker
from .yamlfile import YamlFile

TOPICS_FILE = "topics.yaml"


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    tags: tuple[str, ...]

    def covers(self, case: CaseStudy) -> bool:
        return bool({t.casefold() for t in case.tags} & {t.casefold() for t in self.tags})


def read_topics(file: YamlFile, problems: list[Problem]) -> tuple[Topic, ...]:
    check = Checker(file, problems)
    topics = []
    seen: set[str] = set()
    for i, item in check.mappings(file.data, what="topics {id, label, tags}"):
        topic_id = check.text(item.get("id"), i, "id")
        if topic_id and not ID_PATTERN.match(topic_id):
            check.fail(f"topic id {topic_id!r} must be lowercase letters, digits and hyphens", i, "id")
        if topic_id in seen:
            check.fail(f"topic id {topic_id!r} is used twice", i, "id")
        label = check.text(item.get("label"), i, "label")
        tags = check.text_list(item.get("tags"), i, "tags")
        if topic_id and label and tags:
            seen.add(topic_id)
            topics.append(Topic(topic_id, label, tags))
    return tuple(topics)
