"""Stage 3c, comparing the narratives: distinctive words, keyness
(:mod:`.distinctive`), similarity and clustering (:mod:`.clustering`), where terms occur
(:mod:`.positions`). Figures are in
:mod:`fsf.plots.compare`.
"""

from __future__ import annotations

from fsf.compare.distinctive import (  # noqa: F401
    KEYNESS_COLUMNS,
    TermCounts,
    keyness,
    keyness_table,
    keyness_top,
    term_counts,
    top_keyness,
)
from fsf.compare.clustering import (  # noqa: F401
    Apart,
    Clustering,
    cluster,
    similarity,
    similarity_pairs,
    stands_apart,
    tfidf,
)
from fsf.compare.positions import (  # noqa: F401
    SEED_TERMS,
    dispersion,
    key_terms,
)

__all__ = [
    'KEYNESS_COLUMNS',
    'TermCounts',
    'keyness',
    'keyness_table',
    'keyness_top',
    'term_counts',
    'top_keyness',
    'Apart',
    'Clustering',
    'cluster',
    'similarity',
    'similarity_pairs',
    'stands_apart',
    'tfidf',
    'SEED_TERMS',
    'dispersion',
    'key_terms',
]


def __getattr__(name: str):
    if name == "CountSettings":
        from fsf.compare import distinctive

        return distinctive.__getattr__(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
