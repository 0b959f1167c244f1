"""A supervised stance measure: regularised logistic regression trained on the hand codes, cross-fitted by article.

The lexicon measure (:mod:`fsf.stance.score`) scores the words around each mention with fixed
valences. This module learns from hand codes instead (Barberá et al. 2021, *Political
Analysis* 29(1), on supervised classifiers against dictionaries):

1. :func:`stance_features` describes each sentence that mentions foreign fighters (and each
   coded sentence about them that the patterns miss, for training): the words in the window
   around each mention (stemmed, the mention masked), the lexicon scores (fsf's domain lexicon
   and VADER, over the window, either side of it and the whole sentence), negation,
   quotation and speech (inside a quotation, a speech verb, first and second person), the
   mention's role (a passive verb after it, "against" before it), its position, kind and the
   section;
2. :class:`StanceClassifier` is a multinomial logistic regression over those features with
   balanced class weights (hostile and sympathetic codes are fewer than neutral ones); the
   word block keeps only stems that occur in at least two training articles, so a word that
   only names one article's story cannot carry a prediction;
3. :class:`StanceModel` chooses the classifier's hyperparameters from :data:`GRID` (the
   feature set and the regularisation ``C``, fixed before any scoring) by leave-one-article-out
   inside its training data only (nested), then refits on all of it;
4. :func:`cross_fit` predicts every sentence of an article that gave training codes from a
   model trained without that article (leave-one-article-out), and every other sentence from
   the model trained on all codes. Each prediction names its ``model`` and ``fold`` (the
   article held out), so no reported stance is an in-sample prediction. Codes from one
   article only cannot be cross-fitted by article: the fallback splits that article's
   sentences into :data:`N_BLOCKS` contiguous blocks and holds out one block at a time (a
   warning says so; neighbouring sentences share context, so this is optimistic);
5. :func:`learning_curve` shows how agreement grows with the number of codes, and
   :func:`stance_validation` reports kappa and macro-F1 with bootstrap intervals next to the
   baselines and the human ceiling.

Everything is seeded and deterministic. Sentences without a detected mention get no stance.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin

from fsf._threads import one_thread
from fsf.agreement import STANCE_LABELS, agreement, cohen_kappa
from fsf.errors import MethodError, skippable
from fsf.stance.score import (
    DEFAULT,
    StanceSettings,
    _compound,
    token_spans,
    window_span,
)

__all__ = ["FEATURE_SETS", "FF_COLUMNS", "GRID", "LABELS", "MIN_PER_CLASS", "N_BLOCKS", "PREDICTION_COLUMNS",
           "SECOND_CODER", "StanceClassifier", "StanceModel", "cross_fit", "curve_summary", "ff_sentences", "labelled",
           "learning_curve", "least_certain", "model_errors", "predict_stance", "stance_features",
           "stance_validation"]

LABELS = STANCE_LABELS
"""The codebook's stance labels: -1 hostile, 0 neutral, +1 sympathetic."""

MIN_PER_CLASS = 5
"""Codes of each stance (-1, 0, +1) a model needs before it is trained (a rule of thumb: with
fewer, a class is learnt from a handful of sentences of one or two articles)."""

N_BLOCKS = 5
"""Contiguous blocks of sentences held out in turn when the codes cover one article only."""

WORDS_WEIGHT = 1 / 3
"""Scale of the word features against the standardised numeric ones: a word is weaker evidence
than the lexicon scores (with L2 regularisation this is a stronger penalty on the words)."""

FEATURE_SETS = ("lexicon", "lexicon+words", "all")
"""The feature sets :data:`GRID` chooses among: ``lexicon`` the domain-lexicon score of the
window alone (the model then learns where to cut it); ``lexicon+words`` plus the window's
words; ``all`` plus VADER, the other lexicon scores, negation, quotation and speech, role,
position, kind and section (:data:`NUMERIC_FEATURES`)."""

GRID = tuple({"features": features, "C": C} for features in FEATURE_SETS for C in (0.03, 0.1, 0.3, 1.0))
"""Hyperparameters :class:`StanceModel` chooses among by inner leave-one-article-out, simplest
first (ties go to the first). Fixed before the model was scored on any held-out article."""

DEFAULT_PARAMS = {"features": "lexicon+words", "C": 0.1}
"""The hyperparameters used when the training codes cover fewer than three articles (an inner
leave-one-article-out needs at least two training articles per fold)."""

LEXICON_FEATURES = ["lex_window"]
NUMERIC_FEATURES = ["lex_window", "lex_sentence", "lex_left", "lex_right", "vader_window", "vader_sentence",
                    "negated", "quote_marks", "in_quote", "speech_verb", "first_singular", "first_plural",
                    "second_person", "passive_after", "against_before", "position", "n_mentions", "kind_explicit",
                    "kind_named", "kind_contextual", "kind_pronoun", "headline"]
"""The numeric features of the ``all`` set (standardised inside each training fold)."""

PREDICTION_COLUMNS = ["doc_id", "sent_idx", "p_negative", "p_neutral", "p_positive", "score", "stance", "model", "fold"]
"""Columns of :func:`cross_fit`: the probability of each stance, ``score`` = p_positive -
p_negative (-1 to 1), the most probable ``stance``, the ``model`` that made the prediction and
its ``fold`` (the held-out article, or empty for the model trained on all codes)."""

FF_COLUMNS = ["doc_id", "sent_idx", "mentions_ff", "n_mentions", "score", "stance", "p_negative", "p_neutral",
              "p_positive", "model", "fold", "lexicon_score", "lexicon_stance"]
"""Columns of :func:`ff_sentences` (``ff_sentences.csv``): the supervised measure first, the
lexicon measure's score and stance last, as the baseline."""

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
_NEGATORS = None
_SPEECH = re.compile(r"\b(?:said|says|say|saying|told|tells|tell|warn(?:s|ed)?|claim(?:s|ed)?|added|explain(?:s|ed)?|"
                     r"according to|insist(?:s|ed)?|argue[sd]?|recall(?:s|ed)?|describ(?:es|ed))\b", re.I)
