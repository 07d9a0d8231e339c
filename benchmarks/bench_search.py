#!/usr/bin/env python3
"""Search benchmark: speed, memory and dev-question accuracy of our search against a BM25 baseline.

Run from the repository root:

    .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/bench_search.py

In one run it:

1. generates SYNTHETIC knowledge bases of 50, 1,000 and 10,000 case studies in temporary directories
   (every generated id starts with `synthetic-`, every source URL points at example.org; nothing is written to
   knowledge/). The 1,000 and 10,000 bases hold the 54 real case studies plus synthetic ones up to the size;
   the 50 base is synthetic only (the real cases alone are measured on the "real" row). Generation is seeded,
   so every run measures the same texts;
2. measures, for our search: cold load time (`Snapshot.build` from nothing: read + parse + validate +
   index, median of 3 runs) and the index part of it (`SearchIndex(kb)`), reload time after one case file is
   edited (`Snapshot.build` with the live snapshot, as `KnowledgeStore.reload` does), per-question latency (median and p99 over several
   passes of a fixed question set after a warm-up; the spelling-correction cache is cleared before every pass;
   the garbage collector stays on, and its full collections are counted because they set the p99) and peak
   memory (tracemalloc peak during load + index, and peak-RSS growth, each in a fresh child process after
   all timing is done);
3. measures the same for a BM25 baseline (`bm25s`, snowball stemmer, English stop words) over the same case
   texts (title + organisations + summary + outcomes + tags), and prints ours/BM25 ratios, which stay
   comparable on a noisy machine;
4. prints top-1 accuracy and abstention on the dev questions (and on our own questions) for both;
5. checks the targets from issue 2 and prints PASS/FAIL for each. The exit code is 0 either way: it is a
   report, not a test.

Options: --sizes 50,1000 (subset), --keep DIR (keep the generated bases there, e.g. to run
`practice-bot check DIR/kb-1000`), --profile (cProfile of a reload and of the question set at the largest size).
"""
from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime
import gc
import io
import json
import os
import pstats
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
QUESTIONS = ROOT / "tests" / "data"
SIZES = (50, 1_000, 10_000)
SEED = 20240605
TARGETS_MS = {1_000: 2.0, 10_000: 20.0}
RELOAD_TARGET_S = (10_000, 3.0)

# --------------------------------------------------------------------------------------------------------------
# Synthetic knowledge bases
# --------------------------------------------------------------------------------------------------------------

_PREFIXES = (
    "Ash", "Brack", "Cald", "Dun", "Elm", "Fern", "Glen", "Hart", "Ivy", "Kings", "Lang", "Marl", "Nor", "Oak",
    "Pen", "Raven", "Stan", "Thorn", "Whit", "Yar", "Bel", "Cran", "Hol", "Wold", "Brom",
)
_SUFFIXES = ("bridge", "ford", "ham", "ley", "ton", "wick", "field", "mouth", "stead", "worth", "combe", "dale")
_COUNCIL_KINDS = ("Borough Council", "District Council", "City Council", "County Council", "Metropolitan Borough Council")
_PARTNER_KINDS = ("Housing Trust", "Primary Care Network", "Community Partnership", "Integrated Care Board", "Fire and Rescue Service")

