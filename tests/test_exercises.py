"""Checked exercises: every check accepts the solution's answer and rejects a wrong one, and never tells the answer.

The right answers are computed here from the seeds' study, as each notebook's solution cells
compute them, never typed in: when an analysis changes, the check and this test disagree, and the
failure names the digest to store in fsf/exercises.py (if the change was meant).
"""

from __future__ import annotations

import inspect

import nbformat
import pandas as pd
import pytest

from fsf import exercises, stance, text, topics
from fsf.exercises import EXERCISES, ExerciseError, Result, check, digest, normalise
from fsf.notebooks import EXERCISE_TAG, NOTEBOOKS, student_version
from fsf.study import Study


@pytest.fixture(scope="module")
def study():
    return Study()


# The solutions, as in the notebooks' solution cells (and for 40-2, the quoted sentences of section 1).
def solution_10_1(study):
    shares = study.section_counts.pivot(index="doc_id", columns="section", values="n_tokens")
    return (shares["removed"] / shares.sum(axis=1)).idxmax()


def solution_10_2(study):
    return text.kwic(study.sentences, r"raqq\w*", regex=True)["match"].unique().tolist()


def solution_20_1(study):
    ks = topics.chosen_k(study.topic_choice)
    more = topics.fit_topics(study.dtm, "nmf", ks["nmf"] + 2)
    return topics.prevalence(more, "doc_id").pivot(index="doc_id", columns="topic", values="weight").idxmax().to_dict()


def solution_20_2(study):
    ks = topics.chosen_k(study.topic_choice)
    weights = topics.prevalence(study.topic_models["nmf"], "doc_id").query(f"topic == {ks['nmf']}")
    return weights.nlargest(1, "weight")["doc_id"].item()


def solution_30_1(study):
    codes = study.stance_codes
    plain = study.stance_measures["plain VADER, whole sentence"].merge(
        codes[codes["refers_ff"] == 1], on=["doc_id", "sent_idx"], suffixes=("_auto", "_hand"))
    return (plain["stance_auto"] == plain["stance_hand"]).groupby(plain["doc_id"]).mean().idxmin()


def solution_30_2(study):
    alternative = stance.sentence_stance(study.sentences, study.mentions, stance.StanceSettings(lexicon="fsf", n=4))
    table = stance.measure_comparison({"fsf lexicon, 4 tokens": alternative, "fsf default": study.stance_lexicon},
                                      study.stance_codes)
    return table.set_index("measure").loc["fsf lexicon, 4 tokens", "kappa"]


def solution_40_1(study):
    return study.similarity["003"].drop("003").sort_values(ascending=False).index[0]


def solution_40_2(study):
    home = text.kwic(study.sentences, "home")
    quoted = study.quoted_sentences[["doc_id", "sent_idx"]].drop_duplicates()
    return sorted(home.merge(quoted, on=["doc_id", "sent_idx"])["doc_id"].unique())


SOLUTIONS = {"10-1": solution_10_1, "10-2": solution_10_2, "20-1": solution_20_1, "20-2": solution_20_2,
             "30-1": solution_30_1, "30-2": solution_30_2, "40-1": solution_40_1, "40-2": solution_40_2}


def wrong(exercise, answer, study):
    """A plausible wrong answer of the same form."""
    doc_ids = sorted(study.corpus["doc_id"])
    if exercise.kind == "doc_id":
        return next(d for d in doc_ids if d != normalise("doc_id", answer))
    if exercise.kind == "set":
        return list(answer)[:-1] or ["000"]
    if exercise.kind == "mapping":
        values = list(dict(answer).values())
        return dict(zip(dict(answer), values[1:] + values[:1]))
    return float(answer) + 0.05


