"""Pictures of what an answer looks like in Teams and Slack, made from the bot's real renderers.

Teams: the Adaptive Card our renderer produces, drawn by Microsoft's own `adaptivecards` JavaScript renderer
(installed from npm into a cache folder) in headless Chromium. Slack: the Block Kit blocks our renderer
produces, drawn by `slack_preview.py` (Slack publishes no offline Block Kit renderer; this draws the block
types the bot uses, with Slack's fonts, colours and spacing). Run it after changing a renderer:

    .venv/bin/python docs/pictures/make.py            # needs Debian's chromium and npm

and commit the PNGs it writes next to this file. Widths: 360 px (a phone) and 640 px (a desktop pane).
"""
from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(HERE)]

from slack_preview import slack_page  # noqa: E402

from bot.answers import answer  # noqa: E402
from bot.render.slack_blocks import slack_message  # noqa: E402
from bot.render.teams_cards import render_card  # noqa: E402
from bot.store import KnowledgeStore  # noqa: E402

QUESTION = "who saved money on refuse routing?"
PACKAGES = ("adaptivecards@3.0.6", "markdown-it@14.1.0")
"""Microsoft's card renderer, and the Markdown renderer its documentation pairs with it (Teams renders a
TextBlock's Markdown; the JavaScript renderer needs one given to it)."""
CACHE = Path(tempfile.gettempdir()) / "practice-bot-pictures"
WIDTHS = (360, 640)


def teams_page(card: dict, width: int, script: Path, markdown: Path) -> str:
    """A page that renders `card` with Microsoft's renderer, framed like a Teams chat message."""
    return f"""<!doctype html><html><head><meta charset="utf-8">
<style>body{{margin:0;background:#f5f5f5;font-family:'Segoe UI','DejaVu Sans',sans-serif}}
.msg{{width:{width - 24}px;margin:12px;background:#fff;border-radius:6px;box-shadow:0 1px 2px rgba(0,0,0,.15)}}
.who{{font-size:12px;color:#616161;padding:8px 12px 0}}</style>
<script src="file://{markdown}"></script><script src="file://{script}"></script></head>
<body><div class="msg"><div class="who">Practice Bot</div>
<div id="card"></div></div><script>
AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {{
  result.outputHtml = markdownit().renderInline(text); result.didProcess = true; }};
const card = new AdaptiveCards.AdaptiveCard();
card.hostConfig = new AdaptiveCards.HostConfig({{fontFamily: "Segoe UI, DejaVu Sans, sans-serif",
  actions: {{actionsOrientation: "horizontal", maxActions: 6, buttonSpacing: 8}}}});
card.parse({json.dumps(card)});
document.getElementById("card").appendChild(card.render());
</script></body></html>"""


def scripts() -> tuple[Path, Path]:
    modules = CACHE / "node_modules"
    targets = (modules / "adaptivecards" / "dist" / "adaptivecards.min.js",
               modules / "markdown-it" / "dist" / "markdown-it.min.js")
    if not all(target.exists() for target in targets):
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--prefix", str(CACHE), *PACKAGES], check=True)
    return targets


def screenshot(page: str, out: Path, width: int) -> None:
    """Headless Chromium's screenshot of `page`, as tall as its content (measured by a first run that
    prints the DOM with the page's height written into it)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("needs Debian's chromium: apt-get install chromium")
    measure = "<script>window.onload=()=>document.body.setAttribute('data-height',document.body.scrollHeight)</script>"
    source = CACHE / f"{out.stem}.html"
    source.write_text(page.replace("</body>", measure + "</body>"), encoding="utf-8")
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--allow-file-access-from-files", "--virtual-time-budget=3000"]
    dom = subprocess.run([*flags, f"--window-size={width},800", "--dump-dom", source.as_uri()], check=True,
                         capture_output=True, text=True, timeout=120).stdout
    height = int(re.search(r'data-height="(\d+)"', dom).group(1)) + 12 if "data-height" in dom else 1200
    subprocess.run([*flags, f"--window-size={width},{height}", f"--screenshot={out}", source.as_uri()], check=True,
                   capture_output=True, timeout=120)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--question", default=QUESTION)
    args = parser.parse_args()
    store = KnowledgeStore(ROOT / "knowledge")
    reply = answer(args.question, store.snapshot)
    card = render_card(reply)
    blocks = slack_message(reply, command=args.question).blocks
    script, markdown = scripts()
    for width in WIDTHS:
        screenshot(teams_page(card, width, script, markdown), HERE / f"teams-answer-{width}.png", width)
        screenshot(slack_page(blocks, width, question=html.escape(args.question)), HERE / f"slack-answer-{width}.png",
                   width)
    print(f"wrote {', '.join(sorted(p.name for p in HERE.glob('*.png')))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