# Services by theme id (themes.yaml). Words of the off-topic questions in tests/data (weather, pizza, laptop,
# football, drones, bridges, France, passwords, tables) are deliberately absent, so abstention stays meaningful.
SERVICES = {
    "waste": ["refuse collection rounds", "garden waste subscriptions", "bulky waste bookings", "missed bin reports",
              "recycling collections", "food waste collections", "street cleansing routes", "fly-tipping reports",
              "clinical waste collections", "trade waste contracts"],
    "customer-service": ["contact centre calls", "customer enquiries", "complaints handling", "telephone switchboard",
                         "customer contact triage", "face-to-face reception"],
    "self-service": ["online forms", "resident accounts", "an online portal", "school admissions applications",
                     "registrar appointments", "licence applications", "blue badge applications"],
    "revenues-benefits": ["council tax billing", "business rates collection", "housing benefit claims",
                          "council tax reduction claims", "debt recovery", "discretionary housing payments"],
    "social-care": ["adult social care assessments", "care home placements", "hospital discharge",
                    "home care scheduling", "carers assessments", "children's services referrals"],
    "highways-parking": ["pothole reporting", "parking permits", "street lighting repairs", "traffic management",
                         "penalty charge notices", "gritting routes", "bus pass renewals"],
    "planning": ["planning applications", "building control inspections", "local plan consultations",
                 "land charges searches", "planning enforcement"],
    "housing": ["housing repairs", "tenancy management", "homelessness prevention", "damp and mould reports",
                "empty homes", "allocations and lettings"],
    "data-gis": ["address data", "mapping layers", "performance dashboards", "open data publishing",
                 "property gazetteer", "data sharing between services"],
    "cloud-infrastructure": ["data centre exit", "server migration", "network refresh", "desktop virtualisation",
                             "email migration", "backup and recovery"],
    "cyber": ["cyber incident response", "phishing awareness", "security monitoring", "ransomware resilience",
              "penetration testing"],
    "shared-services": ["a shared ICT service", "joint procurement", "a shared legal service", "a shared revenues team",
                        "joint waste contracts"],
    "digital-inclusion": ["digital skills sessions", "device lending", "community digital champions",
                          "accessible websites", "connectivity vouchers"],
    "automation": ["invoice processing", "benefit claim processing", "address change updates", "payroll checks",
                   "case file indexing"],
    "ai": ["a resident chatbot", "call transcription", "document summarisation", "demand forecasting",
           "translation of letters"],
}
TECHNOLOGIES = {
    "waste": ["in-cab", "route-optimisation", "gis", "crm", "vehicle-telematics", "bin-sensors"],
    "customer-service": ["crm", "telephony", "webchat", "contact-centre-platform", "call-recording"],
    "self-service": ["online-forms", "web-portal", "single-sign-on", "payments-gateway", "low-code"],
    "revenues-benefits": ["revenues-system", "e-claims", "rpa", "document-management", "open-banking"],
    "social-care": ["telecare", "care-management-system", "sensors", "scheduling-software", "shared-care-record"],
    "highways-parking": ["virtual-permits", "handheld-devices", "asset-management", "iot-sensors", "mobile-app"],
    "planning": ["planning-portal", "document-management", "gis", "online-forms", "3d-modelling"],
    "housing": ["housing-management-system", "iot-sensors", "mobile-app", "repairs-scheduling", "crm"],
    "data-gis": ["gis", "uprn", "llpg", "power-bi", "data-warehouse", "open-data-portal"],
    "cloud-infrastructure": ["microsoft-azure", "aws", "google-cloud", "hyper-converged-infrastructure", "vdi", "microsoft-365"],
    "cyber": ["siem", "endpoint-protection", "multi-factor-authentication", "network-segmentation", "email-security"],
    "shared-services": ["shared-crm", "microsoft-365", "erp", "shared-data-centre"],
    "digital-inclusion": ["tablets", "mifi", "screen-readers", "accessibility-testing"],
    "automation": ["rpa", "low-code", "api-integration", "workflow-engine", "ocr"],
    "ai": ["chatbot", "machine-learning", "speech-to-text", "large-language-model", "predictive-analytics"],
}
_OPENINGS = (
    "{org} {verb} {service} using {tech_words}.",
    "Working with {supplier}, {org} {verb} {service} with {tech_words}.",
    "{org} looked again at {service} and {verb2} it around {tech_words}.",
    "In {year}, {org} {verb} {service}, bringing in {tech_words} from {supplier}.",
)
_VERBS = ("redesigned", "modernised", "automated", "moved online", "brought together", "overhauled", "reorganised")
_VERBS2 = ("rebuilt", "reshaped", "redesigned", "reorganised")
_MIDDLES = (
    "Residents can now {action} without waiting on the phone, and staff see each request in one place.",
    "The team ran a {weeks}-week pilot in {ward} before rolling it out across the {area}.",
    "Officers mapped the old process step by step and removed {steps} manual hand-offs.",
    "The {supplier} platform links to the council's existing {system} so nobody re-keys data.",
    "About {residents:,} households were covered in the first phase, with {staff} staff trained.",
    "A small multidisciplinary team of {staff} people worked in fortnightly sprints with users.",
    "Data from {service2} was joined up with it, so managers can see demand by {area}.",
)
_RARE = (
    "Early users came from {places}, and staff at the {street} Road offices tested {product} first.",
    "The {product} service went live at the {street} Road depot, then in {places}.",
    "Residents in {places} helped design {product}, which is run from {street} House.",
)
_ACTIONS = ("book a slot", "report a problem", "track their request", "pay online", "apply in minutes",
            "upload evidence", "check progress")