def secrets(exercise, answer) -> list[str]:
    """Forms of the right answer that no message may contain (words the question itself uses excepted)."""
    if exercise.kind == "number":
        return [f"{answer:.2f}", f"{answer:.3f}", f"{answer:.3f}".lstrip("0")]
    found = [normalise(exercise.kind, answer)]
    if exercise.kind in ("doc_id", "set"):
        found += normalise(exercise.kind, answer).split("|")
    return [s for s in found if s.lower() not in exercise.asks.lower()]


def test_every_exercise_of_the_notebooks_has_a_check():
    ids = []
    for notebook in NOTEBOOKS:
        cells = nbformat.read(notebook.path, as_version=4).cells
        n = sum(EXERCISE_TAG in c.get("metadata", {}).get("tags", []) for c in cells)
        ids += [f"{notebook.name[:2]}-{i}" for i in range(1, n + 1)]
    assert ids == list(EXERCISES) == list(SOLUTIONS)


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_check_accepts_the_solution_and_rejects_a_wrong_answer(exercise_id, study):
    exercise = EXERCISES[exercise_id]
    answer = SOLUTIONS[exercise_id](study)
    if exercise.kind != "number":
        assert digest(exercise_id, answer) == exercise.answer_digest, (
            f"{exercise_id}: the seeds' answer has changed; if that is meant, store answer_digest="
            f"{digest(exercise_id, answer)!r} in fsf/exercises.py")
    right = check(exercise_id, answer)
    assert right.ok is True and bool(right) and right.message == f"{exercise_id}: right."
    bad = check(exercise_id, wrong(exercise, answer, study))
    assert bad.ok is False and not bad and bad.message.startswith(f"{exercise_id}: not right yet. Hint: ")
    empty, malformed = check(exercise_id), check(exercise_id, {"not": "an answer"} if exercise.kind != "mapping"
                                                 else "x")
    assert empty.ok is None and "no answer yet" in empty.message
    assert malformed.ok is False and "cannot check this answer" in malformed.message
    for result in (right, bad, empty, malformed):
        assert "\n" not in result.message
        for secret in secrets(exercise, answer):
            assert secret not in result.message.lower(), (exercise_id, secret, result.message)


def test_answers_in_other_forms():
    assert check("10-1", pd.Series(["001"]).iloc[0]) and check("10-1", 1) and check("10-1", " 001 ")
    assert check("10-2", pd.Index(["RAQQAH", "raqqa", "Raqqa"])) and check("10-2", "raqqah, raqqa")
    assert check("20-1", ["003", "002", "001", "000"]) and check("20-1", pd.Series({1: "003", 2: "002", 3: "001",
                                                                                    4: "000"}))
    assert check("40-2", ("003", "000", "002", "002"))
    assert not check("10-1", True) and not check("30-2", "0.2") and not check("30-2", float("nan"))


def test_package_holds_no_plain_answer():
    source = inspect.getsource(exercises).lower()
    for answer in ("raqqah", "1=003", "003|002", "000|002|003"):
        assert answer not in source


def test_another_corpus_is_not_checked():
    class Other:
        is_seeds = False

    result = check("10-1", "001", study=Other())
    assert result.ok is None and "seed articles only" in result.message


def test_unknown_exercise_is_a_one_line_error():
    with pytest.raises(ExerciseError, match=r"^no exercise '10-9'\. Fix: use one of 10-1, 10-2"):
        check("10-9", "001")


def test_result_shows_as_its_message():
    result = Result("10-1", True, "10-1: right.")
    assert repr(result) == str(result) == "10-1: right."


def test_student_answer_cells_call_the_check():
    for notebook in NOTEBOOKS:
        student = student_version(nbformat.read(notebook.path, as_version=4), notebook.name)
        answers = [c.source for c in student.cells if "answer" in c.get("metadata", {}).get("tags", [])]
        ids = [i for i in EXERCISES if i.startswith(notebook.name[:2])]
        assert len(answers) == len(ids)
        for source, exercise_id in zip(answers, ids):
            assert source.rstrip().endswith(f"check({exercise_id!r}, your_answer)")
            assert "your_answer = None" in source