_FIRST_SINGULAR = re.compile(r"\b(?:I|me|my|mine|myself|I'm|I've|I'd|I'll)\b")
_FIRST_PLURAL = re.compile(r"\b(?:we|us|our|ours|ourselves|we're|we've)\b", re.I)
_SECOND = re.compile(r"\b(?:you|your|yours|yourself|yourselves)\b", re.I)
_PASSIVE = re.compile(r"^\W*(?:\w+\W+){0,2}?(?:is|are|was|were|been|being|be|get|gets|got|getting)\s+(?:\w+\s+)?"
                      r"\w+(?:ed|en)\b", re.I)
_AGAINST = re.compile(r"\bagainst\W+(?:\w+\W+){0,2}$", re.I)
MASK_TOKEN = "ffmention"


def _negators() -> frozenset:
    global _NEGATORS
    if _NEGATORS is None:
        from vaderSentiment.vaderSentiment import NEGATE

        _NEGATORS = frozenset(NEGATE) | {"no", "nobody", "nothing", "nowhere", "neither"}
    return _NEGATORS


def _fast():
    """scikit-learn without its per-call input checks (the inputs are built here, finite and of the right type)."""
    import sklearn

    return sklearn.config_context(assume_finite=True, skip_parameter_validation=True)


def _in_quotation(sentences: pd.DataFrame) -> dict:
    """(doc_id, sent_idx) -> True if the sentence starts inside a quotation opened earlier in its paragraph.

    One pass over the rows, a quotation state per (doc_id, paragraph_idx): the same as going through the
    paragraphs one by one (a sentence without a paragraph is left out, as ``groupby`` leaves it out).

    Examples
    --------
    >>> sents = pd.DataFrame({"doc_id": "a", "sent_idx": [0, 1, 2, 3], "paragraph_idx": [0, 0, 0, 1],
    ...                       "text": ['"Yes. It is.', 'Then." Ok.', "He left.", "No."]})
    >>> list(_in_quotation(sents).values())
    [True, True, False, False]
    """
    inside, open_ = {}, {}
    paragraphs = sentences["paragraph_idx"]
    missing = paragraphs.isna().to_numpy() if paragraphs.hasnans else None
    for i, (doc_id, para, sent_idx, text) in enumerate(zip(sentences["doc_id"], paragraphs, sentences["sent_idx"],
                                                           sentences["text"])):
        if missing is not None and missing[i]:
            continue
        key = (doc_id, para)
        was = open_.get(key, False)
        inside[(doc_id, sent_idx)] = was or text.lstrip().startswith('"')
        if text.count('"') % 2:
            open_[key] = not was
    return inside


def _mean(values: list) -> float:
    """``float(np.mean(values))`` of a short list of floats, without numpy's overhead for fewer than eight
    (numpy then adds them in order, as :func:`sum` does; its pairwise sum starts at eight).

    Examples
    --------
    >>> _mean([0.1, 0.2, 0.3]) == float(np.mean([0.1, 0.2, 0.3]))
    True
    """
    return sum(values) / len(values) if 0 < len(values) < 8 else float(np.mean(values))


def _window_words(text: str, spans, n: int | None) -> str:
    """The words within ``n`` words of any mention, in sentence order, every mention masked (lower case)."""
    pieces, last = [], 0
    for start, end in sorted(spans):
        if start < last:  # overlapping mentions: one mask
            continue
        pieces += [text[last:start], f" {MASK_TOKEN} "]
        last = end
    tokens = _TOKEN.findall(("".join(pieces) + text[last:]).lower())
    if n is None:
        return " ".join(tokens)
    masks = [i for i, t in enumerate(tokens) if t == MASK_TOKEN]
    keep = [t for i, t in enumerate(tokens) if any(abs(i - j) <= n for j in masks)]
    return " ".join(keep)


