"""The command lists the platforms show outside a conversation, made from the registry: the Teams app
manifest's command menu and the Slack manifest's usage hint for `/practice`. Tests check that the committed
manifests say the same, so a new command cannot be forgotten there."""
from __future__ import annotations

from .registry import REGISTRY, CommandSpec

TEAMS_MENU_LIMIT = 10
"""Teams shows at most ten commands in a bot's command list."""
EXAMPLE_QUESTION = "who saved money on refuse routing?"


def menu_title(spec: CommandSpec) -> str:
    """What a menu inserts: the name with its required argument ("theme NAME"); optional ones left out."""
    return spec.name if not spec.shape.usage or spec.shape.usage.startswith("[") else spec.how


def teams_command_menu() -> list[dict[str, str]]:
    """The commands marked for the menu, everyone's first, then the admins', up to Teams' limit."""
    specs = sorted((spec for spec in REGISTRY.listed() if spec.menu), key=lambda spec: spec.admin)[:TEAMS_MENU_LIMIT]
    return [{"title": menu_title(spec), "description": spec.help[0].upper() + spec.help[1:]} for spec in specs]


def slack_usage_hint() -> str:
    everyone = [menu_title(spec) for spec in REGISTRY.listed() if spec.menu and not spec.admin]
    return " | ".join([EXAMPLE_QUESTION, *everyone])

