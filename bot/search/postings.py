"""The inverted index's tables, as arrays grouped by term (one sort) rather than one object per term.

At 10,000 cases the index holds some 50,000 terms; a Python object (and an idf entry) per term cost more to
build on every reload than the sort that groups the cases by term. The tables keep three flat arrays and the
offset of each term's run, and hand out a term's postings (array views) or idf when a question asks.

A weight is one of a few values (a field's weight with a bonus per further field: some hundred at most), and
it comes with the number of its field, so each entry holds the place of its (weight, field) pair in a table
of the distinct pairs, a byte, not the 8-byte float and the field's byte: the weights were two thirds of the
table (6 MB at 10,000 cases), and the fields, beside the places of the weights alone, 0.8 MB. A question's
few postings are looked up in the table again, as the same floats and numbers, in a microsecond or so.
"""
from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Postings:
    """The cases containing one term (ascending), each with its best field's weight and that field's number."""

    cases: np.ndarray
    weights: np.ndarray
    fields: np.ndarray


@dataclass(frozen=True)
class Renumbering:
    """How a reload's cases relate to the index it replaces: lets the tables be patched, not rebuilt."""

    moved: np.ndarray
    """Per previous case, its number now, or -1 if it is gone or changed."""
    added: list[int]
    """The numbers now of the cases analysed afresh (new or changed), ascending."""
    size: int
    """How many cases there are now."""
    in_order: bool = True
    """Whether the kept cases keep their order among themselves: false when one moved past others (a case
    served from the database is exported to a file and takes its place among the files)."""


