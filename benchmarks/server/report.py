"""The load run's tables: CPU per request against the floors, and the levels with the targets."""
from __future__ import annotations

import argparse

from .cpu import FLOORS

TARGETS = {50: ("p99 < 100 ms and zero errors", lambda r: r["p99"] < 100 and r["errors"] == 0),
           200: ("zero errors", lambda r: r["errors"] == 0)}


def print_cpu(cpu: dict[str, float], kinds: tuple[str, ...], args: argparse.Namespace) -> None:
    print(f"Server CPU per request (ms; {args.cpu_senders} senders; ours and the floors take turns, {args.cpu_seconds:g} s"
          " each in all; answers sent included):\n")
    print(f"{'kind':<6} {'ours':>6} {'floor':>6} {'ratio':>6}  target  {'':<4}  {'replying':>8} {'ratio':>6}  floor")
    for kind in kinds:
        ours, floor = cpu[f"ours {kind}"], cpu[f"floor {kind}"]
        _, target, label = FLOORS[kind]
        ratio = ours / floor if floor else float("inf")
        replying = cpu.get(f"replying {kind}")
        against = f"{replying:>8.2f} {ours / replying:>5.1f}x" if replying else f"{'-':>8} {'-':>6}"
        print(f"{kind:<6} {ours:>6.2f} {floor:>6.2f} {ratio:>5.1f}x  <={target:<4g}x  {'PASS' if ratio <= target else 'FAIL'}"
              f"  {against}  {label}")
    print(f"(aiohttp fixed reply, the web server alone: {cpu['fixed']:.2f} ms; replying: the bare bolt app replying"
          " \"hello\", floors.py bolt-reply)\n")


KIND_NAMES = {"slash": "Slack slash commands", "event": "app_mention events", "teams": "Teams messages"}


def print_table(rows: list[dict], seconds: float, kinds: tuple[str, ...]) -> None:
    print(f"Load: {seconds:g} s per level; {', '.join(KIND_NAMES[kind] for kind in kinds)} in turn;")
    print("one admin reload in the middle of each level. Latency = time to the HTTP acknowledgement. CPU in")
    print("cores' worth (1.0 = one core of the machine's): the server's processes, and the load generator with")
    print("the fake Slack API and Bot Connector, which share the machine. Each level twice: senders back to back")
    print("(each sends again once acknowledged: the server saturated, latency mostly queueing, senders / req/s),")
    print("and each sender sending once every few seconds as people do (the arrivals fixed, the latency the server's).")
    print("Answers seen: those that reached the fake Slack API and Bot Connector, and slash commands' answers sent")
    print("back in the acknowledgement itself.\n")
    print(f"{'senders':>7} {'each sends':>12} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
          f" {'reload':>7} {'answers seen':>13} {'server CPU':>11} {'generator CPU':>14}")
    for r in rows:
        pace = f"every {r['every']:g} s" if r["every"] else "back to back"
        print(f"{r['senders']:>7} {pace:>12} {r['requests']:>9} {r['rps']:>8.1f} {r['p50']:>8.2f} {r['p99']:>8.2f} "
              f"{r['errors']:>7} {'ok' if r['reload_ok'] else 'FAILED':>7} {r['delivered'] + r['answers_in_ack']:>13}"
              f" {r['server_cores']:>11.2f} {r['generator_cores']:>14.2f}")
    print()
    for r in rows:
        if r["senders"] in TARGETS:
            label, check = TARGETS[r["senders"]]
            pace = f"each sending every {r['every']:g} s" if r["every"] else "back to back"
            print(f"target at {r['senders']} senders, {pace} ({label}): {'PASS' if check(r) else 'FAIL'}")
