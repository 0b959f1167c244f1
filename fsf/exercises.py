"""Checked exercises: tell a student whether an answer is right, without revealing it.

Each exercise of notebooks 10-40 has one answer that can be checked (:data:`EXERCISES`): a
``doc_id``, a set of words or articles, a mapping from topics to articles, or a number. In the
notebook, after working the exercise out::

    from fsf.exercises import check
    check("10-1", your_answer)

says *right* or *not right yet* (with a hint), and never shows the right answer. ``check("10-1")``
without an answer says what to pass.

**How the answers are kept.** A categorical answer is stored only as the sha256 of a normalised
form of it (:func:`digest`: ``doc_id`` as three digits, words lower-cased and sorted), so the plain
answer is nowhere in the package. A number is computed when it is checked, from the seed
articles' study, and an answer within the exercise's tolerance is right. The answers are those of
the **five seed articles**; on another corpus the checks cannot tell (pass ``study=`` to be told
so). ``tests/test_exercises.py`` computes every answer from the seeds' study, as the notebooks'
solutions do, and checks that it is accepted and that a wrong one is not: when an analysis
changes on purpose, that test names the new digest to store.

Examples
--------
>>> check("10-1", "not a doc_id").ok
False
>>> print(check("10-1", None))
10-1: no answer yet. Pass the doc_id (three digits, e.g. "00X") of the article with the largest share of its tokens in removed lines.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass

from fsf.errors import FsfError

__all__ = ["EXERCISES", "Exercise", "ExerciseError", "Result", "check", "digest", "normalise"]

SEEDS_ONLY = "The checks know the answers for the five seed articles only."


class ExerciseError(FsfError, KeyError):
    """An exercise id that is not in :data:`EXERCISES`."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0])


@dataclass(frozen=True)
class Exercise:
    """One checkable exercise.

    Attributes
    ----------
    id : str
        ``"<notebook number>-<exercise number>"``, e.g. ``"10-1"``.
    notebook : str
        The notebook it belongs to.
    asks : str
        What to pass to :func:`check` (shown when no answer is given and in the student notebook).
    kind : str
        ``doc_id`` (one article id), ``set`` (several words or ids, order and case ignored),
        ``mapping`` (topic number -> doc_id) or ``number``.
    answer_digest : str, optional
        For categorical kinds: :func:`digest` of the right answer.
    compute : callable, optional
        For ``number``: computes the right value from the seeds' :class:`fsf.Study` at check time.
    tolerance : float
        For ``number``: the largest accepted difference (covers rounding to two decimals).
    hint : str
        Shown with a wrong answer; says how to get there, not where.
    """

    id: str
    notebook: str
    asks: str
    kind: str
    answer_digest: str | None = None
    compute: Callable | None = None
    tolerance: float = 0.0
    hint: str = ""


@dataclass(frozen=True)
class Result:
    """The verdict of :func:`check`: ``ok`` is True (right), False (not right) or None (nothing to check).

    Shown in a notebook as its one-line message; true only when the answer is right.
    """

    exercise: str
    ok: bool | None
    message: str

    def __bool__(self) -> bool:
        return self.ok is True

    def __repr__(self) -> str:
        return self.message

    __str__ = __repr__


def _kappa_fsf_lexicon_4_tokens(study) -> float:
    """30-2: in-sample kappa of the fsf lexicon with a window of 4 tokens against the hand codes."""
    from fsf import stance

    measure = stance.sentence_stance(study.sentences, study.mentions, stance.StanceSettings(lexicon="fsf", n=4))
    table = stance.measure_comparison({"fsf lexicon, 4 tokens": measure}, study.stance_codes)
    return float(table["kappa"].iloc[0])