_AREAS = ("district", "borough", "county", "city", "patch", "locality")
_SYSTEMS = ("CRM", "back-office system", "case management system", "finance system", "address gazetteer")
_CLOSINGS = (
    "The work was shared through a regional peer network.",
    "Neighbouring councils have since asked to reuse the approach.",
    "The council plans a second phase covering {service2}.",
    "Lessons were written up for the local digital community.",
    "",
)
_OUTCOME_TEXTS = {
    "saving": ("Annual savings from {service}", "Cashable savings after moving {service} to {tech}",
               "Reduced running costs of {service}", "Cost avoidance from redesigning {service}"),
    "income": ("Income generated from {service}", "Additional income after {service} moved online",
               "Fees collected through {service}"),
    "efficiency": ("Staff time released from {service}", "Fewer phone calls about {service}",
                   "Faster turnaround for {service}"),
    "satisfaction": ("Residents satisfied with {service}", "Improved satisfaction scores for {service}"),
    "other": ("Wider benefits reported for {service}", "Better insight into demand for {service}"),
}


def _towns(forbidden: list[str]) -> list[str]:
    """~200 synthetic town names; none contains a name the dev questions expect (matching is by substring)."""
    bad = [f.lower() for f in forbidden]
    names = [p + s for p in _PREFIXES for s in _SUFFIXES]
    return [n for n in names if not any(b in n.lower() or n.lower() in b for b in bad)][:200]


def _pseudo_word(rng: random.Random) -> str:
    """A pronounceable made-up supplier/product name, so the vocabulary keeps growing with the corpus."""
    onsets = "b br c cl d dr f g gr h k l m n p pr qu r s st t tr v w z".split()
    vowels = "a e i o u ai ea io ou".split()
    codas = "n x l r s th m nd ck v".split()
    return "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(rng.randint(1, 2))) + rng.choice(codas)


def _money(rng: random.Random, kind: str) -> str | None:
    if kind in ("saving", "income"):
        style = rng.random()
        if style < 0.45:
            return f"£{rng.randrange(5, 950) * 1000:,} a year"
        if style < 0.7:
            return f"£{rng.randrange(10, 99) / 10:.1f} million over {rng.choice(('two', 'three', 'five'))} years"
        if style < 0.9:
            return f"£{rng.randrange(20, 900)}k in the first year"
        return f"£{rng.randrange(2, 60) * 50:,} per household"
    if kind == "efficiency":
        return rng.choice((f"{rng.randrange(5, 80)}% fewer calls", f"{rng.randrange(50, 4000):,} staff hours a year",
                           f"processing time cut from {rng.randrange(5, 30)} days to {rng.randrange(1, 5)}"))
    if kind == "satisfaction":
        return f"{rng.randrange(60, 99)}% of residents satisfied"
    return None


