"""Reading text into search terms: stems and vocabulary concepts for case studies, query units for questions.

A question becomes *units*, one per meaningful word or vocabulary phrase. Each unit has alternatives (its
stem, its concept) with a quality, so "bins" fully matches a case that says "bins" and nearly fully one that
says "refuse". Scoring asks how much of the question's units a case covers.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import chain, compress, count, islice
from operator import or_

from .normalise import STOP_WORDS, fold, is_stop_word, question_words, stem
from .vocabulary import Vocabulary, expand_aliases

CONCEPT_QUALITY = 0.85
"""How much a match through a synonym counts, against the word itself."""


@dataclass(frozen=True)
class Unit:
    """One meaningful part of a question: the words as asked, and the terms that would match it."""

    text: str
    alternatives: tuple[tuple[str, float], ...]
    corrected: bool = False
    clause: int = 0
    """Which clause of the question the unit is in (see `CLAUSE_BREAK`)."""
    asked: bool = True
    """The unit is in a clause that asks (a question, "who ...", "any examples of ..."), or no clause with
    words of its own asks: the other clauses tell the asker's story."""
    read_as: tuple[tuple[str, str], ...] = ()
    """(term, word) for each alternative that reads the unit as another word the base uses (a WordNet
    relative: see bridge.py), so why a case matched can say which word the asker's was read as."""
    apart: tuple[str, ...] = ()
    """For a phrase of several words, the stems of its own words (not its small ones): a case that says
    them apart ("parking permits go virtual" for "virtual parking permits") matches the phrase in part."""

    @property
    def own_alternatives(self) -> tuple[tuple[str, float], ...]:
        """The terms of the unit's own words (its stem, its vocabulary concept), not the relatives read."""
        return self.alternatives[: len(self.alternatives) - len(self.read_as)]


def terms_of_words(raw: list[str], vocabulary: Vocabulary) -> set[str]:
    """The stems and concepts that case study text (already split into words) offers to questions."""
    return set(term_list_of_words(raw, vocabulary))


def term_list_of_words(raw: list[str], vocabulary: Vocabulary) -> list[str]:
    """Like `terms_of_words`, but every occurrence kept, in order: the bag of terms BM25 counts. (Indexing
    runs this on every field of every case, so the common cases take short cuts: no alias in the text, no
    Python call per word.)"""
    aliased = not vocabulary.alias_starts.isdisjoint(raw)
    tokens = [t for t, _q in expand_aliases([(w, 1.0) for w in raw], vocabulary)] if aliased else raw
    stems = list(map(stem, tokens))
    terms = [s for t, s in zip(tokens, stems) if t not in STOP_WORDS]
    for start, size, concept in _phrases(stems, vocabulary, tokens):
        terms.append(concept)
        if size > 1:
            terms.append(phrase_term(stems[start : start + size]))
    return terms


def phrase_term(stems: list[str]) -> str:
    """The term for an exact multi-word phrase ("robotic process automation"), beside its concept."""
    return "_".join(stems)


@dataclass(frozen=True)
class ParsedQuestion:
    units: list[Unit]
    corrections: tuple[tuple[str, str], ...]
    """(asked, read as) for each misspelt word, so the answer can show what the bot understood."""
    points_back: bool = False
    """What is asked points back to the asker's story ("... a reporting tool like that?"): a topic the base
    lacks, named in the story, is then asked about (the story still counts less in the ranking: most of it
    is the asker's situation, not the topic)."""

    def corrected(self, text: str) -> str:
        """`text` (the question read) with each misspelt word written as it was read: what the patterns that
        read a question's intent look at ("the most extra buisness rates" asks for the most income)."""
        for asked, read_as in self.corrections:
            text = re.sub(rf"\b{re.escape(asked)}\b", read_as, text, flags=re.IGNORECASE)
        return text


Corrector = Callable[[str], tuple[str, float] | None]


