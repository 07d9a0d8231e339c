"""Loading and validating: the real knowledge base passes; every kind of mistake is named with file and line."""
from __future__ import annotations

import hashlib
import time

import pytest
import yaml

from bot.errors import KnowledgeError
from bot.knowledge.loader import RACY_NS, load_knowledge

from ..conftest import KNOWLEDGE
from .helpers import case_file, copy_knowledge

CASE = "wigan-in-cab-waste"


def problems_after(tmp_path, edit) -> list[str]:
    directory = copy_knowledge(tmp_path)
    edit(case_file(directory, CASE))
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    return [str(p) for p in caught.value.problems]


def replace_in(path, old, new):
    text = path.read_text()
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def line_of(path, needle) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_the_real_knowledge_base_is_valid_and_large_enough():
    kb = load_knowledge(KNOWLEDGE)
    assert len(kb.cases) >= 40
    assert all(c.sources and c.sources[0].url.startswith("http") for c in kb.cases)
    assert {t.id for t in kb.themes} >= {t for c in kb.cases for t in c.themes}
    socitm = kb.general_contact
    assert (socitm.phone, socitm.email) == ("01604 709456", "enquiries@socitm.net")


def test_the_2016_paper_cases_keep_their_figures():
    kb = load_knowledge(KNOWLEDGE)
    refuse = kb.case("forest-heath-st-edmundsbury-refuse-routing")
    assert "£300,000 a year" in [o.amount for o in refuse.outcomes_of("saving")]
    portal = kb.case("hammersmith-fulham-self-service")
    assert "£1.15 million in a year" in [o.amount for o in portal.outcomes_of("saving")]


def test_broken_yaml_names_file_and_line(tmp_path):
    directory = copy_knowledge(tmp_path)
    path = case_file(directory, CASE)
    lines = path.read_text().splitlines()
    lines.insert(3, "themes: [waste, : broken")
    path.write_text("\n".join(lines))
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    [problem] = caught.value.problems
    assert problem.file == f"case-studies/{CASE}.yaml"
    assert problem.line is not None and 3 <= problem.line <= 6
    assert "invalid YAML" in problem.message


def test_unknown_theme_is_reported_on_its_line(tmp_path):
    def edit(path):
        replace_in(path, "themes: [waste", "themes: [wastes")

    directory_problems = problems_after(tmp_path, edit)
    path = case_file(tmp_path / "knowledge", CASE)
    line = line_of(path, "themes: [wastes")
    assert directory_problems == [f"case-studies/{CASE}.yaml:{line}: unknown theme 'wastes' (see themes.yaml)"]


def test_bad_url_missing_field_and_bad_kind_are_all_reported_together(tmp_path):
    def edit(path):
        replace_in(path, "url: https://", "url: htps//")
        replace_in(path, "kind: other", "kind: savings")
        replace_in(path, "contact: socitm", "")

    found = problems_after(tmp_path, edit)
    assert any("is not a valid http(s) URL" in p for p in found)
    assert any("outcome kind 'savings' must be one of" in p for p in found)
    assert any("missing required field 'contact'" in p for p in found)
    assert all(p.startswith(f"case-studies/{CASE}.yaml") for p in found)


def test_a_second_case_with_a_title_already_taken_is_left_out_and_named_on_its_title_line(tmp_path):
    """Users tell cases apart by title: of two with the same title (letter case aside), the first in file
    order is served and the other reported on its own line, naming the first, whether it is a file or a
    case approved from chat (its text held by the database)."""
    directory = copy_knowledge(tmp_path)
    original = case_file(directory, CASE)
    title = next(line for line in original.read_text().splitlines() if line.startswith("title: "))
    shouted = "title: " + title.removeprefix("title: ").upper()
    twin = original.read_text().replace(f"id: {CASE}", "id: zz-twin").replace(title, shouted)
    case_file(directory, "zz-twin").write_text(twin)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == ("case-studies/zz-twin.yaml", line_of(case_file(directory, "zz-twin"), "title: "))
    assert problem.message.startswith("duplicate title") and f"also in case-studies/{CASE}.yaml" in problem.message

    case_file(directory, "zz-twin").unlink()
    from_chat = twin.replace("id: zz-twin", "id: from-chat")
    served = load_knowledge(directory, strict=False, extra={"from-chat": from_chat})
    [problem] = served.problems
    assert (problem.file, problem.line) == ("database/from-chat.yaml", line_of(original, "title: "))
    assert served.case("from-chat") is None and served.case(CASE) is not None


def test_id_must_match_file_name(tmp_path):
    found = problems_after(tmp_path, lambda p: replace_in(p, f"id: {CASE}", "id: something-else"))
    assert found == [f"case-studies/{CASE}.yaml:1: id 'something-else' must match the file name ({CASE}.yaml)"]


def test_a_directory_without_case_studies_is_not_a_knowledge_base(tmp_path):
    with pytest.raises(KnowledgeError, match="no case-studies/ folder"):
        load_knowledge(tmp_path)