@skippable
def stance_features(sentences: pd.DataFrame, found: pd.DataFrame, *, settings: StanceSettings = DEFAULT,
                    include: pd.DataFrame | None = None) -> pd.DataFrame:
    """The features of every sentence with a mention (and of ``include``), one row per sentence.

    Parameters
    ----------
    sentences : pandas.DataFrame
        doc_id, sent_idx, section, paragraph_idx, text (a study's ``sentences``).
    found : pandas.DataFrame
        The mentions (:func:`fsf.stance.mentions`).
    settings : StanceSettings
        The window size ``n`` and lexicon of the lexicon scores (default the measure's).
    include : pandas.DataFrame, optional
        doc_id, sent_idx of further sentences to describe although no mention was detected
        (coded sentences about foreign fighters, for training): their window is the whole
        sentence and ``detected`` is 0.

    Returns
    -------
    pandas.DataFrame
        doc_id, sent_idx, ``detected`` (1: a mention was found), ``words`` (the stems in the
        windows, mentions masked as ``ffmention``) and :data:`NUMERIC_FEATURES`, in corpus order.

    Examples
    --------
    >>> sents = pd.DataFrame({"doc_id": "a", "sent_idx": [0], "section": "body", "paragraph_idx": [1],
    ...                       "text": ['"They were tricked," he said of the foreign fighters.']})
    >>> found = pd.DataFrame({"doc_id": "a", "sent_idx": [0, 0], "start": [1, 36], "end": [5, 52],
    ...                       "text": ["They", "foreign fighters"], "kind": ["pronoun", "explicit"]})
    >>> row = stance_features(sents, found).iloc[0]
    >>> row["words"], int(row["in_quote"]), int(row["speech_verb"]), int(row["passive_after"])
    ('ffmention were trick he said of the ffmention', 1, 1, 1)
    """
    lexicon = settings.lexicon if settings.lexicon != "vader" else DEFAULT.lexicon
    n = settings.n
    from fsf.text.tokens import stem

    negators = _negators()
    inside = _in_quotation(sentences)
    by_sentence: dict = {}  # (doc_id, sent_idx) -> ([(start, end), ...], {kind, ...})
    for doc_id, sent_idx, start, end, kind in zip(found["doc_id"], found["sent_idx"], found["start"], found["end"],
                                                   found["kind"]):
        spans_kinds = by_sentence.get((doc_id, sent_idx))
        if spans_kinds is None:
            spans_kinds = by_sentence[(doc_id, sent_idx)] = ([], set())
        spans_kinds[0].append((start, end))
        spans_kinds[1].add(kind)
    stems: dict[str, str] = {}  # the stemmer is a pure function of the token: each token is stemmed once
    keys = set(by_sentence)
    if include is not None and len(include):
        keys |= set(zip(include["doc_id"], include["sent_idx"].astype(int)))
    rows = []
    for doc_id, sent_idx, section, text in zip(sentences["doc_id"], sentences["sent_idx"], sentences["section"],
                                               sentences["text"]):
        if (doc_id, sent_idx) not in keys:
            continue
        part = by_sentence.get((doc_id, sent_idx))
        spans = sorted(part[0]) if part is not None else []
        kinds = part[1] if part is not None else set()
        if spans:
            lefts, rights, windows = [], [], []
            tokens = token_spans(text) if n is not None and len(spans) > 1 else None  # split once per sentence
            for start, end in spans:
                a, b = window_span(text, start, end, n, tokens=tokens)
                lefts.append(text[a:start])
                rights.append(text[end:b])
                windows.append(text[a:b])
            masked = _window_words(text, spans, n)
            lex_window = _mean([_compound(lexicon, w) for w in windows])
            vader_window = _mean([_compound("vader", w) for w in windows])
            lex_left = _mean([_compound(lexicon, w) for w in lefts])
            lex_right = _mean([_compound(lexicon, w) for w in rights])
            passive = int(any(_PASSIVE.match(r) for r in rights))
            against = int(any(_AGAINST.search(left) for left in lefts))
            position = spans[0][0] / max(len(text), 1)
        else:
            masked = text.lower()
            lex_window = lex_left = _compound(lexicon, text)
            vader_window = _compound("vader", text)
            lex_right, passive, against, position = 0.0, 0, 0, 0.0
        tokens = _TOKEN.findall(masked)
        for t in tokens:
            if t not in stems:
                stems[t] = t if t == MASK_TOKEN else stem(t)
        rows.append({
            "doc_id": doc_id, "sent_idx": int(sent_idx), "detected": int(bool(spans)),
            "words": " ".join([stems[t] for t in tokens]),
            "lex_window": lex_window, "lex_sentence": _compound(lexicon, text), "lex_left": lex_left,
            "lex_right": lex_right, "vader_window": vader_window, "vader_sentence": _compound("vader", text),
            "negated": int(any(t in negators for t in tokens)), "quote_marks": int('"' in text),
            "in_quote": int(inside.get((doc_id, sent_idx), False)), "speech_verb": int(bool(_SPEECH.search(text))),
            "first_singular": int(bool(_FIRST_SINGULAR.search(text))),
            "first_plural": int(bool(_FIRST_PLURAL.search(text))), "second_person": int(bool(_SECOND.search(text))),
            "passive_after": passive, "against_before": against, "position": round(position, 4),
            "n_mentions": len(spans), **{f"kind_{k}": int(k in kinds) for k in ("explicit", "named", "contextual",
                                                                                 "pronoun")},
            "headline": int(section != "body"),
        })
    columns = ["doc_id", "sent_idx", "detected", "words", *NUMERIC_FEATURES]
    return pd.DataFrame(rows, columns=columns)


@skippable
def labelled(features: pd.DataFrame, codes: pd.DataFrame, *, article=None) -> pd.DataFrame:
    """The training rows: features of the sentences coded as referring to foreign fighters, with their stance.

    Parameters
    ----------
    features : pandas.DataFrame
        From :func:`stance_features` (called with ``include`` = the coded sentences).
    codes : pandas.DataFrame
        Hand codes: doc_id, sent_idx, refers_ff, stance.
    article : dict, optional
        doc_id -> a key that identifies the article across corpora (fsf uses the file's
        sha256, so a seed article copied into another corpus is recognised); default doc_id.

    Returns
    -------
    pandas.DataFrame
        The features plus ``stance`` (int) and ``article``.
    """
    about = codes[(codes["refers_ff"] == 1) & codes["stance"].notna()][["doc_id", "sent_idx", "stance"]]
    bad = ~about["stance"].astype(int).isin(LABELS)
    if bad.any():
        raise MethodError(f"stance code {about['stance'][bad].iloc[0]!r} (doc {about['doc_id'][bad].iloc[0]}) is "
                          "outside the codebook. Fix: use -1, 0 or 1.")
    out = features.merge(about.astype({"sent_idx": int}), on=["doc_id", "sent_idx"], how="inner")
    out["stance"] = out["stance"].astype(int)
    out["article"] = out["doc_id"].map(article) if article is not None else out["doc_id"]
    return out


class _ArticleVocabulary(BaseEstimator, TransformerMixin):
    """Binary bag of the ``words`` column, keeping words that occur in at least ``min_articles`` training articles."""

    def __init__(self, min_articles: int = 2, weight: float = WORDS_WEIGHT):
        self.min_articles = min_articles
        self.weight = weight

    def fit(self, X, y=None):
        articles: dict[str, set] = {}
        for doc_id, words in zip(X["doc_id"], X["words"]):
            for word in set(words.split()):
                articles.setdefault(word, set()).add(doc_id)
        enough = min(self.min_articles, len(set(X["doc_id"])))
        kept = sorted(w for w, docs in articles.items() if len(docs) >= enough)
        self.vocabulary_ = {w: i for i, w in enumerate(kept)}
        return self

    def transform(self, X):
        from scipy.sparse import csr_matrix

        rows, cols = [], []
        for i, words in enumerate(X["words"]):
            for j in sorted({self.vocabulary_[w] for w in words.split() if w in self.vocabulary_}):
                rows.append(i)
                cols.append(j)
        data = np.full(len(rows), float(self.weight))
        return csr_matrix((data, (rows, cols)), shape=(len(X), max(len(self.vocabulary_), 1)))