def parse_question(text: str, vocabulary: Vocabulary, correct: Corrector, correct_name: Corrector | None = None,
                   initial_names: bool = False, is_name: Callable[[Unit], bool] | None = None) -> ParsedQuestion:
    """Units for a question; `correct` maps an unknown word to a known one (fuzzy), or to the base's words
    it joins up ("notetaker": "note taker", read as the words apart), with a quality.

    `correct_name` reads a real word written as a name ("what has Fief done?") as an organisation's name:
    only there, since "fief" written as an ordinary word is meant. A capitalised word that starts a sentence
    is written as a name too only with `initial_names` (most such words are ordinary ones). `is_name` says
    which units can only be a name however written: chat is often typed all in lower case ("what has wigan
    done?")."""
    clauses, asking, sentences, beside, describing = _clauses(text)
    asked = [word for clause in clauses for word in clause]
    names = _written_as_names(text, asked, initial_names) if correct_name is not None else set()
    corrected = [_corrected(word, correct) if i not in names else _as_name(word, correct, correct_name)
                 for i, word in enumerate(asked)]
    corrections = tuple(dict.fromkeys((a, c) for a, (c, _q) in zip(asked, corrected) if a != c))
    pairs: list[tuple[str, float]] = []
    clause_of: list[int] = []
    start = 0
    for number, clause in enumerate(clauses):
        spaced = [(part, q) for word, q in corrected[start : start + len(clause)] for part in word.split(" ")]
        expanded = expand_aliases(spaced, vocabulary)  # a joined word read as the base's words apart
        pairs += expanded
        clause_of += [number] * len(expanded)
        start += len(clause)
    units = _units(pairs, vocabulary, clause_of, frozenset(fold(w) for w in _WITH_CAPITAL.findall(text)))
    named = {c for i in names for c, _q in (corrected[i],)}

    back_words = [_back_words(clause) for clause in clauses]

    def said_of_story(unit: Unit) -> bool:
        """The unit is said of the asker's story ("done this at scale", "that kind of mix"), not asked."""
        return set(unit.text.split()) <= back_words[unit.clause] - DOING_IT

    def names_a_topic(chosen: set[int]) -> bool:
        """"has anyone switched?" is no topic; "what has Barnsley done?" is (a word of the vocabulary's groups
        or a name is enough; otherwise two words). The words that point back to the asker's story ("has any
        council dealt with that kind of mix?") name none."""
        topic = _dedupe([u for u in units if u.clause in chosen and not set(u.text.split()) <= back_words[u.clause]
                         and not set(u.text.split()) <= WHO_DID_IT])
        return len(topic) >= 2 or any(len(u.alternatives) > 1 or u.text in named or is_name is not None and is_name(u)
                                      for u in topic)

    def says_something_known(chosen: set[int]) -> bool:
        """A word of the clauses is one the base knows (or a phrase of its vocabulary, or a name)."""
        return any(u.clause in chosen and (" " in u.text or u.text in named or correct(u.text) == (u.text, 1.0))
                   for u in units)

    asking_clauses = {u.clause for u in units if asking[u.clause]}
    need_told = not asking_clauses
    if not need_told:  # "A council got hit after hackers slipped an email into a supplier's thread. How did it
        # recover?": a council told of in the third person is the case sought, not the asker's own story
        asking_clauses |= {u.clause for u in units if describing[u.clause]}
    if need_told:
        # No clause asks: the need is the last sentence with a word the base knows ("we're reviewing how we
        # do things. moving servers to Azure", "... so I need evidence. potholes."), not a closing courtesy
        # after it ("... Anything recent would be great."), nor the asker's story told after the need
        # ("payment kiosks in libraries. We're just starting out and don't want to reinvent the wheel."):
        # a sentence that opens in the first person, or follows a spaced dash ("Wigan bins - sorry if this
        # is the wrong channel"), is said around the need when another names it.
        told = sorted({sentences[u.clause] for u in units}, reverse=True)
        known = [chosen for sentence in told if says_something_known(
            chosen := {u.clause for u in units if sentences[u.clause] == sentence})]
        asking_clauses = next((chosen for chosen in known
                               if not (beside[min(chosen)] or _tells_the_story(clauses[min(chosen)]))),
                              known[0] if known else set())
    if ((need_told and asking_clauses) or names_a_topic(asking_clauses)) and not any(
            _asks_of_the_story(clauses[n]) for n in asking_clauses):
        units = [u if u.clause in asking_clauses and not said_of_story(u) else replace(u, asked=False)
                 for u in units]  # asked by default
    return ParsedQuestion(_dedupe(units), corrections, any(_points_back(clauses[n]) for n in asking_clauses))


