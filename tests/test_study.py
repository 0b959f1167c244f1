"""Tests for fsf.study: one corpus, its settings and hand codes, every table computed once, saved and reopened."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import fsf.compare
import fsf.corpus
import fsf.stance
import fsf.text
from fsf.errors import CorpusError, MethodError, Skipped
from fsf.outputs import INCOMPLETE, MANIFEST, OutputError
from fsf.settings import Settings, settings_from_dict
from fsf.study import EXPORT_TABLES, MissingCodes, Study

MINI = Path(__file__).resolve().parent / "corpora" / "mini"
QUICK = settings_from_dict({"selection": {"k_min": 2, "k_max": 3, "seeds": [0, 1]}})  # the full selection: notebooks

pytestmark = pytest.mark.filterwarnings("ignore:.*ignoring files that are not .txt articles")


def write_corpus(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def copy_mini(tmp_path) -> Path:
    return Path(shutil.copytree(MINI, tmp_path / "mini"))


def assert_same_tables(study: Study, opened: Study, folder: Path) -> list[str]:
    """Every table the folder holds reads back exactly as the study computed it; returns their names."""
    names = sorted(Path(f).stem for f in json.loads((folder / MANIFEST).read_text())["files"])
    for name in names:
        pd.testing.assert_frame_equal(opened.table(name), study.table(name).reset_index(drop=True),
                                      check_exact=True, obj=name)
    return names


@pytest.fixture(scope="module")
def seeds():
    return Study(settings=QUICK)


@pytest.fixture(scope="module")
def mini():
    return Study(MINI, settings=QUICK)


@pytest.fixture(scope="module")
def saved_seeds(seeds, tmp_path_factory):
    return seeds.save(tmp_path_factory.mktemp("seeds") / "tables")


OFF_TOPIC = {
    "olive.txt": "Olive harvest falls in Idlib\n\nFarmers in the Idlib countryside say the olive harvest fell by "
                 "half this year after a dry spring.\n\nPrices for oil in the markets of the province have doubled, "
                 "traders said on Tuesday.\n",
    "bread.txt": "Bread queues return to Aleppo\n\nResidents of Aleppo waited for hours outside bakeries on Sunday "
                 "as flour deliveries were delayed.\n\nThe local council said new shipments would arrive next week.\n",
}

# sentences that start like a spreadsheet formula or with an apostrophe, and cells pandas could read as missing
AWKWARD = {
    "frost.txt": "Frost hits the camps near Atmeh\n\nForeign fighters held in the camp near Atmeh said the tents "
                 "froze on Monday.\n\n-2 degrees at night killed the last of the blossom, growers said.\n\n'Tis "
                 "the worst winter since 2010, one guard said, and the foreign fighters agreed.\n\n=SUM(A1) was "
                 "written on a wall by the gate.\n\n@home, families count the losses. +40 per cent is the rise in "
                 "the price of bread.\n\nNA\n\n\"We are cold and nobody comes,\" said Omar, a fighter from Tunisia.\n",
    "smugglers.txt": "Smugglers raise prices at the border\n\nForeign fighters trying to leave Idlib now pay twice "
                     "what they paid last year, smugglers said.\n\nnull\n\nThe route runs through olive groves "
                     "west of Harem, where patrols are rare.\n",
}


# ---------------------------------------------------------------------------------- computed once
def test_a_table_is_the_same_object_on_every_read(mini):
    assert mini.sentences is mini.sentences
    assert mini.mentions is mini.mentions
    assert mini.stance is mini.stance


def test_each_step_runs_once_however_many_tables_need_it(monkeypatch):
    import fsf.pipeline

    calls = {"load_corpus": 0, "corpus_tables": 0, "clean_article": 0}
    for module, name in ((fsf.corpus, "load_corpus"), (fsf.pipeline, "corpus_tables"),
                         (fsf.corpus.clean, "clean_article"), (fsf.corpus.load, "clean_article")):
        real = getattr(module, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    fsf.corpus.load.cleaned.cache_clear()
    study = Study(MINI, settings=QUICK)
    study.mentions, study.quotes, study.stance, study.articles, study.removed_lines  # noqa: B018
    study.sentences, study.stance_by_article, study.actors, study.fates, study.paragraphs  # noqa: B018
    # one load, one pass of the per-article steps (sentences, mentions, stance, quotes, ...), each article cleaned once
    assert calls == {"load_corpus": 1, "corpus_tables": 1, "clean_article": 4}


def test_a_step_that_fails_is_tried_once(tmp_path, monkeypatch):
    one = write_corpus(tmp_path / "one", {"a.txt": "A headline\n\nForeign fighters left the town on Monday.\n"})
    calls = []
    real = fsf.compare.term_counts
    monkeypatch.setattr(fsf.compare, "term_counts", lambda *a, **k: calls.append(1) or real(*a, **k))
    study = Study(one)
    for name in ("keyness", "keyness", "similarity"):
        with pytest.raises(MethodError, match="at least 2"):
            getattr(study, name)
    assert len(calls) == 1


# ---------------------------------------------------------------------------------- the same tables as before
def test_the_seed_tables_equal_the_per_table_builders(seeds):
    from fsf.compare import keyness_table
    from fsf.corpus import load_corpus, removed_lines
    from fsf.quotes import quotes_table
    from fsf.stance import ff_sentences_table, mentions, mentions_table, sentence_stance
    from fsf.text import article_counts, sentences

    corpus = load_corpus()
    sents = sentences(corpus)
    old = {
        "articles": corpus[["doc_id", "file", "sha256", "title", "standfirst", "outlet", "year"]].merge(
            article_counts(corpus), on="doc_id", how="left", validate="one_to_one"),
        "removed_lines": removed_lines(corpus),
        "sentences": sents[["doc_id", "sent_idx", "section", "paragraph_idx", "text", "start", "end"]],
        "mentions": mentions_table(corpus),
        "quotes": quotes_table(corpus),
        "keyness": keyness_table(corpus, top=100),  # keyness.csv: each article's top 100 terms
    }
    for name, table in old.items():
        pd.testing.assert_frame_equal(seeds.table(name).reset_index(drop=True), table.reset_index(drop=True),
                                      check_exact=True, obj=name)
    # ff_sentences is the supervised stance (tests/stance/test_model.py); its lexicon baseline is the old table
    pd.testing.assert_frame_equal(seeds.stance_lexicon, ff_sentences_table(corpus), check_exact=True)
    pd.testing.assert_frame_equal(seeds.stance_lexicon, sentence_stance(sents, mentions(sents)), check_exact=True)
    lexicon = seeds.stance[["lexicon_score", "lexicon_stance"]].set_axis(["score", "stance"], axis=1)
    pd.testing.assert_frame_equal(lexicon, seeds.stance_lexicon[["score", "stance"]], check_exact=True)


def test_the_seed_topic_tables_equal_the_step_by_step_models(seeds):
    from fsf.corpus import load_corpus
    from fsf.topics import (
        choose_k,
        chosen_k,
        document_term_matrix,
        feasible_k,
        fit_topics,
        model_selection,
        paragraph_topics_table,
        paragraph_units,
        topic_terms_table,
    )

    dtm = document_term_matrix(paragraph_units(load_corpus()))
    ks = chosen_k(choose_k(model_selection(dtm, feasible_k(dtm, (2, 3)), seeds=(0, 1), holdout=0.1)))
    models = {method: fit_topics(dtm, method, k) for method, k in ks.items()}
    pd.testing.assert_frame_equal(seeds.topic_terms, topic_terms_table(models), check_exact=True)
    pd.testing.assert_frame_equal(seeds.paragraph_topics, paragraph_topics_table(models), check_exact=True)


def test_table_names_the_export_tables(seeds):
    assert seeds.table("ff_sentences") is seeds.stance
    with pytest.raises(Exception, match="unknown table 'stance'"):
        seeds.table("stance")


# ---------------------------------------------------------------------------------- save and open
def test_save_then_open_gives_every_table_back_exactly(seeds, saved_seeds):
    opened = Study.open(saved_seeds)
    assert opened.settings == seeds.settings == QUICK
    assert assert_same_tables(seeds, opened, saved_seeds) == sorted(EXPORT_TABLES)


def test_an_opened_study_reads_its_tables_instead_of_computing_them(saved_seeds, monkeypatch):
    def no(*args, **kwargs):
        raise AssertionError("recomputed")

    monkeypatch.setattr(fsf.text, "sentences", no)
    monkeypatch.setattr(fsf.corpus, "load_corpus", no)
    opened = Study.open(saved_seeds)
    assert len(opened.sentences) == 200 and len(opened.stance) == 200


def test_an_opened_study_computes_the_rest_from_the_same_tables(seeds, saved_seeds):
    opened = Study.open(saved_seeds)
    pd.testing.assert_frame_equal(opened.stance_by_article, seeds.stance_by_article)
    pd.testing.assert_frame_equal(opened.quoted_sentences, seeds.quoted_sentences)
    pd.testing.assert_frame_equal(opened.stance_arc, seeds.stance_arc)


def test_save_then_open_on_the_test_corpus(mini, tmp_path):
    folder = mini.save(tmp_path / "t")
    opened = Study.open(folder)
    assert assert_same_tables(mini, opened, folder) == sorted(EXPORT_TABLES)
    assert opened.codes.stance == (MINI / "hand_codes" / "stance.csv").resolve()  # the corpus's codes still apply


@pytest.mark.parametrize("raw_csv", [False, True])
def test_save_then_open_keeps_formula_like_text_and_apostrophes(tmp_path, raw_csv):
    study = Study(write_corpus(tmp_path / "awkward", AWKWARD))
    starts = {text[:1] for text in study.sentences["text"]}
    assert {"-", "'", "=", "@", "+"} <= starts and "NA" in set(study.sentences["text"])  # the corpus is as meant
    folder = study.save(tmp_path / "t", raw_csv=raw_csv)
    names = assert_same_tables(study, Study.open(folder), folder)
    assert {"sentences", "mentions", "quotes", "keyness"} <= set(names)


def test_save_then_open_keeps_empty_tables(tmp_path):
    study = Study(write_corpus(tmp_path / "offtopic", OFF_TOPIC))
    assert len(study.mentions) == 0 and len(study.quotes) == 0
    folder = study.save(tmp_path / "t")
    names = assert_same_tables(study, Study.open(folder), folder)
    assert {"mentions", "quotes", "ff_sentences"} <= set(names)


def test_save_then_open_as_parquet(mini, tmp_path):
    pytest.importorskip("pyarrow")
    folder = mini.save(tmp_path / "t", fmt="parquet")
    assert (folder / "sentences.parquet").is_file()
    assert assert_same_tables(mini, Study.open(folder), folder) == sorted(EXPORT_TABLES)


def test_save_records_skipped_tables_with_their_reason(tmp_path):
    one = write_corpus(tmp_path / "one", {"a.txt": "A headline\n\nForeign fighters left the town on Monday.\n"})
    messages = []
    folder = Study(one).save(tmp_path / "t", progress=messages.append)
    manifest = json.loads((folder / MANIFEST).read_text())
    assert {"keyness", "topic_terms", "paragraph_topics"} <= set(manifest["skipped"])
    assert "at least 2" in manifest["skipped"]["keyness"]
    assert any(m.startswith("skipped keyness: ") for m in messages)
    assert not (folder / "keyness.csv").exists()


def test_open_refuses_a_folder_a_run_left_incomplete(saved_seeds, tmp_path):
    folder = Path(shutil.copytree(saved_seeds, tmp_path / "t"))
    (folder / INCOMPLETE).write_text("killed")
    with pytest.raises(OutputError, match=INCOMPLETE):
        Study.open(folder)


def test_open_refuses_a_folder_without_manifest(saved_seeds, tmp_path):
    folder = Path(shutil.copytree(saved_seeds, tmp_path / "t"))
    (folder / MANIFEST).unlink()
    with pytest.raises(OutputError, match=MANIFEST):
        Study.open(folder)


@pytest.fixture
def saved_copy(tmp_path):
    corpus = copy_mini(tmp_path)
    folder = Study(corpus).save(tmp_path / "t", tables=["articles", "sentences"])
    assert Study.open(folder).name == "mini"
    return corpus, folder


def test_open_refuses_a_corpus_whose_article_changed(saved_copy):
    corpus, folder = saved_copy
    path = corpus / "102_feature.txt"
    path.write_text(path.read_text().replace("six families", "seven families"))
    with pytest.raises(CorpusError) as err:
        Study.open(folder)
    assert "102_feature.txt" in str(err.value) and "Fix:" in str(err.value)
    assert len(Study.open(folder, check_corpus=False).sentences) == 71  # the old tables, knowingly


def test_open_refuses_a_corpus_that_lost_an_article(saved_copy):
    corpus, folder = saved_copy
    (corpus / "104_local.txt").unlink()
    with pytest.raises(CorpusError, match="104_local.txt"):
        Study.open(folder)


def test_open_refuses_a_corpus_that_gained_an_article(tmp_path):
    corpus = write_corpus(tmp_path / "offtopic", OFF_TOPIC)  # no metadata.csv to change with it
    folder = Study(corpus).save(tmp_path / "t", tables=["articles"])
    (corpus / "sheep.txt").write_text("Sheep prices rise in Hama\n\nTraders in Hama said sheep cost more this week.\n")
    with pytest.raises(CorpusError, match="sheep.txt"):
        Study.open(folder)
    (corpus / "notes.md").write_text("not an article")
    (corpus / "sheep.txt").unlink()
    assert len(Study.open(folder).articles) == 2  # a file that is no article changes nothing


def test_open_refuses_a_corpus_whose_metadata_changed(saved_copy):
    corpus, folder = saved_copy
    text = (corpus / "metadata.csv").read_text()
    (corpus / "metadata.csv").write_text(text.replace(",2024,", ",2023,"))
    with pytest.raises(CorpusError, match="metadata.csv"):
        Study.open(folder)


# ---------------------------------------------------------------------------------- hand codes and validation
@pytest.fixture(scope="module")
def mini_codes():
    return pd.read_csv(MINI / "hand_codes" / "stance.csv", dtype={"doc_id": str}, keep_default_na=False)


def test_the_test_corpus_brings_its_hand_codes(mini, mini_codes):
    assert mini.codes.stance == MINI / "hand_codes" / "stance.csv"
    assert mini.codes.quotes == MINI / "hand_codes" / "quotes.csv"
    assert len(mini.stance_codes) == len(mini_codes) == len(mini.sentences)  # every sentence is coded
    assert len(mini.quote_codes) == 20


def test_mention_detection_against_the_hand_codes(mini, mini_codes):
    flagged = set(zip(mini.mentions["doc_id"], mini.mentions["sent_idx"]))
    coded = {(d, s): r for d, s, r in zip(mini_codes["doc_id"], mini_codes["sent_idx"], mini_codes["refers_ff"])}
    tp = sum(1 for key, r in coded.items() if r == 1 and key in flagged)
    fp = sum(1 for key, r in coded.items() if r == 0 and key in flagged)
    fn = sum(1 for key, r in coded.items() if r == 1 and key not in flagged)
    row = mini.mention_detection.set_index("group").loc["all"]
    assert (row["n"], row["tp"], row["fp"], row["fn"]) == (len(coded), tp, fp, fn)
    assert row["recall"] == round(tp / (tp + fn), 3)
    by_type = mini.mention_detection.set_index("group").drop(index="all")
    assert set(by_type.index) == set(mini_codes.loc[mini_codes["refers_ff"] == 1, "ref_type"])


def test_stance_is_cross_validated_by_article(mini, mini_codes):
    from fsf.stance import cross_validate_stance

    cv = mini.stance_cv
    flagged = set(zip(mini.mentions["doc_id"], mini.mentions["sent_idx"]))
    about = mini_codes[mini_codes["refers_ff"] == 1]
    expected = {(d, s) for d, s in zip(about["doc_id"], about["sent_idx"]) if (d, s) in flagged}
    assert set(zip(cv["doc_id"], cv["sent_idx"])) == expected
    assert cv.set_index(["doc_id", "sent_idx"])["hand"].to_dict() == {
        (d, s): int(v) for d, s, v in zip(about["doc_id"], about["sent_idx"], about["stance"]) if (d, s) in flagged}
    # an article's predictions do not depend on its own codes: reverse them and nothing predicted for it changes
    for held_out in cv["doc_id"].value_counts().index[:1]:
        codes = mini.stance_codes.copy()
        mine = codes["doc_id"] == held_out
        codes.loc[mine, "stance"] = -codes.loc[mine, "stance"]
        again = cross_validate_stance(mini.stance_grid, codes)
        pd.testing.assert_frame_equal(again.loc[again.doc_id == held_out, ["sent_idx", "predicted", "settings"]],
                                      cv.loc[cv.doc_id == held_out, ["sent_idx", "predicted", "settings"]])


def test_the_stance_comparison_holds_the_cross_validated_measure(mini):
    cv = mini.stance_cv
    row = mini.stance_comparison.set_index("measure").loc["fsf measure, leave-one-article-out"]
    assert row["n"] == len(cv)
    assert row["accuracy"] == round(float((cv["predicted"] == cv["hand"]).mean()), 3)


def test_the_stance_comparison_without_cross_validation(tmp_path):
    """Codes in one article cannot be cross-validated by article; the other measures are still compared."""
    corpus = copy_mini(tmp_path)
    codes = pd.read_csv(corpus / "hand_codes" / "stance.csv", dtype=str, keep_default_na=False)
    codes[codes["doc_id"] == "101"].to_csv(corpus / "hand_codes" / "stance.csv", index=False)
    study = Study(corpus)
    with pytest.raises(MethodError, match="at least 2 articles"):
        study.stance_cv  # noqa: B018
    measures = study.stance_comparison["measure"].tolist()
    assert "plain VADER, whole sentence" in measures and "fsf measure, leave-one-article-out" not in measures


def test_quote_agreement_against_the_hand_codes(mini):
    hand = mini.quote_codes
    auto = set(zip(mini.quotes["doc_id"], mini.quotes["paragraph_idx"], mini.quotes["quote"]))
    exact = sum((d, p, q) in auto for d, p, q in zip(hand["doc_id"], hand["paragraph_idx"], hand["quote"]))
    table = mini.quote_agreement.set_index("measure")
    assert table.loc["extraction recall", "count"] == f"{exact} of {len(hand)} hand-coded"
    assert table.loc["extraction precision", "count"] == f"{exact} of {len(mini.quotes)} extracted"
    assert table.loc["extraction recall", "value"] == round(exact / len(hand), 3)


VALIDATION = ["stance_codes", "quote_codes", "mention_detection", "stance_cv", "stance_comparison",
              "quote_agreement", "missed_mentions"]


@pytest.mark.parametrize("name", VALIDATION)
def test_without_codes_validation_raises_missing_codes(name):
    study = Study(MINI, codes=False)
    with pytest.raises(MissingCodes) as err:
        getattr(study, name)
    assert "'mini'" in str(err.value) and "no hand codes" in str(err.value) and "Fix:" in str(err.value)


@pytest.mark.parametrize("name", VALIDATION)
def test_without_codes_a_lenient_study_says_why(name):
    study = Study(MINI, codes=False, lenient=True)
    skipped = getattr(study, name)
    assert isinstance(skipped, Skipped)
    assert "no hand codes" in skipped.reason and "Fix:" in skipped.reason and "\n" not in skipped.reason
    assert isinstance(study.stance, pd.DataFrame)  # what needs no codes still runs


def test_the_five_seed_articles_without_codes_are_named_as_such():
    with pytest.raises(MissingCodes, match="^the five seed articles have no hand codes of stance"):
        Study(codes=False).stance_codes  # noqa: B018


# ---------------------------------------------------------------------------------- corpora too small
TINY = {
    "report-one.txt": "Fighters Cross the Border\n\nMany foreign fighters crossed into Turkey this week. Most went "
                      "home.\n",
    "report-two.txt": "A second story\n\nThe militants left Idleb. They did not come back.\n",
}


@pytest.mark.parametrize("name", ["topic_models", "topic_terms", "paragraph_topics", "topic_selection"])
def test_a_tiny_corpus_gives_skipped_topic_models_in_a_lenient_study(tmp_path, name):
    study = Study(write_corpus(tmp_path / "tiny", TINY), lenient=True)
    skipped = getattr(study, name)
    assert isinstance(skipped, Skipped), skipped
    assert "Fix:" in skipped.reason and "\n" not in skipped.reason
    with pytest.raises(MethodError):
        getattr(Study(write_corpus(tmp_path / "tiny", TINY)), name)


def test_the_reason_topic_models_are_skipped_names_paragraphs(tmp_path):
    study = Study(write_corpus(tmp_path / "tiny", TINY), lenient=True)
    assert "paragraph" in study.topic_terms.reason


def test_one_article_skips_keyness_with_a_reason(tmp_path):
    one = write_corpus(tmp_path / "one", {"a.txt": TINY["report-one.txt"]})
    skipped = Study(one, lenient=True).keyness
    assert isinstance(skipped, Skipped) and "at least 2" in skipped.reason and "article" in skipped.reason
    assert len(Study(one).sentences) == 3


def test_a_study_with_settings_from_a_file(tmp_path, mini):
    assert "pronoun" in set(mini.mentions["kind"])  # with the default carry = 2
    path = tmp_path / "study.toml"
    path.write_text("[mentions]\ncarry = 0\n")
    study = Study(MINI, settings=path)
    assert study.settings == Settings().replace(mentions=settings_from_dict({"mentions": {"carry": 0}}).mentions)
    assert "pronoun" not in set(study.mentions["kind"])  # carry = 0 turns pronoun mentions off
