"""The words and terms of one field of a case study, as the index takes them, and a memo of them for the
field texts that recur across a knowledge base.

Most of what a case study says is its own (title, summary, outcomes), but its organisations, regions and
technologies are shared with many others: 10,000 cases hold about 3,100 different organisations fields
and 23 regions fields. Analysing each such text once per index build instead of once per case was a tenth
of the analysis of a cold load.
"""
from __future__ import annotations

from .analyse import term_list_of_words
from .normalise import indexed_words
from .vocabulary import Vocabulary

FieldTerms = tuple[list[str], list[str]]
"""A field's words (see `indexed_words`) and its terms, every occurrence in order (see `term_list_of_words`)."""


def field_terms(text: str, vocabulary: Vocabulary) -> FieldTerms:
    tokens = indexed_words(text)
    return tokens, term_list_of_words(tokens, vocabulary)


class RecurringFields(dict[str, FieldTerms]):
    """Field text -> its FieldTerms, analysed on first use. Made for one index build and dropped with it:
    only the recurring fields go in (a memo of every summary would hold a second copy of the base's words),
    and the lists are shared by the cases, so they must not be changed."""

    def __init__(self, vocabulary: Vocabulary):
        super().__init__()
        self.vocabulary = vocabulary

    def __missing__(self, text: str) -> FieldTerms:
        found = self[text] = field_terms(text, self.vocabulary)
        return found