def _clauses(text: str) -> tuple[list[list[str]], list[bool], list[int], list[bool], list[bool]]:
    """The words of each clause of `text`, whether the clause asks, which sentence it is in, whether it
    follows a spaced dash (an aside: "... - thanks, the boss wants it by Friday"), and whether it tells of
    another council (`DESCRIBING`)."""
    clauses: list[list[str]] = []
    asking: list[bool] = []
    describing: list[bool] = []
    sentences: list[int] = []
    beside: list[bool] = []
    sentence = 0
    pieces = re.split(f"({CLAUSE_BREAK.pattern})", text, flags=re.IGNORECASE)
    for part, before, end in zip(pieces[::2], ["", *pieces[1::2]], [*pieces[1::2], ""]):
        said = question_words(part)
        asks = "?" in end or ASKING.match(part) is not None or _asks_after_opening(part)
        if clauses and said[:1] in (["and"], ["or"]):
            clauses[-1] += said  # "... refuse routing? and telepathy budgets": the same question goes on
            asking[-1] = asking[-1] or asks
        else:
            clauses.append(said)
            asking.append(asks)
            describing.append(DESCRIBING.match(part) is not None)
            sentences.append(sentence)
            beside.append(DASH.fullmatch(before) is not None)
        sentence += bool(re.search(r"[.!?;:]", end) or DASH.fullmatch(end))
    return clauses, asking, sentences, beside, describing


DESCRIBING = re.compile(r"\s*(?:i (?:heard|read|saw)(?: that| about)? )?(?:there was )?(?:a|one|some|another)"
                        r"(?: [\w'-]+){0,2} (?:council|borough|authority|county|district)\b", re.IGNORECASE)
"""A clause telling of another council ("I heard a county council called off its launch ...", "A small
council in Cumbria had its computers locked up ..."): what it tells is what the asker wants found."""


BACK = re.compile(r"\b(?:like (?:that|this|it|those|these|ours|mine)|(?:something|anything|one) (?:similar|like that|like this)"
                  r"|the same (?:thing|kind|sort|type)|(?:that|this) (?:kind|sort|type) of"
                  r"|(?:these|those)(?! (?:days|years|months|weeks)\b)"
                  r"|(?:run|ran|running|done|tried|trialled|built|got|introduced|launched|used|applying for|apply for) one"
                  r"|(?:its|their|our|your|an?) own (?:version|one|equivalent)"
                  r"|for (?:this|that|them)(?=\s*[?.!]|\s*$)"
                  r"|(?:track|do|doing|did|done|manage|handle|fix|solve|tackle) (?:that|this)"
                  r"(?: at (?:that )?scale)?$"
                  r"|(?:that|this) (?:process|service|system|scheme|work|job|task|forms?|choice|decision|dilemma|problem|issue"
                  r"|situation|challenge|options?|switch|move|transition)\b"
                  r"|(?:find|get|recruit|attract|sign up|reach) (?:more|enough)$"
                  r"|(?:do|does|did|done|doing|run|ran|crunched?) the (?:sums|numbers|maths?)(?: on (?:this|that|it))?"
                  r"|(?:start|started|starting|begin|began|begun) (?:there|here|that way|this way|with (?:that|this|it))"
                  r"|(?:grow|grown|grew|scale|scaled|expand|expanded|build|built) (?:it|that|this) (?:up|out|into))\b")
"""How a question asks for what the asker has just described ("We want residents to report hate incidents
online. Has any council built a reporting tool like that?", "We still issue market stall licences on paper.
Has another council moved these online?", "... an e-scooter hire trial. Has any council run one?", "we're
struggling to recruit foster carers. Has any council used digital marketing to find more?", "... Has a Scottish
council done this at scale?", "... Has anyone done the sums on this?", "... Has anyone started there and grown it
into a proper programme?", "... Has a council worked through that choice?", "... Has any council built its own
version?")."""

SAME_THING = re.compile(r"\b(?:(?:is|was|are|were|s) behind|(?:lived|been|gone|went|come|came|got|going) through"
                        r"|who (?:is|s|was|are|were) (?:organising|organizing|running|leading|funding|paying for"
                        r"|coordinating|co-ordinating|in charge of|responsible for)"
                        r"|what (?:has |s )?(?:happened|became) (?:with|to|of)) (?:that|this|it)\b")
"""How a question asks about the very thing the asker has described, not something like it ("... every
teacher is getting a new laptop. Who is behind that?", "... Who is organising that?", "My nightmare is
criminals scrambling our shared drives. Has a small council lived through that, and what kept working?",
"... the councils clubbed together on a replacement. What happened with that?"): the story is then what
is asked.
("Has anyone shared a trial like that between two councils?" asks for something like it, with words of its
own that the answer must have.)"""


def _points_back(words: list[str]) -> bool:
    return BACK.search(" ".join(words)) is not None or _them_back(words) or _asks_of_the_story(words)


