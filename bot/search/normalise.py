"""Turning text (a question or a case study field) into the word stems the search compares.

Questions and case studies go through the same steps, so "Saved money on refuse rounds" and "savings from
optimised refuse routes" meet on the same stems. Stop words are dropped last, after phrases are found,
so a phrase such as "in-cab" or "bin day" survives.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect
from collections.abc import Sequence
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[a-z0-9]+")
_STEMMER = Stemmer.Stemmer("english", 0)
"""PyStemmer: the Snowball English stemmer compiled to C, the same algorithm as the pure-Python
`snowballstemmer` (identical stems on every word of the knowledge base, the tests' questions and the English
word list) and many times faster; stemming was half of indexing a large base. Its own cache is off (the 0):
`stem` caches in front of it, and clearing that after indexing must free the stems, but PyStemmer kept its
last 10,000 words and their stems behind it (1.6 MB of a 1,000-case base's held memory, a tenth of it)."""

STOP_WORDS = frozenset(
    """
    a about above after again over least against all also am an and any anybody anyone anything are aren as at be because
    been before being below between both but by can could did didn do does doing done don down during each either
    else ever every few for from further get gets getting got had has have having he her here hers him his how i
    if in into is isn it its itself just know let like ll me might more most much must my myself no nor not of off
    on once one only or other our ours out own please re really s same shall she should so some someone something
    such t than thank thanks that the their theirs them then there these they this those through to too tried try
    trying under until up us ve very want was we were what whats when where which while who whom whose why will
    with would yes yet you your yours whichever whatever whoever wherever whenever meant pan
    tell show find give list looking look seen see heard hear any examples example case cases study studies
    project projects scheme schemes initiative initiatives programme good great best interested idea ideas stuff
    thing things council councils authority authorities organisation organisations local borough district county
    city metropolitan public sector body bodies uk britain british place places people technology technologies
    tech solution solutions dont doesnt didnt cant couldnt wont wouldnt isnt arent wasnt werent im ive id weve
    theyre youre whats hows whos theres lets wed youd theyd youll theyll others
    new improve improves improved improving improvement improvements
    better benefit benefits way ways move moving moved use uses using used make makes made making
    implement implements implemented implementing achieve achieves achieved achieving introduce introduced
    deliver delivers delivered delivering launch launched launches launching adopt adopted adopting adoption deploy
    deployed deploying deploys deployment deployments roll rolled rolling rollout rollouts start started
    introduces introducing introduction
    set build built create created develop developed run runs ran work works worked approach approaches
    happen happens happened happening going biggest largest highest greatest top help strategy strategies
    hi hello hey hiya folks everyone guys cheers
    appreciate appreciated grateful helpful useful wondering wonder wondered asked ask asking question
    questions quick curious keen hoping
    hope hoped possible perhaps maybe probably actually basically honestly literally somebody anywhere
    somewhere everything whether currently recently similar already still even though although however
    ideally thinking think considering consider suggest suggested recommend recommendations pointers
    advice advise tips mentioned mention told say says said colleague colleagues manager managers boss director
    chief members member lot lots bunch massive huge really quite pretty sure wants wanted wanting need
    anyone anybody else
    couple bad terrible awful problem problems struggling struggle struggled scared worried worry nervous
    everybody nobody nightmare headache mess swamped drowning fortune ancient stuck desperate frustrated
    frustrating bit boring crazy mad love loved likes liked liking dislike disliked hate hated enjoy enjoyed
    gone burnt flopped far
    across onto within without towards toward via among amongst around upon instead whilst unless besides away aside apart
    beside beyond near nearby inside outside throughout along alongside beneath underneath despite except regarding rather
    concerning versus many several various numerous dozens dozen twice thrice certain another always often
    sometimes usually rarely seldom soon later earlier ago anyway somehow otherwise therefore thus hence
    meanwhile nonetheless nevertheless indeed able unable likely unlikely sort
    put puts putting turn turns turned turning dealt dealing handle handled handling tackle tackles
    tackled tackling cope coped coping bring brings brought bringing take takes took taken taking keep keeps kept
    keeping go goes went come comes came coming found elsewhere never sorted sorting sorts letting
    looked looks become becomes became becoming shows showing showed shown giving gives gave given finds finding
    sees seeing saw telling tells helps helping helped needs needed needing
    badly constantly surely forever nowhere loads random havent hasnt hadnt shouldnt mustnt tomorrow tonight today
    yesterday properly quickly easily totally completely absolutely seriously definitely genuinely massively hugely
    finally eventually regularly repeatedly continually occasionally frequently generally typically normally mainly
    mostly largely entirely fully partly slightly nearly almost roughly approximately exactly simply merely truly
    kinda sorta lol thx pls plz tbh fyi asap btw imo awesome brilliant lovely amazing fantastic wonderful ok okay
    yeah yep nope sadly luckily hopefully unfortunately fortunately obviously clearly apparently supposedly
    presumably allegedly especially particularly specifically virtually practically essentially somewhat fairly
    now past herself himself ourselves themselves yourself yourselves mightnt neednt shant shes shouldve thatll youve
    twenties thirties forties fifties sixties seventies eighties nineties noughties decade decades
    tens hundred hundreds thousand thousands million millions billion billions pounds less yearly single
    """.split()
)
"""English function words, plus words every question about council practice shares and so cannot tell cases apart
("which councils have done projects on ..."), plus the filler of chatty questions ("hi, my manager asked me to
look into ... any pointers?"), the rest of English's function words (prepositions, quantifiers, sentence
adverbs, the particles of phrasal verbs: "across", "many", "often", "giving away"), words of the asker's
situation ("our system is ancient and we're swamped": how things feel, not what they are), and light verbs
that frame what is asked ("how others dealt with", "websites turned into one", "putting records onto
computer": in 301 cases such a word is rare, so it weighed as much as a topic the base lacks), adverbs of
manner, degree and time and chat's exclamations and abbreviations ("went badly wrong", "constantly", "tbh",
"brilliant": a word the base lacks weighs as a topic it lacks, and these name none), each in the
forms people write it ("looked", "became", "showing": listed in its base form alone, "has anyone looked at"
weighed "looked" as a topic), decades in words ("a system from the nineties": how old, as "1990s" is a
number no case states), and the words of a figure ("tens of thousands of pounds", "less", "yearly",
"every single": how much and how often, which the amounts answer, not what was done; "single sign-on" and
"single person discount" are phrases). Names of places stay searchable through
their other words ("Hammersmith", "Fulham"); phrases are found before stop words go, so "shared service"
survives."""


_IT = re.compile(r"\bIT\b")
_TEAMS = re.compile(r"(?<=\w )Teams\b")
"""'Teams' capitalised after the first word is Microsoft Teams ('moved our phones to Teams'), not 'teams'."""


def fold(text: str) -> str:
    """Lower-case ASCII-ish text: accents dropped, '&' read as 'and', curly quotes straightened, "IT"
    (information technology, in capitals) kept apart from the pronoun "it", and a number's thousands written
    together ("2,000" as "2000")."""
    if "IT" in text:  # a substring search is a tenth of the pattern's: most text has neither word
        text = _IT.sub("ICT", text)
    if "Teams" in text:
        text = _TEAMS.sub("Microsoft Teams", text)
    if not text.isascii():  # most text is; the accents are dropped from the few distinct characters used
        text = unicodedata.normalize("NFKD", text.replace("’", "'"))
        text = text.translate({ord(ch): None for ch in set(text) if unicodedata.combining(ch)})
    text = text.replace("&", " and ").lower()
    if "," in text:
        text = _THOUSANDS.sub(lambda comma: _joined(comma, text), text)
    return text.replace("'s ", " ").replace("'", "")


_THOUSANDS = re.compile(r",(?=\d{3}(?!\d))")
"""A comma before three digits: between digits, it groups a number's thousands ("2,000" is the number 2000,
as a question may write it). Looked for at commas only: a pattern that first checks for a digit before was
ten times slower over a base's texts."""


def _joined(comma: re.Match[str], text: str) -> str:
    return "" if comma.start() and text[comma.start() - 1].isdigit() else ","


def words(text: str) -> list[str]:
    """The words of `text` after folding, in order, stop words included."""
    return _WORD.findall(fold(text))


_COMPOUND = r"\b[a-z]-[a-z]{3,}\b"
"""A word with a one-letter prefix ("e-recruitment", "e-learning", "G-Cloud", "m-commerce")."""
_QUESTION_WORD = re.compile(_COMPOUND + "|[a-z0-9]+")
_PREFIXED = re.compile(r"-(?:(?<=\b[a-z]-)|(?<=\bre-))[a-z]{3,}\b")
"""The hyphen and the rest of a prefixed word (what _COMPOUND finds, less its first letter), or of a word
with "re-" ("re-opened"): a pattern that begins with its hyphen skips to each hyphen of a long text rather
than trying every character."""


_IT_BEFORE_ITS_NOUN = re.compile(
    r"\bit(?= (?:department|team|service|services|system|systems|staff|chores|strategy|contract|contracts|provider"
    r"|providers|director|manager|managers|infrastructure|security|helpdesk|help desk|service desk|budget|estate"
    r"|partnership|equipment|outsourcing|supplier|suppliers)\b)")
""""it" typed in lower case before a noun of information technology's ("our it department", "shared it
service"): chat is often typed all in lower case, and the pronoun is seldom followed by these (not so
"support" or "costs": "does it support", "what it costs")."""


_AMERICAN_ENDING = re.compile(r"\b([a-z]{3,})([iy])z(e|ed|es|ing|ation|ations|er|ers)\b")
"""An American "-ize", "-yze" or "-ization" ("digitize", "analyzed", "organization"): the cases are written
in British English, and the stemmer keeps the two spellings apart ("organiz" and "organis")."""


_GREETING = re.compile(r"\bgood (?:morning|afternoon|evening)\b|^\W*(?:(?:hi|hello|hey|hiya)\W+)?(?:morning|afternoon|evening)\b"
                       r"(?=\W*(?:$|[!,.]|(?:all|folks|everyone|team|guys)\b))")
"""A greeting ("Good afternoon. We ...", "Morning all, ..."), not the time of day a question is about
("phone lines that close in the early afternoon", "a chatbot for the evenings"): as stop words, the times of
day were lost where they were the topic."""


_ENDED_UP = re.compile(r"\b(?:end|ends|ended|ending) up\b")
""""Ended up costing less", "people who end up on the streets": how things turned out, not an end (of life,
of a contract) that cases name."""


_NUMBER_WORDS = {word: n for n, word in enumerate(
    "a two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty".split(), start=1)} | {"one": 1, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                                                     "seventy": 70, "eighty": 80, "ninety": 90}
_COUNT_IN_WORDS = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")[ -](hundred|thousand)\b")
"""A round number written in words ("ten thousand homes", "a hundred trainees"): the cases write it in
figures ("more than 10,000 council homes"), which a question's figure matches."""