@pytest.mark.parametrize("needle, edit_to, path_in_message", [
    ("url: https://i-network.org.uk/transforming", "url: htps//i-network.org.uk/transforming", "is not a valid http(s) URL"),
    ('title: "Wigan Council: transforming the waste collection service, legacy', "title: 42\n    nothing: here", ""),
])
def test_a_mistake_in_a_nested_list_item_is_reported_on_its_own_lines(tmp_path, needle, edit_to, path_in_message):
    """sources[1] is the second item of a list inside the case: its line, not the list's or the first item's."""
    directory = copy_knowledge(tmp_path)
    path = case_file(directory, CASE)
    second_item = line_of(path, "- url: https://i-network.org.uk/transforming")
    replace_in(path, needle, edit_to)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    lines = {p.line for p in caught.value.problems}
    assert lines and lines <= {second_item, second_item + 1, second_item + 2}, [str(p) for p in caught.value.problems]
    assert all(path_in_message in p.message for p in caught.value.problems)


def test_an_outcome_mistake_is_reported_on_that_outcomes_line(tmp_path):
    directory = copy_knowledge(tmp_path)
    path = case_file(directory, CASE)
    text = path.read_text()
    kinds = [i for i, line in enumerate(text.splitlines(), 1) if line.strip().startswith("- kind:")]
    assert len(kinds) >= 2
    lines = text.splitlines()
    lines[kinds[-1] - 1] = lines[kinds[-1] - 1].split("kind:")[0] + "kind: savings"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    [problem] = caught.value.problems
    assert problem.line == kinds[-1] and "outcome kind 'savings'" in problem.message


def test_a_reload_after_a_theme_is_deleted_rechecks_the_cases_that_use_it(tmp_path):
    directory = copy_knowledge(tmp_path)
    before = load_knowledge(directory)
    users = {c.id for c in before.cases_in_theme("cyber")}
    assert users
    themes = directory / "themes.yaml"
    text = themes.read_text()
    start = text.index("- id: cyber")
    end = text.index("- id:", start + 1)
    themes.write_text(text[:start] + text[end:])
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory, previous=before)
    assert {p.file for p in caught.value.problems} == {f"case-studies/{case_id}.yaml" for case_id in users}
    assert all("unknown theme 'cyber'" in p.message for p in caught.value.problems)
    lenient = load_knowledge(directory, previous=before, strict=False)
    assert not users & {c.id for c in lenient.cases}
    assert lenient.broken_files >= {f"case-studies/{case_id}.yaml" for case_id in users}


def test_without_a_directory_the_knowledge_base_is_the_working_directorys_or_the_checkouts(tmp_path, monkeypatch):
    from bot.knowledge.loader import default_directory

    monkeypatch.chdir(tmp_path)
    assert default_directory() == KNOWLEDGE
    (tmp_path / "knowledge").mkdir()
    assert default_directory() == KNOWLEDGE, "a knowledge/ folder without case-studies/ is not one"
    (tmp_path / "knowledge" / "case-studies").mkdir()
    assert default_directory() == tmp_path / "knowledge"


def test_a_character_yaml_forbids_is_named_with_its_code_point_and_line(tmp_path):
    directory = copy_knowledge(tmp_path)
    path = case_file(directory, CASE)
    lines = path.read_text().splitlines()
    lines[2] = lines[2] + " \x07"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    assert [str(p) for p in caught.value.problems] == [
        f"case-studies/{CASE}.yaml:3: invalid YAML: character U+0007 is not allowed in YAML"]


def test_cases_from_the_database_are_served_after_the_files_and_a_committed_file_wins(tmp_path):
    """Approved chat cases live in the database until a curator commits their file (`submissions export`);
    their mistakes are labelled `database/<id>.yaml` with the line in their text."""
    directory = copy_knowledge(tmp_path)
    wigan = case_file(directory, CASE).read_text()
    new = wigan.replace(f"id: {CASE}", "id: wigan-from-chat").replace("title: ", "title: From chat, ", 1)
    stale = wigan.replace("title: ", "title: Stale, ", 1)
    files = load_knowledge(directory)

    kb = load_knowledge(directory, extra={"wigan-from-chat": new, CASE: stale})

    assert [c.id for c in kb.cases] == [c.id for c in files.cases] + ["wigan-from-chat"]
    assert kb.case("wigan-from-chat").title.startswith("From chat, ")
    assert kb.case("wigan-from-chat").file == "database/wigan-from-chat.yaml"
    assert kb.case(CASE).title == files.case(CASE).title
    broken = new.replace("region: North West", "region: Atlantis")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory, extra={"wigan-from-chat": broken})
    [problem] = caught.value.problems
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if text.startswith("region:"))
    assert (problem.file, problem.line) == ("database/wigan-from-chat.yaml", line)
    assert problem.message.startswith("unknown region 'Atlantis'")


