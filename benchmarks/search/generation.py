"""Synthetic knowledge bases and generated questions (seeded, so every run measures the same texts)."""
from __future__ import annotations

import datetime
import json
import random
import shutil
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from .common import KNOWLEDGE

# --------------------------------------------------------------------------------------------------------------
# Synthetic knowledge bases
# --------------------------------------------------------------------------------------------------------------

_PREFIXES = (
    "Ash", "Brack", "Cald", "Dun", "Elm", "Fern", "Glen", "Hart", "Ivy", "Kings", "Lang", "Marl", "Nor", "Oak",
    "Pen", "Raven", "Stan", "Thorn", "Whit", "Yar", "Bel", "Cran", "Hol", "Wold", "Brom",
)
_SUFFIXES = ("bridge", "ford", "ham", "ley", "ton", "wick", "field", "mouth", "stead", "worth", "combe", "dale")
_COUNCIL_KINDS = ("Borough Council", "District Council", "City Council", "County Council", "Metropolitan Borough Council")
_PARTNER_KINDS = ("Housing Trust", "Primary Care Network", "Community Partnership", "Integrated Care Board",
                  "Fire and Rescue Service")

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
            tech = techs[0].replace("-", " ")
            outcomes = [(k, _money(rng, k), rng.choice(_OUTCOME_TEXTS[k]).format(service=service, tech=tech))
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


COMPARISON_TEMPLATES = (
    "who saved the most on {service}", "which councils saved over £{millions} million", "biggest income from {service}",
    "councils that saved over £{thousands}k on {service}", "who saved the most money",
)
"""Questions that compare amounts: answered from every case's stated savings or income, not only the best few."""
TOPIC_TEMPLATES = (
    "who saved money on {service}", "{town} {service}", "how much did {town} save", "{tech} for {service}",
    "{service} in {region}", "any councils using {tech}", "{service} savings", "what has {town} done?",
    "councils that moved {service} online", "{tech} {service} income",
)
TYPO_SHARE = 0.25
"""Share of the topic questions given one typo: people do misspell, but most questions are typed right."""


def question_kind(question: str, snapshot) -> str:
    """A question set's question as a kind: "comparison" when our reading compares amounts ("who saved the
    most", "saved over £5m"), "typo" when it corrects a word on the real base, else "plain"."""
    from bot.answers import read_question

    reading = read_question(question, snapshot)
    if reading.intent.threshold is not None:
        return "comparison"
    return "typo" if reading.parsed.corrections else "plain"


def generated_questions(gen: Generator, count: int, seed: int) -> list[tuple[str, str]]:
    """(kind, question) in the style people type, from the synthetic vocabulary: a fifth compare amounts
    ("comparison"), the rest name a topic, a quarter of those with one typo ("typo"), the others as typed
    ("plain")."""
    rng = random.Random(seed)
    from bot.knowledge.schema import REGIONS

    out = []
    for _ in range(count):
        theme = rng.choice(list(SERVICES))
        comparison = rng.random() < 0.2
        text = rng.choice(COMPARISON_TEMPLATES if comparison else TOPIC_TEMPLATES).format(
            service=rng.choice(SERVICES[theme]), town=rng.choice(gen.towns),
            tech=rng.choice(TECHNOLOGIES[theme]).replace("-", " "), region=rng.choice(REGIONS[:-1]).lower(),
            millions=rng.choice((1, 2, 5)), thousands=rng.choice((100, 250, 500)))
        kind = "comparison" if comparison else "plain"
        long_words = [i for i, w in enumerate(text.split()) if len(w) >= 6]
        if not comparison and long_words and rng.random() < TYPO_SHARE:
            words = text.split()
            i = rng.choice(long_words)
            words[i] = _typo(words[i], rng)
            text, kind = " ".join(words), "typo"
        out.append((kind, text))
    return out
