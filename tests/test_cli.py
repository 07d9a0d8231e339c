"""The CLI contract other parts build on, exercised as a user runs it: a real `practice-bot` process."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from bot.snapshot_cache import CACHE_SETTING

from .conftest import KNOWLEDGE, ROOT
from .knowledge.helpers import case_file, copy_knowledge

EXE = shutil.which("practice-bot") or ""


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    command = [EXE, *args] if EXE else [sys.executable, "-m", "bot.cli", *args]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=60, cwd=ROOT)


def test_readme_question_names_the_case_its_saving_and_the_contact():
    out = run("ask", "who saved money on refuse routing?")
    assert out.returncode == 0, out.stderr
    first, best = out.stdout.split("\n\n")[:2]
    assert first.startswith("Forest Heath District Council and St Edmundsbury Borough Council "
                            "(now West Suffolk Council) saved £300,000 a year")
    assert "01604 709456" in out.stdout and "enquiries@socitm.net" in out.stdout
    assert out.stdout.count("01604 709456") == 1
    assert "https://socitm.net/press/35" in best


def test_full_answer_shows_every_result_in_full():
    out = run("ask", "--full", "who saved money on refuse routing?")
    assert ("Forest Heath District Council, now West Suffolk Council; "
            "St Edmundsbury Borough Council, now West Suffolk Council") in out.stdout
    assert "Matched:" in out.stdout and "drew on geographical data" in out.stdout


def test_json_answer_has_the_contract_fields():
    out = run("ask", "--json", "how much did Hammersmith and Fulham save?")
    data = json.loads(out.stdout)
    assert data["query"] == "how much did Hammersmith and Fulham save?"
    assert data["answered"] is True
    best = data["results"][0]
    assert {"id", "title", "organisations", "score"} <= best.keys()
    assert best["id"] == "hammersmith-fulham-self-service"
    assert best["outcome"]["amount"] == "£1.15 million in a year"
    assert best["source"]["url"].startswith("https://")


def test_json_stdin_answers_one_line_per_question_in_order():
    questions = ["Wigan bins", "what is the capital of France?", "virtual parking permits"]
    out = run("ask", "--json", "-", stdin="\n".join(questions) + "\n")
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line["query"] for line in lines] == questions
    assert [line["answered"] for line in lines] == [True, False, True]
    assert lines[1]["results"] == [] and lines[1]["contact"]["email"] == "enquiries@socitm.net"


def test_no_match_says_so_and_points_to_socitm():
    out = run("ask", "book me a table for two tonight")
    assert "I don't have a case study" in out.stdout
    assert "01604 709456" in out.stdout


def test_list_show_and_check():
    themes = run("list")
    assert "waste" in themes.stdout and "Waste and street scene" in themes.stdout
    waste = run("list", "waste")
    assert "wigan-in-cab-waste" in waste.stdout
    shown = run("show", "forest-heath-st-edmundsbury-refuse-routing")
    assert shown.returncode == 0 and "£300,000 a year" in shown.stdout and "socitm.net/press/35" in shown.stdout
    missing = run("show", "no-such-case")
    assert missing.returncode == 1 and "No case study called" in missing.stdout
    check = run("check", str(KNOWLEDGE))
    assert check.returncode == 0 and check.stdout.startswith("OK:")


def test_check_fails_with_file_and_line(tmp_path):
    directory = copy_knowledge(tmp_path)
    path = case_file(directory, "wigan-in-cab-waste")
    path.write_text(path.read_text().replace("themes: [waste", "themes: [bins", 1))
    out = run("check", str(directory))
    assert out.returncode == 1
    assert "case-studies/wigan-in-cab-waste.yaml:" in out.stderr and "unknown theme 'bins'" in out.stderr


def test_knowledge_option_and_environment_variable_choose_the_base(tmp_path, monkeypatch):
    directory = copy_knowledge(tmp_path)
    case_file(directory, "wigan-in-cab-waste").unlink()
    assert "wigan-in-cab-waste" not in run("list", "waste", "--knowledge", str(directory)).stdout
    monkeypatch.setenv("PRACTICE_BOT_KNOWLEDGE", str(directory))
    assert "wigan-in-cab-waste" not in run("list", "waste").stdout


def test_eval_reports_accuracy():
    out = run("eval", "tests/data/dev-questions.yaml")
    assert out.returncode == 0, out.stdout
    assert "top-1 accuracy:      11/11 (100.0%)" in out.stdout
    assert "abstention accuracy: 3/3 (100.0%)" in out.stdout


def _imports_on_ask(module: str, env: dict[str, str] | None = None) -> bool:
    """Whether `practice-bot ask` (in a fresh interpreter) imports `module` or any module inside it."""
    code = (
        "import sys, contextlib, io\n"
        "from bot.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['ask', 'Wigan bins'])\n"
        f"print(any(m == {module!r} or m.startswith({module!r} + '.') for m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                         env=env)
    assert out.stdout.strip() in ("True", "False"), out.stderr
    return out.stdout.strip() == "True"


@pytest.mark.parametrize("sdk", ["slack_bolt", "slack_sdk", "microsoft_agents", "aiohttp", "sqlalchemy", "asyncio",
                                 "bot.commands", "bot.sharing"])
def test_ask_does_not_import_chat_sdks_or_the_server_s_machinery(sdk):
    """A terminal question pays only for what answering needs: not the chat SDKs, nor the web server, the
    database, an event loop or the commands and sharing desk behind chat replies (each tens of milliseconds
    of a half-second budget)."""
    assert not _imports_on_ask(sdk)


def test_ask_from_the_snapshot_cache_parses_no_yaml(tmp_path):
    """The second `ask` starts from the cache the first wrote, with every file as it was: nothing to parse, so
    not even PyYAML is imported (its import alone is tens of milliseconds)."""
    env = {**os.environ, CACHE_SETTING: str(tmp_path / "cache")}
    assert _imports_on_ask("yaml", env), "the first ask loads the base from its files"
    assert not _imports_on_ask("yaml", env)


def test_a_reader_that_stops_early_gets_no_traceback():
    """`practice-bot ask - < questions | head`: the reader closes the pipe; the command just stops."""
    command = [EXE, "ask", "-"] if EXE else [sys.executable, "-m", "bot.cli", "ask", "-"]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               cwd=ROOT)
    assert process.stdin is not None and process.stdout is not None and process.stderr is not None
    process.stdin.write(b"who saved money on refuse routing?\n" * 400)  # far more answer than a pipe holds
    process.stdin.close()
    assert process.stdout.read(100)
    process.stdout.close()
    assert process.wait(timeout=120) == 0
    assert b"Traceback" not in process.stderr.read()
