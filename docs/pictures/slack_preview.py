"""Draws Block Kit blocks as Slack shows them, for the README pictures.

Slack publishes no offline renderer of Block Kit, so this draws the block types the bot sends (header,
section, context, actions, divider) and Slack's mrkdwn (bold, italic, code, links, line breaks) with Slack's
own fonts, colours and spacing. It is a picture tool only: the blocks themselves are checked against Slack's
limits with `slack_sdk`'s models in the tests.
"""
from __future__ import annotations

import html
import re
from typing import Any

LINK = re.compile(r"<([^|>]+)\|([^>]+)>")
BOLD = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])")
ITALIC = re.compile(r"(?<![\w_])_([^_\n]+)_(?![\w_])")
CODE = re.compile(r"`([^`\n]+)`")
STYLE = """
body{margin:0;background:#fff;font-family:Lato,'DejaVu Sans',sans-serif;color:#1d1c1d;font-size:15px}
.msg{display:flex;gap:8px;padding:8px 16px}.avatar{width:36px;height:36px;border-radius:6px;background:#1d4f73;
flex:none}.name{font-weight:900}.time{color:#616061;font-size:12px;margin-left:6px}.blocks{min-width:0;flex:1}
.header{font-size:18px;font-weight:900;margin:6px 0}.section{margin:4px 0;line-height:1.47;word-wrap:break-word}
.context{font-size:13px;color:#616061;margin:4px 0}.divider{border-top:1px solid #ddd;margin:10px 0}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.button{border:1px solid #bbb;border-radius:4px;padding:3px 12px;font-size:13px;font-weight:700;
white-space:nowrap;background:#fff}.primary{background:#007a5a;color:#fff;border-color:#007a5a}
.danger{background:#e01e5a;color:#fff;border-color:#e01e5a}a{color:#1264a3;text-decoration:none}
code{font-size:12px;background:#f6f6f6;border:1px solid #ddd;border-radius:3px;padding:0 3px;color:#e01e5a}
.asked{padding:8px 16px;color:#616061;font-size:13px}
"""


def mrkdwn(text: str) -> str:
    """Slack mrkdwn as HTML. The bot's text is escaped the Slack way (&amp; &lt; &gt;) already."""
    out = text.replace('"', "&quot;")
    out = LINK.sub(lambda m: f'<a href="{m[1]}">{m[2]}</a>', out)
    out = CODE.sub(r"<code>\1</code>", out)
    out = BOLD.sub(r"<b>\1</b>", out)
    out = ITALIC.sub(r"<i>\1</i>", out)
    return out.replace("\n", "<br>")


def block_html(block: dict[str, Any]) -> str:
    kind = block["type"]
    if kind == "header":
        return f'<div class="header">{html.escape(block["text"]["text"])}</div>'
    if kind == "section":
        accessory = block.get("accessory") or {}
        button = (f'<span class="button" style="float:right;margin-left:8px">{html.escape(accessory["text"]["text"])}'
                  "</span>" if accessory.get("type") == "button" else "")
        return f'<div class="section">{button}{mrkdwn(block["text"]["text"])}</div>'
    if kind == "context":
        return '<div class="context">' + " ".join(mrkdwn(e.get("text", "")) for e in block["elements"]) + "</div>"
    if kind == "divider":
        return '<div class="divider"></div>'
    if kind == "actions":
        buttons = "".join(f'<span class="button {e.get("style", "")}">{html.escape(e["text"]["text"])}</span>'
                          for e in block["elements"])
        return f'<div class="actions">{buttons}</div>'
    return f'<div class="section">[{html.escape(kind)} block]</div>'


def slack_page(blocks: list[dict[str, Any]], width: int, *, question: str) -> str:
    body = "".join(block_html(block) for block in blocks)
    return (f'<!doctype html><html><head><meta charset="utf-8"><style>{STYLE} body{{width:{width}px}}</style></head>'
            f'<body><div class="asked">/practice {question}</div><div class="msg"><div class="avatar"></div>'
            f'<div class="blocks"><span class="name">Practice Bot</span><span class="time">APP 10:42</span>'
            f"{body}</div></div></body></html>")