_EXERCISES = (
    Exercise("10-1", "10-corpus-and-cleaning",
             'the doc_id (three digits, e.g. "00X") of the article with the largest share of its tokens in removed lines',
             "doc_id", "dcf42c69cd4e4a348d4798579d99df18e118b0a696205761c3122857c669ddd9",
             hint="divide each article's tokens in removed lines by all its tokens (the `counts` table), then "
                  "take the article with the largest share."),
    Exercise("10-2", "10-corpus-and-cleaning",
             "every spelling of Raqqa in the kept text, as a list of strings (case does not matter)",
             "set", "118cb472e39662dbf33f62fc7f16d087d14bea5f5909c66872e2c3e1ee05cce9",
             hint='search with `text.kwic(study.sentences, pattern, regex=True)` and a pattern that allows more '
                  'letters after "raqq"; the spellings are in the `match` column.'),
    Exercise("20-1", "20-topics",
             "for each topic of NMF with two more topics than the chosen K, the doc_id of the article where the "
             "topic's prevalence is highest: a dict {topic: doc_id}, or a list in topic order",
             "mapping", "235bd816957d8103c35cf51656b80255d7d148a2ce91036eccad996556382fe2",
             hint='`topics.prevalence(model, "doc_id")` gives each article\'s mean weight of each topic; for each '
                  "topic, take the article with the highest weight."),
    Exercise("20-2", "20-topics",
             "the doc_id of the article that carries most of NMF's smallest topic (the article you leave out)",
             "doc_id", "e0a3d6e16c8c146de6af0e8c7b197af318dae196edcfe29e5dc62f3746491615",
             hint="topics are numbered by prevalence, so the smallest is the last (number K); "
                  '`topics.prevalence(nmf, "doc_id")` gives its weight in each article.'),
    Exercise("30-1", "30-sentiment-toward-foreign-fighters",
             "the doc_id of the article on which plain VADER's accuracy against the hand codes is lowest",
             "doc_id", "4f47ec1a8cadb9e888dced703629cf1eb520e24c0ed45d30e66d1c56ba6679db",
             hint="merge plain VADER's stances with the hand codes of the sentences that refer to foreign fighters "
                  "(refers_ff == 1) and compute the share of agreeing sentences per article."),
    Exercise("30-2", "30-sentiment-toward-foreign-fighters",
             "Cohen's kappa of the fsf lexicon with a window of 4 tokens against the hand codes (in-sample; a "
             "number, two decimals are enough)",
             "number", compute=_kappa_fsf_lexicon_4_tokens, tolerance=0.005,
             hint='score with `stance.StanceSettings(lexicon="fsf", n=4)` and read the kappa column of '
                  "`stance.measure_comparison`."),
    Exercise("40-1", "40-narrative-comparison",
             "the doc_id of the article closest to 003 (the highest cosine similarity)",
             "doc_id", "a78f436e0c3fd64a0ca7d027ab5763392feafa28ec68f399126176a00b0993b5",
             hint='read column "003" of the similarity table (`study.similarity`), leaving out 003 itself.'),
    Exercise("40-2", "40-narrative-comparison",
             "the doc_ids of the articles in which *home* occurs inside a direct quotation, as a list (the quoted "
             "sentences are in `study.quoted_sentences`)",
             "set", "feae212b0d17975f517c1e4052ad31de6e6e9ac8f7b6925e8aefe821e6ed9f6c",
             hint="merge the kwic table with `study.quoted_sentences` on doc_id and sent_idx, and list the articles "
                  "left."),
)

EXERCISES: dict[str, Exercise] = {exercise.id: exercise for exercise in _EXERCISES}
"""The checkable exercises, by id."""


def _item(value):
    """A one-element pandas or numpy object as its element; anything else unchanged."""
    size = getattr(value, "size", None)
    if size == 1 and hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except (ValueError, TypeError):
            return value
    return value


def _doc_id(value) -> str:
    value = _item(value)
    if isinstance(value, bool):
        raise ValueError("a doc_id, not True or False")
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):03d}"
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return text.zfill(3)
        raise ValueError(f"a doc_id is three digits; got text ({len(text)} characters)")
    raise ValueError(f"one doc_id; got {_what(value)}")


def _what(value) -> str:
    """A short description of a value's type and size, never its content."""
    name = type(value).__name__
    size = getattr(value, "size", None)
    if size is None and hasattr(value, "__len__") and not isinstance(value, str):
        size = len(value)
    return f"a {name} of {size} values" if size not in (None, 1) else f"a {name}"


def _many(value) -> list:
    if isinstance(value, str):
        return [part for part in (p.strip() for p in value.replace(";", ",").split(",")) if part]
    if isinstance(value, dict):
        raise ValueError("a list, not a dict")
    if hasattr(value, "tolist"):
        value = value.tolist()
    try:
        return list(value)
    except TypeError:
        raise ValueError(f"a list; got {_what(value)}") from None