def _asks_of_the_story(words: list[str]) -> bool:
    return SAME_THING.search(" ".join(words)) is not None


ASKERS = frozenset({"councils", "authorities", "boroughs", "others", "people", "organisations", "bodies", "areas"})
"""Plural words of who is asked, not of what: "have other councils put them online?" still points back."""
WHO_DID_IT = ASKERS | {"group", "groups", "district", "districts", "county", "counties", "unitary", "unitaries",
                       "borough", "neighbours", "neighbouring"}
"""Words of who might have done what the asker told, naming no topic of the question's own: "... add IT and
building control to the arrangement. Has a group of districts done that?" asks about the arrangement told."""


KIND_OF_IT = re.compile(r"\b(?:that|this|the same) (?:kind|sort|type) of (\w+)")
"""The thing a back-reference names after "that kind of" ("dealt with that kind of mix?"): the asker's
story tells what it is."""


DOING_IT = frozenset({"track", "manage", "handle", "fix", "solve", "tackle", "find", "get", "recruit", "attract",
                      "sign", "reach"})
"""The verbs of a back-reference that still say what is asked: "is anyone building something to track that?"
asks about tracking, where "done this at scale" asks nothing of its own."""


def _back_words(words: list[str]) -> set[str]:
    """The words of `words` (a clause) that point back to the asker's story rather than name a topic."""
    said = " ".join(words)
    spans = [m.group(0) for m in BACK.finditer(said)] + [m.group(0) for m in KIND_OF_IT.finditer(said)]
    return {word for span in spans for word in span.split()}


def _them_back(words: list[str]) -> bool:
    """"them" stands for what the asker described before ("... Has any council put them online?"), unless
    the clause names things of its own before it: "traffic lights that tell bikes apart from cars and let
    them go first" asks about the bikes."""
    if "them" not in words:
        return False
    before = words[:words.index("them")]
    return not any(len(w) > 3 and w.endswith("s") and not w.endswith("ss") and w not in ASKERS
                   and not is_stop_word(w) for w in before)


def _asks_after_opening(part: str) -> bool:
    """The clause asks after an opening phrase set off by a comma ("In the first lockdown, how did a council
    ...", "As a small district, has anyone ..."), or a few of them ("Hi all, in the first lockdown, how did
    ..."): the question is the clause's, not only a later one's."""
    at = part.find(",")
    while at >= 0 and len(part[:at].split()) <= OPENING_WORDS:
        if ASKING.match(part[at + 1:]) is not None:
            return True
        at = part.find(",", at + 1)
    return False


OPENING_WORDS = 8
"""At most this many words before the comma make an opening phrase rather than a clause of their own."""


FIRST_PERSON = frozenset(("i", "im", "ive", "id", "we", "were", "weve", "wed", "our", "my", "us"))
"""How a sentence about the asker opens ("We're", "I've", "our team", "my manager"), as question_words
writes them ("we're" is "were": a need does not open with the past of "be" either)."""


def _tells_the_story(words: list[str]) -> bool:
    """The clause opens in the first person: it tells the asker's situation rather than naming a need."""
    return bool(words) and words[0] in FIRST_PERSON


ASKING = re.compile(r"\s*(?:who|which|what|how|has|have|had|does|do|did|is|are|can|could|would|any|anyone|anybody"
                    r"|where|when|why|tell|show|find|list|give|examples?|looking for)\b"
                    r"|\s*(?:(?:i|we)(?:['’]m|['’]re| am| are)? )?(?:wondering|wonder|curious|(?:keen|interested) to"
                    r" (?:know|hear|learn)|(?:i|we)(?:['’]d| would) (?:like|love) to (?:know|hear|learn)|(?:i|we)"
                    r" (?:want|need) to (?:know|find out))(?: about)? (?:who|which|what|how|whether|if|where|when|why)\b",
                    re.IGNORECASE)
"""How a clause that asks starts (a clause that ends in "?" asks too), directly or as an indirect question
("I'm wondering how other councils ...", "we'd like to know whether ..."): a clause that only says the
asker wonders ("I'm wondering about this") asks nothing of its own."""


DASH = re.compile(r"\s+[-–—]+\s+")
"""A dash with spaces around it, which sets off what follows as an aside; a hyphen joins words ("e-forms")."""
CLAUSE_BREAK = re.compile(r"[.!?;:]+(?:\s+|$)|\s+(?:but|so|because|although|though)\s+|" + DASH.pattern,
                          re.IGNORECASE)
