"""WordNet's relatives of a word, read on demand from the table `tools/build_thesaurus.py` derives from it.

People ask with everyday words no case uses ("scam" for fraud, "voter" for elector); WordNet (Princeton,
see LICENSE and SOURCE.md here) says which words are the same sense, a derived form, or one step broader or
narrower. The table (2.4 MB) is read a compressed block of 64 words at a time: only words the knowledge base
lacks are looked up, so a process that never meets one never opens it, and one that does holds the list of
the blocks' first words and the entries of the words it met.
"""
from __future__ import annotations

import bisect
import json
import threading
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("relatives.bin")
MAGIC = b"practice-bot thesaurus 1\n"
"""What the table starts with (tools/build_thesaurus.py writes it; its `write` describes the layout)."""

SYNONYM, DERIVED, BROADER, NARROWER = "s", "d", "h", "o"
"""How a relative relates to the word (the table's letters): the same sense, a derived form, one step broader,
one step narrower."""

ENDINGS = (("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
           ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""),
           ("er", ""), ("est", ""), ("er", "e"), ("est", "e"))
"""WordNet's detachment rules (morphy(7WN)) of nouns, verbs and adjectives: how an inflected word is taken
back to the lemmas it may be a form of."""


@dataclass(frozen=True)
class Relative:
    kind: str
    sense: int
    """Which sense of the word it relates to, 0 for the most frequent."""
    lemma: str
    """As WordNet writes it, lower case, words separated by spaces ("electoral roll")."""


class Thesaurus:
    """Look-ups in one table file, safe to share between threads and processes (each read opens the file)."""

    def __init__(self, path: Path = TABLE):
        self.path = path
        self._blocks: tuple[list[str], list[int], int] | None = None
        self._lock = threading.Lock()
        self._entry = lru_cache(maxsize=4096)(self._read_entry)

    def relatives(self, word: str) -> tuple[Relative, ...]:
        """The relatives of `word` and of the lemmas it may be an inflection of ("voters": "voter"), in the
        table's order for each: sense by sense, synonyms, derived forms, broader, narrower."""
        out: dict[tuple[str, str], Relative] = {}
        for lemma in self.lemmas(word):
            for entry in self._entry(lemma)[1].split(";"):
                if entry:
                    head, other = entry.split(" ", 1)
                    if other != word:
                        out.setdefault((head[0], other), Relative(head[0], int(head[1:]), other))
        return tuple(out.values())

    def lemmas(self, word: str) -> list[str]:
        """The lemmas `word` may be a form of: itself, its irregular base ("mice": "mouse"), and what
        WordNet's detachment rules leave ("voters": "voter")."""
        found = [word]
        base = self._entry(word)[0]
        if base:
            found.append(base)
        found += [word[: -len(end)] + new for end, new in ENDINGS if word.endswith(end) and len(word) > len(end) + 2]
        return list(dict.fromkeys(found))

    def _read_entry(self, word: str) -> tuple[str, str]:
        """(irregular form's base, relatives) of one word as the table has them; empty strings if it lacks it."""
        first, ends, start = self._index()
        block = bisect.bisect_right(first, word) - 1
        if block < 0:
            return "", ""
        begin = ends[block - 1] if block else 0
        with self.path.open("rb") as table:
            table.seek(start + begin)
            lines = zlib.decompress(table.read(ends[block] - begin)).decode().split("\n")
        keys = [line.split("\t", 1)[0] for line in lines]
        at = bisect.bisect_left(keys, word)
        if at == len(keys) or keys[at] != word:
            return "", ""
        _word, base, found = lines[at].split("\t")
        return base, found

    def _index(self) -> tuple[list[str], list[int], int]:
        """Each block's first word and end offset, and where the blocks start: read once, on first use."""
        with self._lock:
            if self._blocks is None:
                with self.path.open("rb") as table:
                    if table.read(len(MAGIC)) != MAGIC:
                        raise ValueError(f"{self.path} is not a thesaurus table")
                    size = int.from_bytes(table.read(8), "big")
                    header = json.loads(zlib.decompress(table.read(size)))
                self._blocks = header["first"], header["end"], len(MAGIC) + 8 + size
            return self._blocks


THESAURUS = Thesaurus()
