"""The search index of one knowledge base, built once at load time so questions only look things up.

For every term (stem or concept) it keeps, in three numpy arrays, the cases that contain it, the weight of
the best field it appears in (a word in a case's title or organisations says more about the case than one
in its summary) and which field that was. Arrays rather than Python objects keep 10,000 case studies in a
few tens of MB and let a question score every case at once.
"""
from __future__ import annotations

from collections.abc import Container, Iterable
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from ..helper_process import share_out
from ..knowledge.base import KnowledgeBase
from ..knowledge.schema import CaseStudy, Theme
from .amounts import OutcomeAmounts
from .analyse import Unit, terms_of_words
from .apart import written_apart
from .bm25 import Bm25
from .case_analysis import Analysing, Batch, Slots, numbered
from .case_rows import CaseLabels
from .case_terms import AnalysedWords, CaseTerms, CaseWords
from .english import English, english_words, inflects, is_english, one_slip_from, uses
from .intent import OUTCOME_CONCEPTS
from .names import body_name_groups, council_name_groups
from .normalise import indexed_words, is_stop_word, stem, words
from .peers import CouncilRows
from .postings import IdfTable, PostingsTable, Renumbering, idf
from .regions import towns
from .used_words import UsedWords
from .vocabulary import CONCEPT_PREFIX, Vocabulary, compile_vocabulary, group_concept

EVERYDAY_WEIGHT = 0.7
"""How much a case's everyday words (`CaseStudy.everyday`) count: as its summary, below its title and keywords,
since they are how people put its topic, not what the case says (0.5 to 0.8 ranked within four questions of
each other, and declined alike, over the tuning files)."""

FIELD_WEIGHTS = {
    "title": 1.0,
    "organisations": 1.0,
    "outcome kinds": 1.0,
    "tags": 0.9,
    "regions": 0.9,
    "technologies": 0.8,
    "outcomes": 0.8,
    "summary": 0.7,
    "themes": 0.6,
    "name words": 0.7,
    "everyday": EVERYDAY_WEIGHT,
    "areas": 0.6,
}
"""How much a term found in each field counts, relative to a term in the title. "name words" are the words of
a body's name that say what it does ("Waste" of Zero Waste Scotland, "Transport" of Transport for Wales): they
name the body, not the case's topic, so they count as a mention in the summary would, not as a name. "areas"
are where its councils lie (Named.areas): less than a name, so that "what has Greater Manchester done?" leads
with the combined authority's own case, not a district's (at 0.9 a short district case led); BM25 counts them,
or "a council in Kent that ..." found Maidstone's case only sixth."""
FIELDS = tuple(FIELD_WEIGHTS)
"""Field names by the small integer the postings store."""
FIELD_NUMBERS = {name: number for number, name in enumerate(FIELDS)}
_WEIGHTS = tuple(FIELD_WEIGHTS.values())
"""FIELD_WEIGHTS by field number."""
_WEIGHT_OF_FIELD = np.array(_WEIGHTS)
TEXT_FIELDS = ("title", "organisations", "name words", "regions", "tags", "technologies", "summary", "outcomes",
               "everyday", "areas")
"""The fields of a case's own text (see `SearchIndex._texts`), in the order that breaks a tie between two of a
term's fields of equal weight."""
BAGGED_TWICE = frozenset(("title", "organisations"))
"""The fields whose terms BM25 counts twice: what a case is called and who did it say most about it."""
RANKED_ONLY = frozenset(("everyday",))
"""The fields only the ranking's BM25 counts, not the confidence's: everyday words put a case's
topic several ways ("bus on demand", "flexible bus routes"), not what the case says. Counted by the BM25 the
confidence reads, they raised its view of the case, and with it the confidence that "<town> bus timetable" is
a question about it; counted by the ranking's (bm25.py), they lead the case put the asker's way among its near
neighbours (over the tuning files, 2,168 answerable questions: 12 more ranked first, 4 more in the top three,
declines alike)."""
_SLOTS = Slots(text_fields=tuple(FIELD_NUMBERS[f] for f in TEXT_FIELDS),
               text_bag=tuple(2 if f in BAGGED_TWICE else 0 if f in RANKED_ONLY else 1 for f in TEXT_FIELDS),
               text_everyday=tuple(f in RANKED_ONLY for f in TEXT_FIELDS),
               given_fields=(FIELD_NUMBERS["themes"], FIELD_NUMBERS["outcome kinds"], FIELD_NUMBERS["organisations"]),
               weights=_WEIGHTS)
"""What `SearchIndex._analyse` gives each case: its texts, then its themes', outcome kinds' and bodies' terms."""

SHORT_WORD = 5
"""Words this short are corrected only when one known word is nearest ("Wigna" is "Wigan")."""
COMMONER = 10
"""How many times as often English must use one of equally near words for a misspelling to be read as it:
"bins" (1,298 uses) is not that much commoner than "bans" (375), so a slip equally near both is not read
as either."""
LONG_WORD = 8
"""Words this long may be two edits off; shorter ones one (a typed "rooting" is "routing", one letter off,
not "promoting"; two slips in "selling" do not make it "stealing")."""

