"""The sideloadable Teams app package: teams/manifest.json with the real bot id, plus both icons, zipped.

The manifest schema only accepts a GUID as the bot id, so the committed manifest carries a placeholder
GUID and the package gets the Microsoft app id at build time (the same id the server authenticates as).
The command menu comes from the command registry, so it always lists the commands the bot has.
"""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from .commands.menus import teams_command_menu
from .errors import BotError

TEAMS_DIR = Path(__file__).resolve().parents[1] / "teams"
PLACEHOLDER_BOT_ID = "00000000-0000-0000-0000-000000000000"
BOT_ID_SETTING = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID"
ICONS = ("color.png", "outline.png")
GUID = re.compile(r"[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def build_package(bot_id: str | None, out: Path, source: Path = TEAMS_DIR) -> Path:
    """Write the zip Teams accepts for "Upload a custom app": manifest.json and icons at the zip's root."""
    if not bot_id or not GUID.fullmatch(bot_id) or bot_id == PLACEHOLDER_BOT_ID:
        raise BotError(f"the bot's Microsoft app id (a GUID) is needed: set {BOT_ID_SETTING} or pass --bot-id "
                       f"(got {bot_id!r})")
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    for bot in manifest.get("bots", []):
        bot["botId"] = bot_id
        for command_list in bot.get("commandLists", []):
            command_list["commands"] = teams_command_menu()
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        for icon in ICONS:
            package.write(source / icon, icon)
    return out
