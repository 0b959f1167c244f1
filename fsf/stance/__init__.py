"""Stage 3b, stance toward foreign fighters: find the mentions (:mod:`.targets`), score the words
around them with the lexicon (:mod:`.score`, the baseline), learn the stance from hand codes
(:mod:`.model`, the supervised measure, cross-fitted by article; imported on use, not here,
since it loads scikit-learn), check against hand codes (:mod:`.validate`).
"""

from __future__ import annotations

from fsf.stance.targets import (  # noqa: F401
    KINDS,
    MENTION_COLUMNS,
    find_mentions,
    load_patterns,
    mention_kwic,
    mentions,
    mentions_table,
)
from fsf.stance.score import (  # noqa: F401
    DEFAULT,
    FF_SENTENCE_COLUMNS,
    LEXICONS,
    StanceSettings,
    analyzer,
    ff_sentences_table,
    load_stance_lexicon,
    named_measures,
    score_grid,
    score_mentions,
    sentence_stance,
    sentence_vader,
    summarize,
    to_stance,
    window_span,
    window_sweep,
)
from fsf.stance.validate import (  # noqa: F401
    THRESHOLDS,
    choose_stance_settings,
    cross_validate_stance,
    measure_comparison,
    mention_detection,
    misclassified,
    missed_mentions,
    sweep_agreement,
)

__all__ = [
    'KINDS',
    'MENTION_COLUMNS',
    'find_mentions',
    'load_patterns',
    'mention_kwic',
    'mentions',
    'mentions_table',
    'DEFAULT',
    'FF_SENTENCE_COLUMNS',
    'LEXICONS',
    'StanceSettings',
    'analyzer',
    'ff_sentences_table',
    'load_stance_lexicon',
    'named_measures',
    'score_grid',
    'score_mentions',
    'sentence_stance',
    'sentence_vader',
    'summarize',
    'to_stance',
    'window_span',
    'window_sweep',
    'THRESHOLDS',
    'choose_stance_settings',
    'cross_validate_stance',
    'measure_comparison',
    'mention_detection',
    'misclassified',
    'missed_mentions',
    'sweep_agreement',
]
