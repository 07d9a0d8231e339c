"""A case file that cannot be read at all (here a folder named like one) is named with the reason, and on a
server start or reload only that file is left out."""
from __future__ import annotations

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
