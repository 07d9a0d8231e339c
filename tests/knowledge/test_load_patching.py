"""A reload patches the previous load (its files, case lookups, titles, file signatures and version) instead
of rebuilding them: after any mix of edits it must serve exactly what a load from nothing serves, the next
reload must trust only the files it served, and it must report the cases added, changed and removed."""
from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.loader import load_knowledge
from bot.store import _compare

from .helpers import case_file, copy_knowledge

LATER_NS = 10_000_000_000
"""How much later than it did the previous load is made to have begun: then files written before the
reload count as settled, and an unchanged one is trusted without being read (a real reload trusts the
files last changed two seconds before the previous load began)."""


class Curator:
    """Random edits to a knowledge base copy and to the cases the database holds, the kinds a reload meets."""

    def __init__(self, directory: Path, seed: int):
        self.rng = random.Random(seed)
        self.folder = directory / "case-studies"
        self.extra: dict[str, str] = {}
        self.added = 0

    def files(self) -> list[Path]:
        return sorted(self.folder.glob("*.yaml"))

    def copy_of(self, text: str, new_id: str) -> str:
        old_id = text.split("\n", 1)[0].removeprefix("id: ")
        return text.replace(f"id: {old_id}", f"id: {new_id}", 1).replace("title: ", f"title: Copy {new_id} of ", 1)

    def edit(self) -> None:
        path = self.rng.choice(self.files())
        path.write_text(path.read_text().replace("summary: >-", f"summary: >-\n  Edit {self.rng.random()}.", 1))

    def add(self) -> None:
        self.added += 1
        source = self.rng.choice(self.files())
        new_id = f"{self.rng.choice(('a', 'm', 'zz'))}-added-{self.added}"  # first, in the middle or last
        case_file(self.folder.parent, new_id).write_text(self.copy_of(source.read_text(), new_id))

    def delete(self) -> None:
        self.rng.choice(self.files()).unlink()

    def rename(self) -> None:
        path = self.rng.choice(self.files())
        text = path.read_text()
        self.added += 1
        new_id = f"{self.rng.choice(('a', 'zz'))}-renamed-{self.added}"
        path.unlink()
        case_file(self.folder.parent, new_id).write_text(text.replace(f"id: {path.stem}", f"id: {new_id}", 1))

    def retitle(self) -> None:
        path = self.rng.choice(self.files())
        path.write_text(path.read_text().replace("title: ", f"title: Retitled {self.rng.random()} ", 1))

    def break_one(self) -> None:
        path = self.rng.choice(self.files())
        path.write_text(path.read_text().replace("themes: [", "themes: [no-such-theme, ", 1))

    def repeat_a_title(self) -> None:
        one, other = self.rng.sample(self.files(), 2)
        title = next(line for line in other.read_text().splitlines() if line.startswith("title: "))
        text = one.read_text()
        own = next(line for line in text.splitlines() if line.startswith("title: "))
        one.write_text(text.replace(own, title.upper().replace("TITLE: ", "title: ", 1), 1))

    def relabel_a_theme(self) -> None:
        """Every case depends on the themes: a reload after any edit to them reads every case again."""
        themes = self.folder.parent / "themes.yaml"
        themes.write_text(themes.read_text().replace("  label: ", f"  label: Relabelled {self.rng.random()} ", 1))

    def approve_from_chat(self) -> None:
        self.added += 1
        new_id = f"{self.rng.choice(('b', 'zz'))}-chat-{self.added}"
        self.extra[new_id] = self.copy_of(self.rng.choice(self.files()).read_text(), new_id)

    def withdraw_from_chat(self) -> None:
        if self.extra:
            del self.extra[self.rng.choice(sorted(self.extra))]

    def commit_from_chat(self) -> None:
        if self.extra:
            case_id = self.rng.choice(sorted(self.extra))
            case_file(self.folder.parent, case_id).write_text(self.extra[case_id])

    def some_edits(self) -> None:
        kinds = (self.edit, self.retitle, self.add, self.delete, self.rename, self.break_one, self.repeat_a_title,
                 self.relabel_a_theme, self.approve_from_chat, self.withdraw_from_chat, self.commit_from_chat)
        for _ in range(self.rng.randint(0, 3)):
            self.rng.choice(kinds)()


def served(kb: KnowledgeBase, ids: set[str]) -> tuple:
    """Everything a load serves and the next reload starts from, to compare two loads by."""
    return ([(case.id, case) for case in kb.cases], kb.version, [str(p) for p in kb.problems], kb.titles.hashes.tolist(),
            {case_id: kb.case(case_id) for case_id in ids}, list(kb.files.items()), set(kb.signatures))


def changed_cases(old: KnowledgeBase, new: KnowledgeBase) -> tuple:
    """The case ids added, changed (another text) and removed, found by comparing every case."""
    before = {case.id: case.fingerprint for case in old.files.values()}
    after = {case.id: case.fingerprint for case in new.files.values()}
    return (tuple(sorted(after.keys() - before.keys())),
            tuple(sorted(k for k in after.keys() & before.keys() if after[k] != before[k])),
            tuple(sorted(before.keys() - after.keys())))


@pytest.mark.parametrize("seed", range(5))
def test_a_reload_after_random_edits_serves_what_a_load_from_nothing_does(tmp_path, seed):
    directory = copy_knowledge(tmp_path)
    curator = Curator(directory, seed)
    live = load_knowledge(directory, strict=False)
    ids = {case.id for case in live.cases}
    for _ in range(6):
        curator.some_edits()
        previous = dataclasses.replace(live, read_at=live.read_at + LATER_NS)
        live = load_knowledge(directory, previous, strict=False, extra=curator.extra)
        cold = load_knowledge(directory, strict=False, extra=curator.extra)
        ids |= {case.id for case in cold.cases}
        assert served(live, ids) == served(cold, ids)
        report = _compare(previous, live, 0.0)
        assert (report.added, report.changed, report.removed) == changed_cases(previous, live)