def _check_labels(y) -> np.ndarray:
    y = np.asarray(y)
    try:
        values = y.astype(int)
        ok = np.array_equal(values, y.astype(float)) and np.isin(values, LABELS).all()
    except (TypeError, ValueError):
        ok = False
    if not ok:
        bad = [v for v in y if not (isinstance(v, (int, np.integer, float)) and v in LABELS)]
        raise MethodError(f"stance label {bad[0]!r} is outside the codebook. Fix: code stance as -1, 0 or 1.")
    return values


class StanceClassifier(ClassifierMixin, BaseEstimator):
    """Multinomial logistic regression over :func:`stance_features`, with balanced class weights.

    Parameters
    ----------
    features : str
        One of :data:`FEATURE_SETS`.
    C : float
        Inverse L2 regularisation strength of :class:`sklearn.linear_model.LogisticRegression`.
    min_articles : int
        A word enters the word block if it occurs in at least this many training articles.
    random_state : int
        Passed to the regression (the lbfgs solver is deterministic; kept for the convention).

    Attributes
    ----------
    classes_ : numpy.ndarray
        :data:`LABELS`; :meth:`predict_proba` has a column for each, 0 for a class the
        training data lacked.
    scaler_ : sklearn.preprocessing.StandardScaler
        Standardises the numeric features (fitted on the training rows only).
    vocabulary_ : transformer or None
        The word block (None for the ``lexicon`` set).
    regression_ : sklearn.linear_model.LogisticRegression
    """

    def __init__(self, features: str = "all", C: float = 0.1, min_articles: int = 2, random_state: int = 0):
        self.features = features
        self.C = C
        self.min_articles = min_articles
        self.random_state = random_state

    def _numeric(self) -> list[str]:
        if self.features not in FEATURE_SETS:
            raise MethodError(f"StanceClassifier(features={self.features!r}): unknown feature set. "
                              f"Fix: use one of {', '.join(FEATURE_SETS)}.")
        return NUMERIC_FEATURES if self.features == "all" else LEXICON_FEATURES

    def _design(self, X: pd.DataFrame):
        numeric = self.scaler_.transform(X[self._numeric()].to_numpy(dtype=float))
        if self.vocabulary_ is None:
            return numeric
        from scipy.sparse import csr_matrix, hstack

        return hstack([csr_matrix(numeric), self.vocabulary_.transform(X)], format="csr")

    def fit(self, X: pd.DataFrame, y):
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler

        y = _check_labels(y)
        if len(np.unique(y)) < 2:
            raise MethodError(f"the training codes have one stance only ({int(y[0]):+d}), so there is nothing to "
                              "tell apart. Fix: code sentences of the other stances.")
        self.classes_ = np.array(LABELS)
        self.scaler_ = StandardScaler().fit(X[self._numeric()].to_numpy(dtype=float))
        self.vocabulary_ = (_ArticleVocabulary(self.min_articles).fit(X) if self.features != "lexicon" else None)
        self.regression_ = LogisticRegression(C=self.C, class_weight="balanced", max_iter=5000,
                                              random_state=self.random_state)
        with one_thread():  # tiny problems: threads cost more than they save
            self.regression_.fit(self._design(X), y)
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "regression_")
        raw = self.regression_.predict_proba(self._design(X))
        out = np.zeros((len(X), len(LABELS)))
        for j, label in enumerate(self.regression_.classes_):
            out[:, LABELS.index(int(label))] = raw[:, j]
        return out

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


def _macro_f1(hand: np.ndarray, auto: np.ndarray) -> float:
    """Macro-F1 over :data:`LABELS` (a class absent from both codings scores 0, as scikit-learn's
    ``f1_score(..., zero_division=0)``), from the confusion counts: fast enough to bootstrap.

    Examples
    --------
    >>> from sklearn.metrics import f1_score
    >>> h, a = np.array([1, 0, 0, -1, 1]), np.array([1, 0, -1, -1, 0])
    >>> round(_macro_f1(h, a), 6) == round(f1_score(h, a, labels=[-1, 0, 1], average="macro"), 6)
    True
    """
    k = len(LABELS)
    table = np.bincount((hand + 1) * k + (auto + 1), minlength=k * k).reshape(k, k)
    tp = np.diag(table).astype(float)
    denominator = table.sum(axis=0) + table.sum(axis=1)
    return float(np.mean(np.divide(2 * tp, denominator, out=np.zeros(k), where=denominator > 0)))


def _pooled_kappa(truth, predicted, mask=None) -> float:
    truth, predicted = np.asarray(truth), np.asarray(predicted)
    if mask is not None:
        truth, predicted = truth[np.asarray(mask, bool)], predicted[np.asarray(mask, bool)]
    return cohen_kappa(truth, predicted) if len(truth) else float("nan")


