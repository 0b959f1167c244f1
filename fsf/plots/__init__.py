"""Every figure fsf draws, and nothing else draws: one module per analysis, the shared style
(``fsf.mplstyle``) and :func:`save_figure` in :mod:`.style`. Each function takes tidy tables
(or a :class:`fsf.Study`'s tables) and returns a :class:`matplotlib.figure.Figure`.
"""

from __future__ import annotations

from fsf.plots.style import (  # noqa: F401
    FORMATS,
    default_formats,
    new_figure,
    save_figure,
    styled,
    use_style,
)
from fsf.plots.corpus import (  # noqa: F401
    article_label,
    article_labels,
    article_lengths,
    timeline,
)
from fsf.plots.topics import (  # noqa: F401
    model_selection_figure,
    prevalence_figure,
    top_terms_figure,
)
from fsf.plots.stance import (  # noqa: F401
    confusion_matrices,
    kappa_by_window,
    learning_curve_figure,
    score_distribution,
    stance_arcs,
    stance_shares,
)
from fsf.plots.compare import (  # noqa: F401
    dendrogram_figure,
    dispersion_figure,
    keyness_figure,
    similarity_figure,
)
from fsf.plots.narrative import (  # noqa: F401
    actor_networks,
    framing_timeline,
    speaker_shares,
)

__all__ = [
    'FORMATS',
    'default_formats',
    'new_figure',
    'save_figure',
    'styled',
    'use_style',
    'article_label',
    'article_labels',
    'article_lengths',
    'timeline',
    'model_selection_figure',
    'prevalence_figure',
    'top_terms_figure',
    'confusion_matrices',
    'kappa_by_window',
    'learning_curve_figure',
    'score_distribution',
    'stance_arcs',
    'stance_shares',
    'dendrogram_figure',
    'dispersion_figure',
    'keyness_figure',
    'similarity_figure',
    'actor_networks',
    'framing_timeline',
    'speaker_shares',
]
