"""WordNet's relatives of a word, read on demand from the table `tools/build_thesaurus.py` derives from it.

People ask with everyday words no case uses ("scam" for fraud, "fake" for simulated); WordNet (Princeton,
see LICENSE and SOURCE.md here) says which words are the same sense, a derived form, or one step broader or
narrower. The table (2.5 MB) is read a compressed block of 32 words at a time: only words the knowledge base
lacks are looked up, so a process that never meets one never opens it, and one that does holds the list of
the blocks' first words and the last few blocks it read.
"""
from __future__ import annotations

import bisect
import json
import os
import re
import threading
import zlib
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

TABLE = Path(__file__).with_name("relatives.bin")
MAGIC = b"practice-bot thesaurus 1\n"
"""What the table starts with (tools/build_thesaurus.py writes it; its `write` describes the layout)."""
BLOCKS_KEPT = 32
"""Decompressed blocks kept (about 6 kB each): a question's unknown words and their forms are mostly in a few,
and a question read again (as names, each way) reads none anew."""

SYNONYM, DERIVED, BROADER, NARROWER = "s", "d", "h", "o"
"""How a relative relates to the word (the table's letters): the same sense, a derived form, one step broader,
one step narrower."""

ENDINGS = (("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
           ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""),
           ("er", ""), ("est", ""), ("er", "e"), ("est", "e"))
"""WordNet's detachment rules (morphy(7WN)) of nouns, verbs and adjectives: how an inflected word is taken
back to the lemmas it may be a form of."""


_ENTRY = re.compile(r"([a-z])(\d+) ([^;]+)")
"""One relative as the table writes it ("s0 fraud"): kind, sense, lemma; relatives are separated by ";"."""


class Relative(NamedTuple):
    """One relative of a word (a tuple: a word has a few dozen, made on every look-up)."""

    kind: str
    sense: int
    """Which sense of the word it relates to, 0 for the most frequent."""
    lemma: str
    """As WordNet writes it, lower case, words separated by spaces ("electoral roll")."""


class Thesaurus:
    """Look-ups in one table file, safe to share between threads and forked processes."""

    def __init__(self, path: Path = TABLE):
        self.path = path
        self._blocks: tuple[list[str], list[int], int] | None = None
        self._fd: int | None = None
        self._lock = threading.Lock()
        self._block = lru_cache(maxsize=BLOCKS_KEPT)(self._read_block)

    def cache_clear(self) -> None:
        """Forget the blocks read (the benchmark times each question as if its words were new)."""
        self._block.cache_clear()

    def relatives(self, word: str) -> list[Relative]:
        """The relatives of `word`, or when WordNet has none of that very word, of the lemmas it may be an
        inflection of ("voters": "voter"), in the table's order for each: sense by sense, synonyms, derived
        forms, broader, narrower (a relative reached two ways comes twice)."""
        return [Relative(kind, int(sense), other) for lemma in self.lemmas(word)
                for kind, sense, other in _ENTRY.findall(self._entry(lemma)[1]) if other != word]

    def lemmas(self, word: str) -> list[str]:
        """The lemmas `word` may be a form of: itself when WordNet has it, else its irregular base ("mice":
        "mouse") and what WordNet's detachment rules leave ("voters": "voter")."""
        base, found = self._entry(word)
        if found:
            return [word]
        candidates = [base] if base else []
        candidates += [word[: -len(end)] + new for end, new in ENDINGS if word.endswith(end) and len(word) > len(end) + 2]
        return list(dict.fromkeys(candidates))

    def _entry(self, word: str) -> tuple[str, str]:
        """(irregular form's base, relatives) of one word as the table has them; empty strings if it lacks it."""
        number = bisect.bisect_right(self._index()[0], word) - 1
        if number < 0 or "\n" in word or "\t" in word:
            return "", ""
        text = self._block(number)
        at = text.find(f"\n{word}\t")
        if at < 0:
            return "", ""
        end = text.find("\n", at + 1)
        _word, base, found = text[at + 1 : end if end >= 0 else len(text)].split("\t")
        return base, found

    def _read_block(self, number: int) -> str:
        """One block's lines, decompressed, after a newline (so every line is found as "\\nword\\t")."""
        _first, ends, start = self._index()
        begin = ends[number - 1] if number else 0
        return "\n" + zlib.decompress(os.pread(self._file(), ends[number] - begin, start + begin)).decode()

    def _file(self) -> int:
        """The table's file, opened once per process (reads give their offset, so threads and forked
        workers share it safely)."""
        with self._lock:
            if self._fd is None:
                self._fd = os.open(self.path, os.O_RDONLY)
            return self._fd

    def _index(self) -> tuple[list[str], list[int], int]:
        """Each block's first word and end offset, and where the blocks start: read once, on first use."""
        if self._blocks is None:
            with self._lock, self.path.open("rb") as table:
                if table.read(len(MAGIC)) != MAGIC:
                    raise ValueError(f"{self.path} is not a thesaurus table")
                size = int.from_bytes(table.read(8), "big")
                header = json.loads(zlib.decompress(table.read(size)))
                self._blocks = header["first"], header["end"], len(MAGIC) + 8 + size
        return self._blocks


THESAURUS = Thesaurus()