class StanceModel(ClassifierMixin, BaseEstimator):
    """A :class:`StanceClassifier` whose hyperparameters are chosen inside its training data.

    ``fit(X, y, groups)`` scores every setting of ``grid`` by leave-one-group-out within ``X``
    (pooled Cohen's kappa over the held-out groups, on the rows with a detected mention), keeps
    the best (ties: the first) and refits it on all of ``X``. Pass the articles as ``groups``:
    then no article is ever scored by a setting chosen with its own codes. With fewer than
    three groups there is no inner validation and :data:`DEFAULT_PARAMS` are used.

    Parameters
    ----------
    grid : sequence of dict
        Candidate hyperparameters of :class:`StanceClassifier` (default :data:`GRID`).
    min_per_class : int
        Codes of each stance needed to train (:data:`MIN_PER_CLASS`); 0 skips the check.
    random_state : int

    Attributes
    ----------
    best_params_ : dict
    cv_results_ : pandas.DataFrame
        Each setting and its inner kappa (empty without inner validation).
    estimator_ : StanceClassifier
        Refitted on all the training data.
    classes_ : numpy.ndarray
    """

    def __init__(self, grid=GRID, min_per_class: int = MIN_PER_CLASS, random_state: int = 0):
        self.grid = grid
        self.min_per_class = min_per_class
        self.random_state = random_state

    def fit(self, X: pd.DataFrame, y, groups=None):
        y = _check_labels(y)
        if self.min_per_class:
            counts = {label: int((y == label).sum()) for label in LABELS}
            short = {label: c for label, c in counts.items() if c < self.min_per_class}
            if short:
                label, count = next(iter(short.items()))
                name = {-1: "hostile (-1)", 0: "neutral (0)", 1: "sympathetic (+1)"}[label]
                raise MethodError(f"too few codes to train the stance model: {count} {name} of {len(y)} coded "
                                  f"sentences about foreign fighters; it needs at least {self.min_per_class} of each "
                                  f"stance (it has {', '.join(f'{v} of {k:+d}' for k, v in counts.items())}). Fix: "
                                  "code more sentences (`fsf code --strategy uncertain` proposes the most useful).")
        groups = np.asarray(groups if groups is not None else X["doc_id"])
        detected = X["detected"].to_numpy() if "detected" in X else np.ones(len(X), int)
        names = pd.unique(groups)
        rows = []
        if len(names) >= 3:
            splits = [(X[groups != name], y[groups != name], X[groups == name], groups == name) for name in names]
            usable = all(len(np.unique(y_train)) >= 2 for _, y_train, _, _ in splits)
            for params in self.grid:
                predicted = np.zeros(len(y), int)
                if usable:
                    with _fast():
                        for X_train, y_train, X_test, test in splits:
                            model = StanceClassifier(**params, random_state=self.random_state).fit(X_train, y_train)
                            predicted[test] = model.predict(X_test)
                kappa = _pooled_kappa(y, predicted, detected) if usable else float("nan")
                rows.append({**params, "kappa": kappa})
            results = pd.DataFrame(rows)
            valid = results["kappa"].notna()
            best = int(results.loc[valid, "kappa"].round(10).idxmax()) if valid.any() else None
            self.best_params_ = dict(self.grid[best]) if best is not None else dict(DEFAULT_PARAMS)
        else:
            results = pd.DataFrame(columns=[*self.grid[0], "kappa"])
            self.best_params_ = dict(DEFAULT_PARAMS)
        self.cv_results_ = results
        self.estimator_ = StanceClassifier(**self.best_params_, random_state=self.random_state).fit(X, y)
        self.classes_ = np.array(LABELS)
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        return self.estimator_.predict_proba(X)

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return self.estimator_.predict(X)

    @property
    def label(self) -> str:
        """The chosen hyperparameters in a few words, e.g. ``logit[lexicon+words, C=0.1]``."""
        return f"logit[{self.best_params_['features']}, C={self.best_params_['C']:g}]"


def _predictions(model: StanceModel, X: pd.DataFrame, name: str, fold: str) -> pd.DataFrame:
    proba = model.predict_proba(X)
    out = X[["doc_id", "sent_idx"]].copy()
    out["p_negative"], out["p_neutral"], out["p_positive"] = proba[:, 0].round(4), proba[:, 1].round(4), \
        proba[:, 2].round(4)
    out["score"] = (proba[:, 2] - proba[:, 0]).round(4)
    out["stance"] = pd.array(np.array(LABELS)[np.argmax(proba, axis=1)], dtype="Int64")
    out["model"] = f"{name} {model.label}"
    out["fold"] = fold
    return out


def _blocks(train: pd.DataFrame, n_blocks: int) -> list[tuple[int, int]]:
    """Contiguous sentence ranges (first, last) of one article, each holding about 1/n of its codes."""
    coded = np.sort(train["sent_idx"].to_numpy())
    chunks = [c for c in np.array_split(coded, min(n_blocks, len(coded))) if len(c)]
    starts = [0] + [int(c[0]) for c in chunks[1:]]
    ends = [s - 1 for s in starts[1:]] + [10**9]
    return list(zip(starts, ends))