@dataclass
class Generator:
    """Deterministic synthetic case studies: YAML texts in the knowledge base's own format."""

    seed: int
    forbidden: list[str]
    towns: list[str] = field(init=False)

    def __post_init__(self):
        self.towns = _towns(self.forbidden)

    def _rare_words(self, rng: random.Random, seen: list[str], case_number: int, count: int) -> list[str]:
        """Names a real corpus keeps adding (suppliers, products, wards, streets): Heaps' law, V ~ 220 * n^0.5.

        A slot takes a brand-new made-up word with probability 110 / (count * sqrt(n)), otherwise it reuses a
        word already used, picked in proportion to its uses (so a few names are everywhere, most are rare).
        """
        out = []
        p_new = min(1.0, 110.0 / (count * case_number ** 0.5))
        for _ in range(count):
            if not seen or rng.random() < p_new:
                word = _pseudo_word(rng).capitalize()
            else:
                word = rng.choice(seen)
            seen.append(word)
            out.append(word)
        return out

    def cases(self, count: int) -> list[tuple[str, str]]:
        """(file name, YAML text) for `count` synthetic cases; a prefix of a longer run is the same cases."""
        from bot.knowledge.schema import REGIONS

        rng = random.Random(self.seed + 1)
        titles: set[str] = set()
        seen: list[str] = []
        this_year = datetime.date.today().year
        out = []
        for n in range(count):
            theme = rng.choice(list(SERVICES))
            themes = [theme] + rng.sample([t for t in SERVICES if t != theme], rng.choice((0, 1, 1, 2)))
            service = rng.choice(SERVICES[theme])
            service2 = rng.choice(SERVICES[rng.choice(themes)])
            techs = rng.sample(TECHNOLOGIES[theme], rng.randint(1, 3))
            town = self.towns[min(int(rng.paretovariate(0.9)) - 1, len(self.towns) - 1)] if rng.random() < 0.3 \
                else rng.choice(self.towns)
            org = f"{town} {rng.choice(_COUNCIL_KINDS)}"
            organisations = [org]
            if rng.random() < 0.2:
                other = rng.choice(self.towns)
                organisations.append(f"{other} {rng.choice(_COUNCIL_KINDS)}" if rng.random() < 0.6
                                     else f"{town} {rng.choice(_PARTNER_KINDS)} {rng.randint(1, 40)}")
            supplier, product, ward, street, *places = self._rare_words(rng, seen, n + 1, 7)
            year = rng.randint(2012, this_year)
            tech_words = " and ".join(t.replace("-", " ") for t in techs)
            slots = dict(org=org, service=service, service2=service2, supplier=supplier,
                         tech_words=tech_words, year=year, verb=rng.choice(_VERBS), verb2=rng.choice(_VERBS2),
                         action=rng.choice(_ACTIONS), weeks=rng.randint(4, 26), ward=f"{ward} ward",
                         area=rng.choice(_AREAS), steps=rng.randint(2, 12), system=rng.choice(_SYSTEMS),
                         residents=rng.randrange(500, 120_000, 50), staff=rng.randint(3, 60), product=product,
                         street=street, places=f"{places[0]}, {places[1]} and {places[2]}")
            sentences = ([rng.choice(_OPENINGS)] + rng.sample(_MIDDLES, rng.randint(2, 3)) + [rng.choice(_RARE)]
                         + [rng.choice(_CLOSINGS)])
            summary = " ".join(s.format(**slots) for s in sentences if s)
            title = f"{service[0].upper()}{service[1:]} with {techs[0].replace('-', ' ')} in {town}"
            if title.casefold() in titles:
                title = f"{title} ({supplier}, {year})"
            while title.casefold() in titles:
                title += " again"
            titles.add(title.casefold())
            kinds = rng.sample(("saving", "income", "efficiency", "satisfaction", "other"), rng.randint(1, 3))
            outcomes = [(k, _money(rng, k), rng.choice(_OUTCOME_TEXTS[k]).format(service=service, tech=techs[0].replace("-", " ")))
                        for k in kinds]
            tags = sorted({service.removeprefix("a ").removeprefix("an "), *techs[:2], town.lower(), supplier.lower(),
                           product.lower()})
            case_id = f"synthetic-{n + 1:05d}-{town.lower()}-{theme}"
            out.append((f"{case_id}.yaml", _case_yaml(
                case_id, title, organisations, rng.choice(REGIONS[:-1]), year, themes, tags, summary, outcomes, techs)))
        return out


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _case_yaml(case_id, title, organisations, region, year, themes, tags, summary, outcomes, techs) -> str:
    lines = [
        "# SYNTHETIC case study generated by benchmarks/bench_search.py; not a real project.",
        f"id: {case_id}",
        f"title: {_q(title)}",
        f"organisations: [{', '.join(_q(o) for o in organisations)}]",
        f"region: {_q(region)}",
        f"year: {year}",
        f"themes: [{', '.join(themes)}]",
        f"tags: [{', '.join(_q(t) for t in tags)}]",
        "summary: >-",
        *("  " + line for line in textwrap.wrap(summary, 108)),
        "outcomes:",
    ]
    for kind, amount, text in outcomes:
        lines += [f"  - kind: {kind}", f"    amount: {_q(amount) if amount else 'null'}", f"    text: {_q(text)}"]
    lines += [
        f"technologies: [{', '.join(techs)}]",
        "sources:",
        f"  - url: https://example.org/synthetic/{case_id}",
        f"    title: {_q('Synthetic case study ' + case_id + ' (generated for benchmarking)')}",
        "contact: socitm",
    ]
    return "\n".join(lines) + "\n"


def write_knowledge_base(directory: Path, synthetic: list[tuple[str, str]], with_real: bool) -> None:
    cases = directory / "case-studies"
    cases.mkdir(parents=True)
    for name in ("themes.yaml", "contacts.yaml", "vocabulary.yaml"):
        shutil.copy(KNOWLEDGE / name, directory / name)
    if with_real:
        for path in (KNOWLEDGE / "case-studies").glob("*.yaml"):
            shutil.copy(path, cases / path.name)
    for name, text in synthetic:
        (cases / name).write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------------------------------------------
# Questions
# --------------------------------------------------------------------------------------------------------------

def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(("delete", "swap", "replace", "double"))
    if op == "delete":
        return word[:i] + word[i + 1:]
    if op == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if op == "replace":
        return word[:i] + rng.choice("aeioulnrst") + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def generated_questions(gen: Generator, count: int, seed: int) -> list[str]:
    """Questions in the style people type, from the synthetic vocabulary; most carry one typo."""
    rng = random.Random(seed)
    templates = (
        "who saved money on {service}", "{town} {service}", "how much did {town} save", "{tech} for {service}",
        "{service} in {region}", "any councils using {tech}", "{service} savings", "what has {town} done?",
        "councils that moved {service} online", "{tech} {service} income",
    )
    from bot.knowledge.schema import REGIONS

    out = []
    for _ in range(count):
        theme = rng.choice(list(SERVICES))
        text = rng.choice(templates).format(
            service=rng.choice(SERVICES[theme]), town=rng.choice(gen.towns),
            tech=rng.choice(TECHNOLOGIES[theme]).replace("-", " "), region=rng.choice(REGIONS[:-1]).lower())
        if rng.random() < 0.75:
            words = text.split()
            long_words = [i for i, w in enumerate(words) if len(w) >= 6]
            if long_words:
                i = rng.choice(long_words)
                words[i] = _typo(words[i], rng)
                text = " ".join(words)
        out.append(text)
    return out