"""Where a question's clauses meet: sentence ends, the joining words that start a new thought ("sorry if
this is a daft question, but who ..."), and a spaced dash ("who scans post - sorry if this is the wrong
channel"). What the asker says around their question is a clause of its own."""


def _units(pairs: list[tuple[str, float]], vocabulary: Vocabulary, clause_of: list[int],
           capitalised: frozenset[str]) -> list[Unit]:
    tokens = [t for t, _q in pairs]
    stems = [stem(t) for t in tokens]
    units: list[Unit] = []
    covered: set[int] = set()
    for start, size, concept in _phrases(stems, vocabulary, tokens, capitalised, overlaps_whole=True):
        covered.update(range(start, start + size))
        q = min(q for _t, q in pairs[start : start + size])
        exact = stems[start] if size == 1 else phrase_term(stems[start : start + size])
        alternatives = ((exact, q), (concept, q * CONCEPT_QUALITY))
        apart = tuple(dict.fromkeys(stems[i] for i in range(start, start + size)
                                    if not is_stop_word(tokens[i]) and len(tokens[i]) > 1)) if size > 1 else ()
        units.append(Unit(" ".join(tokens[start : start + size]), alternatives, q < 1.0, clause_of[start],
                          apart=apart if len(apart) > 1 else ()))
    for i, (token, q) in enumerate(pairs):
        if i not in covered and not is_stop_word(token) and len(token) > 1:
            units.append(Unit(token, ((stems[i], q),), q < 1.0, clause_of[i]))
    return units


NAME_KINDS = frozenset(("council", "borough", "county", "district", "city"))
"""Words that follow a council's name ("Fife Council", "Brent borough", "Derby City Council")."""
_WITH_CAPITAL = re.compile(r"\b[A-Z][A-Za-z]*")
"""A word written with a capital, wherever it is (a name of ordinary words counts only so written)."""
_CAPITALISED = re.compile(r"(^|[.!?:;]\s+|\s+)\(?([A-Z][a-z]+)\b")


def _written_as_names(text: str, asked: list[str], initial: bool) -> set[int]:
    """Positions of the words written as names: capitalised within a sentence (or, with `initial`, at its
    start) or followed by a kind of council. With `initial`, in a part of the question typed all in lower case
    (chat often is: "fief digital champions", "Hi all, fief digital champions"), any word, when the question
    asks something besides: nothing tells a name there but the rest of the question ("what about the fief of
    it" is no question about Fife)."""
    capitalised = {fold(m.group(2)) for m in _CAPITALISED.finditer(text) if initial or m.group(1).isspace()}
    names = {i for i, word in enumerate(asked)
             if word in capitalised or (i + 1 < len(asked) and asked[i + 1] in NAME_KINDS)}
    if initial and sum(not is_stop_word(w) for w in asked) > 1:
        names |= _typed_in_lower_case(text, len(asked))
    return names


def _typed_in_lower_case(text: str, count: int) -> set[int]:
    """Positions of the question's words (of `count`, as `question_words` reads the whole) in its parts typed
    all in lower case, a part ending at a comma or a sentence's end. Nothing if the parts' words do not add up
    to the whole's (a word read across a part's end)."""
    positions: set[int] = set()
    start = 0
    for part in _PART_END.split(text):
        size = len(question_words(part))
        if part.islower():
            positions.update(range(start, start + size))
        start += size
    return positions if start == count else set()


_PART_END = re.compile(r"(?<=[.!?,;:])\s+")


def _as_name(word: str, correct: Corrector, correct_name: Corrector | None) -> tuple[str, float]:
    """A word written as a name: corrected as any word when it is misspelt; when it is a real word the base
    does not use, read as the organisation name it is one slip from, if there is one."""
    if is_stop_word(word) or len(word) < 4:
        return word, 1.0
    found = correct(word)
    if found is None and correct_name is not None:
        found = correct_name(word)
    return found or (word, 1.0)


def _corrected(word: str, correct: Callable[[str], tuple[str, float] | None]) -> tuple[str, float]:
    """The word as the knowledge base spells it ("fullham" -> "fulham", "notetaker" -> "note taker"), with how
    sure the correction is; a prefixed word ("e-tendering") is never corrected into its plain word, though it
    is read as the base writes it ("e-books" as "ebooks")."""
    if is_stop_word(word) or len(word) < 4:
        return word, 1.0
    return correct(word) or (word, 1.0)


