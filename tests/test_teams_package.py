"""The Teams app package: its manifest is valid against Microsoft's published schema (vendored, offline),
its icons are the sizes Teams requires, and `practice-bot teams-package` builds a zip Teams can upload."""
from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile

import jsonschema
import pytest
import yaml

from bot.cli import main
from bot.commands import REGISTRY
from bot.commands.menus import slack_usage_hint, teams_command_menu
from bot.teams_package import PLACEHOLDER_BOT_ID, TEAMS_DIR

from .conftest import DATA

SCHEMA = json.loads((DATA / "teams-manifest-schema" / "MicrosoftTeams.schema.json").read_text(encoding="utf-8"))
BOT_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"


def manifest() -> dict:
    return json.loads((TEAMS_DIR / "manifest.json").read_text(encoding="utf-8"))


def png_size(data: bytes) -> tuple[int, int, int]:
    """(width, height, colour type) from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, _depth, colour = struct.unpack(">IIBB", data[16:26])
    return width, height, colour


def test_manifest_is_valid_against_the_published_schema():
    jsonschema.Draft4Validator(SCHEMA).validate(manifest())


def test_schema_check_can_fail():
    broken = {**manifest(), "bots": [{"botId": "not-a-guid", "scopes": ["personal"]}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate(broken)


def test_manifest_offers_the_bot_everywhere_with_its_commands():
    bot = manifest()["bots"][0]
    assert set(bot["scopes"]) == {"personal", "team", "groupChat"}
    titles = {command["title"] for command_list in bot["commandLists"] for command in command_list["commands"]}
    assert {"help", "themes", "theme NAME", "show ID", "contact", "reload", "status"} <= titles
    known = REGISTRY.names
    assert {title.split()[0] for title in titles} <= known


def test_the_committed_manifests_list_the_registered_commands():
    """The command registry is the one source: both platforms' manifests must say what it says."""
    assert manifest()["bots"][0]["commandLists"][0]["commands"] == teams_command_menu()
    slack = yaml.safe_load((TEAMS_DIR.parent / "slack" / "manifest.yaml").read_text())
    assert slack["features"]["slash_commands"][0]["usage_hint"] == slack_usage_hint()


def test_icons_are_the_sizes_teams_requires():
    assert png_size((TEAMS_DIR / "color.png").read_bytes())[:2] == (192, 192)
    width, height, colour = png_size((TEAMS_DIR / "outline.png").read_bytes())
    assert (width, height) == (32, 32) and colour == 6  # RGBA: a transparent background


def test_teams_package_builds_a_zip_with_the_real_bot_id(tmp_path, capsys):
    out = tmp_path / "app.zip"
    assert main(["teams-package", "--bot-id", BOT_ID, "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        packaged = json.loads(package.read("manifest.json"))
    assert packaged["bots"][0]["botId"] == BOT_ID
    assert PLACEHOLDER_BOT_ID not in json.dumps(packaged)
    jsonschema.Draft4Validator(SCHEMA).validate(packaged)


def test_teams_package_refuses_without_a_bot_id(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID", raising=False)
    assert main(["teams-package", "--out", str(tmp_path / "app.zip")]) == 2
    assert "CLIENTID" in capsys.readouterr().err
    assert not (tmp_path / "app.zip").exists()


def test_ask_does_not_import_the_agents_sdk():
    script = ("import sys; from bot.cli import main; main(['ask', 'who saved money on refuse routing?']); "
              "assert 'microsoft_agents' not in sys.modules, 'ask imported the Agents SDK'")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Forest Heath" in done.stdout
