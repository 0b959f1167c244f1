"""One settings object for a study, with documented defaults, readable from a TOML file.

:class:`Settings` gathers every choice a study makes, one section per stage:

``[corpus]``
    how articles are read (:class:`CorpusSettings`): encoding, size limit, symlinks.
``[terms]``
    the terms keyness and similarity count (:class:`fsf.text.TermSettings`).
``[topics]``
    the topic models' document-term matrix (:class:`fsf.topics.TopicSettings`: the term
    choices above plus n-grams, ``min_df``, ``max_df``, emptied units).
``[selection]``
    how K is chosen and the chosen models fitted (:class:`SelectionSettings`): the K tried,
    seeds, holdout share, the sample K is chosen on in a large corpus, when to fit online.
``[mentions]``
    how mentions of foreign fighters are found (:class:`MentionSettings`).
``[stance]``
    fsf's lexicon stance measure (:class:`fsf.stance.StanceSettings`).
``[keyness]``
    the prior of the log-odds ratio and how many terms per article are exported
    (:class:`KeynessSettings`).

A settings file holds only what differs from the defaults, e.g.::

    [corpus]
    encoding = "cp1252"

    [topics]
    empty_units = "drop"

    [selection]
    k_min = 2
    k_max = 5

Unknown sections or keys, and values of the wrong type, stop with one line naming the file,
the key and the fix (:func:`load_settings`).

Examples
--------
>>> Settings().topics.min_df, Settings().stance.lexicon
(2, 'domain')
>>> settings_from_dict({"selection": {"k_max": 4}}).selection.k_range
(2, 3, 4)
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path

from fsf.errors import FsfError
from fsf.stance.score import DEFAULT as DEFAULT_STANCE
from fsf.stance.score import StanceSettings
from fsf.text.terms import TermSettings
from fsf.topics.dtm import TopicSettings

__all__ = ["CorpusSettings", "KeynessSettings", "MentionSettings", "SelectionSettings", "Settings", "SettingsError",
           "load_settings", "settings_from_dict"]


class SettingsError(FsfError):
    """A settings file or value cannot be used: the message names the file, the key and the fix."""


@dataclass(frozen=True)
class CorpusSettings:
    """How the article files are read.

    ``encoding`` decodes files without a byte-order mark; ``max_bytes`` refuses larger files
    (``None`` lifts the limit); ``follow_symlinks`` loads articles that are symbolic links
    (refused by default: a link can pull in a file from anywhere); ``recursive`` also loads
    ``.txt`` files in subfolders (reported and refused by default).
    """

    encoding: str = "utf-8"
    max_bytes: int | None = 5_000_000
    follow_symlinks: bool = False
    recursive: bool = False

    def __post_init__(self):
        import codecs

        try:
            codecs.lookup(self.encoding)
        except (LookupError, TypeError):
            raise SettingsError(f"[corpus] encoding = {self.encoding!r}: not an encoding Python knows. "
                                "Fix: use e.g. 'utf-8', 'cp1252' or 'latin-1'.") from None
        if self.max_bytes is not None and (isinstance(self.max_bytes, bool) or not isinstance(self.max_bytes, int)
                                           or self.max_bytes < 1):
            raise SettingsError(f"[corpus] max_bytes = {self.max_bytes!r}: must be a positive number of bytes. "
                                "Fix: e.g. max_bytes = 20000000, or max_bytes = 0 in a file for no limit.")


@dataclass(frozen=True)
class SelectionSettings:
    """How the number of topics is chosen (:func:`fsf.topics.model_selection`), and how the chosen
    models are fitted.

    Every K in ``k_range`` is fitted once per seed, each run leaving out a ``holdout`` share
    of the units; K larger than the corpus supports are left out with a note. A corpus of more
    than ``sample_units`` units chooses K on a random sample of that many units, drawn with
    ``sample_seed`` (:func:`fsf.topics.selection_sample`; ``None``, or 0 in a settings file: every
    unit), so choosing K costs the same on any corpus. The chosen models are then fitted on every
    unit: in batch, or, above ``online_above`` units, by online LDA and ``MiniBatchNMF``
    (:func:`fsf.topics.fit_topics` with ``online=True``; 0: always online).
    """

    k_range: tuple[int, ...] = tuple(range(2, 9))
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4)
    holdout: float = 0.1
    sample_units: int | None = 200
    sample_seed: int = 0
    online_above: int = 5000

    def __post_init__(self):
        object.__setattr__(self, "k_range", tuple(self.k_range))
        object.__setattr__(self, "seeds", tuple(self.seeds))
        if not self.k_range or any(isinstance(k, bool) or not isinstance(k, int) or k < 2 for k in self.k_range):
            raise SettingsError(f"[selection] k_range = {list(self.k_range)}: every K must be a whole number of at "
                                "least 2. Fix: e.g. k_min = 2 and k_max = 8.")
        if len(set(self.seeds)) < 2 or any(isinstance(s, bool) or not isinstance(s, int) for s in self.seeds):
            raise SettingsError(f"[selection] seeds = {list(self.seeds)}: stability compares runs, so give at least "
                                "2 different whole numbers. Fix: e.g. seeds = [0, 1, 2, 3, 4].")
        if not isinstance(self.holdout, (int, float)) or isinstance(self.holdout, bool) or not 0 <= self.holdout < 0.5:
            raise SettingsError(f"[selection] holdout = {self.holdout!r}: the share each run leaves out must be in "
                                "[0, 0.5). Fix: holdout = 0.1.")
        if self.sample_units is not None and (isinstance(self.sample_units, bool) or not isinstance(self.sample_units, int)
                                              or self.sample_units < 2):
            raise SettingsError(f"[selection] sample_units = {self.sample_units!r}: must be a whole number of units, "
                                "at least 2. Fix: e.g. sample_units = 200, or sample_units = 0 for every unit.")
        if isinstance(self.sample_seed, bool) or not isinstance(self.sample_seed, int) or self.sample_seed < 0:
            raise SettingsError(f"[selection] sample_seed = {self.sample_seed!r}: must be a whole number, 0 or more. "
                                "Fix: sample_seed = 0.")
        if isinstance(self.online_above, bool) or not isinstance(self.online_above, int) or self.online_above < 0:
            raise SettingsError(f"[selection] online_above = {self.online_above!r}: must be a whole number of units, 0 "
                                "or more. Fix: e.g. online_above = 5000 (0: always fit online).")


@dataclass(frozen=True)
class MentionSettings:
    """How mentions of foreign fighters are found (:func:`fsf.stance.mentions`).

    ``carry``: how many sentences after a mention a plural pronoun still counts (0: off).
    """

    carry: int = 2

    def __post_init__(self):
        if isinstance(self.carry, bool) or not isinstance(self.carry, int) or self.carry < 0:
            raise SettingsError(f"[mentions] carry = {self.carry!r}: must be a whole number of sentences, 0 or more. "
                                "Fix: carry = 2.")


@dataclass(frozen=True)
class KeynessSettings:
    """Keyness (:func:`fsf.compare.keyness`): the prior size ``a0`` (``None``: the corpus size) and
    ``top``, the number of terms per article in the exported table by z (``None``, or 0: every term,
    which on a large corpus is articles x vocabulary rows)."""

    a0: float | None = None
    top: int | None = 100

    def __post_init__(self):
        if self.a0 is not None and (isinstance(self.a0, bool) or not isinstance(self.a0, (int, float)) or self.a0 <= 0):
            raise SettingsError(f"[keyness] a0 = {self.a0!r}: must be a positive prior size. Fix: leave it out "
                                "(the corpus size) or use e.g. a0 = 100.")
        if self.top is not None and (isinstance(self.top, bool) or not isinstance(self.top, int) or self.top < 0):
            raise SettingsError(f"[keyness] top = {self.top!r}: must be a whole number of terms. Fix: e.g. top = 50, "
                                "or top = 0 for every term.")
        if self.top == 0:
            object.__setattr__(self, "top", None)


@dataclass(frozen=True)
class Settings:
    """Every choice of a study, one field per stage (see the module docstring).

    Examples
    --------
    >>> s = Settings()
    >>> s.replace(stance=s.stance.__class__(lexicon="fsf")).stance.lexicon
    'fsf'
    """

    corpus: CorpusSettings = field(default_factory=CorpusSettings)
    terms: TermSettings = field(default_factory=TermSettings)
    topics: TopicSettings = field(default_factory=TopicSettings)
    selection: SelectionSettings = field(default_factory=SelectionSettings)
    mentions: MentionSettings = field(default_factory=MentionSettings)
    stance: StanceSettings = DEFAULT_STANCE
    keyness: KeynessSettings = field(default_factory=KeynessSettings)

    def replace(self, **changes) -> Settings:
        """A copy with some sections replaced."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        """Every setting as plain JSON-able values, by section (what a study's manifest records).

        Examples
        --------
        >>> Settings().to_dict()["selection"]["k_range"][:3]
        [2, 3, 4]
        """
        return {name: _plain(dataclasses.asdict(getattr(self, name))) for name in _SECTIONS}

    def digest(self) -> str:
        """A short sha256 of :meth:`to_dict`, to tell two studies' settings apart."""
        import hashlib

        return hashlib.sha256(json.dumps(self.to_dict(), sort_keys=True).encode()).hexdigest()[:16]

    def table(self):
        """Every setting as a table: section, setting, value (for a notebook or a report).

        Examples
        --------
        >>> table = Settings().table()
        >>> table[table.section == "stance"].setting.tolist()
        ['lexicon', 'n', 'mask', 'threshold']
        """
        import pandas as pd

        rows = [(section, key, json.dumps(value) if not isinstance(value, str) else value)
                for section, values in self.to_dict().items() for key, value in values.items()]
        return pd.DataFrame(rows, columns=["section", "setting", "value"])


_SECTIONS = {
    "corpus": CorpusSettings,
    "terms": TermSettings,
    "topics": TopicSettings,
    "selection": SelectionSettings,
    "mentions": MentionSettings,
    "stance": StanceSettings,
    "keyness": KeynessSettings,
}


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _expected(cls, name: str) -> str:
    hint = {f.name: f.type for f in dataclasses.fields(cls)}[name]
    return str(hint).replace("typing.", "")


def _check_stance(values: dict, source: str) -> None:
    """The values of [stance] that StanceSettings itself does not check."""
    from fsf.stance.score import LEXICONS

    lexicon = values.get("lexicon", DEFAULT_STANCE.lexicon)
    if lexicon not in (*LEXICONS, "domain-before-validation"):
        raise SettingsError(f"{source}: [stance] lexicon = {lexicon!r}: not a lexicon fsf has. "
                            f"Fix: use one of {', '.join(repr(x) for x in LEXICONS)}.")
    n = values.get("n", DEFAULT_STANCE.n)
    if n is not None and n < 0:
        raise SettingsError(f"{source}: [stance] window = {n!r}: must be a number of tokens, 0 or more. "
                            "Fix: e.g. window = 8, or window = \"sentence\" for the whole sentence.")
    threshold = values.get("threshold", DEFAULT_STANCE.threshold)
    if threshold < 0:
        raise SettingsError(f"{source}: [stance] threshold = {threshold!r}: must be 0 or more (|score| >= "
                            "threshold gives -1 or +1). Fix: e.g. threshold = 0.05.")


def settings_from_dict(data: dict, *, source: str = "settings") -> Settings:
    """Settings from nested plain values (as read from TOML): only what differs from the defaults.

    ``[selection]`` also accepts ``k_min`` and ``k_max`` instead of ``k_range``; a ``max_bytes``
    of 0 means no limit; a TOML ``window = "sentence"`` in ``[stance]`` means the whole sentence.

    Raises
    ------
    SettingsError
        An unknown section or key, or a value of the wrong type or range; the message names
        ``source``, the key and the fix.

    Examples
    --------
    >>> settings_from_dict({"topics": {"min_dff": 3}}, source="study.toml")
    Traceback (most recent call last):
    ...
    fsf.settings.SettingsError: study.toml: [topics] has no setting 'min_dff'. Fix: use one of lowercase, aliases, drop_numbers, strip_possessive, min_token_length, stopwords, extra_stopwords, stem, ngram_range, min_df, max_df, min_tokens, empty_units.
    """
    if not isinstance(data, dict):
        raise SettingsError(f"{source}: settings must be a table of sections. Fix: see `fsf config --example`.")
    unknown = [k for k in data if k not in _SECTIONS]
    if unknown:
        raise SettingsError(f"{source}: unknown section [{unknown[0]}]. Fix: use one of "
                            f"{', '.join(f'[{s}]' for s in _SECTIONS)}.")
    sections = {}
    for name, cls in _SECTIONS.items():
        if not isinstance(data.get(name, {}), dict):
            raise SettingsError(f"{source}: [{name}] must be a table of settings. Fix: write [{name}] on its own "
                                "line, then key = value lines.")
        values = dict(data.get(name, {}))
        if name == "selection" and ("k_min" in values or "k_max" in values):
            lo, hi = values.pop("k_min", 2), values.pop("k_max", 8)
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in (lo, hi)) or lo > hi:
                raise SettingsError(f"{source}: [selection] k_min = {lo!r}, k_max = {hi!r}: need two whole numbers "
                                    "with k_min <= k_max. Fix: e.g. k_min = 2, k_max = 8.")
            values["k_range"] = list(range(lo, hi + 1))
        if name == "corpus" and values.get("max_bytes") == 0:
            values["max_bytes"] = None
        if name == "selection" and values.get("sample_units") == 0 and not isinstance(values["sample_units"], bool):
            values["sample_units"] = None
        if name == "stance" and "window" in values:
            window = values.pop("window")
            values["n"] = None if window == "sentence" else window
        fields = [f.name for f in dataclasses.fields(cls)]
        bad = [k for k in values if k not in fields]
        if bad:
            raise SettingsError(f"{source}: [{name}] has no setting {bad[0]!r}. Fix: use one of {', '.join(fields)}.")
        for key, value in values.items():
            expected = _expected(cls, key)
            if "bool" in expected and "int" not in expected and not isinstance(value, bool):
                raise SettingsError(f"{source}: [{name}] {key} = {value!r}: must be true or false. "
                                    f"Fix: {key} = true or {key} = false.")
            if "tuple" in expected and not isinstance(value, (list, tuple)):
                raise SettingsError(f"{source}: [{name}] {key} = {value!r}: must be a list. Fix: e.g. {key} = "
                                    f"[{json.dumps(value)}].")
            if expected.startswith("str") and not isinstance(value, str):
                raise SettingsError(f"{source}: [{name}] {key} = {value!r}: must be text in quotes. "
                                    f"Fix: {key} = \"...\".")
            number = (int, float) if "float" in expected else int
            if (value is not None and expected.split(" |")[0] in ("int", "float")
                    and (isinstance(value, bool) or not isinstance(value, number))):
                shown = "window" if name == "stance" and key == "n" and "n" not in data.get(name, {}) else key
                example = getattr(cls(), key)
                kind = "whole number" if number is int else "number"
                other = ' or window = "sentence"' if shown == "window" else ""
                raise SettingsError(f"{source}: [{name}] {shown} = {value!r}: must be a {kind} (no quotes). "
                                    f"Fix: e.g. {shown} = {example if example is not None else 1}{other}.")
        if name == "stance":
            _check_stance(values, source)
        try:
            sections[name] = cls(**values)
        except FsfError as err:
            fix = "" if "Fix:" in str(err) else " Fix: see `fsf config --example`."
            raise SettingsError(f"{source}: {err}{fix}") from None
        except TypeError as err:
            raise SettingsError(f"{source}: [{name}] {err}. Fix: check the value types.") from None
    return Settings(**sections)


