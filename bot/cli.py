"""The `practice-bot` command: ask, browse, check and evaluate the knowledge base, and serve the bot.

Imports stay light (no Slack or Teams SDK) so `practice-bot ask` answers in well under a second; `serve`
imports the web server only when it runs.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .answers import answer
from .commands import CaseReply, Command, respond
from .errors import BotError, KnowledgeError
from .knowledge.loader import ENV_VAR, load_knowledge
from .render.data import answer_data
from .render.text import render_text
from .store import KnowledgeStore


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KnowledgeError as error:
        print(error, file=sys.stderr)
        return 1
    except BotError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="practice-bot", description="Find UK public-sector digital practice.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--knowledge", metavar="DIR", type=Path, default=None,
                        help=f"knowledge base directory (default: ${ENV_VAR}, else ./knowledge)")
    sub = parser.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", parents=[common], help="answer a question ('-' reads one per line from stdin)")
    ask.add_argument("question", nargs="+", help="the question, or - for questions on stdin")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.set_defaults(run=_ask)

    browse = sub.add_parser("list", parents=[common], help="list themes, or the case studies of one theme")
    browse.add_argument("theme", nargs="?")
    browse.set_defaults(run=_list)

    show = sub.add_parser("show", parents=[common], help="show one case study in full")
    show.add_argument("id")
    show.set_defaults(run=_show)

    check = sub.add_parser("check", parents=[common], help="validate a knowledge base (exit 1 on any error)")
    check.add_argument("directory", nargs="?", type=Path)
    check.set_defaults(run=_check)

    ev = sub.add_parser("eval", parents=[common], help="top-1/top-3/abstention accuracy on a question file")
    ev.add_argument("file", type=Path)
    ev.set_defaults(run=_eval)

    serve = sub.add_parser("serve", parents=[common], help="run the web server (Slack, Teams, health)")
    serve.add_argument("--host", default=None, help="address to bind (default: $HOST or 0.0.0.0)")
    serve.add_argument("--port", type=int, default=None, help="port (default: $PORT or 3000)")
    serve.set_defaults(run=_serve)
    return parser


def _ask(args: argparse.Namespace) -> int:
    store = KnowledgeStore(args.knowledge)
    if args.question == ["-"]:
        for line in sys.stdin:
            if line.strip():
                _print_answer(line, store, as_json=args.json)
        return 0
    _print_answer(" ".join(args.question), store, as_json=args.json)
    return 0


def _print_answer(question: str, store: KnowledgeStore, as_json: bool) -> None:
    result = answer(question, store.snapshot)
    if as_json:
        print(json.dumps(answer_data(result), ensure_ascii=False), flush=True)
    else:
        print(render_text(result), end="\n\n", flush=True)


def _list(args: argparse.Namespace) -> int:
    store = KnowledgeStore(args.knowledge)
    command = Command("theme", args.theme) if args.theme else Command("themes", "")
    print(render_text(respond(command, store)))
    return 0


def _show(args: argparse.Namespace) -> int:
    store = KnowledgeStore(args.knowledge)
    reply = respond(Command("show", args.id), store)
    print(render_text(reply))
    return 0 if isinstance(reply, CaseReply) else 1


def _check(args: argparse.Namespace) -> int:
    directory = args.directory or args.knowledge
    kb = load_knowledge(directory)
    print(f"OK: {len(kb.cases)} case studies, {len(kb.themes)} themes, {len(kb.contacts)} contacts "
          f"(version {kb.version}) in {kb.directory}")
    return 0


def _eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, read_expectations

    store = KnowledgeStore(args.knowledge)
    report = evaluate(read_expectations(args.file), store.snapshot)
    print("\n".join(report.lines()))
    return 0 if report.all_passed else 1


def _serve(args: argparse.Namespace) -> int:
    from .server import run

    return run(knowledge=args.knowledge, host=args.host, port=args.port)


if __name__ == "__main__":
    sys.exit(main())