def _phrases(stems: list[str], vocabulary: Vocabulary, tokens: list[str], capitalised: frozenset[str] | None = None,
             overlaps_whole: bool = False):
    """(start, size, concept) for each vocabulary phrase in `stems` (of the words `tokens`), longest first,
    not overlapping; a phrase that counts only word for word, only so written, and in a question (whose
    words written with a capital are `capitalised`) one of ordinary words only with capitals. With `overlaps_whole`
    (a question's), a phrase is cut short where that reads one overlapping its end whole
    (`_shortened_for_next`); a case's texts keep to leftmost-longest, as case_analysis reads them in bulk. Only the
    places where a phrase can start are looked at (see `Vocabulary.phrase_openings`), found without a
    Python step per word."""
    openings = vocabulary.phrase_openings
    opens = map(or_, map(openings.__contains__, stems),
                map(openings.__contains__, zip(stems, islice(stems, 1, None))))  # the last stem begins no pair
    after = 0
    for i in compress(count(), chain(opens, map(openings.__contains__, stems[-1:]))):
        if i < after:
            continue  # inside the phrase just found
        longest = longest_phrase(stems, tokens, i, len(stems), vocabulary, capitalised)
        if longest is not None and overlaps_whole:
            longest = _shortened_for_next(stems, tokens, i, longest, vocabulary, capitalised)
        if longest is not None:
            yield i, *longest
            after = i + longest[0]


def _shortened_for_next(stems: list[str], tokens: list[str], start: int, longest: tuple[int, str],
                        vocabulary: Vocabulary, capitalised: frozenset[str] | None) -> tuple[int, str] | None:
    """The phrase at `start`, cut short (to a phrase of its first words, or to none) where a phrase overlapping
    its end then reads more of the question's words as phrases: "automated chat helper" as "automated" and
    "chat helper" (every word read) rather than "automated chat" and a lone "helper", a word the base does not
    use; "moved homes for ukraine" as "moved" and "homes for ukraine" rather than "moved homes" (moving house)
    and "for ukraine"."""
    end = start + longest[0]
    after = longest_phrase(stems, tokens, end, len(stems), vocabulary, capitalised)
    kept = longest[0] + (after[0] if after else 0)
    """How many words read as phrases keeping it: itself and whatever phrase follows it."""
    for middle in range(start + 1, end):
        overlapping = longest_phrase(stems, tokens, middle, len(stems), vocabulary, capitalised)
        if overlapping is not None and middle + overlapping[0] > end:
            head = longest_phrase(stems, tokens, start, middle, vocabulary, capitalised)
            head = head if head is not None and head[0] == middle - start else None
            if (head[0] if head else 0) + overlapping[0] > kept:
                return head
    return longest


def longest_phrase(stems: list[str], tokens: list[str], start: int, stop: int, vocabulary: Vocabulary,
                   capitalised: frozenset[str] | None = None) -> tuple[int, str] | None:
    """(size, concept) of the longest vocabulary phrase of `stems` starting at `start` and ending by `stop`
    (see `_phrases`), or None."""
    phrases, worded, prefixes = vocabulary.phrases, vocabulary.worded, vocabulary.phrase_prefixes
    longest = None
    for end in range(start + 1, stop + 1):
        key = tuple(stems[start:end])
        concept = phrases.get(key)
        if concept and (key not in worded or _written(key, tokens[start:end], vocabulary, capitalised)):
            longest = end - start, concept
        if key not in prefixes:
            break
    return longest


def _written(key: tuple[str, ...], tokens: list[str], vocabulary: Vocabulary, capitalised: frozenset[str] | None) -> bool:
    """The word-for-word phrase `key` is written as `tokens` the way it must be."""
    return tuple(tokens) in vocabulary.worded[key] and (capitalised is None or key not in vocabulary.capitalised
                                                       or all(t in capitalised or t in NAME_LINKS for t in tokens))


NAME_LINKS = frozenset(("of", "for", "and", "the", "in", "on", "at", "to", "upon"))
"""The small words a name leaves lower-case ("Centre for Digital Public Services")."""


def _dedupe(units: list[Unit]) -> list[Unit]:
    """A question that says "bins, bins, bins" asks about bins once; one that says a word both around what
    it asks and in it ("we now have far fewer desks than staff. what desk booking systems ...?") asks it."""
    kept: dict[tuple[tuple[str, float], ...], Unit] = {}
    for unit in units:
        key = tuple(sorted(unit.alternatives))
        if key not in kept or unit.asked and not kept[key].asked:
            kept[key] = unit  # in the place of its first mention
    return list(kept.values())
