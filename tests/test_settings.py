"""Tests for fsf.settings: one Settings object, its defaults, and TOML files with one-line errors."""

from __future__ import annotations

import dataclasses

import pytest
import tomllib

from fsf.settings import (
    EXAMPLE,
    CorpusSettings,
    KeynessSettings,
    MentionSettings,
    SelectionSettings,
    Settings,
    SettingsError,
    load_settings,
    settings_from_dict,
)
from fsf.stance import StanceSettings
from fsf.text import TermSettings
from fsf.topics import TopicSettings


def write(tmp_path, text: str, name: str = "study.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path, text: str, name: str = "study.toml") -> str:
    """The one-line message of loading a settings file that must be refused."""
    path = write(tmp_path, text, name)
    with pytest.raises(SettingsError) as err:
        load_settings(path)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith((f"{name}: ", f"{path}: ")) and "Fix:" in message  # names the file, says the fix
    return message


# ---------------------------------------------------------------------------------- defaults
def test_the_defaults_are_the_documented_ones():
    s = Settings()
    assert s.corpus == CorpusSettings(encoding="utf-8", max_bytes=5_000_000, follow_symlinks=False, recursive=False)
    assert s.selection.k_range == (2, 3, 4, 5, 6, 7, 8)
    assert s.selection.seeds == (0, 1, 2, 3, 4) and s.selection.holdout == 0.1
    assert s.mentions.carry == 2
    assert (s.stance.lexicon, s.stance.n, s.stance.mask, s.stance.threshold) == ("domain", 8, False, 0.05)
    assert (s.selection.sample_units, s.selection.sample_seed, s.selection.online_above) == (200, 0, 5000)
    assert (s.keyness.a0, s.keyness.top) == (None, 100)
    assert (s.topics.min_df, s.topics.max_df, s.topics.empty_units, s.topics.ngram_range) == (2, 0.3, "raise", (1, 1))
    assert (s.terms.stem, s.terms.stopwords, s.terms.lowercase) == (False, True, True)
    assert "said" in s.topics.extra_stopwords and "said" not in s.terms.extra_stopwords


def test_no_file_gives_the_defaults():
    assert load_settings(None) == Settings() == settings_from_dict({})


def test_an_empty_file_gives_the_defaults(tmp_path):
    assert load_settings(write(tmp_path, "# nothing set\n")) == Settings()


def test_the_example_file_is_exactly_the_defaults():
    assert settings_from_dict(tomllib.loads(EXAMPLE), source="example") == Settings()


def test_the_example_names_every_section():
    sections = set(tomllib.loads(EXAMPLE))
    assert sections == {f.name for f in dataclasses.fields(Settings)}


# ---------------------------------------------------------------------------------- round trips
EVERY_SECTION = """\
[corpus]
encoding = "cp1252"
max_bytes = 1234
follow_symlinks = true
recursive = true

[terms]
lowercase = false
aliases = false
drop_numbers = false
strip_possessive = false
min_token_length = 3
stopwords = false
extra_stopwords = ["Said", "told"]
stem = true

[topics]
stem = true
min_token_length = 1
extra_stopwords = []
ngram_range = [1, 2]
min_df = 0.05
max_df = 10
min_tokens = 2
empty_units = "drop"

[selection]
k_min = 3
k_max = 5
seeds = [7, 11]
holdout = 0.2

[mentions]
carry = 0

[stance]
lexicon = "vader"
window = 4
mask = true
threshold = 0.1

[keyness]
a0 = 250.5
top = 40
"""

EXPECTED = Settings(
    corpus=CorpusSettings(encoding="cp1252", max_bytes=1234, follow_symlinks=True, recursive=True),
    terms=TermSettings(lowercase=False, aliases=False, drop_numbers=False, strip_possessive=False,
                       min_token_length=3, stopwords=False, extra_stopwords=("said", "told"), stem=True),
    topics=TopicSettings(stem=True, min_token_length=1, extra_stopwords=(), ngram_range=(1, 2), min_df=0.05,
                         max_df=10, min_tokens=2, empty_units="drop"),
    selection=SelectionSettings(k_range=(3, 4, 5), seeds=(7, 11), holdout=0.2),
    mentions=MentionSettings(carry=0),
    stance=StanceSettings(lexicon="vader", n=4, mask=True, threshold=0.1),
    keyness=KeynessSettings(a0=250.5, top=40),
)


def test_a_file_setting_every_section(tmp_path):
    settings = load_settings(write(tmp_path, EVERY_SECTION))
    for section in ("corpus", "terms", "topics", "selection", "mentions", "stance", "keyness"):
        assert getattr(settings, section) == getattr(EXPECTED, section), section
    assert settings == EXPECTED
    assert settings.terms.extra_stopwords == ("said", "told")  # lower-cased


@pytest.mark.parametrize("section", ["corpus", "terms", "topics", "selection", "mentions", "stance", "keyness"])
def test_a_file_setting_one_section_leaves_the_others_at_their_defaults(tmp_path, section):
    one = {section: tomllib.loads(EVERY_SECTION)[section]}
    path = write(tmp_path, "")
    with path.open("w") as f:  # the section alone, as TOML
        f.write(f"[{section}]\n")
        for key, value in one[section].items():
            f.write(f"{key} = {_toml(value)}\n")
    settings = load_settings(path)
    assert getattr(settings, section) == getattr(EXPECTED, section)
    for other in ("corpus", "terms", "topics", "selection", "mentions", "stance", "keyness"):
        if other != section:
            assert getattr(settings, other) == getattr(Settings(), other)


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return repr(value)


def test_to_dict_round_trips(tmp_path):
    """What a study's manifest records (to_dict) reads back as the same settings (Study.open)."""
    for settings in (Settings(), EXPECTED, EXPECTED.replace(stance=StanceSettings(n=None)),
                     EXPECTED.replace(corpus=CorpusSettings(max_bytes=None))):
        assert settings_from_dict(settings.to_dict()) == settings


def test_settings_written_for_a_notebook_kernel_read_back_the_same():
    """The CLI writes the settings for the notebooks' kernels as TOML; they must read back unchanged."""
    from fsf.cli import _write_settings

    for settings in (EXPECTED, EXPECTED.replace(stance=StanceSettings(n=None)),
                     EXPECTED.replace(corpus=CorpusSettings(max_bytes=None))):
        path = _write_settings(settings)
        try:
            assert load_settings(path) == settings
        finally:
            path.unlink()
            path.parent.rmdir()


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "study.toml"
    path.write_bytes("\ufeff[mentions]\ncarry = 1\n".encode())
    assert load_settings(path).mentions.carry == 1


# ---------------------------------------------------------------------------------- special values
def test_k_min_and_k_max_give_the_k_range(tmp_path):
    assert load_settings(write(tmp_path, "[selection]\nk_min = 2\nk_max = 4\n")).selection.k_range == (2, 3, 4)
    assert load_settings(write(tmp_path, "[selection]\nk_min = 5\n")).selection.k_range == (5, 6, 7, 8)
    assert load_settings(write(tmp_path, "[selection]\nk_min = 3\nk_max = 3\n")).selection.k_range == (3,)


def test_k_min_above_k_max_is_refused(tmp_path):
    message = refused(tmp_path, "[selection]\nk_min = 6\nk_max = 3\n")
    assert "k_min = 6" in message and "k_max = 3" in message


def test_max_bytes_zero_means_no_limit(tmp_path):
    assert load_settings(write(tmp_path, "[corpus]\nmax_bytes = 0\n")).corpus.max_bytes is None


def test_window_sentence_means_the_whole_sentence(tmp_path):
    assert load_settings(write(tmp_path, '[stance]\nwindow = "sentence"\n')).stance.n is None
    assert load_settings(write(tmp_path, "[stance]\nwindow = 3\n")).stance.n == 3


# ---------------------------------------------------------------------------------- errors
def test_an_unknown_section_is_refused(tmp_path):
    message = refused(tmp_path, "[topic]\nmin_df = 3\n")
    assert "[topic]" in message and "[topics]" in message


def test_an_unknown_key_is_refused(tmp_path):
    message = refused(tmp_path, "[topics]\nmin_dff = 3\n")
    assert "'min_dff'" in message and "min_df" in message.split("Fix:")[1]


def test_the_message_names_the_file_it_came_from(tmp_path):
    message = refused(tmp_path, "[mentions]\ncary = 1\n", name="my-settings.toml")
    assert message.startswith("my-settings.toml: [mentions]")


@pytest.mark.parametrize("text, names", [
    # a string where true/false is expected
    ('[corpus]\nfollow_symlinks = "yes"\n', "follow_symlinks"),
    ('[terms]\nstem = "true"\n', "stem"),
    ('[stance]\nmask = "no"\n', "mask"),
    ('[corpus]\nrecursive = 1\n', "recursive"),
    # a string where a list is expected
    ('[terms]\nextra_stopwords = "said"\n', "extra_stopwords"),
    ('[selection]\nseeds = "0, 1, 2"\n', "seeds"),
    ('[topics]\nngram_range = "1, 2"\n', "ngram_range"),
    # true/false where a whole number is expected
    ("[mentions]\ncarry = true\n", "carry"),
    ("[selection]\nk_max = true\n", "k_max"),
    ("[corpus]\nmax_bytes = true\n", "max_bytes"),
    ("[keyness]\ntop = true\n", "top"),
    ("[topics]\nmin_tokens = true\n", "min_tokens"),
    ("[terms]\nmin_token_length = false\n", "min_token_length"),
    ("[stance]\nwindow = true\n", "n"),
    # text where a number is expected
    ('[stance]\nthreshold = "0.1"\n', "threshold"),
    ('[selection]\nholdout = "0.1"\n', "holdout"),
    ('[topics]\nmin_df = "2"\n', "min_df"),
    ('[keyness]\na0 = "100"\n', "a0"),
    # a number where text is expected
    ("[corpus]\nencoding = 8\n", "encoding"),
    ("[stance]\nlexicon = 1\n", "lexicon"),
])
def test_a_value_of_the_wrong_type_is_refused(tmp_path, text, names):
    message = refused(tmp_path, text)
    assert names in message


@pytest.mark.parametrize("text, names", [
    ('[stance]\nlexicon = "vadr"\n', "lexicon"),
    ('[stance]\nwindow = "sentences"\n', "window"),
    ("[stance]\nthreshold = -0.1\n", "threshold"),
    ("[stance]\nwindow = -2\n", "n"),
    ('[corpus]\nencoding = "utf-9"\n', "encoding"),
    ("[corpus]\nmax_bytes = -5\n", "max_bytes"),
    ("[selection]\nk_min = 1\nk_max = 3\n", "k_range"),
    ("[selection]\nseeds = [1]\n", "seeds"),
    ("[selection]\nholdout = 0.5\n", "holdout"),
    ('[topics]\nempty_units = "skip"\n', "empty_units"),
    ("[topics]\nmin_df = 0\n", "min_df"),
    ("[keyness]\ntop = -1\n", "top"),  # 0 means every term
    ("[mentions]\ncarry = -1\n", "carry"),
])
def test_a_value_out_of_range_is_refused(tmp_path, text, names):
    message = refused(tmp_path, text)
    assert names in message


def test_a_section_that_is_not_a_table_is_refused(tmp_path):
    message = refused(tmp_path, "mentions = 2\n")
    assert "[mentions]" in message


def test_invalid_toml_is_refused_with_its_line(tmp_path):
    message = refused(tmp_path, "[topics]\nmin_df = = 2\n")
    assert "not valid TOML" in message and "line 2" in message


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(SettingsError) as err:
        load_settings(tmp_path / "nope.toml")
    assert "nope.toml" in str(err.value) and "Fix:" in str(err.value) and "\n" not in str(err.value)


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "study.toml"
    path.write_bytes(b'[corpus]\nencoding = "caf\xe9"\n')
    with pytest.raises(SettingsError) as err:
        load_settings(path)
    assert "study.toml" in str(err.value) and "UTF-8" in str(err.value) and "\n" not in str(err.value)


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().mentions.carry = 5  # type: ignore[misc]