SPREAD_BONUS = 0.03
"""Extra credit per further field a term appears in: a case that is about the word, not just mentions it,
wins ties ("portal" in the title and the summary beats "portal" only in the summary)."""


OUTCOME_KIND_CONCEPTS = frozenset(CONCEPT_PREFIX + kind for kind in OUTCOME_CONCEPTS)
"""The concepts of the vocabulary's outcome groups ("~saving"): a case states them as a typed outcome."""


def outcome_kind_terms(case: CaseStudy) -> set[str]:
    """Concepts from typed outcomes with a stated figure: a case with a £ saving answers "who saved money".

    They share names with the vocabulary's groups ("~saving" is the group that starts with "saving").
    """
    return {CONCEPT_PREFIX + o.kind for o in case.outcomes if o.amount and o.kind != "other"}


def theme_terms_of(theme: Theme, vocabulary: Vocabulary) -> set[str]:
    """The terms a theme gives each of its cases: its label's, and those of its words, where a word of
    several ("digital twin", "my account", "building control") gives only what names it whole (its
    vocabulary phrase and concept), not its loose words: a case of smart places says nothing about a "twin",
    nor one of planning about a "building", and a question about either must not match it so."""
    terms = terms_of_words(indexed_words(theme.label), vocabulary)
    for phrase in theme.words:
        said = indexed_words(phrase)
        found = terms_of_words(said, vocabulary)
        terms |= found if len(said) == 1 else found - terms_of_words(said[:1], vocabulary).union(
            *(terms_of_words([w], vocabulary) for w in said[1:]))
    return terms


def body_names(case: CaseStudy) -> list[str]:
    """The names of the case's organisations that are not councils (as the case names them, and their other
    names), whose words may describe what the body does."""
    names: list[str] = []
    for organisation in case.resolved:
        if organisation.body is not None:
            names += (organisation.name, *organisation.body.alt_names)
    return names


def organisation_names(case: CaseStudy) -> list[str]:
    """Every name a case's organisations go by: as the case names them, each council's official, short and
    alternative names, and the names of the councils in place now of an abolished one (so "West Suffolk"
    finds what Forest Heath did)."""
    names = list(case.organisations)
    for organisation in case.resolved:
        for council in (organisation.council, *organisation.successors):
            if council is not None:
                names += council.names
        if organisation.body is not None:
            names += organisation.body.alt_names
    return list(dict.fromkeys(names))


JOINT_WORK = tuple(map(stem, words("with other councils")))
"""The vocabulary's phrase for work done together ("jointly", "collaboratively"): a case by two or more
councils is such work whether or not its text says so, so "joint AI receptionist" finds the two districts
that share one."""


class Named(NamedTuple):
    """What a case's organisations give its analysis."""

    text: str
    """The organisations field: every name they go by, less a body's words that say what it does, and the
    short forms made from them (see `initialisms`)."""
    described: str
    """The name words field: those words of bodies' names ("Waste" of Zero Waste Scotland)."""
    concepts: set[str]
    """The concepts of the bodies' multi-word names (see `body_name_groups`): a body's words are indexed as
    what it does, but its name in full says who did the work."""
    words: list[str]
    """The words of every name (for spelling correction)."""
    areas: str = ""
    """The areas field: where its councils lie (a district's county, a combined authority: Council.within), so
    that "a council in Kent" is asked of Maidstone's cases too."""


