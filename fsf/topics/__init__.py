"""Stage 3a, topics: LDA and NMF on paragraphs, chosen and checked honestly.

:mod:`.dtm` (units and the document-term matrix) -> :mod:`.fit` (LDA, NMF) -> :mod:`.scores`
(coherence, exclusivity, matching) -> :mod:`.selection` (K over seeds and holdouts) ->
:mod:`.interpret` (top terms, paragraphs, prevalence, sensitivity). Figures are in
:mod:`fsf.plots.topics`.
"""

from __future__ import annotations

from fsf.topics.dtm import (  # noqa: F401
    CONTRACTIONS,
    DocumentTermMatrix,
    NEWS_STOPWORDS,
    TopicSettings,
    document_term_matrix,
    paragraph_units,
)
from fsf.topics.fit import (  # noqa: F401
    LDA_MAX_ITER,
    METHODS,
    NMF_MAX_ITER,
    ONLINE_BATCH_SIZE,
    ONLINE_PASSES,
    TopicModel,
    fit_topics,
)
from fsf.topics.scores import (  # noqa: F401
    N_TOP,
    coherence,
    exclusivity,
    match_topics,
    stability,
)
from fsf.topics.selection import (  # noqa: F401
    HOLDOUT,
    K_RANGE,
    ModelSelection,
    SEEDS,
    choose_k,
    chosen_k,
    chosen_models,
    feasible_k,
    model_selection,
    selection_sample,
)
from fsf.topics.interpret import (  # noqa: F401
    EXPORT_TOP,
    dominant_agreement,
    format_quotes,
    paragraph_topics,
    paragraph_topics_table,
    preprocessing_sensitivity,
    prevalence,
    prevalence_spread,
    representative_paragraphs,
    sensitivity_variants,
    top_terms,
    topic_labels,
    topic_summary,
    topic_terms_table,
)

__all__ = [
    'CONTRACTIONS',
    'DocumentTermMatrix',
    'NEWS_STOPWORDS',
    'TopicSettings',
    'document_term_matrix',
    'paragraph_units',
    'LDA_MAX_ITER',
    'METHODS',
    'NMF_MAX_ITER',
    'ONLINE_BATCH_SIZE',
    'ONLINE_PASSES',
    'TopicModel',
    'fit_topics',
    'N_TOP',
    'coherence',
    'exclusivity',
    'match_topics',
    'stability',
    'HOLDOUT',
    'K_RANGE',
    'ModelSelection',
    'SEEDS',
    'choose_k',
    'chosen_k',
    'chosen_models',
    'feasible_k',
    'model_selection',
    'selection_sample',
    'EXPORT_TOP',
    'dominant_agreement',
    'format_quotes',
    'paragraph_topics',
    'paragraph_topics_table',
    'preprocessing_sensitivity',
    'prevalence',
    'prevalence_spread',
    'representative_paragraphs',
    'sensitivity_variants',
    'top_terms',
    'topic_labels',
    'topic_summary',
    'topic_terms_table',
]