def _in_figures(count: re.Match[str]) -> str:
    return str(_NUMBER_WORDS[count.group(1)] * (100 if count.group(2) == "hundred" else 1000))


_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_LARGER_COUNT = re.compile(r"\b(eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
                           rf"|(?:{'|'.join(_TENS)})(?:[ -](?:{'|'.join(_UNITS)}))?)\b")
"""A count from eleven up written in words ("thirteen council services", "twenty-six bots"): the cases write
it in figures ("13 council services"), as style guides have numbers past ten. Smaller ones stay words ("one
login", "two councils"), which the cases write in words too."""


def _count_in_figures(count: re.Match[str]) -> str:
    tens, _, unit = count.group(1).replace("-", " ").partition(" ")
    return str(_NUMBER_WORDS[tens] + (_NUMBER_WORDS[unit] if unit else 0))


_I_READ = re.compile(r"\b((?:i|we|ive|weve|id|wed)(?: (?:have|had|just|recently|once))?) read\b"
                     r"(?= (?:that|about|somewhere|online|in|on|of|how|an?)\b)")
"""The asker saying where they heard of it ("I read that a city's bins ...", "I've read that"): no topic, as
"heard" and "saw" are none; "easy read letters" and "we read the meters" keep theirs."""


def question_words(text: str) -> list[str]:
    """The words of a question, a prefixed word kept whole: "e-recruitment" is not recruitment, so a case
    that only mentions recruiting does not answer a question about e-recruitment systems. A question's
    lower-case "it" before a noun of IT's is IT (a case's text is written with capitals), and its American
    "-ize" endings are written "-ise" (the vocabulary's aliases spell its other American words British)."""
    folded = fold(text)
    if "morning" in folded or "afternoon" in folded or "evening" in folded:
        folded = _GREETING.sub(" ", folded)
    if "d up" in folded or "s up" in folded or "g up" in folded:
        folded = _ENDED_UP.sub(" ", folded)
    if "it " in folded:
        folded = _IT_BEFORE_ITS_NOUN.sub("ict", folded)
    if "z" in folded:
        folded = _AMERICAN_ENDING.sub(_british, folded)
    if " read" in folded:
        folded = _I_READ.sub(r"\1", folded)
    if "hundred" in folded or "thousand" in folded:
        folded = _COUNT_IN_WORDS.sub(_in_figures, folded)
    if "teen" in folded or "ty" in folded or "eleven" in folded or "twelve" in folded:
        folded = _LARGER_COUNT.sub(_count_in_figures, folded)
    return _QUESTION_WORD.findall(folded)