@skippable
def cross_fit(train: pd.DataFrame, targets: pd.DataFrame, *, name: str = "codes", grid=GRID,
              min_per_class: int = MIN_PER_CLASS, n_blocks: int = N_BLOCKS, random_state: int = 0,
              source: str = "the hand codes", full: StanceModel | None = None) -> pd.DataFrame:
    """Predict ``targets`` so that no prediction comes from a model that saw codes of its article.

    Parameters
    ----------
    train : pandas.DataFrame
        Training rows from :func:`labelled` (features, ``stance``, ``article``).
    targets : pandas.DataFrame
        Rows of :func:`stance_features` to predict, with an ``article`` column of the same keys.
    name : str
        Names the training codes in the ``model`` column (e.g. ``seeds gold``).
    grid, min_per_class, random_state
        As :class:`StanceModel`.
    n_blocks : int
        Blocks of the fallback when the codes cover one article only.
    source : str
        Where the codes come from, for messages (e.g. the file).
    full : StanceModel, optional
        The model already fitted on all of ``train`` (else it is fitted here).

    Returns
    -------
    pandas.DataFrame
        :data:`PREDICTION_COLUMNS` for every target row, in the targets' order. ``fold`` is the
        doc_id of the training article held out (``000``), ``<doc_id> sentences a-b`` in the
        one-article fallback, and empty for targets from articles without codes (predicted by
        the model trained on all codes).

    Raises
    ------
    fsf.errors.MethodError
        Labels outside the codebook, or too few codes of a stance (the message says how many
        are needed).
    """
    if train.empty:
        raise MethodError(f"{source}: no coded sentence about foreign fighters to train on. Fix: code sentences "
                          "(refers_ff 1 with a stance) with `fsf code`.")
    y = _check_labels(train["stance"])
    if full is None:
        full = StanceModel(grid=grid, min_per_class=min_per_class, random_state=random_state)
        full.fit(train, y, groups=train["article"])
    label_of = dict(zip(train["article"], train["doc_id"]))
    parts = []
    target_articles = targets["article"].to_numpy()
    trained = set(train["article"])
    rest = ~np.isin(target_articles, list(trained))
    if rest.any():
        parts.append(_predictions(full, targets[rest], name, ""))
    articles = list(pd.unique(train["article"]))
    if len(articles) == 1:
        article = articles[0]
        doc = label_of[article]
        blocks = _blocks(train, n_blocks)
        warnings.warn(f"{source}: the codes cover one article only ({doc}), so cross-fitting by article is "
                      f"impossible; its predictions are cross-fitted over {len(blocks)} contiguous blocks of its "
                      "sentences instead (neighbouring sentences share context, so agreement is optimistic).",
                      stacklevel=2)
        mine = targets[target_articles == article]
        for first, last in blocks:
            held = train["sent_idx"].between(first, last)
            hit = mine["sent_idx"].between(first, last)
            if not hit.any():
                continue
            if len(np.unique(y[~held.to_numpy()])) < 2:
                raise MethodError(f"{source}: without {doc}'s sentences {first}-{last} the codes have one stance "
                                  "only. Fix: code more sentences of other stances.")
            fitted = StanceModel(grid=grid, min_per_class=0, random_state=random_state).fit(
                train[~held.to_numpy()], y[~held.to_numpy()], groups=train["article"][~held.to_numpy()])
            last_shown = int(mine["sent_idx"].max()) if last >= 10**9 else last
            parts.append(_predictions(fitted, mine[hit], name, f"{doc} sentences {first}-{last_shown}"))
    else:
        for article in articles:
            hit = target_articles == article
            if not hit.any():
                continue
            keep = (train["article"] != article).to_numpy()
            if len(np.unique(y[keep])) < 2:
                raise MethodError(f"{source}: without article {label_of[article]} the codes have one stance only, "
                                  "so its sentences cannot be cross-fitted. Fix: code sentences of other stances in "
                                  "the other articles.")
            fitted = StanceModel(grid=grid, min_per_class=0, random_state=random_state).fit(
                train[keep], y[keep], groups=train["article"][keep])
            parts.append(_predictions(fitted, targets[hit], f"{name} without {label_of[article]}",
                                      label_of[article]))
    if not parts:
        return _typed(pd.DataFrame({c: [] for c in PREDICTION_COLUMNS}))
    out = pd.concat(parts)
    order = targets[["doc_id", "sent_idx"]].reset_index(drop=True).reset_index()
    out = order.merge(out, on=["doc_id", "sent_idx"], how="left").sort_values("index").drop(columns="index")
    return _typed(out[PREDICTION_COLUMNS].reset_index(drop=True))


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    """The column types of a prediction table, also when it is empty or partly so."""
    out = table.copy()
    for column in ("p_negative", "p_neutral", "p_positive", "score"):
        if column in out:
            out[column] = out[column].astype(float)
    if "stance" in out:
        out["stance"] = out["stance"].astype("Int64")
    for column in ("model", "fold"):
        if column in out:
            out[column] = out[column].fillna("").astype(str).astype(object)
    return out


@skippable
def ff_sentences(lexicon: pd.DataFrame, predictions: pd.DataFrame) -> pd.DataFrame:
    """``ff_sentences.csv``: every sentence with the supervised stance and, as the baseline, the lexicon's.

    Parameters
    ----------
    lexicon : pandas.DataFrame
        :func:`fsf.stance.sentence_stance` (doc_id, sent_idx, mentions_ff, n_mentions, score, stance).
    predictions : pandas.DataFrame
        :func:`cross_fit` (:data:`PREDICTION_COLUMNS`).

    Returns
    -------
    pandas.DataFrame
        :data:`FF_COLUMNS`, in the order of ``lexicon``. A sentence without a mention has no
        stance, probabilities or model (empty ``model`` and ``fold``).
    """
    base = lexicon.rename(columns={"score": "lexicon_score", "stance": "lexicon_stance"})
    out = base.merge(_typed(predictions), on=["doc_id", "sent_idx"], how="left", validate="one_to_one")
    return _typed(out[FF_COLUMNS])