class PostingsTable:
    """term -> Postings, for every term some case contains."""

    def __init__(self, term_ids: dict[str, int], terms: Sequence[np.ndarray], weights: Sequence[np.ndarray],
                 fields: Sequence[np.ndarray], counts: Sequence[np.ndarray],
                 everyday: Sequence[np.ndarray] | None = None):
        """`terms[n]`, `weights[n]`, `fields[n]`, `counts[n]`, `everyday[n]`: case n's term ids and each
        one's best field weight and number, its count in the case's BM25 bag and in its everyday words (see
        CaseTerms; None: no case has everyday words)."""
        everyday = [np.zeros_like(c) for c in counts] if everyday is None else everyday
        ids = np.concatenate(terms) if terms else np.zeros(0, dtype=np.int32)
        sizes = np.fromiter((len(t) for t in terms), dtype=np.int64, count=len(terms))
        order = stable_order(ids)  # stable: each term's cases stay in ascending order
        cases = np.repeat(np.arange(len(terms), dtype=np.int32), sizes)[order]
        table, places = _pair_places(np.concatenate(weights)[order] if terms else np.zeros(0),
                                     np.concatenate(fields)[order] if terms else np.zeros(0, dtype=np.int8))
        self._set(term_ids, np.bincount(ids, minlength=len(term_ids)), cases, table, places,
                  *(_narrowed(np.concatenate(per_case)[order] if terms else np.zeros(0, dtype=np.uint8))
                    for per_case in (counts, everyday)))

    def _set(self, term_ids: dict[str, int], df: np.ndarray, cases: np.ndarray, table: np.ndarray,
             places: np.ndarray, counts: np.ndarray, everyday: np.ndarray) -> None:
        """Take the entries, sorted by term and then case, `df[t]` of them for term id t, each weight and
        field as the place of the pair in `table` (the distinct pairs, ascending: see `_pairs`)."""
        self._term_ids = term_ids
        self._cases, self._places, self._counts, self._everyday = _narrowed(cases), places, counts, everyday
        """`_cases` in as few bytes as the case numbers allow: two up to 65,536 cases (3 MB less at 10,000)."""
        self._table = table
        self._weights, self._fields = table.real.copy(), table.imag.astype(np.int8)
        """The table's weights and field numbers apart, for a question's look-ups (a hundred values each)."""
        self.df = df
        """Per term id, how many cases contain the term."""
        self._starts = np.concatenate(([0], np.cumsum(self.df)))

    def updated(self, term_ids: dict[str, int], renumbering: Renumbering, terms: Sequence[np.ndarray],
                weights: Sequence[np.ndarray], fields: Sequence[np.ndarray],
                counts: Sequence[np.ndarray], everyday: Sequence[np.ndarray] | None = None) -> PostingsTable:
        """This table after a reload: the kept cases renumbered, the added ones (`terms[i]` etc. are those
        of `renumbering.added[i]`) merged in. Equal to a table built from nothing, in a tenth of the time."""
        pairs = [_pairs(w, f) for w, f in zip(weights, fields)]
        table = _distinct(np.concatenate((self._table, *pairs)))
        kept = self._places if len(table) == len(self._table) else _places(self._table, table)[self._places]
        """The kept entries' places, moved only when the added cases brought a pair new to the table."""
        everyday = [np.zeros_like(c) for c in counts] if everyday is None else everyday
        kept_counts, kept_everyday = (_widened(mine, added) for mine, added in
                                      ((self._counts, counts), (self._everyday, everyday)))
        kept_cases = self._cases.astype(np.promote_types(self._cases.dtype, np.min_scalar_type(renumbering.size)),
                                        copy=False)
        """Widened first when the cases now outnumber what the kept entries' type counts."""
        df, cases, (places, bag_counts, everyday_counts) = patched_entries(
            self.df, kept_cases, (kept, kept_counts, kept_everyday), renumbering, terms,
            ([_places(p, table) for p in pairs], counts, everyday), len(term_ids))
        patched = PostingsTable.__new__(PostingsTable)
        patched._set(term_ids, df, cases, table, places, bag_counts, everyday_counts)
        return patched

    def bags(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Every entry's case, BM25 count (0: in no bag) and count in everyday words, and where each term id's
        entries start: what BM25 scores, kept here once rather than in a second table of the same entries
        (2.3 MB at 10,000)."""
        return self._cases, self._counts, self._everyday, self._starts

    def cases_of(self, term: str) -> tuple[np.ndarray, int] | None:
        """A term's cases (a view, ascending) and where its entries start, for `at`: what intersecting a
        phrase's words needs, before the weights and fields of the few cases they share."""
        number = self._term_ids.get(term)
        if number is None or number >= len(self.df) or not self.df[number]:
            return None
        start = int(self._starts[number])
        return self._cases[start : start + int(self.df[number])], start

    def at(self, start: int, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The weights and field numbers of the entries at `positions` of the run starting at `start`."""
        places = self._places[start + positions]
        return self._weights.take(places), self._fields.take(places)

    def get(self, term: str) -> Postings | None:
        number = self._term_ids.get(term)
        if number is None or number >= len(self.df) or not self.df[number]:
            return None
        start, end = self._starts[number], self._starts[number + 1]
        places = self._places[start:end]
        return Postings(self._cases[start:end], self._weights.take(places), self._fields.take(places))


def _widened(kept: np.ndarray, added: Sequence[np.ndarray]) -> np.ndarray:
    """The kept entries' counts, widened first when an added count does not fit their type."""
    return kept.astype(np.promote_types(kept.dtype, _narrowed(np.concatenate((kept[:0], *added))).dtype), copy=False)


def _pairs(weights: np.ndarray, fields: np.ndarray) -> np.ndarray:
    """Each entry's weight and field number as one complex number (weight + field i): numpy sorts and
    searches complex numbers by real part, then imaginary, so the distinct pairs are found as distinct
    values are, and both parts come back exactly (a field number is a small integer)."""
    return weights + 1j * fields


def _pair_places(weights: np.ndarray, fields: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (weight, field) pairs of the entries (as `_pairs` makes them, ascending) and each entry's
    place among them, without a complex number per entry: those and their sorted copy raised the peak of
    indexing 10,000 cases by 12 MB. An entry's weight's place among the weights and its field number (a
    small integer) make one integer code per entry, ordered as the pairs are."""
    weight_table = _distinct(weights)
    codes = (_places(weights, weight_table).astype(np.uint32) << 8) | fields.astype(np.uint8)
    code_table = _distinct(codes)
    return _pairs(weight_table[code_table >> 8], code_table & 0xFF), _places(codes, code_table)


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending: sorted, each kept where it differs from the one before. (np.unique
    imports numpy.ma to check for a masked array, half a MB of modules a process then holds for nothing,
    unless asked for the inverse, which with its sort order is two more arrays as long as the table: 9 MB
    more at the peak of indexing 10,000 cases.)"""
    ordered = np.sort(values)
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    return ordered[first]


def _narrowed(values: np.ndarray) -> np.ndarray:
    """Counts or case numbers (none negative) in the smallest unsigned type holding the largest."""
    return values.astype(np.min_scalar_type(int(values.max(initial=0))), copy=False)


def _places(values: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Each of `values` as its place in `table` (ascending, holding every one of them), in as few bytes as
    the table's length allows (one for up to 256 distinct pairs)."""
    return np.searchsorted(table, values).astype(np.min_scalar_type(max(len(table) - 1, 0)))


class IdfTable(Mapping[str, float]):
    """term -> BM25's idf, for every term some case contains: rare terms tell cases apart."""

    def __init__(self, term_ids: dict[str, int], df: np.ndarray, total: int):
        self._term_ids = term_ids
        self._df = df
        self._total = total

    def __getitem__(self, term: str) -> float:
        found = self.of(term)
        if found is None:
            raise KeyError(term)
        return found

    def of(self, term: str) -> float | None:
        """The term's idf, None if no case contains it: one look-up where `in` then `[]` took two."""
        number = self._term_ids.get(term)
        if number is None or number >= len(self._df):
            return None
        df = int(self._df[number])
        return idf(df, self._total) if df else None

    def __contains__(self, term: object) -> bool:
        number = self._term_ids.get(term) if isinstance(term, str) else None
        return number is not None and number < len(self._df) and bool(self._df[number])

    def __iter__(self) -> Iterator[str]:
        return (term for term in self._term_ids if term in self)

    def __len__(self) -> int:
        return int(np.count_nonzero(self._df))


def patched_entries(df: np.ndarray, cases: np.ndarray, columns: tuple[np.ndarray, ...], renumbering: Renumbering,
                    added_terms: Sequence[np.ndarray], added_columns: tuple[Sequence[np.ndarray], ...],
                    vocabulary: int) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Entries sorted by (term, case) (`df` per term, then each entry's case and `columns`), with the kept
    cases renumbered and the added cases' entries merged in at their places, and the new count per term (of
    `vocabulary` terms): linear numpy passes, no sort of the whole table and no term id per entry, unless a
    kept case moved past others (then the kept entries are sorted again, by term and case)."""
    renumbered = renumbering.moved[cases]
    keep = renumbered >= 0
    dropped = np.flatnonzero(~keep)
    starts = np.full(vocabulary + 1, len(cases))  # terms numbered since have no entries
    starts[: len(df) + 1] = np.concatenate(([0], np.cumsum(df)))
    run_starts = starts - np.searchsorted(dropped, starts)
    """Where each term's kept entries start: its entries' start less the entries dropped before it (counting
    the kept entries before every entry was a fifth of patching a table after one edit at 10,000 cases)."""
    if not renumbering.added:
        return np.diff(run_starts), *_kept_entries(renumbered, keep, columns, run_starts, renumbering.in_order)
    new_ids = np.concatenate(added_terms)
    sizes = [len(terms) for terms in added_terms]
    new_cases = np.repeat(np.asarray(renumbering.added, dtype=np.int32), sizes)
    order = np.lexsort((new_cases, new_ids))
    new_ids, new_cases = new_ids[order], new_cases[order]
    new_columns = [np.concatenate(new)[order] for new in added_columns]
    df_now = np.diff(run_starts) + np.bincount(new_ids, minlength=vocabulary)
    kept_numbers = np.flatnonzero(renumbering.moved >= 0)
    if np.array_equal(renumbering.moved[kept_numbers], kept_numbers) and \
            (len(dropped) + len(new_ids)) * ENTRIES_PER_SPLICED_CHANGE <= len(cases):
        at = _first_not_below(cases, starts[new_ids], starts[new_ids + 1], new_cases)
        cases_now, *columns_now = _spliced((cases, *columns), dropped, at, (new_cases, *new_columns))
        return df_now, cases_now, columns_now
    kept_cases, kept_columns = _kept_entries(renumbered, keep, columns, run_starts, renumbering.in_order)
    at = _first_not_below(kept_cases, run_starts[new_ids], run_starts[new_ids + 1], new_cases)
    return df_now, np.insert(kept_cases, at, new_cases), \
        [np.insert(column, at, new) for column, new in zip(kept_columns, new_columns)]


def _kept_entries(renumbered: np.ndarray, keep: np.ndarray, columns: tuple[np.ndarray, ...], run_starts: np.ndarray,
                  in_order: bool) -> tuple[np.ndarray, list[np.ndarray]]:
    """The kept entries' new case numbers and columns, each term's run (from `run_starts`) in case order:
    sorted again, by term and case, when a kept case moved past others."""
    cases, kept = renumbered[keep], [column[keep] for column in columns]
    if in_order:
        return cases, kept
    order = np.lexsort((cases, np.repeat(np.arange(len(run_starts) - 1), np.diff(run_starts))))
    return cases[order], [column[order] for column in kept]


ENTRIES_PER_SPLICED_CHANGE = 500
"""A table whose kept cases keep their numbers (cases edited in place) and with at most one entry dropped or
added per this many entries is patched by splicing: a Python step per change, a run of untouched entries
copied at a time. Its steps cost about what numpy's passes over the whole table cost per 300 entries, so
with fewer changes splicing is the cheaper (a third of the time after one edit at 10,000 cases)."""


def _spliced(columns: tuple[np.ndarray, ...], dropped: np.ndarray, at: np.ndarray,
             new_columns: tuple[np.ndarray, ...]) -> list[np.ndarray]:
    """Each of `columns` without its entries at `dropped` and with the entries of `new_columns` put before
    the entries at `at` (both positions in `columns`, ascending), in one pass: dropping and then inserting
    copied every entry twice."""
    positions = np.concatenate((at, dropped))
    is_drop = np.concatenate((np.zeros(len(at), dtype=bool), np.ones(len(dropped), dtype=bool)))
    order = np.lexsort((is_drop, positions))  # stable: the new entries in their order, before a drop at their place
    spliced = [np.empty(len(column) - len(dropped) + len(at), dtype=column.dtype) for column in columns]
    source = target = new = 0
    for position, drop in zip(positions[order].tolist(), is_drop[order].tolist()):
        for out, column in zip(spliced, columns):
            out[target:target + position - source] = column[source:position]
        target += position - source
        source = position
        if drop:
            source += 1
        else:
            for out, values in zip(spliced, new_columns):
                out[target] = values[new]
            target += 1
            new += 1
    for out, column in zip(spliced, columns):
        out[target:] = column[source:]
    return spliced


def _first_not_below(values: np.ndarray, low: np.ndarray, high: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """For each i, the first position in `values[low[i]:high[i]]` (ascending) holding `targets[i]` or more
    (`high[i]` if none): a binary search of every run at once, so a reload adding a few cases looks at a
    few dozen entries per term, not at every entry of the table."""
    last = len(values) - 1  # a finished search's middle may be past the end: read in bounds, then ignored
    while (searching := low < high).any():
        middle = (low + high) // 2
        below = values[np.minimum(middle, last)] < targets
        low = np.where(searching & below, middle + 1, low)
        high = np.where(searching & ~below, middle, high)
    return low


def stable_order(ids: np.ndarray) -> np.ndarray:
    """The stable argsort of non-negative int32 ids, as two passes of numpy's radix sort (used for 16-bit
    keys) over the low and the high halves: five times faster than its timsort of int32 keys, which was
    most of rebuilding the index's tables on a reload."""
    by_low = np.argsort((ids & 0xFFFF).astype(np.uint16), kind="stable")
    return by_low[np.argsort((ids[by_low] >> 16).astype(np.uint16), kind="stable")]


def idf(df: int, total: int) -> float:
    """BM25's idf: rare terms tell cases apart, terms in most cases hardly do."""
    return math.log(1.0 + (total - df + 0.5) / (df + 0.5))