def _british(ending: re.Match[str]) -> str:
    stem, vowel, suffix = ending.groups()
    return ending.group(0) if stem.endswith("s") else f"{stem}{vowel}s{suffix}"  # "resize" is no "resise"


def indexed_words(text: str) -> list[str]:
    """The words of a case's text, and after them its prefixed words whole: a case saying "e-learning"
    answers a question about e-learning and, through "learning", one about learning."""
    folded = fold(text)
    return _WORD.findall(folded) + [w for _at, w in _prefixed(folded)] if "-" in folded else _WORD.findall(folded)


def _prefixed(folded: str) -> list[tuple[int, str]]:
    """Each prefixed word of folded text ("e-learning"), with where it starts; a word with "re-" is written
    closed up, as questions mostly write it ("re-opened" is also "reopened", "re-keying" "rekeying")."""
    return [(m.start() - 2, "re" + m.group(0)[1:]) if folded[m.start() - 2:m.start()] == "re"
            else (m.start() - 1, folded[m.start() - 1:m.end()]) for m in _PREFIXED.finditer(folded)]


END = "\x00"
"""What `words_of_texts` ends each text's words with: no word holds it, and folding neither makes nor joins it."""
_END = re.compile(END)
_WORD_OR_END = re.compile(r"[a-z0-9]+|\x00")