# --------------------------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------------------------

def _ms_stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p99 * 1000


class FullCollections:
    """Counts the garbage collector's full (generation 2) collections and the time they take."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0
        self._start = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.count += 1
            self.seconds += time.perf_counter() - self._start

    def __enter__(self):
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc):
        gc.callbacks.remove(self)


# Memory is measured in fresh child processes after all timing (tracemalloc slows Python down several times
# and inflates RSS, so it gets its own process; two children run at once since no timing is going on).

def _memory_child(mode: str, engine: str, source: str) -> None:
    from bot.store import Snapshot

    if engine == "ours":
        build = lambda: Snapshot.build(Path(source))  # noqa: E731
    else:
        import bm25s  # noqa: F401  (imports are not part of what is measured)
        import snowballstemmer  # noqa: F401
        from bm25s.tokenization import Tokenizer  # noqa: F401

        texts = json.loads(Path(source).read_text(encoding="utf-8"))
        build = lambda: Bm25.build(texts)  # noqa: E731
    gc.collect()
    if mode == "rss":
        before = _peak_rss_mb()
        kept = build()  # noqa: F841
        print(json.dumps({"rss_mb": _peak_rss_mb() - before}))
        return
    tracemalloc.start()
    kept = build()  # noqa: F841
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(json.dumps({"peak_mb": peak / 2**20, "held_mb": current / 2**20}))


def _peak_rss_mb() -> float:
    """Peak RSS of this process. On Linux from /proc (VmHWM): ru_maxrss survives exec, so a child started by a
    big parent would report the parent's size."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is bytes on macOS, KiB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def measure_memory(jobs: list[tuple["Row", str, Path, float]], workers: int = 2) -> None:
    """Run (row, mode, source, expected cost) jobs in child processes, biggest first, `workers` at a time."""
    pending = sorted(jobs, key=lambda job: -job[3])
    running: list[tuple[Row, subprocess.Popen]] = []
    while pending or running:
        while pending and len(running) < workers:
            row, mode, source, _cost = pending.pop(0)
            child = subprocess.Popen(
                [sys.executable, str(Path(__file__).resolve()), "--memory-child", mode, row.engine, str(source)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            running.append((row, child))
        row, child = running.pop(0)
        out, err = child.communicate()
        try:
            for key, value in json.loads(out.strip().splitlines()[-1]).items():
                setattr(row, key, value)
        except (ValueError, IndexError):
            print(f"  memory measurement failed for {row.label} {row.engine}: {err.strip()[-300:]}", file=sys.stderr)


def case_text(case) -> str:
    """What BM25 indexes: title + organisations + summary + outcomes + tags."""
    outcomes = " ".join(f"{o.amount or ''} {o.text}" for o in case.outcomes)
    return " ".join([case.title, " ".join(case.organisations), case.summary, outcomes, " ".join(case.tags)])


class Bm25:
    """The baseline: bm25s over the same texts, same stemmer family as ours (snowball English)."""

    def __init__(self, tokenizer, retriever):
        self.tokenizer = tokenizer
        self.retriever = retriever

    @classmethod
    def build(cls, texts: list[str]) -> "Bm25":
        import bm25s
        import snowballstemmer
        from bm25s.tokenization import Tokenizer

        tokenizer = Tokenizer(stemmer=snowballstemmer.stemmer("english"), stopwords="en")
        ids = tokenizer.tokenize(texts, return_as="ids", show_progress=False)
        retriever = bm25s.BM25()
        retriever.index(ids, show_progress=False)
        return cls(tokenizer, retriever)

    def search(self, question: str, k: int = 5) -> list[tuple[int, float]]:
        ids = self.tokenizer.tokenize([question], update_vocab=False, return_as="ids", show_progress=False)
        k = min(k, self.retriever.scores["num_docs"])
        docs, scores = self.retriever.retrieve(ids, k=k, show_progress=False, n_threads=0)
        return [(int(d), float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]


@dataclass
class Row:
    label: str
    cases: int
    engine: str
    load_s: float | None = None
    index_s: float | None = None
    reload_s: float | None = None
    median_ms: float = 0.0
    p99_ms: float = 0.0
    peak_mb: float | None = None
    held_mb: float | None = None
    rss_mb: float | None = None
    full_gcs: int = 0
    full_gc_s: float = 0.0
    samples: int = 0
    accuracy: dict[str, str] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    dev_top1: tuple[int, int] = (0, 0)


def _time_questions(run, questions: list[str], warmup: list[str], passes: int, row: "Row", before_pass=None) -> None:
    for q in warmup:
        run(q)
    samples = []
    clock = time.perf_counter
    with FullCollections() as collections:
        for _ in range(passes):
            if before_pass:
                before_pass()
            for q in questions:
                start = clock()
                run(q)
                samples.append(clock() - start)
    row.median_ms, row.p99_ms = _ms_stats(samples)
    row.full_gcs, row.full_gc_s, row.samples = collections.count, collections.seconds, len(samples)


def _clear_caches(snapshot) -> None:
    """Forget corrected spellings (memoised per index), so each pass pays for its typos as a new question would."""
    cache_clear = getattr(getattr(snapshot.index, "correct", None), "cache_clear", None)
    if cache_clear:
        cache_clear()


@contextlib.contextmanager
def _timing_calls(module, name: str, seconds: list[float]):
    """Time each call of module.name (here: the index build inside Snapshot.build), without changing it."""
    real = getattr(module, name, None)
    if real is None:
        yield
        return

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            seconds.append(time.perf_counter() - start)

    setattr(module, name, timed)
    try:
        yield
    finally:
        setattr(module, name, real)


def measure_ours(label: str, directory: Path, questions, warmup, expectations, builds: int, passes: int) -> tuple[Row, object]:
    import bot.store
    from bot.answers import answer

    times: list[float] = []
    index_times: list[float] = []
    with _timing_calls(bot.store, "SearchIndex", index_times):
        for _ in range(builds):
            snapshot = None
            gc.collect()
            start = time.perf_counter()
            snapshot = bot.store.Snapshot.build(directory)
            times.append(time.perf_counter() - start)
    row = Row(label, len(snapshot.kb.cases), "ours", statistics.median(times))
    row.index_s = statistics.median(index_times) if len(index_times) == len(times) else None
    row.reload_s = _time_reloads(directory, snapshot, builds)
    gc.collect()
    _time_questions(lambda q: answer(q, snapshot), questions, warmup, passes, row, before_pass=lambda: _clear_caches(snapshot))
    _accuracy_ours(row, snapshot, expectations)
    return row, snapshot


def _time_reloads(directory: Path, snapshot, times: int) -> float:
    """What a running bot's reload costs after a curator edits one case file: Snapshot.build with the live
    snapshot as `previous` (what KnowledgeStore.reload does), median of `times` edits."""
    import bot.store

    path = sorted((directory / "case-studies").glob("*.yaml"))[len(snapshot.kb.cases) // 2]
    original = path.read_text(encoding="utf-8")
    seconds = []
    try:
        for n in range(times):
            path.write_text(original.replace("summary: >-", f"summary: >-\n  Edited {n}.", 1), encoding="utf-8")
            gc.collect()
            start = time.perf_counter()
            bot.store.Snapshot.build(directory, snapshot)
            seconds.append(time.perf_counter() - start)
    finally:
        path.write_text(original, encoding="utf-8")
    return statistics.median(seconds)


def measure_bm25(label: str, texts: list[str], cases, questions, warmup, expectations, builds: int, passes: int) -> Row:
    times = []
    for _ in range(builds):
        engine = None
        gc.collect()
        start = time.perf_counter()
        engine = Bm25.build(texts)
        times.append(time.perf_counter() - start)
    row = Row(label, len(texts), "bm25", None, statistics.median(times))
    gc.collect()
    _time_questions(engine.search, questions, warmup, passes, row)
    _accuracy_bm25(row, engine, cases, expectations)
    return row


def _accuracy_ours(row: Row, snapshot, expectations) -> None:
    from bot.evaluate import evaluate

    for name, items in expectations.items():
        report = evaluate(items, snapshot)
        row.misses += report.failures
        row.accuracy[name] = f"{report.top1}/{report.answerable} top-1, {report.abstained}/{report.unanswerable} declined"
        if name == "dev":
            row.dev_top1 = (report.top1, report.answerable)


def _accuracy_bm25(row: Row, engine: Bm25, cases, expectations) -> None:
    for name, items in expectations.items():
        top1 = answerable = declined = unanswerable = 0
        for e in items:
            found = engine.search(e.question, k=1)
            if e.organisations:
                answerable += 1
                top1 += bool(found) and e.matches(cases[found[0][0]].organisations)
            else:
                unanswerable += 1
                declined += not found  # BM25 has no threshold: it only "declines" when no word matches at all
        row.accuracy[name] = f"{top1}/{answerable} top-1, {declined}/{unanswerable} declined*"
        if name == "dev":
            row.dev_top1 = (top1, answerable)


# --------------------------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------------------------

def _f(value: float | None, fmt: str) -> str:
    width = int(fmt.split(".")[0])
    return f"{'-':>{width}}" if value is None else format(value, fmt)


def _ratio(a: float | None, b: float | None) -> str:
    return "-" if not a or not b else f"{a / b:.2f}x"


def print_report(rows: list[Row], question_count: int, elapsed: float) -> None:
    head = (f"{'KB':<28} {'cases':>6} {'engine':<6} {'load s':>9} {'index s':>8} {'reload s':>9} {'median ms':>10} {'p99 ms':>8}"
            f" {'peak MB':>8} {'held MB':>8} {'RSS+ MB':>8}")
    print()
    print(f"Search benchmark: {question_count} questions x 5 passes per KB (3 above 5,000 cases); Python {sys.version.split()[0]},"
          f" {os.cpu_count()} CPUs")
    print("=" * len(head))
    print(head)
    print("-" * len(head))
    by_label: dict[str, dict[str, Row]] = {}
    for r in rows:
        by_label.setdefault(r.label, {})[r.engine] = r
    for label, pair in by_label.items():
        for engine in ("ours", "bm25"):
            r = pair.get(engine)
            if r:
                print(f"{label:<28} {r.cases:>6,} {engine:<6} {_f(r.load_s, '9.3f')} {_f(r.index_s, '8.3f')} {_f(r.reload_s, '9.3f')}"
                      f" {r.median_ms:10.3f} {r.p99_ms:8.3f} {_f(r.peak_mb, '8.1f')} {_f(r.held_mb, '8.1f')} {_f(r.rss_mb, '8.1f')}")
        if "ours" in pair and "bm25" in pair:
            o, b = pair["ours"], pair["bm25"]
            print(f"{'':<28} {'':>6} {'ratio':<6} {_ratio(o.load_s, b.index_s):>9} {_ratio(o.index_s, b.index_s):>8} {_ratio(o.reload_s, b.index_s):>9}"
                  f" {_ratio(o.median_ms, b.median_ms):>10} {_ratio(o.p99_ms, b.p99_ms):>8}"
                  f" {_ratio(o.peak_mb, b.peak_mb):>8} {_ratio(o.held_mb, b.held_mb):>8} {_ratio(o.rss_mb, b.rss_mb):>8}")
        print("-" * len(head))
    for r in rows:
        if r.full_gcs:
            print(f"full GCs while timing {r.engine} at {r.label}: {r.full_gcs} in {r.samples} questions,"
                  f" {1000 * r.full_gc_s / r.full_gcs:.0f} ms each ({r.full_gc_s:.1f} s in all)")
    print("load s: ours = Snapshot.build from nothing (read + parse YAML + validate + index: a cold start), median;"
          " ratio = ours / BM25 index.\nindex s: ours = the SearchIndex(kb) part of those loads; BM25 = tokenize + index"
          " of the same texts (already in memory).\nreload s: ours = a running bot's reload after one case file is edited"
          " (unchanged files reused), median of the same count; ratio = ours / BM25 index."
          "\nmedian/p99 ms: per question, after warm-up; our spelling-correction cache is cleared before each pass."
          "\npeak MB: tracemalloc peak during load+index (BM25: tokenize+index); held MB: still allocated after it;"
          "\nRSS+ MB: growth of peak RSS while building; both measured in fresh processes. ratio = ours / BM25.")
    print()
    print("Accuracy (top-1 = best result's organisations contain an expected name; declined = 'no good match'):")
    for label, pair in by_label.items():
        for engine in ("ours", "bm25"):
            r = pair.get(engine)
            if r:
                parts = "; ".join(f"{name}: {text}" for name, text in r.accuracy.items())
                print(f"  {label:<28} {engine:<5} {parts}")
                if engine == "ours" and r.cases >= 1000:
                    row_misses = [m.replace("expected ", "expected ").replace(", got ", " -> ") for m in r.misses]
                    print("".join(f"      miss: {m}\n" for m in row_misses), end="")
    print("  * BM25 cannot abstain: it always returns its best match unless no question word occurs in any case.")
    print("  Synthetic cases in the 1,000/10,000 bases can legitimately answer generic questions (e.g. another council's"
          "\n  refuse-routing saving), so top-1 there measures robustness to distractors, not correctness.")
    print()
    print("Targets (issue 2):")
    ours = {r.cases: r for r in rows if r.engine == "ours"}
    for size, limit in TARGETS_MS.items():
        r = _nearest(ours, size)
        if r:
            print(f"  {'PASS' if r.median_ms < limit else 'FAIL'}  {r.cases:,} cases: median {r.median_ms:.3f} ms < {limit:g} ms")
    size, limit = RELOAD_TARGET_S
    r = _nearest(ours, size)
    if r:
        print(f"  {'PASS' if r.reload_s < limit else 'FAIL'}  reload of {r.cases:,} cases: {r.reload_s:.2f} s < {limit:g} s"
              f" (cold load from nothing: {r.load_s:.2f} s)")
    real = by_label.get("real (knowledge/)", {}).get("ours")
    if real:
        top1, total = real.dev_top1
        print(f"  {'PASS' if top1 == total else 'FAIL'}  dev questions top-1 on the real KB: {top1}/{total}")
    print(f"\nTotal benchmark time: {elapsed:.0f} s")


def _nearest(rows: dict[int, Row], size: int) -> Row | None:
    return next((r for n, r in rows.items() if n == size), None)


def profile(directory: Path, questions: list[str]) -> None:
    from bot.answers import answer
    from bot.store import Snapshot

    for title, work in (("reload (Snapshot.build)", lambda: Snapshot.build(directory)), ("question set", None)):
        profiler = cProfile.Profile()
        if work is None:
            snapshot = Snapshot.build(directory)
            _clear_caches(snapshot)
            profiler.enable()
            for q in questions:
                answer(q, snapshot)
            profiler.disable()
        else:
            profiler.enable()
            work()
            profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(15)
        print(f"\n### cProfile: {title} at {directory.name}\n{out.getvalue()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated KB sizes")
    parser.add_argument("--keep", type=Path, help="write the generated knowledge bases here and keep them")
    parser.add_argument("--profile", action="store_true", help="cProfile a reload and the questions at the largest size")
    parser.add_argument("--memory-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child:
        _memory_child(*args.memory_child)
        return 0
    sys.path.insert(0, str(ROOT))
    from bot.evaluate import read_expectations

    started = time.perf_counter()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    expectations = {"dev": read_expectations(QUESTIONS / "dev-questions.yaml"),
                    "ours": read_expectations(QUESTIONS / "our-questions.yaml")}
    forbidden = sorted({name for items in expectations.values() for e in items for name in e.organisations}
                       | {"Manchester", "France", "Outlook"})
    gen = Generator(SEED, forbidden)
    real_count = len(list((KNOWLEDGE / "case-studies").glob("*.yaml")))
    synthetic = gen.cases(max(size - real_count if size >= 1000 else size for size in sizes))
    questions = [e.question for items in expectations.values() for e in items] + generated_questions(gen, 50, SEED + 2)
    warmup = generated_questions(gen, 20, SEED + 3)

    scratch = args.keep or Path(tempfile.mkdtemp(prefix="practice-bot-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    try:
        plan = [("real (knowledge/)", KNOWLEDGE)]
        for size in sizes:
            directory = scratch / f"kb-{size}"
            if directory.exists():
                shutil.rmtree(directory)
            with_real = size >= 1000
            write_knowledge_base(directory, synthetic[: size - real_count if with_real else size], with_real)
            plan.append((f"{size:,} ({'54 real + ' if with_real else ''}synthetic)", directory))
        print(f"Generated {len(sizes)} synthetic knowledge bases in {scratch} ({time.perf_counter() - started:.1f} s)")
        memory_jobs = []
        for label, directory in plan:
            count = len(list((directory / "case-studies").glob("*.yaml")))
            builds, passes = 3, (3 if count > 5000 else 5)
            t0 = time.perf_counter()
            row, snapshot = measure_ours(label, directory, questions, warmup, expectations, builds, passes)
            cases = snapshot.kb.cases
            texts = [case_text(c) for c in cases]
            snapshot = None
            bm25 = measure_bm25(label, texts, cases, questions, warmup, expectations, builds, passes)
            rows += [row, bm25]
            source = scratch / f"bm25-texts-{len(rows) // 2}.json"
            source.write_text(json.dumps(texts), encoding="utf-8")
            memory_jobs += [(row, "trace", directory, 5.0 * count), (row, "rss", directory, 1.0 * count),
                            (bm25, "trace", source, 0.5 * count), (bm25, "rss", source, 0.1 * count)]
            print(f"  timed {label}: {count:,} cases in {time.perf_counter() - t0:.1f} s", flush=True)
        t0 = time.perf_counter()
        measure_memory(memory_jobs)
        print(f"  memory measured in child processes in {time.perf_counter() - t0:.1f} s", flush=True)
        print_report(rows, len(questions), time.perf_counter() - started)
        if args.profile:
            profile(plan[-1][1], questions)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
