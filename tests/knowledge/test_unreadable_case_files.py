"""A case file that cannot be read at all (here a folder named like one) is named with the reason, and on a
server start or reload only that file is left out."""
from __future__ import annotations

import os
import re

import pytest

from bot.errors import KnowledgeError, Problem
from bot.knowledge.loader import load_knowledge

from .helpers import copy_knowledge


def test_a_folder_named_like_a_case_file_is_reported_with_why_it_cannot_be_read(tmp_path):
    directory = copy_knowledge(tmp_path)
    (directory / "case-studies" / "folder.yaml").mkdir()
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    assert [str(p) for p in caught.value.problems] == ["case-studies/folder.yaml: cannot read the file: Is a directory"]
    served = load_knowledge(directory, strict=False)
    assert served.problems == (Problem("case-studies/folder.yaml", None, "cannot read the file: Is a directory"),)
    assert len(served.cases) == len(load_knowledge(copy_knowledge(tmp_path / "clean")).cases)


def test_a_case_file_that_goes_between_the_listing_and_its_look_up_is_reported_and_the_rest_served(tmp_path):
    """A link to nothing is listed but cannot be looked up, as a file deleted right after the folder was
    listed: that file is reported and read again next time; every other file is served, with its stamp."""
    directory = copy_knowledge(tmp_path)
    folder = directory / "case-studies"
    (folder / "gone.yaml").symlink_to(folder / "nowhere.yaml")
    served = load_knowledge(directory, strict=False)
    assert [(p.file, p.message) for p in served.problems] == [
        ("case-studies/gone.yaml", "cannot read the file: No such file or directory")]
    assert len(served.cases) == len(load_knowledge(copy_knowledge(tmp_path / "clean")).cases)
    signatures = served.signatures
    assert "case-studies/gone.yaml" not in signatures
    for path in sorted(folder.glob("*.yaml"))[:5]:
        if path.name != "gone.yaml":
            s = os.stat(path)
            assert signatures[f"case-studies/{path.name}"] == (s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns)
    (folder / "gone.yaml").unlink()
    first = (folder / sorted(os.listdir(folder))[0]).read_text(encoding="utf-8")
    retitled = re.sub(r"^title: ", "title: Gone ", first, count=1, flags=re.M)
    (folder / "gone.yaml").write_text(re.sub(r"^id: .*$", "id: gone", retitled, count=1, flags=re.M), encoding="utf-8")
    again = load_knowledge(directory, served, strict=False)
    assert again.problems == ()
    assert len(again.cases) == len(served.cases) + 1
