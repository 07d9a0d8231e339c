"""The `practice-bot` command: ask, browse, check and evaluate the knowledge base, and serve the bot.

Imports stay light (no Slack or Teams SDK) so `practice-bot ask` answers in well under a second; `serve`
imports the web server only when it runs.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .answers import answer
from .errors import BotError, KnowledgeError, Problem
from .knowledge.loader import load_knowledge
from .render.answer_text import answer_text, full_answer_text
from .render.data import answer_data
from .settings import KNOWLEDGE_SETTING, Settings
from .store import KnowledgeStore


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    if hasattr(args, "knowledge"):
        args.knowledge = args.knowledge or settings.knowledge
    try:
        return args.run(args)
    except BrokenPipeError:  # `practice-bot ask ... | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when Python flushes
        return 0
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
                        help=f"knowledge base directory (default: ${KNOWLEDGE_SETTING}, else ./knowledge)")
    sub = parser.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", parents=[common], help="answer a question ('-' reads one per line from stdin)")
    ask.add_argument("question", nargs="+", help="the question, or - for questions on stdin")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("--full", action="store_true", help="every result in full (summary, follow-up, why it matched)")
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

    stats = sub.add_parser("stats", parents=[common], help="counts by theme, nation, year and outcome; thin topics")
    stats.add_argument("directory", nargs="?", type=Path)
    stats.set_defaults(run=_stats)

    ev = sub.add_parser("eval", parents=[common], help="top-1/top-3/abstention accuracy on a question file")
    ev.add_argument("file", type=Path)
    ev.set_defaults(run=_eval)

    reload = sub.add_parser("reload", help="ask a running server to reload its knowledge base")
    reload.add_argument("--url", required=True, help="the server's base URL, e.g. http://127.0.0.1:3000")
    reload.add_argument("--token", default=None, help="admin token (default: $PRACTICE_BOT_ADMIN_TOKEN)")
    reload.set_defaults(run=_reload)

    teams = sub.add_parser("teams-package", help="build the Teams app zip to upload (sideload) in Teams")
    teams.add_argument("--out", type=Path, default=Path("practice-bot-teams.zip"), help="zip to write")
    teams.add_argument("--bot-id", default=None,
                       help="the bot's Microsoft app id (default: $CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID)")
    teams.set_defaults(run=_teams_package)

    submissions = sub.add_parser("submissions", help="case studies shared from chat ($DATABASE_URL or $PRACTICE_BOT_DATABASE)")
    submissions_of = submissions.add_subparsers(dest="action", required=True)
    export = submissions_of.add_parser("export", parents=[common], help="write submissions as case files, for git")
    export.add_argument("--status", choices=("pending", "approved"), default="pending")
    export.add_argument("--out", metavar="DIR", type=Path, default=Path("submissions"), help="folder to write into")
    export.set_defaults(run=_export_submissions)

    sources = sub.add_parser("sources", help="check the knowledge base's sources")
    sources_of = sources.add_subparsers(dest="action", required=True)
    check_sources = sources_of.add_parser("check", parents=[common],
                                          help="visit every source: dead links, moved pages, vanished quotes")
    check_sources.add_argument("--json", action="store_true", help="one JSON object, for a curators' CI")
    check_sources.add_argument("--timeout", type=float, default=20.0, help="seconds per page (default: 20)")
    check_sources.set_defaults(run=_check_sources)

    digest = sub.add_parser("digest", parents=[common], help="the curators' digest: new cases, gaps, stale cases, "
                                                             "open introduction requests")
    digest.add_argument("--days", type=int, default=7, help="look back this many days (default: 7)")
    digest.add_argument("--check-sources", action="store_true", help="also visit every source (slow)")
    digest.set_defaults(run=_digest)

    gaps = sub.add_parser("gaps", help="the most asked questions the knowledge base could not answer")
    gaps.add_argument("--days", type=int, default=30, help="look back this many days (default: 30)")
    gaps.add_argument("--organisation", default=None, metavar="ORG",
                      help="only questions asked in one workspace or tenant: slack:TEAM_ID or teams:TENANT_ID")
    gaps.set_defaults(run=_gaps)

    feedback = sub.add_parser("feedback", help="Helpful / Not helpful on answers: what failed, which cases")
    feedback.add_argument("--days", type=int, default=30, help="look back this many days (default 30)")
    feedback.set_defaults(run=_feedback)

    serve = sub.add_parser("serve", parents=[common], help="run the web server (Slack, Teams, health)")
    serve.add_argument("--host", default=None, help="address to bind (default: $HOST or 0.0.0.0)")
    serve.add_argument("--port", type=int, default=None, help="port (default: $PORT or 3000)")
    serve.add_argument("--socket-mode", action="store_true",
                       help="connect to Slack over Socket Mode with $SLACK_APP_TOKEN (same as SLACK_SOCKET_MODE=1)")
    serve.add_argument("--workers", type=int, default=None, metavar="N",
                       help="run N processes on the port with SO_REUSEPORT (default: $PRACTICE_BOT_WORKERS or 1)")
    serve.set_defaults(run=_serve)
    return parser


def _ask(args: argparse.Namespace) -> int:
    store = KnowledgeStore(args.knowledge)
    if args.question == ["-"]:
        for line in sys.stdin:
            if line.strip():
                _print_answer(line, store, as_json=args.json, full=args.full)
        return 0
    _print_answer(" ".join(args.question), store, as_json=args.json, full=args.full)
    return 0


def _print_answer(question: str, store: KnowledgeStore, as_json: bool, full: bool = False) -> None:
    result = answer(question, store.snapshot)
    if as_json:
        print(json.dumps(answer_data(result), ensure_ascii=False), flush=True)
    else:
        print((full_answer_text if full else answer_text)(result), end="\n\n", flush=True)


def _list(args: argparse.Namespace) -> int:
    store = KnowledgeStore(args.knowledge)
    from .commands import Command, respond  # not on `ask`'s path: it would import the sharing desk
    from .render.text import render_text

    command = Command("theme", args.theme) if args.theme else Command("themes", "")
    print(render_text(respond(command, store)))
    return 0


def _show(args: argparse.Namespace) -> int:
    store = KnowledgeStore(args.knowledge)
    from .commands import CaseReply, Command, respond
    from .render.text import render_text

    reply = respond(Command("show", args.id), store)
    print(render_text(reply))
    return 0 if isinstance(reply, CaseReply) else 1


def _check(args: argparse.Namespace) -> int:
    directory = args.directory or args.knowledge
    kb = load_knowledge(directory)
    topics = _topics(kb.directory)
    print(f"OK: {len(kb.cases)} case studies, {len(kb.themes)} themes, {len(kb.contacts)} contacts, "
          f"{len(kb.registry.councils)} councils and {len(kb.registry.bodies)} other organisations, {len(topics)} topics "
          f"(version {kb.version}) in {kb.directory}")
    return 0


def _topics(directory: Path) -> tuple:
    """The topics of topics.yaml (none when the file is absent); KnowledgeError, with lines, if it is broken."""
    from .knowledge.topics import TOPICS_FILE, read_topics
    from .knowledge.yamlfile import read_yaml

    if not (directory / TOPICS_FILE).exists():
        return ()
    problems: list[Problem] = []
    file = read_yaml(directory / TOPICS_FILE, TOPICS_FILE)
    topics = read_topics(file, problems) if not isinstance(file, Problem) else ()
    if isinstance(file, Problem) or problems:
        raise KnowledgeError([file] if isinstance(file, Problem) else problems)
    return topics


def _stats(args: argparse.Namespace) -> int:
    from .knowledge.stats import library_stats

    kb = load_knowledge(args.directory or args.knowledge)
    print("\n".join(library_stats(kb, kb.cases, _topics(kb.directory)).lines(str(kb.directory))))
    return 0


def _eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, read_expectations

    store = KnowledgeStore(args.knowledge)
    report = evaluate(read_expectations(args.file), store.snapshot)
    print("\n".join(report.lines()))
    return 0 if report.all_passed else 1


def _reload(args: argparse.Namespace) -> int:
    from .remote import request_reload

    ok, message = request_reload(args.url, args.token or os.environ.get("PRACTICE_BOT_ADMIN_TOKEN", ""))
    print(message, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


def _teams_package(args: argparse.Namespace) -> int:
    from .teams_package import BOT_ID_SETTING, build_package

    out = build_package(args.bot_id or os.environ.get(BOT_ID_SETTING), args.out)
    print(f"Wrote {out}: upload it in Teams (Apps > Manage your apps > Upload an app).")
    return 0


def _export_submissions(args: argparse.Namespace) -> int:
    from .sharing.export import export_submissions

    taken = {case.id for case in load_knowledge(args.knowledge).cases}
    written = _in_database(lambda storage: export_submissions(storage, args.status, args.out, taken))
    print(f"Wrote {len(written)} {args.status} submission(s) to {args.out}")
    return 0


def _check_sources(args: argparse.Namespace) -> int:
    """Exit 1 when any source is dead or moved or any quote is gone, so a curators' CI can fail on it."""
    import asyncio

    from .curation.sources import check_sources

    report = asyncio.run(check_sources(load_knowledge(args.knowledge), timeout=args.timeout))
    print(json.dumps(report.as_json(), ensure_ascii=False) if args.json else report.table())
    return 1 if report.problems else 0