class SearchIndex:
    """Inverted index with field weights and a fuzzy corrector over the knowledge base's own words.

    Built from `previous` (the index being replaced by a reload) where it can: when the vocabulary and
    themes are unchanged, an unchanged case file keeps its analysed terms, so reloading 10,000 case studies
    after one edit re-analyses one.
    """

    postings: PostingsTable
    bm25: Bm25
    amounts: OutcomeAmounts
    councils: CouncilRows
    _english: English
    _case_words: UsedWords
    _names: UsedWords
    _regions: CaseLabels
    _place_words: frozenset[str]
    _areas: frozenset[str]
    towns: dict[str, str]
    _theme_terms: dict[str, set[str]]

    def __init__(self, kb: KnowledgeBase, previous: SearchIndex | None = None):
        self.kb = kb
        self.size = len(kb.cases)
        self._english = previous._english if previous is not None else english_words()
        """The English word list (spelling never turns one real word into another), kept with the index:
        building it takes half a second, which a start from the snapshot cache would pay on its first typo."""
        self._keys = kb.case_fingerprints
        """Each case's key in `_analysed`, in case order: what tells the next reload which cases it keeps."""
        changed = _changed_in_place(previous, self._keys) if previous is not None else None
        """The numbers of the cases whose key differs from the previous index's case of that number, when the
        cases are as many as before (the usual reload, edits only): only those need looking at."""
        self._place_words = previous._place_words if previous is not None and previous.kb.registry is kb.registry \
            else frozenset(w for council in kb.registry.councils for name in council.names for w in words(name))
        """The words of every council's names in the register, whether or not a case names it: "York" asked as
        a name is the City of York, not a slip for some name word of the base ("Work" of the Department for
        Work and Pensions)."""
        self._areas = previous._areas if previous is not None and previous.kb.registry is kb.registry \
            else frozenset(" ".join(words(area)) for council in kb.registry.councils for area in council.within)
        """The areas councils lie within (Council.within), as a question's unit reads them ("west sussex")."""
        self.towns = previous.towns if previous is not None and previous.kb.registry is kb.registry \
            else towns(kb.registry.councils)
        """Councils' places to their nation or region (regions.towns), for the asker's "a charity in Glasgow"."""
        same_names = previous is not None and _same_organisations(previous.kb, kb, changed)
        self.name_groups: tuple[tuple[str, ...], ...] = \
            previous.name_groups if previous is not None and same_names else council_name_groups(kb)
        self.body_groups: tuple[tuple[str, ...], ...] = \
            previous.body_groups if previous is not None and same_names else body_name_groups(kb)
        """The councils' and the other bodies' multi-word names, as phrases (a body's only word for word)."""
        if previous is not None and previous._place_words is self._place_words and \
                (previous.name_groups, previous.body_groups, previous.kb.synonyms, previous.kb.aliases) == \
                (self.name_groups, self.body_groups, kb.synonyms, kb.aliases):
            self.vocabulary: Vocabulary = previous.vocabulary  # as compiled from the same groups and aliases
        else:
            self.vocabulary = compile_vocabulary(kb.synonyms + self.name_groups, kb.aliases, self.body_groups,
                                                 lambda w: w in self._place_words or is_stop_word(w) or self._describes(w))
        same_language = previous is not None and previous.language == self.language
        self.term_ids: dict[str, int] = dict(previous.term_ids) if previous is not None and same_language else {}
        self.word_ids: dict[str, int] = dict(previous.word_ids) if previous is not None and same_language else {}
        self._words: list[str] = list(previous._words) if previous is not None and same_language else []
        """Word by id: the words of the cases' text, numbered as first met (ids outlive reloads)."""
        reusable = previous.analysed if previous is not None and same_language else None
        if previous is not None and previous.vocabulary is self.vocabulary and previous.kb.themes == kb.themes:
            self._theme_terms = previous._theme_terms  # analysing the themes' words was a twentieth of a reload
        else:
            self._theme_terms = {t.id: theme_terms_of(t, self.vocabulary) for t in kb.themes}
        """Theme id -> the terms its label and words give each of its cases."""
        theme_terms = self._theme_terms
        self.theme_terms = frozenset(term for terms in theme_terms.values() for term in terms)
        """The terms of the themes' labels and words: a question word among them names a topic the base is
        organised by ("data", "online", "waste"), however many cases use it."""
        renamed = self._renamed_phrases(previous) if previous is not None and same_language else []
        fresh: set[int] = set()
        gone = {previous._keys[n] for n in changed}.difference(self._keys[n] for n in changed) \
            if previous is not None and reusable is not None and changed is not None and not renamed else None
        """Patching (edits only): the keys of the changed cases' old texts, which go."""
        numbers: Iterable[int] = range(len(self._keys)) if gone is None else changed or []
        """The numbers of the cases whose terms may not be the previous index's."""
        now: dict[bytes, CaseTerms]
        """The cases analysed afresh, by key."""
        for number in numbers:
            kept = reusable.get(self._keys[number]) if reusable is not None else None
            if kept is None or (renamed and _uses_any(kept, renamed)):
                fresh.add(number)
        analysing = sorted(fresh)
        now = dict(zip((self._keys[n] for n in analysing), self._analyse([kb.cases[n] for n in analysing], theme_terms)))
        self._analysed = reusable.patched(gone, now) if gone is not None and reusable is not None else \
            AnalysedWords.packed({key: now[key] if key in now or reusable is None else reusable[key] for key in self._keys})
        """Case key -> its words, packed (see AnalysedWords)."""
        renumbering = _renumbering(previous, self._keys, fresh, changed) \
            if previous is not None and same_language else None
        if previous is not None and renumbering is not None:
            added = [now[self._keys[n]] for n in renumbering.added]
            self.postings = previous.postings.updated(self.term_ids, renumbering, [a.terms for a in added],
                                                      [_weights(a) for a in added], [a.fields for a in added],
                                                      [a.bag_counts for a in added], [a.everyday_counts for a in added])
        else:
            analysed = [now[key] for key in self._keys]  # every case analysed afresh
            self.postings = PostingsTable(self.term_ids, [a.terms for a in analysed], [_weights(a) for a in analysed],
                                          [a.fields for a in analysed], [a.bag_counts for a in analysed],
                                          [a.everyday_counts for a in analysed])
        self.bm25 = Bm25(self.postings, self.term_ids, self.size)
        self.idf = IdfTable(self.term_ids, self._df_in_own_text(), max(self.size, 1))
        self.unknown_idf = idf(0, max(self.size, 1))
        self.id_order, self.id_rank = _tie_orders(kb.cases, previous, renumbering)
        base = frozenset(self.vocabulary.surface_words).union(
            w for t in kb.themes for w in indexed_words(" ".join((t.label, *t.words))))
        if previous is not None and renumbering is not None and previous._case_words.base == base:
            dropped = [previous.analysed[previous._keys[n]] for n in np.flatnonzero(renumbering.moved < 0).tolist()]
            added = [now[self._keys[n]] for n in renumbering.added]
            self._case_words = previous._case_words.updated(self._words, self.word_ids, [d.words for d in dropped],
                                                            [a.words for a in added])
            self._names = previous._names.updated(self._words, self.word_ids, [d.name_words for d in dropped],
                                                  [a.name_words for a in added])
        else:
            every = [now[key] if key in now else self._analysed[key] for key in self._keys]  # `now`'s: no
            # look-up table of the packed words, which a cold start would otherwise build and hold (0.6 MB)
            self._case_words = UsedWords.of(self._words, self.word_ids, [a.words for a in every], base)
            self._names = UsedWords.of(self._words, self.word_ids, [a.name_words for a in every],
                                       correctable=_not_a_stop_word)
        """The words spelling correction knows (the base's and the cases'), and those of organisations' names
        (a stop word of a name is never a name's reading)."""
        self._topic_concepts = frozenset(group_concept(group) for group in kb.synonyms if group)
        """The concepts of the vocabulary's synonym groups (not the council name groups): a phrase that reads
        as one ("hackney carriage") is a topic, whatever place its words also name."""
        self._name_concepts = frozenset(group_concept(g) for g in self.name_groups + self.body_groups if g) \
            - self._topic_concepts
        """The concepts of councils' and other bodies' names ("~comhairle-nan-eilean-siar" for "Outer Hebrides")."""
        self.correct = lru_cache(maxsize=16384)(self._correct)
        if previous is not None and renumbering is not None and renumbering.in_order:
            self.amounts = previous.amounts.updated(kb.cases, renumbering)
            self.councils = previous.councils.updated(kb, renumbering)
            self._regions = previous._regions.updated(kb.cases, renumbering)
        else:
            self.amounts, self.councils = OutcomeAmounts(kb.cases), CouncilRows(kb)
            self._regions = CaseLabels(_regions_of, kb.cases)
        stem.cache_clear()  # the stems of every case word, which only analysing the cases needed (2 MB of
        # a 1,000-case base's held memory); questions stem their few words again in microseconds

    def __getstate__(self) -> dict:
        """What the snapshot cache stores: everything but the caches of this process's questions."""
        state = dict(vars(self))
        del state["correct"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.correct = lru_cache(maxsize=16384)(self._correct)

    @property
    def analysed(self) -> AnalysedWords:
        """Case key -> the words analysed from it: what the next index reuses for unchanged cases (their
        terms it finds in this index's tables)."""
        return self._analysed

    def serving(self, kb: KnowledgeBase) -> SearchIndex:
        """This index for `kb`, a fresh load of the very texts it was built from (the same version): a start
        from the snapshot cache, or a reload, with nothing changed. Only the knowledge base (when and what
        it read) and this process's caches are new."""
        index = SearchIndex.__new__(SearchIndex)
        index.__dict__.update(vars(self))
        index.kb = kb
        index.correct = lru_cache(maxsize=16384)(index._correct)
        return index

    @property
    def english(self) -> English:
        return self._english

    @property
    def known_words(self) -> UsedWords:
        """Every word a question may use as written: the vocabulary's, the themes' and the cases' (others
        are spelling slips to correct, or words the base lacks). A container to look words up in, and to
        list them (slower: see UsedWords)."""
        return self._case_words

    def in_regions(self, regions: tuple[str, ...]) -> np.ndarray:
        """Per case, whether it is in one of `regions` (from arrays built with the index: reading every
        case's regions on every question took 50 ms at 10,000 cases)."""
        return self._regions.cases_with(regions)

    def outcome_amounts(self, kind: str) -> np.ndarray:
        """Per case, its largest stated £ total of an outcome kind (0 when it states none), built once."""
        return self.amounts.largest(kind)

    def _word_ids(self, found: set[str]) -> np.ndarray:
        for word in found.difference(self.word_ids):
            self.word_ids[word] = len(self._words)
            self._words.append(word)
        return np.fromiter(map(self.word_ids.__getitem__, found), dtype=np.int32, count=len(found))

    @property
    def language(self) -> tuple:
        """What analysing a case depends on besides the case: the vocabulary, the themes and the register
        (a council's other names are indexed with its cases)."""
        return (self.kb.synonyms, tuple(sorted(self.kb.aliases.items())), self.kb.themes, self.kb.shared_fingerprint)

    def _renamed_phrases(self, previous: SearchIndex) -> list[set[int]]:
        """The organisation names (as sets of word ids) that are a phrase in only one of this vocabulary and
        the previous one's: a case was added naming a new council or body, or the last case naming one went.
        A kept case whose words include all of one such name reads differently now and is analysed again."""
        changed = set(previous.name_groups + previous.body_groups).symmetric_difference(self.name_groups + self.body_groups)
        phrases = {phrase for group in changed for phrase in group}
        return [{self.word_ids[w] for w in phrase.split()} for phrase in phrases
                if all(w in self.word_ids for w in phrase.split())]

    def _analyse(self, cases: list[CaseStudy], theme_terms: dict[str, set[str]]) -> list[CaseTerms]:
        """The cases' terms, each with the first of its best-weighted fields (fields in `TEXT_FIELDS` order,
        then themes, outcome kinds and bodies' names) and a bonus per further field it is in; their words;
        their BM25 bags. All at once (see case_analysis). What a case's organisations give is worked out once
        per list of organisations (3,100 lists at 10,000 cases; the register resolves the same names alike)."""
        by_organisations: dict[tuple[str, ...], Named] = {}
        named = [by_organisations.get(case.organisations) or by_organisations.setdefault(case.organisations, self._named(case))
                 for case in cases]
        texts = [self._texts(case, names) for case, names in zip(cases, named)]
        by_themes: dict[tuple[str, ...], frozenset[str]] = {}
        themed = [by_themes.get(case.themes) or by_themes.setdefault(
            case.themes, frozenset().union(*(theme_terms.get(theme, ()) for theme in case.themes))) for case in cases]
        given = [(terms, outcome_kind_terms(case), names.concepts) for case, terms, names in zip(cases, themed, named)]
        name_words = [names.words for names in named]
        batches: list[Batch] = [(texts[start:start + ANALYSED_AT_ONCE], given[start:start + ANALYSED_AT_ONCE],
                                 name_words[start:start + ANALYSED_AT_ONCE]) for start in range(0, len(cases), ANALYSED_AT_ONCE)]
        work = Analysing(_SLOTS, self.vocabulary)
        apart = share_out(work, batches, "analysing cases") if len(cases) >= ANALYSED_APART_FROM \
            else [work.work(batch) for batch in batches]
        return [terms for part in apart for terms in numbered(part, self.term_ids, self.word_ids, self._words)]

    def _named(self, case: CaseStudy) -> Named:
        """What the case's organisations give its analysis (see Named)."""
        bodies = set(body_names(case))
        described = [w for name in bodies for w in words(name) if self._describes(w)]
        names = organisation_names(case)
        named = [" ".join(w for w in words(name) if not self._describes(w)) if name in bodies else name for name in names]
        phrases = self.vocabulary.phrases
        full = [o.body.name for o in case.resolved if o.body is not None] + body_names(case)
        concepts = {concept for name in full if (concept := phrases.get(tuple(map(stem, words(name)))))}
        joint = phrases.get(JOINT_WORK)
        if joint and (sum(o.council is not None for o in case.resolved) > 1
                      or any(o.body is not None and o.body.kind == "partnership" for o in case.resolved)):
            concepts.add(joint)  # councils' work together, or a partnership's of councils
        return Named(text=" ".join((*named, *sorted(initialisms(case.organisations, self.english)))),
                     described=" ".join(described), concepts=concepts,
                     words=[w for name in names for w in words(name)],
                     areas=" ".join(dict.fromkeys(area for o in case.resolved if o.council for area in o.council.within)))

    @staticmethod
    def _texts(case: CaseStudy, named: Named) -> list[str]:
        """The case's text in each of TEXT_FIELDS."""
        return [case.title, named.text, named.described, " ".join(case.regions), " ".join(case.tags),
                " ".join(t.replace("-", " ") for t in case.technologies), case.summary,
                " ".join(f"{o.amount or ''} {o.text}" for o in case.outcomes), " ".join(case.everyday), named.areas]

    def _describes(self, word: str) -> bool:
        """A word of a body's name says what the body does rather than who it is: an English word ("waste",
        "transport") that no council's name uses ("Scottish Borders", "West Midlands" stay names)."""
        return word not in self._place_words and not is_stop_word(word) and is_english(word, known=self.english)

    def _correct(self, word: str) -> tuple[str, float] | None:
        """The known word closest to an unknown one, or None; known words come back unchanged.

        A word is corrected only when neither the knowledge base, nor English, nor the register's council
        names know it: "dragon", "parcels" or "Allerdale" (not "Calderdale") stay what they are (and count
        against every case) rather than becoming a different real word. Edits are counted with neighbouring
        letters swapped as one (OSA): one edit for words up to seven letters, two from eight. Among equally
        near words a reading with the same letters (a swap: "Knet" is "Kent", "perston" is "Preston", not
        "person") wins, then a word of an organisation's name; a short word with two readings still left is
        not guessed ("bins" or "bans"?: see `readings`). A word nothing is near may be the base's words
        written joined up or hyphenated otherwise (`written_apart`): it is read as them, in full. So is a
        two-word phrase of the vocabulary closed up ("writeups"), even where English knows the closed form."""
        if word in self._case_words:
            return word, 1.0
        closed_up = self.vocabulary.joined.get(word)
        if closed_up is not None and word not in self._place_words:
            return closed_up, 1.0
        if self._real(word):
            return None
        found = None if "-" in word else self._nearest(word)  # a prefixed word is never its plain word
        if found is None:  # nothing near: perhaps the base writes it apart ("notetaker": see apart.py)
            apart = written_apart(word, self._case_words, self.english)
            return None if apart is None else (apart, 1.0)
        nearest, edits = found
        likeness = {w: fuzz.ratio(word, w) for w in nearest}
        closest = [w for w in nearest if likeness[w] == max(likeness.values())]
        if len(nearest) > 1 and len(word) <= SHORT_WORD:
            commonest = self._commonest(nearest)
            if len(commonest) > 1 or commonest[0] not in closest:
                return None
        return max(closest, key=lambda w: (uses(w, self._english), w)), max(0.5, 1.0 - edits / len(word))

    def _commonest(self, nearest: list[str]) -> list[str]:
        """Of equally near words, the one English uses far more often than each other (COMMONER times), when
        there is one: "intrnet" is "internet" (10,047 uses), not "intranet" (74); "shaed" stays unguessed,
        "shared" (31,181) against "shaped" (8,764). Organisations' name words are left to `readings`."""
        if len(nearest) < 2 or any(w in self._names for w in nearest):
            return nearest
        counted = sorted(((uses(w, self._english), w) for w in nearest), reverse=True)
        return [counted[0][1]] if counted[0][0] >= COMMONER * max(1, counted[1][0]) else nearest

    def _real(self, word: str) -> bool:
        """A number, a word of a council's name, or an English word: never read as another word."""
        return word.isdigit() or word in self._place_words or is_english(word, self._case_words, self.english)

    def readings(self, word: str) -> tuple[tuple[str, float], ...]:
        """The readings of a short misspelt word that `correct` does not guess between because two or more
        organisations' name words are equally near ("Suton": Sutton or Luton), each with its quality; empty
        for any other word. The question's other words can tell which is meant."""
        found = None if word in self._case_words or not 4 <= len(word) <= SHORT_WORD else self._nearest(word)
        if found is None or len(found[0]) < 2 or not all(w in self._names for w in found[0]):
            return ()
        return tuple((w, max(0.5, 1.0 - found[1] / len(word))) for w in found[0])

    def _nearest(self, word: str) -> tuple[list[str], int] | None:
        """The base's words nearest an unknown word that neither English nor a council's place name knows,
        narrowed to those with the same letters, else to organisations' name words, and how many edits
        away they are; None when the word is known or nothing is near. A regular inflection of an English
        word ("rooting", "shutting") is looked for one edit away at most, however long: "refuse rooting" is
        "routing", but "shutting" was "putting" and "swapping" "scrapping", two edits from real words."""
        if self._real(word):
            return None
        edits = 1 if len(word) <= LONG_WORD - 1 or inflects(word, self.english) else 2
        near = self._case_words.known.near(word, edits)
        found = process.extract(word, near, scorer=OSA.distance, score_cutoff=edits, limit=None)
        best = min((d for _w, d, _i in found), default=None)
        if (best is None or best > 1) and len(word) > SHORT_WORD and (forms := self._forms_one_slip_from(word)):
            nearest, best = forms, 1
        elif best is None:
            return None
        else:
            nearest = sorted(w for w, d, _i in found if d == best)
        letters = sorted(word)
        for prefer in (lambda w: sorted(w) == letters, lambda w: w in self._names):
            if len(nearest) > 1 and any(prefer(w) for w in nearest):
                nearest = [w for w in nearest if prefer(w)]
        return nearest, best

    def _forms_one_slip_from(self, word: str) -> list[str]:
        """English words one slip from `word` that the base uses in another form (the same stem): "resarched"
        is "researched" though only "research" is the base's, "ocucpant" is "occupant" beside "occupancy"."""
        return [w for w in one_slip_from(word, self._english) if stem(w) in self.idf]

    def names_a_place(self, unit: Unit) -> bool:
        """The unit only names a council's place ("Barnsley", "West Suffolk"), no topic: each of its words is
        a word of some council's name in the register, none a kind of council or a stop word, and it is no
        phrase of the vocabulary's synonym groups."""
        return all(w in self._place_words and w not in _KIND_WORDS and not is_stop_word(w) for w in unit.text.split()) \
            and self._topic_concepts.isdisjoint(term for term, _q in unit.alternatives)

    def names_an_organisation(self, unit: Unit) -> bool:
        """The unit can only be a name: it reads as a council's or other body's name ("Outer Hebrides",
        "Scottish Government"), or names a place in words none of which is English ("Wrexham"). Not "test"
        of Test Valley, "north" or "ease": a place word that is also an English word may be the topic."""
        return any(term in self._name_concepts for term, _q in unit.alternatives) or (
            self.names_a_place(unit) and not any(is_english(w, known=self.english) for w in unit.text.split()))

    def _df_in_own_text(self) -> np.ndarray:
        """Per term, how many cases have it in their own text: not those that have it only as an area their
        councils lie within. "Kent" in a dozen districts' areas is no commoner a word for it: counted there,
        missing it weighed less, and "Kent bus timetable" was answered from a bus case elsewhere. A term only
        areas have keeps their count."""
        df = self.postings.df
        counted = df
        for term in {t for area in self._areas for t in terms_of_words(area.split(), self.vocabulary)}:
            found = self.postings.get(term)
            only_there = 0 if found is None else int(np.count_nonzero(found.fields == FIELD_NUMBERS["areas"]))
            if 0 < only_there < (0 if found is None else found.cases.size):
                counted = df.copy() if counted is df else counted
                counted[self.term_ids[term]] -= only_there
        return counted

    def names_an_area(self, unit: Unit) -> bool:
        """The unit is the name of an area some council lies within: a county ("Kent") or a combined
        authority ("Greater Manchester"), which is also a council's name."""
        return unit.text in self._areas

    def apart(self, unit: Unit) -> tuple[str, ...]:
        """The stems of a topic phrase's words that a case may say apart (see `Unit.apart`); none for a
        name's: "West Sussex" said apart is "west" in one place and "Sussex" (East Sussex's) in another; nor
        for an outcome's kind ("save money"), which a case states as a typed outcome: its words apart ("money"
        in one sentence, "save" in another) only make a case that talks about money look like the topic."""
        concepts = {t for t, _q in unit.alternatives}
        return unit.apart if unit.apart and not concepts.isdisjoint(self._topic_concepts) \
            and concepts.isdisjoint(OUTCOME_KIND_CONCEPTS) else ()

    def correct_name(self, word: str) -> tuple[str, float] | None:
        """A real word written as a name, read as the one word of an organisation's names (any of its
        council's names) it is one slip from ("Fief" is Fife): None when the base uses the word itself, when
        it names a council of the register itself ("York"), or when no such name word, or more than one, is
        near; a stop word of a name ("Work" in the Department for Work and Pensions) is never the reading. A
        name word that is not English ("Blaby") is preferred to one that is ("Labs"): that one is as likely
        meant as the word asked."""
        if word in self._case_words or word in self._place_words:
            return None
        near = [w for w in self._names.known.near(word, 1) if OSA.distance(word, w) <= 1]
        if len(near) > 1:
            near = [w for w in near if not is_english(w, known=self.english)]
        return (near[0], 1.0 - 1 / len(word)) if len(near) == 1 else None


ANALYSED_AT_ONCE = 250
"""Cases analysed in one batch: a batch's arrays hold every word of its texts (a whole 100,000-case base at
once took the build's peak from 1 GB to 2 GB), and batches are shared out to a helper process (see
helper_process), whose pipe holds two (some 400 KB each)."""
ANALYSED_APART_FROM = 2000
"""Cases to analyse from which a helper process takes a share: it takes a fifth of a second to start."""


def _tie_orders(cases: tuple[CaseStudy, ...], previous: SearchIndex | None,
                renumbering: Renumbering | None) -> tuple[np.ndarray, np.ndarray]:
    """Each case's place in the order of case ids (the last tie-break of a comparison), and its place for
    breaking ties in score: cases naming fewer organisations first (asked "what has West Suffolk done?", a
    case about its two former councils says more than one of seven partners), then by id, so answers are
    stable. The `previous` index's, when a reload left every case where it was with its id and count (an
    edit to a case's text): sorting 10,000 ids took a tenth of such a reload."""
    if previous is not None and renumbering is not None and _same_places(previous.kb.cases, cases, renumbering):
        return previous.id_order, previous.id_rank
    ids = [case.id for case in cases]
    named = np.fromiter((len(case.organisations) for case in cases), dtype=np.int32, count=len(cases))
    id_order = np.empty(len(cases), dtype=np.int32)
    id_order[sorted(range(len(cases)), key=ids.__getitem__)] = np.arange(len(cases), dtype=np.int32)
    id_rank = np.empty(len(cases), dtype=np.int32)
    id_rank[np.lexsort((id_order, named))] = np.arange(len(cases), dtype=np.int32)
    return id_order, id_rank


def _same_places(before: tuple[CaseStudy, ...], after: tuple[CaseStudy, ...], renumbering: Renumbering) -> bool:
    """Every kept case keeps its number, and each case analysed afresh takes the place of one with its id
    and count of organisations (the cases in between are the same objects: only these need comparing)."""
    kept = np.flatnonzero(renumbering.moved >= 0)
    if len(before) != len(after) or not np.array_equal(renumbering.moved[kept], kept):
        return False
    return all(before[n].id == after[n].id and len(before[n].organisations) == len(after[n].organisations)
               for n in renumbering.added)


def _not_a_stop_word(word: str) -> bool:
    """Module-level (pickled with the index by the snapshot cache): which name words correction may read."""
    return not is_stop_word(word)


def _regions_of(case: CaseStudy) -> tuple[str, ...]:
    """A module-level function, not a lambda: the index (and this with it) is pickled by the snapshot cache."""
    return case.regions


_KIND_WORDS = frozenset(
    "council borough district county city metropolitan combined authority royal london".split())
_JOINING = frozenset("of and the for upon on in".split())


def initialisms(organisations: tuple[str, ...], english: Container[str]) -> set[str]:
    """Short forms people type for an organisation, made from its name: "KCC" (Kent County Council),
    "WSCC", "NPT" (Neath Port Talbot), "RCT", "TfL", "TfGM", "DWP", "LOTI", "MHCLG", "CWaC".

    Initials of every word and of the words without "of/and/for/the", of the whole name and of the name
    without its kind ("County Borough Council"); capitalised short words (HM, UK, NHS) stay whole. Only
    three letters or more, and never a real English word, so a short form cannot shadow a question word.
    """
    out: set[str] = set()
    for name in organisations:
        raw = [w for w in name.replace("&", " and ").replace(",", " ").replace("-", " ").split() if w]
        if len(raw) < 2:
            continue
        parts = [(w.lower(), w.lower() if (w.isupper() and len(w) <= 4) else w[0].lower()) for w in raw]
        place = list(parts)
        while place and place[-1][0] in _KIND_WORDS:
            place.pop()
        while place and place[0][0] in _KIND_WORDS | _JOINING:
            place.pop(0)
        for seq in (parts, place):
            for keep_joining in (True, False):
                letters = "".join(i for w, i in seq if keep_joining or w not in _JOINING)
                if len(letters) >= 3 and not is_english(letters, known=english):
                    out.add(letters)
    return out


def _weights(terms: CaseTerms) -> np.ndarray:
    """Each term's weight in its case: its best field's, with a bonus per further field it is in (kept as
    counts of fields per case, and worked out only for the postings table, they take an eighth the memory)."""
    return _WEIGHT_OF_FIELD[terms.fields] * (1 + SPREAD_BONUS * (terms.spreads - 1))


def _uses_any(analysed: CaseWords, phrases: list[set[int]]) -> bool:
    """Whether a case's words include every word of one of `phrases`."""
    used = set(analysed.words.tolist())
    return any(phrase <= used for phrase in phrases)


def _changed_in_place(previous: SearchIndex, keys: list[bytes]) -> list[int] | None:
    """The numbers of the cases whose key differs from that of the previous index's case of the same
    number; None when the cases are not as many as before."""
    if len(keys) != len(previous._keys):
        return None
    return np.flatnonzero(~np.fromiter(map(bytes.__eq__, keys, previous._keys), dtype=bool, count=len(keys))).tolist()


def _renumbering(previous: SearchIndex, keys: list[bytes], fresh: set[int], changed: list[int] | None) -> Renumbering:
    """How the cases (by key) relate to the previous index's, the `fresh`ly analysed ones counting as added.
    `changed`: the numbers whose key changed, if the cases are as many as before (see _changed_in_place)."""
    if changed is not None and fresh.issuperset(changed):  # the usual reload, edits only: each case kept in
        kept = np.ones(len(keys), dtype=bool)                 # its place or read anew
        kept[list(fresh)] = False
        moved = np.where(kept, np.arange(len(keys), dtype=np.int32), np.int32(-1))
        return Renumbering(moved, np.flatnonzero(~kept).tolist(), len(keys))
    old_numbers = {key: number for number, key in enumerate(previous._keys)}
    moved = np.full(previous.size, -1, dtype=np.int32)
    added = []
    last, in_order = -1, True
    for number, key in enumerate(keys):
        old = old_numbers.get(key)
        if old is None or number in fresh:
            added.append(number)
        else:
            moved[old], last, in_order = number, old, in_order and old > last
    return Renumbering(moved, added, len(keys), in_order)


def _same_organisations(old: KnowledgeBase, new: KnowledgeBase, changed: list[int] | None) -> bool:
    """Whether the cases name the same organisations in the same order, against the same register: then
    the council name groups are as before (the cases a reload kept hold the very same objects). With
    `changed` (the numbers of the only cases whose file changed) only those are compared."""
    if old.registry is not new.registry:
        return False
    if changed is not None and len(old.cases) == len(new.cases):
        return all(old.cases[n].resolved == new.cases[n].resolved for n in changed)
    return tuple(case.resolved for case in old.cases) == tuple(case.resolved for case in new.cases)