def normalise(kind: str, answer) -> str:
    """The canonical text form of an answer, the one :func:`digest` hashes.

    Raises
    ------
    ValueError
        The answer does not have the form the kind needs (the message describes what it got,
        not what is right).

    Examples
    --------
    >>> normalise("doc_id", 3), normalise("doc_id", " 003")
    ('003', '003')
    >>> normalise("set", ["Aleppo", "aleppo", "Homs"])
    'aleppo|homs'
    >>> normalise("mapping", {2: "1", 1: "004"}), normalise("mapping", ["004", "001"])
    ('1=004|2=001', '1=004|2=001')
    """
    if kind == "doc_id":
        return _doc_id(answer)
    if kind == "set":
        items = sorted({str(_item(v)).strip().lower() for v in _many(answer)} - {""})
        if not items:
            raise ValueError("at least one item; got an empty list")
        return "|".join(items)
    if kind == "mapping":
        if hasattr(answer, "to_dict"):
            answer = answer.to_dict()
        pairs = answer.items() if isinstance(answer, dict) else enumerate(_many(answer), start=1)
        try:
            pairs = sorted((int(_item(k)), _doc_id(v)) for k, v in pairs)
        except (TypeError, ValueError) as err:
            raise ValueError(f"topic numbers mapped to doc_ids ({err})") from None
        if not pairs:
            raise ValueError("a topic -> doc_id mapping; got an empty one")
        return "|".join(f"{k}={v}" for k, v in pairs)
    if kind == "number":
        value = _item(answer)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"a number; got {_what(value)}")
        if not math.isfinite(value):
            raise ValueError("a finite number")
        return repr(float(value))
    raise ValueError(f"unknown kind of answer {kind!r}")


def digest(exercise_id: str, answer) -> str:
    """The sha256 of an exercise's normalised answer, salted with its id (what :data:`EXERCISES` stores).

    Examples
    --------
    >>> digest("10-1", 3) == digest("10-1", "003") != digest("40-1", "003")
    True
    """
    kind = _exercise(exercise_id).kind
    return hashlib.sha256(f"fsf-exercise:{exercise_id}:{normalise(kind, answer)}".encode()).hexdigest()


def _exercise(exercise_id: str) -> Exercise:
    try:
        return EXERCISES[str(exercise_id)]
    except KeyError:
        raise ExerciseError(f"no exercise {exercise_id!r}. Fix: use one of {', '.join(EXERCISES)} (notebook number, "
                            "dash, exercise number).") from None


@functools.lru_cache(maxsize=1)
def _seeds_study():
    from fsf.study import Study

    return Study()


def check(exercise_id: str, answer=..., *, study=None) -> Result:
    """Say whether an answer to an exercise is right, without revealing the right one.

    Parameters
    ----------
    exercise_id : str
        e.g. ``"10-1"`` (:data:`EXERCISES`).
    answer : optional
        The answer, in the form ``EXERCISES[exercise_id].asks`` describes. Omitted or None: the
        result says what to pass.
    study : fsf.Study, optional
        The study the answer comes from; on a corpus other than the seeds the check says it cannot
        tell.

    Returns
    -------
    Result
        Shown as one line; ``bool(result)`` is True only for a right answer.

    Raises
    ------
    ExerciseError
        The exercise id is unknown.
    """
    exercise = _exercise(exercise_id)
    if study is not None and not getattr(study, "is_seeds", True):
        return Result(exercise.id, None, f"{exercise.id}: cannot be checked on this corpus. {SEEDS_ONLY} Compare "
                                         "your answer with a classmate's instead.")
    if answer is ... or answer is None:
        return Result(exercise.id, None, f"{exercise.id}: no answer yet. Pass {exercise.asks}.")
    try:
        given = normalise(exercise.kind, answer)
    except ValueError as err:
        return Result(exercise.id, False, f"{exercise.id}: cannot check this answer: expected {err}. Pass "
                                          f"{exercise.asks}.")
    if exercise.kind == "number":
        right = exercise.compute(_seeds_study())
        ok = abs(float(given) - right) <= exercise.tolerance + 1e-12
    else:
        ok = digest(exercise.id, answer) == exercise.answer_digest
    if ok:
        return Result(exercise.id, True, f"{exercise.id}: right.")
    return Result(exercise.id, False, f"{exercise.id}: not right yet. Hint: {exercise.hint} ({SEEDS_ONLY})")
