"""Taking out what a question says about the asker, so that what remains is what they ask about.

Chatty questions introduce the asker first: "I'm a data analyst at a London borough and we want to predict
which residents will end up homeless", "I lead customer services and we still take cash". The asker's role
("data analyst", "customer services") is not the topic, but as words of the question it pulls towards the
cases about it and counts against the case that answers. Clauses that only say who is asking (a job title,
the service they work in) and to whom they will report are removed before the question is read; a clause
that goes on to say what they do ("I'm the lead on our Copilot rollout") is kept.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from .regions import NATIONS, REGION, REGION_WORDS
from .thesaurus import THESAURUS

_END = (r"(?=\s+(?:and|so|but|which|where|because|who|whose|supporting|serving|helping|covering|working with"
        r"|looking after|being|facing|undergoing|going through|about to|due to|set to|preparing|planning|trying"
        r"|struggling|that (?:is|are|has|have|was|were|will))\b|\s*[,.;:!?]|\s*$)")
"""Where a clause about the asker stops: at a joining word or a punctuation mark, or where what they say
about their organisation begins ("I work for a charity in Scotland supporting low-income families who have
no internet at home": the families' situation is the question's; "I work for one of several district
councils being merged into a new unitary next spring": so is the merger)."""
_WORDS = r"(?:[\w'’-]+ ){0,4}?"
ROLE_NOUNS = (
    "officer manager analyst lead leader head person director developer architect consultant adviser advisor"
    " worker planner engineer specialist coordinator member councillor owner designer researcher apprentice"
    " administrator clerk assistant supervisor inspector volunteer executive"
).split()
_ROLE = r"(?:" + "|".join(ROLE_NOUNS) + r")s?"
_BODY = r"(?:council|authority|borough|district|county|unitary|city|trust|charity|organisation|organization|body)"
"""What an asker's own body is ("we're a small district council", "we're a unitary authority")."""
_DESCRIBED = (r"(?:(?:small|smallish|large|big|busy|growing|rural|urban|coastal|metropolitan|unitary|county|district"
              r"|city|borough|two-tier|shire|london|welsh|scottish|english|northern irish|local) )*")
"""The size and kind an asker gives their own body: any other word ("a stock-holding council") may be what
the question is about, and the clause stays."""
_CAPITALISED = r"(?-i:[A-Z][\w'’-]*(?: (?:and |of )?[A-Z][\w'’-]*)*)"
"""A place's name as written, with capitals ("Northern Ireland", "Newry Mourne and Down")."""
FRAMING = re.compile(
    r"\bi(?:['’]?m| am) (?:a|an|the|one of the) " + _WORDS + _ROLE
    + r"\b(?: (?:(?:working|based) )?(?:at|in|within|across) [^,.;:!?]*?)?" + _END
    + r"|\bi (?:work|am working) (?:in|for|at|within) [^,.;:!?]*?" + _END
    + r"|\bi (?:lead|manage|run|head up|look after|oversee) (?:the |our |a )?" + _WORDS
    + r"(?:services?|team|department|directorate|function|charity|organisation|organization|social enterprise"
    + r"|food ?bank|community (?:group|centre|center|hub)|voluntary group|advice centre|housing association"
    + r"|(?:residents|tenants)['’]? association|youth club)\b"
    + r"(?: (?:at|in|within) [^,.;:!?]*?)?" + _END
    + r"|\b(?:present|report|talk|speak|write a paper|brief) to (?:our|the|my) [^,.;:!?]*?(?= (?:on|about)\b)"
    + r"|\bbefore (?:i|we) (?:write|draft|put together|send|finish|present|take (?:it|this)) [^,.;:!?]*?(?=\s*[,.;:!?]|\s*$)"
    + r"|\bwe(?:['’]re| are) (?:a|an) " + _DESCRIBED + _BODY + r"\b(?: (?:in|at) (?:the )?" + _CAPITALISED + "|" + _END + ")"
    + r"|\b(?:one|question|query|q) from (?:our|my|the) " + _WORDS + r"(?:team|service|department|directorate|office)\b"
    + r"|\bas an? (?:(?:local|council) )?(?:resident|tenant|parent|carer|taxpayer|citizen|member of the public|member of staff"
    + r"|" + _ROLE + r")\b(?: (?:at|in|of|for) [^,.;:!?]*?)?(?=\s*[,.;:!?])"
    + r"|\bi (?:live|grew up) (?:in|near|outside) (?:the )?(?!(?i:scotland|wales|northern ireland)\b)" + _CAPITALISED
    + r"|\b(?:i|we) (?:live|lived)(?= (?:in|near|on|by|next to|outside|close to|just|right)\b)"
    + r"|\bi['’]?m (?:(?:fairly|quite|relatively|very) )?new"
    + r" (?:in post|to (?:the|my) role|to the council|here|in (?:my|the) role)\b" + _END,
    re.IGNORECASE,
)
""""I'm a/an/the <job> [(working or based) at/in/across <place>]", "I work in/for <service or place>", "I
lead/manage/run <a service, team or the asker's group: "I run a food bank">", "we're a <kind of body> [in
<place>]" (its size and kind say who asks, not what: "we're a small district council"), "as a resident", "I
live in <place>" (a named place: "I live in a village with hardly any buses" says what the question is about,
though "live" there is no topic: "I live near the steelworks" asks nothing about live data; a nation stays to
narrow by, as services differ by nation: "I live in Scotland. Is there one login for every council?"), "I'm new in
post", whom the asker will tell ("present to our leadership team" on ...), what they will do with the answer
("before I write the briefing, ...") and whose question it is ("quick one from our digital team")."""


def _at_words(pattern: str) -> re.Pattern[str]:
    """`pattern` (alternatives, each starting at a word or an @-mention) tried only where a word or an
    @-mention starts: tried at every character, the courtesies' and asides' many alternatives took longer
    than the rest of reading a long question's words."""
    return re.compile(r"(?:\b(?=\w)|(?=@))(?:" + pattern + ")", re.IGNORECASE)


NOT_ASKED = re.compile(r"\bnot just\b(?![^,.;:!?]*\bbut\b)[^,.;:!?]*", re.IGNORECASE)
""""Copilot for everyone, not just a pilot group": what the asker says they are past, up to the next
punctuation mark. Its words would otherwise pull towards the cases about exactly that (the pilot). "Not
just X but Y" asks for both, and "instead of" names the change ("one inspector instead of two"): both stay."""


COURTESY = _at_words(
    r"\b(?:(?:many |huge |big )?thanks|thank you)(?: (?:so much|very much|a lot|all|everyone))?(?: in advance)?\b"
    r"|\b(?:any|all) (?:help|advice|pointers|thoughts|suggestions)(?: would be| will be)?"
    r" (?:(?:much|greatly|really|very much|gratefully) )?(?:appreciated|received|welcome|welcomed)"
    r"|\b(?:much|greatly) appreciated\b|\btia\b|\bcheers(?: in advance)?\b"
    r"|\b(?:ideas|thoughts|suggestions|tips|advice|pointers) (?:very |most |always )?(?:welcome|appreciated)\b"
    r"|\b(?:please )?(?:reply|respond|answer|comment)(?:s)? (?:here|below|in (?:the )?thread|by dm|directly)(?: please)?\b"
    r"|\b(?:(?:i|we) )?need (?:this|it|an answer|answers|something|a reply) (?:by|before) (?:the )?(?:monday|tuesday|wednesday"
    r"|thursday|friday|weekend|end of (?:the )?(?:day|week|month)|tomorrow|next week)(?: if possible)?"
    r"|\b(?:it['’]?s|this is|it is) for (?:a|an|the|our) (?:[\w-]+ ){0,2}?(?:paper|report|briefing|presentation|note|update)"
    r" (?:to|for) (?:the |our )?(?:cabinet|committee|board|members|scrutiny|leadership team|management team|executive"
    r"|council|councillors|directors)(?: (?:next|this) (?:week|month))?"
    r"|\bany (?:thoughts|ideas|insights?|experiences?|recommendations|tips|advice|pointers|suggestions|views|feedback)"
    r"(?: (?:on|about) (?:this|that|it))?(?=\s*[?.!]|\s*$)"
    r"|\b(?:(?:i|we)?['’]?d |would )?(?:really |greatly |much )?appreciate (?:any|your|some) (?:insights?|thoughts|views"
    r"|help|advice|pointers|experience|input)\b"
    r"|\b(?:please )?feel free to (?:dm|pm|message|email|contact|ping) (?:me|us)(?: directly)?"
    r"(?: if (?:that['’]?s |it['’]?s |that is |it is )?(?:easier|simpler|quicker))?"
    r"|\b(?:(?:i|we) )?(?:can|could|happy to) (?:share|give|provide|send) more (?:detail|details|info|information|context)"
    r"(?: if (?:useful|helpful|needed|that helps))?"
    r"|\bhappy to (?:share|swap|compare notes|return the favour)\b[^,.;:!?]*"
    r"|\b(?:does |has )?(?:anyone|anybody) (?:have|got|had) (?:any )?experience (?:of|with|in) (?:this|that|it)\b"
    r"|\bcan (?:anyone|anybody|someone) (?:recommend|suggest) (?:someone|anyone|somebody|a contact|a person)"
    r" (?:(?:i|we) could )?(?:to )?(?:talk|speak) to\b"
    r"|\b(?:(?:really |very |so )?(?:keen|eager|happy|interested) to|(?:would|['’]d) (?:love|like) to|love to)"
    r" (?:learn|hear) from (?:others|anyone|anybody|everyone|colleagues|other (?:councils|authorities|people|teams)"
    r"|you(?: all)?|people)\b(?: (?:who|that)\b[^,.;:!?]*)?")
"""A courtesy ("thanks in advance", "TIA", "any help gratefully received", "much appreciated", "happy to
share what we've got", "keen to learn from others", "would love to hear from anyone who's done it"): its
words are no part of the need, and "advance", "received", "share" or "learn", words of the base, pulled
towards the cases about them or counted against every answer."""


ASIDE = _at_words(
    r"\b(?:just |only )?asking for (?:a friend|a colleague|my (?:boss|manager|team))\b"
    r"|\b(?:just|purely|only) (?:curious|wondering|asking|checking)\b"
    r"|\bout of (?:pure |idle |sheer )?(?:interest|curiosity)\b"
    r"|\bif (?:anyone|anybody|someone) (?:knows|has any idea)\b"
    r"|\b(?:if that makes sense|no worries if not|no rush|for what it['’]?s worth)\b"
    r"|\b(?:sorry|apologies|apologise|apologize)\b(?: (?:if|for|to|in advance)\b(?: [\w'’-]+){0,8}?"
    r"(?=\s+but\b|\s*[,.;:!?()]|\s+-\s))?"
    r"|\b(?:(?:this|it) )?(?:might|may|could) be an? (?:daft|silly|stupid|basic|dumb|naive|obvious|random|odd)"
    r" (?:question|one|q)\b"
    r"|\b(?:just )?asking (?:this )?(?:on behalf of|for) (?:a |my |our )?(?:colleagues?|team|manager|boss|director)"
    r"(?: in [^,.;:!?]*?)?(?=\s*[,.;:!?]|\s+-\s)"
    r"|\bcross[- ]?post(?:ing|ed)?(?: from [^,.;:!?]*)?"
    r"|\b(?:sorry,? )?(?:long|longish|lengthy) (?:post|message)\b"
    r"|\bhope (?:everyone|everybody|you|you all|all)(?:['’]s|['’]re| is| are)? (?:all )?(?:well|ok|okay|good|keeping well"
    r"|doing well)\b"
    r"|\bhappy (?:monday|tuesday|wednesday|thursday|friday|new year)(?: all| everyone| folks)?\b"
    r"|\bnot sure (?:if|whether) this is the (?:right|best|correct) (?:place|channel|group|forum)(?: (?:to ask|for this))?"
    r"|\b(?:a )?(?:bit of a )?long shot\b"
    r"|@(?:here|channel|everyone|all)\b|\bfyi(?: all| everyone)?\b"
    r"|\b(?:context|background)\s*:"
    r"|\bquestion (?:for|to) (?:the |you )?(?:group|channel|team|all|everyone|hive mind|network)\b"
    r"|\b(?:a|one of our|our|my) (?:councillors?|members?|cabinet members?|leader|portfolio holder|director|chief exec(?:utive)?"
    r"|ceo|manager|boss|head of service)(?: has| have)? asked (?:me|us)(?: this)?(?: today| yesterday| earlier| recently)?"
    r"|\b(?:our|my) (?:councillors?|members|cabinet member|leader|portfolio holder|director|chief exec(?:utive)?|ceo|boss"
    r"|manager|head of service) (?:wants|want|would like|needs|need|has asked) (?:to know|me to find out|us to find out)"
    r"|\b(?:our|my) (?:audit|scrutiny|governance|finance|cabinet|executive|management|leadership) (?:committee|board|panel"
    r"|team)(?: members?)? (?:wants|want|would like|needs|need|has asked for|have asked for|is asking for|are asking for)\b"
    r"|\bi['’]?ve been (?:tasked with|asked to) (?:looking|look) into (?:this|it)(?=\s*[.!?:]|\s*$)"
    r"|\b(?:our|my) (?:team|service|department) (?:has|have) been asked to (?:find|look for|gather|collect) (?:some )?examples\b"
    r"|\b(?:just )?(?:following up|bumping)(?: (?:on )?(?:this|that|my (?:earlier |last )?(?:post|message|question)))?\b"
    r"|\bi (?:gather|hear)(?: that)?\b(?! (?:data|information|feedback|evidence|intelligence|views|insights?)\b)")
"""What people add around a question to soften it ("..., asking for a friend", "... - just curious", "out of
interest", "sorry if this has been asked before", "this might be a daft question", "I gather"): its words ("friend",
"interest", "sorry", "channel", "gather") are no part of the need, and were counted against every answer as topics
the base lacks, or pulled towards the cases about them. So is the body asking the asker ("our audit
committee wants a standard way to judge our cyber defences"): its "audit" led to the auditor's reports.
An apology's reason ("if this has been asked before") reaches no further than a "but", a punctuation mark
or eight words: what follows is the question."""


HERE = re.compile(
    r"\b(?:nearby|near us|near me|near here|round here|around here|up here|over here|down here|out here|in our area"
    r"|in our region|locally|neighbouring"
    r"|(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )there(?!['’]s| (?:is|are|was|were|be|been|any|anything|anyone"
    r"|anybody|some|something|someone)\b))\b",
    re.IGNORECASE)
"""Words that point back to where the asker is ("has anyone nearby done this", "the government there"); not
"is there any" or "there are"."""
NATIONAL = re.compile(r"\b(?:national(?:ly)?|nationwide|nation-wide|country-wide|countrywide|(?:the|our) government)\b",
                      re.IGNORECASE)
"""Words that point back to the asker's nation only ("I'm at a charity in Scotland ... is there a national
scheme?", "I work in a Scottish public body ... has the government itself set up a team?"): said by someone
in an English region, a national scheme, or the government, is no narrower than the UK's."""


WANTED = _at_words(
    r"\bwhat lessons? (?:(?:have|has|did|were|was|can|could) (?:been |we |they |others |councils |authorities |people )?)?"
    r"(?:learnt|learned)\b"
    r"|\bwhat (?:lessons? )?(?:can|could|should) (?:we|i|councils|others) learn from\b"
    r"|\b(?:good|best|great|promising) practices? (?:on|for|in|around|about|re|with)\b"
    r"|\bwhere (?:can|could|do|would|might) (?:i|we|you|one) (?:find|get|look for|read) (?:out )?(?:more )?"
    r"(?:info|information|details|anything|something|material|stuff)? ?(?:on|about)\b"
    r"|\b(?:would|could|will|can) (?:anyone|anybody|someone|somebody|you) be (?:willing|happy|able|kind enough) to"
    r" share (?:their|your|any|some) (?:experiences?|learning|lessons|insights?|thoughts|views|knowledge)"
    r" (?:of|on|with|about|around)\b"
    r"|\b(?:who|whom) (?:should|could|can|would|might) (?:i|we) (?:speak|talk|chat|reach out) (?:to|with) (?:about|re)\b"
    r"|\b(?:has|does) (?:anyone|anybody|someone) (?:got|have) (?:a |any )?contacts? (?:for|at|on|about|in)\b"
    r"|\b(?:i|we)(?:['’]?m|['’]?re| am| are) (?:really |very |particularly )?interested in (?:hearing|learning|finding out)"
    r" (?:more )?about\b"
    r"|\bwhat(?:['’]s| is) the evidence (?:base )?(?:on|for|about)\b"
    r"|\bany (?:updates?|news|progress) (?:on|about|with)\b"
    r"|\b(?:suits?|suited) (?:(?:that|this|it|us|them|you|our needs|a council) )?(?:the )?best\b|\bbest suit(?:s|ed)?\b")
"""What the asker wants of a topic, said in words of the question ("what lessons have councils learnt from
fly-tipping cameras?", "good practice on potholes?", "where can I find info on street lighting?"): the
topic is what is asked, and "lessons", "practice" or "info" counted against every case that is about it;
so do "would anyone be willing to share their experience of", "who should I speak to about" (the answer
names its contacts), "I'm interested in hearing about", "what's the evidence on" and "any updates on".
"A report on lessons learned" stays: there the lessons are the topic. "Which service suits that best" asks
for the best fit: its "suits" matched the Chromebook case's "G Suite"."""


_BODIES = r"(?:boroughs?|councils?|authorit(?:y|ies)|count(?:y|ies)|cit(?:y|ies))\b"
EVENT_PLACE = re.compile(
    r"\bthe (?:" + "|".join(sorted(map(re.escape, REGION_WORDS), key=len, reverse=True)) + r")"
    r" (?=(?:(?!" + _BODIES + r")[\w'’-]+ ){0,3}?"
    r"(?:fires?|blaze|attacks?|bombings?|riots?|floods?|flooding|olympics|games|disaster|tragedy|explosion)\b"
    r"(?! (?:brigade|service|and rescue|authority|station|commissioner)\b))", re.IGNORECASE)
"""A nation or region naming an event ("after the London tower block fire", "since the Welsh floods"): the
event is what it places, not the cases asked for, so it narrows nothing. A fire brigade or service named
so is a body, and "the London boroughs' fire safety work" asks about London's councils: both keep it."""


def without_framing(question: str, towns: Mapping[str, str] | None = None) -> str:
    """The question without the clauses about the asker, what they say they are past, its courtesies and
    its asides. A nation or region the asker says they work in stays when the question points back to it
    ("I work for a council in Northern Ireland ... the government there set up ..."), as does the nation or
    region of a council's place they name (`towns`: a council's name, as written with capitals, to the
    REGION_WORDS name of its nation or region: "I run a charity in Glasgow ... a national scheme up here?"
    asks about Scotland's); said only of who is asking ("I'm an analyst at a London borough and ..."), it
    narrows nothing."""
    here = HERE.search(question) is not None
    national = not here and NATIONAL.search(question) is not None
    return WANTED.sub(" ", ASIDE.sub(" ", COURTESY.sub(" ", NOT_ASKED.sub(" ", FRAMING.sub(
        lambda clause: _place_kept(clause, national, towns or {}) if here or national or _OUR_BODY.match(clause.group(0))
        else " ", EVENT_PLACE.sub("the ", question))))))


_OUR_BODY = re.compile(r"we(?:['’]re| are) ", re.IGNORECASE)
"""A clause saying what the asker's body is ("we're a council in Northern Ireland ..."): its place stays, as
it was read before such clauses were taken out; its size and kind go."""


def _place_kept(clause: re.Match[str], nations_only: bool, towns: Mapping[str, str]) -> str:
    named = [m.group(1) for m in REGION.finditer(clause.group(0).lower())] + _towns_in(clause.group(0), towns)
    places = list(dict.fromkeys(p for p in named if not nations_only or REGION_WORDS[p][0] in NATIONS))
    return " " + (f"in {' and '.join(places)} " if places else "")


TOWN_WORDS = 4
"""The most words of a council's name looked for ("Newry Mourne and Down")."""


def _towns_in(clause: str, towns: Mapping[str, str]) -> list[str]:
    """The REGION_WORDS names of the councils' places named in `clause`, each written with a capital; in a
    clause typed all in lower case, as chat often is ("a charity in glasgow"), a name with a word that is no
    common word (WordNet has none of the names of places: "reading" or "bath" alone is more likely the word
    than the town)."""
    if not towns:
        return []
    tokens = re.findall(r"[A-Za-z]+", clause)
    lower = clause.islower()
    return [towns[name] for i, token in enumerate(tokens) if token[0].isupper() or lower
            for size in range(1, TOWN_WORDS + 1) if (name := " ".join(tokens[i:i + size]).lower()) in towns
            and (not lower or not all(map(THESAURUS.relatives, tokens[i:i + size])))]


CAPITALS = {"": "London", "uk": "London", "british": "London", "english": "London", "welsh": "Cardiff",
            "scottish": "Edinburgh", "northern irish": "Belfast",
            "the uk's": "London", "britain's": "London", "england's": "London", "wales's": "Cardiff",
            "wales'": "Cardiff", "scotland's": "Edinburgh", "northern ireland's": "Belfast"}
"""Which city "the capital" names, by the nation said with it ("the Welsh capital", "Scotland's capital");
said alone, in the UK, it is London."""
_ADJECTIVES = "|".join(re.escape(k) for k in sorted(CAPITALS, key=len, reverse=True) if k and "'" not in k)
_POSSESSIVES = "|".join(re.escape(k) for k in sorted(CAPITALS, key=len, reverse=True) if "'" in k)
_CAPITAL = re.compile(
    r"\b(?:(?:the|our) (?:(" + _ADJECTIVES + r") )?|(" + _POSSESSIVES + r") )capital(?: city)?\b"
    r"(?![-\w]| (?:budgets?|funding|funds?|costs?|programmes?|spend|spending|investment|receipts?|bids?|grants?"
    r"|projects?|expenditure|allocations?|schemes?|works?|money|assets?|strategy|plans?|account|borrowing"
    r"|financing)\b)",
    re.IGNORECASE)
""""the capital" (or "the Welsh capital", "Scotland's capital", "the capital city") as a place, not "the
capital programme" or "capital funding", which are money for building things: "capital" followed by what
such money is for, or spent on, is that."""


def with_capitals_named(question: str) -> str:
    """The question with "the capital" written as the city it names: asked "AI projects in the capital",
    people mean London's cases, and the word "capital" alone matched a case's capital funding instead."""
    def city(match: re.Match) -> str:
        return CAPITALS[(match.group(1) or match.group(2) or "").lower().replace("’", "'")]

    return _CAPITAL.sub(city, question.replace("’", "'"))


_DEGREE_INSIDE = re.compile(
    r"\b(\w+) ((?:the )?(?:most|more|biggest|largest|highest|greatest|least)) (money|cash|income|revenue|savings?)\b",
    re.IGNORECASE)


def with_degree_after_money(question: str) -> str:
    """The question with a degree said inside a money phrase moved after it: "made the most money" reads as
    "made money the most", so the vocabulary's "made money" (income) is found whole; split, "money" alone
    read as a saving, and "which council made the most money from X" led with the biggest saving."""
    return _DEGREE_INSIDE.sub(r"\1 \3 \2", question)