def test_the_version_changes_with_any_one_case_file_and_only_then(tmp_path):
    """The version is what a reload reports and answers carry: the same files give the same version."""
    directory = copy_knowledge(tmp_path)
    first = load_knowledge(directory)
    assert load_knowledge(directory, first).version == first.version == load_knowledge(directory).version
    names = sorted(p.name for p in (directory / "case-studies").glob("*.yaml"))
    path = directory / "case-studies" / names[len(names) // 2]
    path.write_text(path.read_text().replace("summary: >-\n  ", "summary: >-\n  Quite ", 1))
    edited = load_knowledge(directory, first)
    assert edited.version != first.version and edited.version == load_knowledge(directory).version


def test_an_empty_case_studies_folder_is_reported_not_served(tmp_path):
    directory = copy_knowledge(tmp_path)
    for path in (directory / "case-studies").glob("*.yaml"):
        path.unlink()
    for strict in (True, False):
        with pytest.raises(KnowledgeError) as caught:
            load_knowledge(directory, strict=strict)
        assert [str(p) for p in caught.value.problems] == [f"{directory}/case-studies: no case study files (*.yaml)"]


def test_a_load_records_each_case_file_s_signature_for_the_next_reload_to_trust(tmp_path):
    """A reload skips reading a file whose inode, size and times are those recorded here, so they must be the
    file's own: another file's, or none, would make a reload read everything again, or trust a stale file."""
    directory = copy_knowledge(tmp_path)
    kb = load_knowledge(directory)
    folder = directory / "case-studies"
    assert set(kb.signatures) == {f"case-studies/{path.name}" for path in folder.glob("*.yaml")}
    for label, signature in kb.signatures.items():
        stat = (directory / label).stat()
        assert signature == (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns), label


def test_a_twin_left_out_keeps_no_signature_so_the_next_reload_reports_it_again(tmp_path):
    """A case left out for its title is not served, so it must not be trusted as read: the next reload reads
    it again and tells the curator again. The files served keep theirs; a case from chat has none."""
    directory = copy_knowledge(tmp_path)
    original = case_file(directory, CASE)
    title = next(line for line in original.read_text().splitlines() if line.startswith("title: "))
    case_file(directory, "zz-twin").write_text(original.read_text().replace(f"id: {CASE}", "id: zz-twin"))
    from_chat = {"from-chat": original.read_text().replace(f"id: {CASE}", "id: from-chat").replace(title, f"{title} (chat)")}
    time.sleep(RACY_NS / 1e9 + 0.1)  # settled files: the next reload may trust what this load signs
    served = load_knowledge(directory, strict=False, extra=from_chat)
    on_disk = {f"case-studies/{path.name}" for path in (directory / "case-studies").glob("*.yaml")}
    assert set(served.signatures) == on_disk - {"case-studies/zz-twin.yaml"}
    assert served.case("from-chat") is not None
    again = load_knowledge(directory, served, strict=False, extra=from_chat)
    assert [p.file for p in again.problems] == ["case-studies/zz-twin.yaml"]


def test_labels_that_repeat_across_cases_are_held_once():
    """A theme id, region, outcome kind, tag or contact that many cases give is one string in memory, not one
    copy per case (at 10,000 cases the copies were 5 MB)."""
    kb = load_knowledge(KNOWLEDGE)
    for labels in (lambda c: c.themes, lambda c: c.regions, lambda c: [o.kind for o in c.outcomes],
                   lambda c: c.tags, lambda c: [c.contact]):
        held: dict[str, int] = {}
        for case in kb.cases:
            for label in labels(case):
                assert held.setdefault(label, id(label)) == id(label), label
        assert len(held) < sum(len(labels(c)) for c in kb.cases)


def test_each_case_holds_the_digest_of_its_files_text():
    """What a reload compares to reuse the case: 32 bytes, held in the case (see CaseStudy.fingerprint)."""
    case = load_knowledge(KNOWLEDGE).case(CASE)
    assert case is not None
    assert case.fingerprint == hashlib.sha256(case_file(KNOWLEDGE, CASE).read_bytes()).digest()


def test_a_case_is_found_by_its_id_from_a_file_or_from_the_database(tmp_path):
    """By its label (see KnowledgeBase.case): a file's case, a case approved from chat, and nothing else."""
    directory = copy_knowledge(tmp_path)
    data = yaml.safe_load(case_file(directory, CASE).read_text())
    data.update(id="approved-in-chat", title="A case approved in chat")
    kb = load_knowledge(directory, extra={"approved-in-chat": yaml.safe_dump(data, sort_keys=False)})
    found = {case_id: kb.case(case_id) for case_id in (CASE, "approved-in-chat", "never-written", f"../{CASE}")}
    assert {case_id: case.file if case else None for case_id, case in found.items()} == {
        CASE: f"case-studies/{CASE}.yaml", "approved-in-chat": "database/approved-in-chat.yaml",
        "never-written": None, f"../{CASE}": None}
    assert all(case is None or case.id == case_id for case_id, case in found.items())