@skippable
def model_errors(stance: pd.DataFrame, codes: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Coded sentences where the supervised stance differs from the hand code, for close reading.

    Returns
    -------
    pandas.DataFrame
        doc_id, sent_idx, stance_hand, stance_auto, ``error`` (:data:`ERROR_KINDS`), the three
        probabilities, the fold that predicted it, the lexicon's score and stance, the text and
        the coder's note.
    """
    merged = (stance.merge(codes[["doc_id", "sent_idx", "stance", "note"]], on=["doc_id", "sent_idx"],
                           suffixes=("_auto", "_hand"))
              .merge(sentences[["doc_id", "sent_idx", "text"]], on=["doc_id", "sent_idx"]))
    wrong = merged[merged["stance_hand"].notna() & merged["stance_auto"].notna()
                   & (merged["stance_hand"] != merged["stance_auto"])].copy()
    hand, auto = wrong["stance_hand"].astype(int), wrong["stance_auto"].astype(int)
    no_word = wrong["lexicon_score"].fillna(0) == 0
    wrong["error"] = np.select([(auto == 0) & no_word, auto == 0, hand == 0], ERROR_KINDS[:3], ERROR_KINDS[3])
    return wrong[["doc_id", "sent_idx", "stance_hand", "stance_auto", "error", "p_negative", "p_neutral", "p_positive",
                  "fold", "lexicon_score", "lexicon_stance", "text", "note"]].reset_index(drop=True)


ERROR_KINDS = ("missed: no stance word in the window", "missed: stance word too weak",
               "stance where the coder saw none", "opposite direction")
"""How :func:`model_errors` sorts an error: a hostile or sympathetic sentence called neutral with
no word of the lexicon in the window (stance carried by facts, context or words the lexicon
lacks), or with a lexicon word too weak to tip it; a neutral sentence given a stance; or the
opposite stance."""


@skippable
def curve_summary(curve: pd.DataFrame) -> pd.DataFrame:
    """The learning curve per feature set and size: codes trained on, mean kappa over seeds, its sd and range.

    Examples
    --------
    >>> curve = pd.DataFrame({"features": "lexicon", "n_train": [20.0, 20.0], "size": "20", "seed": [0, 1],
    ...                       "n_test": 9, "kappa": [0.2, 0.4], "macro_f1": [0.5, 0.6]})
    >>> curve_summary(curve)[["features", "n_train", "kappa", "kappa_min", "kappa_max"]].values.tolist()
    [['lexicon', 20.0, 0.3, 0.2, 0.4]]
    """
    grouped = curve.groupby(["features", "size"], sort=False)
    out = grouped.agg(n_train=("n_train", "mean"), seeds=("seed", "nunique"), kappa=("kappa", "mean"),
                      kappa_sd=("kappa", "std"), kappa_min=("kappa", "min"), kappa_max=("kappa", "max"),
                      macro_f1=("macro_f1", "mean"))
    return out.reset_index().round(3)


@skippable
def predict_stance(model: StanceModel, features: pd.DataFrame, *, name: str = "codes") -> pd.DataFrame:
    """Predictions of an already fitted model (e.g. for a corpus none of whose articles it saw)."""
    return _predictions(model, features, name, "")[PREDICTION_COLUMNS].reset_index(drop=True)


@skippable
def least_certain(probabilities: pd.DataFrame, n: int, *, random_state: int = 0) -> pd.DataFrame:
    """The ``n`` sentences the model is least sure of (uncertainty sampling), ties broken at random (seeded).

    Uncertainty is 1 - the highest predicted probability ("least confident" sampling,
    Settles 2009): a sentence the model splits between two or three stances is the one whose
    code tells it most.

    Parameters
    ----------
    probabilities : pandas.DataFrame
        doc_id, sent_idx, p_negative, p_neutral, p_positive.
    n : int
    random_state : int
        Seeds the order among sentences of equal uncertainty.

    Returns
    -------
    pandas.DataFrame
        The chosen rows with ``uncertainty``, most uncertain first.

    Examples
    --------
    >>> p = pd.DataFrame({"doc_id": "a", "sent_idx": [0, 1, 2], "p_negative": [0.9, 0.4, 0.34],
    ...                   "p_neutral": [0.05, 0.4, 0.33], "p_positive": [0.05, 0.2, 0.33]})
    >>> least_certain(p, 2)["sent_idx"].tolist()
    [2, 1]
    """
    table = probabilities.reset_index(drop=True).copy()
    top = table[["p_negative", "p_neutral", "p_positive"]].to_numpy(dtype=float).max(axis=1)
    table["uncertainty"] = (1 - top).round(10)
    table["_tie"] = np.random.default_rng(random_state).random(len(table))
    table = table.sort_values(["uncertainty", "_tie"], ascending=[False, True], kind="stable")
    return table.head(int(n)).drop(columns="_tie").reset_index(drop=True)


@skippable
def learning_curve(train: pd.DataFrame, *, sizes=None, seeds=(0, 1, 2, 3, 4), features=FEATURE_SETS,
                   C: float | None = None) -> pd.DataFrame:
    """Cross-fitted kappa against the number of coded sentences a classifier is trained on.

    For each held-out article, ``n`` codes are drawn at random (seeded) from the other articles'
    codes (the first ``n`` of one shuffled order, so a larger ``n`` adds codes as a coder
    would), a :class:`StanceClassifier` of each feature set is trained on them and predicts
    the held-out article; the predictions for all articles are pooled and scored (Cohen's kappa,
    macro-F1) on the sentences with a detected mention. ``C`` is fixed (default
    :data:`DEFAULT_PARAMS`' 0.1, set before any scoring) rather than chosen at every size and
    seed: the curve shows what more codes give each feature set, not the tuned model's figure.

    Parameters
    ----------
    train : pandas.DataFrame
        Training rows from :func:`labelled` (codes in two articles or more).
    sizes : sequence of int, optional
        Default: steps of 20 codes up to the smallest complement of an article, then ``all``.
    seeds : sequence of int
        One random order per seed; the spread over seeds shows how much the draw matters.
    features : sequence of str
        Feature sets (:data:`FEATURE_SETS`).

    Returns
    -------
    pandas.DataFrame
        features, n_train (mean codes trained on over the held-out articles), size (``n`` or
        ``all``), seed, n_test, kappa, macro_f1. ``all`` involves no draw, so it is the same
        for every seed.
    """
    articles = list(pd.unique(train["article"]))
    if len(articles) < 2:
        raise MethodError("a learning curve cross-fitted by article needs codes in at least 2 articles. "
                          "Fix: code sentences of another article.")
    y = _check_labels(train["stance"])
    C = DEFAULT_PARAMS["C"] if C is None else C
    if sizes is None:
        smallest = min(int((train["article"] != a).sum()) for a in articles)
        sizes = list(range(20, smallest, 20)) + ["all"]
    mask = train["detected"].to_numpy() == 1
    memo: dict = {}
    rows = []
    for seed in seeds:
        order = np.random.default_rng(seed).permutation(len(train))
        for size in sizes:
            for feature_set in features:
                if size == "all" and feature_set in memo:  # every code: no draw, the same for every seed
                    rows.append({**memo[feature_set], "seed": seed})
                    continue
                predicted = np.zeros(len(train), int)
                used, ok = [], True
                for article in articles:
                    test = (train["article"] == article).to_numpy()
                    pool = order[~test[order]]
                    take = np.sort(pool if size == "all" else pool[:int(size)])
                    if len(np.unique(y[take])) < 2:
                        ok = False
                        break
                    model = StanceClassifier(features=feature_set, C=C).fit(train.iloc[take], y[take])
                    predicted[test] = model.predict(train[test])
                    used.append(len(take))
                if ok and mask.any():
                    stats = agreement(predicted[mask], y[mask])
                    kappa, f1 = stats["kappa"], stats["macro_f1"]
                else:
                    kappa = f1 = float("nan")
                row = {"features": feature_set, "n_train": round(float(np.mean(used)), 1) if ok else float("nan"),
                       "size": str(size), "seed": seed, "n_test": int(mask.sum()), "kappa": kappa, "macro_f1": f1}
                if size == "all":
                    memo[feature_set] = row
                rows.append(row)
    return pd.DataFrame(rows, columns=["features", "n_train", "size", "seed", "n_test", "kappa", "macro_f1"])


SECOND_CODER = "second coder vs first"
"""The row of :func:`stance_validation` that compares two codings (no measure)."""


@skippable
def stance_validation(measures: dict, codes: pd.DataFrame, *, ceiling: pd.DataFrame | None = None,
                      examples=None, n_boot: int | None = None, seed: int = 0) -> pd.DataFrame:
    """Kappa, macro-F1 and accuracy of each stance measure against the hand codes, with bootstrap 95% intervals.

    Parameters
    ----------
    measures : dict
        Name -> doc_id, sent_idx, stance (NA where the measure gives none).
    codes : pandas.DataFrame
        The reference codes (doc_id, sent_idx, refers_ff, stance).
    ceiling : pandas.DataFrame, optional
        A second, independent coding: its agreement with ``first`` (``ceiling.attrs["first"]``,
        default ``codes``) on the sentences both say refer is the row ``second coder vs first``
        (a ceiling for the measures only when the second coding is blind and the codebook was not
        written from these sentences: see ``docs/codebook-ff-stance.md``, section 8).
    examples : iterable of (doc_id, sent_idx), optional
        Sentences to leave out in a second set of rows (the codebook's examples).
    n_boot, seed
        Bootstrap resamples (default :data:`fsf.reliability.N_BOOT`) of the sentences within
        articles, and the seed; every measure uses the same resamples of its sentences.

    Returns
    -------
    pandas.DataFrame
        measure, subset, n (the coded sentences the measure gives a stance), coverage (n over
        the coded sentences about foreign fighters), accuracy, kappa, kappa_low, kappa_high,
        macro_f1, f1_low, f1_high on those n; and kappa_with_misses: kappa over every coded
        sentence, a sentence the measure missed counted as 0 (no stance), so that a measure
        cannot look better by leaving hard sentences out.
    """
    from fsf.reliability import N_BOOT, bootstrap_interval, kappa_interval

    n_boot = N_BOOT if n_boot is None else n_boot
    about = codes[(codes["refers_ff"] == 1) & codes["stance"].notna()][["doc_id", "sent_idx", "stance"]]
    pairs = {}
    for name, table in measures.items():
        merged = about.merge(table[["doc_id", "sent_idx", "stance"]], on=["doc_id", "sent_idx"], how="left",
                             suffixes=("_hand", "_auto"))
        pairs[name] = (merged, len(merged))
    if ceiling is not None:
        first = ceiling.attrs.get("first", codes)
        both = first[["doc_id", "sent_idx", "refers_ff", "stance"]].merge(
            ceiling[["doc_id", "sent_idx", "refers_ff", "stance"]], on=["doc_id", "sent_idx"], suffixes=("_1", "_2"))
        both = both[(both["refers_ff_1"] == 1) & (both["refers_ff_2"] == 1)]
        merged = pd.DataFrame({"doc_id": both["doc_id"], "sent_idx": both["sent_idx"],
                               "stance_hand": both["stance_1"], "stance_auto": both["stance_2"]})
        pairs[SECOND_CODER] = (merged, len(merged))
    cited = {(str(d), int(s)) for d, s in examples} if examples is not None else None
    rows = []
    for subset in ["all"] + (["without codebook examples"] if cited is not None else []):
        for name, (merged, total) in pairs.items():
            part = merged
            if subset != "all":
                part = merged[[(d, int(s)) not in cited for d, s in zip(merged["doc_id"], merged["sent_idx"])]]
                total = len(part)
            scored = part[part["stance_auto"].notna()]
            hand = scored["stance_hand"].astype(int).to_numpy()
            auto = scored["stance_auto"].astype(int).to_numpy()
            if not len(hand):
                continue

            def macro_f1(i, hand=hand, auto=auto):
                return _macro_f1(hand[i], auto[i])

            strata = scored["doc_id"].to_numpy()
            k, k_low, k_high = kappa_interval(hand, auto, strata, n_boot=n_boot, seed=seed)
            f_low, f_high = bootstrap_interval(macro_f1, strata, n_boot=n_boot, seed=seed)
            everything = np.arange(len(hand))
            with_misses = cohen_kappa(part["stance_hand"].astype(int).to_numpy(),
                                      part["stance_auto"].fillna(0).astype(int).to_numpy())
            rows.append({"measure": name, "subset": subset, "n": len(hand),
                         "coverage": round(len(hand) / total, 3) if total else float("nan"),
                         "accuracy": round(float((hand == auto).mean()), 3), "kappa": round(k, 3),
                         "kappa_low": round(k_low, 3), "kappa_high": round(k_high, 3),
                         "macro_f1": round(macro_f1(everything), 3), "f1_low": round(f_low, 3),
                         "f1_high": round(f_high, 3), "kappa_with_misses": round(with_misses, 3)})
    return pd.DataFrame(rows, columns=["measure", "subset", "n", "coverage", "accuracy", "kappa", "kappa_low",
                                       "kappa_high", "macro_f1", "f1_low", "f1_high", "kappa_with_misses"])