def _digest(args: argparse.Namespace) -> int:
    """The digest the server posts to curators, from the database named by the environment."""
    import asyncio

    from .curation.digest import build_digest
    from .curation.sources import check_sources
    from .render.text import render_text
    from .sharing.desk import SharingDesk

    store = KnowledgeStore(args.knowledge)
    desk = SharingDesk.from_settings(Settings.from_env(), store)

    async def run():
        await desk.storage.start()
        try:
            sources = await check_sources(store.snapshot.kb) if args.check_sources else None
            return await build_digest(desk, args.days, desk.stale_years, sources)
        finally:
            await desk.storage.close()

    print(render_text(asyncio.run(run())))
    return 0


def _gaps(args: argparse.Namespace) -> int:
    from .sharing.gaps import gap_report, retention_days

    groups = _in_database(lambda storage: gap_report(storage, args.days, retention_days(os.environ),
                                                     args.organisation))
    print(f"Unanswered questions in the last {args.days} days: {sum(g.count for g in groups)} "
          f"in {len(groups)} group(s), most asked first.")
    for group in groups:
        others = len(group.wordings) - 1
        print(f"{group.count:5d}  {group.example}" + (f"  (+{others} similar wording(s))" if others else ""))
    return 0


def _feedback(args: argparse.Namespace) -> int:
    from .sharing.feedback import feedback_report

    report = _in_database(lambda storage: feedback_report(storage, args.days))
    print("\n".join(report.lines()))
    return 0


def _in_database(work):
    """Run `work(storage)` on the sharing database named by the environment, and close it after."""
    import asyncio

    from .sharing.storage import Storage

    async def run():
        async with Storage.from_env(os.environ) as storage:
            return await work(storage)

    return asyncio.run(run())


def _serve(args: argparse.Namespace) -> int:
    from .server import run

    return run(knowledge=args.knowledge, host=args.host, port=args.port, socket_mode=args.socket_mode,
               workers=args.workers)


if __name__ == "__main__":
    sys.exit(main())