def load_settings(path: str | Path | None) -> Settings:
    """Read a TOML settings file (``None``: the defaults).

    Raises
    ------
    SettingsError
        A missing or unreadable file, invalid TOML (with its line), or a bad setting.
    """
    if path is None:
        return Settings()
    path = Path(path)
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise SettingsError(f"{path}: no such settings file. Fix: check the path, or write one with "
                            "`fsf config --example > study.toml`.") from None
    except (OSError, UnicodeDecodeError) as err:
        raise SettingsError(f"{path}: cannot be read ({err}). Fix: save it as a UTF-8 text file.") from None
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(f"{path}: not valid TOML ({err}). Fix: see `fsf config --example`.") from None
    return settings_from_dict(data, source=path.name)


EXAMPLE = """\
# fsf study settings: every key is optional; these are the defaults.
# Use with:  fsf export --config study.toml   (or Study(settings="study.toml") in Python)

[corpus]
encoding = "utf-8"        # for files without a byte-order mark, e.g. "cp1252"
max_bytes = 5000000       # larger files are refused; 0 = no limit
follow_symlinks = false   # load articles that are symbolic links
recursive = false         # also load .txt files in subfolders

[terms]                   # the terms keyness and similarity count
stem = false
stopwords = true
# extra_stopwords = ["said"]   # default: 28 contractions (fsf.text.CONTRACTIONS)

[topics]                  # the topic models' document-term matrix
min_df = 2                # a term must occur in at least 2 paragraphs (or a share, e.g. 0.01)
max_df = 0.3              # ... and in at most 30% of them
empty_units = "raise"     # or "drop": paragraphs left without a term are dropped and listed

[selection]               # choosing the number of topics, and fitting the chosen models
k_min = 2
k_max = 8
seeds = [0, 1, 2, 3, 4]
holdout = 0.1
sample_units = 200        # more units than this: K is chosen on a random sample of this many; 0 = every unit
sample_seed = 0           # the seed of that sample
online_above = 5000       # more units than this: the chosen models are fitted by online LDA and MiniBatchNMF

[mentions]
carry = 2                 # sentences a plural pronoun still refers back

[stance]                  # fsf's lexicon measure (the baseline)
lexicon = "domain"        # "vader", "fsf" or "domain"
window = 8                # tokens either side of the mention, or "sentence"
mask = false
threshold = 0.05

[keyness]
# a0 = 100                # prior size; default the corpus size
top = 100                 # terms per article in keyness.csv, by z; 0 = every term (fsf export --keyness-all)
"""
"""A commented settings file with every section (``fsf config --example``)."""