def words_of_texts(texts: Sequence[str]) -> tuple[list[str], list[tuple[int, str]]]:
    """`indexed_words` of many texts at once: every text's words, each text's followed by END, and apart
    each prefixed word whole with the number of its text (`indexed_words` puts them after its other words).
    One search over all the folded texts, which END keeps apart (a text's first and last words are at a
    word boundary, as alone): a search per text was a tenth of a cold load of 10,000 cases. (Each text is
    folded alone: most are ASCII, and folding all at once took every character through the accents' steps.)
    A text holding END itself (YAML can write it) is read alone."""
    folded = END.join(map(fold, texts)) + END
    if folded.count(END) != len(texts):
        return [w for text in texts for w in (*indexed_words(text), END)], []
    if "-" not in folded:
        return _WORD_OR_END.findall(folded), []
    ends = [m.start() for m in _END.finditer(folded)]
    return _WORD_OR_END.findall(folded), [(bisect(ends, at), word) for at, word in _prefixed(folded)]


STEM_EXCEPTIONS = {"parking": "parking", "housing": "housing", "accessibility": "accessibility",
                   "accessible": "accessible", "connectivity": "connectivity", "unusable": "unusable",
                   "screening": "screening", "spent": "spend",
                   "sold": "sell", "bought": "buy", "grew": "grow", "grown": "grow", "sent": "send"}
"""Words the English stemmer merges with a different topic: "parking" would stem to "park", so a question
about parks would find parking permits; "housing" would stem to "hous" and find every "in-house team",
"accessibility" and "accessible" would be "access" and find self-access libraries, "connectivity" would be
"connect" and find "Connected Bradford" (each saying it found the word in the title), "unusable" would be
"unus" and systems an attack left unusable would be "unused" licences, "screening" (sifting cases, as triage does) would be
"screen" and find bus display screens. The stemmer leaves irregular past forms apart from their verbs: "spent"
and "sold" are stemmed as "spend" and "sell", so "spending millions" finds what a case "spent". (Forms such as
"written" or "chosen" were tried too and lost questions: "written" is as often "in writing".)"""


STEM_FAMILIES = {"submiss": "submit", "reduct": "reduc", "subscript": "subscrib",
                 "descript": "describ", "transmiss": "transmit", "emiss": "emit"}
"""Nouns the stemmer leaves apart from their verbs ("submissions" is "submiss", "submit" is "submit"): one
stem for both, so "planning submissions" finds a case saying applicants "submit" plans online. Only pairs
with one meaning: "application" (a form, or software) and "permission" (not a parking "permit") stay apart."""


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The word's stem; the word itself (the same string) when stemming leaves it as it is, as it leaves most
    of a base's words: the index then holds one string for the word and its term, not two equal ones (a
    fresh string for every unchanged stem was 0.3 MB of a 1,000-case base's held memory)."""
    stemmed = STEM_EXCEPTIONS.get(word) or _STEMMER.stemWord(word)
    stemmed = STEM_FAMILIES.get(stemmed, stemmed)
    return word if stemmed == word else stemmed


def is_stop_word(word: str) -> bool:
    return word in STOP_WORDS
