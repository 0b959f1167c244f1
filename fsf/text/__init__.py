"""Stage 2, text: sentences, tokens, name variants and the terms the analyses count, all offline.

Nothing here needs downloaded data: sentences come from nltk's Punkt algorithm with an explicit
list of abbreviations (:mod:`.segment`), tokens from a regular expression and stop words from
scikit-learn's list (:mod:`.tokens`), spelling variants from the alias table (:mod:`.aliases`),
counted terms from one settings class (:mod:`.terms`).
"""

from __future__ import annotations

from fsf.text.segment import (  # noqa: F401
    ABBREVIATIONS,
    sentence_spans,
    sentences,
    split_sentences,
)
from fsf.text.tokens import (  # noqa: F401
    TOKEN_PATTERN,
    stem,
    stopwords,
    tokenize,
)
from fsf.text.aliases import (  # noqa: F401
    Alias,
    AliasMatch,
    alias_counts,
    alias_spans,
    find_aliases,
    load_aliases,
    normalize_aliases,
)
from fsf.text.terms import (  # noqa: F401
    ALIAS_MARK,
    CONTRACTIONS,
    NEWS_STOPWORDS,
    RawTerms,
    TermExtractor,
    TermSettings,
    raw_terms,
)
from fsf.text.counts import (  # noqa: F401
    article_counts,
    section_counts,
)
from fsf.text.concordance import (  # noqa: F401
    kwic,
)

__all__ = [
    'ABBREVIATIONS',
    'sentence_spans',
    'sentences',
    'split_sentences',
    'TOKEN_PATTERN',
    'stem',
    'stopwords',
    'tokenize',
    'Alias',
    'AliasMatch',
    'alias_counts',
    'alias_spans',
    'find_aliases',
    'load_aliases',
    'normalize_aliases',
    'ALIAS_MARK',
    'CONTRACTIONS',
    'NEWS_STOPWORDS',
    'RawTerms',
    'TermExtractor',
    'TermSettings',
    'raw_terms',
    'article_counts',
    'section_counts',
    'kwic',
]
