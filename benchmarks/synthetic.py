"""Synthetic corpora for the benchmarks: articles made of the seeds' paragraphs, resampled.

Each article gets a headline (a seed headline with its number, so every headline differs), one
paragraph of web furniture now and then, and body paragraphs drawn at random (seeded) from the
seed articles' body paragraphs until it has about ``words`` words. The articles are written as
``.txt`` files into a folder outside the repository (they are the seeds' text, recombined: keep
them out of git). The same seed and size give the same corpus.

With ``unique=True`` (``--unique``) every body paragraph also gets one invented word of its own
after its first word (``zuba``, ``zube``, ...), so no two paragraphs are the same text and nothing
that remembers a text (a cache keyed by paragraph or sentence) makes the resampled corpus look
faster than real articles would be.

Run:  python benchmarks/synthetic.py 1000 ../fsf-bench-1000 [--unique]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

FURNITURE = ("Advertisement", "Share this article", "Read more")


def seed_paragraphs():
    """The seeds' headlines and body paragraphs (from the bundled corpus)."""
    from fsf.corpus import load_corpus, paragraphs

    paras = paragraphs(load_corpus())
    titles = paras.loc[paras["section"] == "title", "text"].tolist()
    body = paras.loc[paras["section"] == "body", "text"].tolist()
    return titles, body


def invented_word(n: int) -> str:
    """The ``n``-th invented word: ``zu`` and consonant-vowel syllables, never an English word or a stop word.

    >>> [invented_word(n) for n in (0, 1, 99, 100)]
    ['zuba', 'zube', 'zuzu', 'zubaba']
    """
    consonants, vowels = "bcdfghjklmnpqrstvwxz", "aeiou"
    word, n = "zu", n + 1
    while n:
        n, r = divmod(n - 1, 100)
        word += consonants[r // 5] + vowels[r % 5]
    return word


def write_corpus(n_articles: int, folder: str | Path, *, words: int = 600, seed: int = 0,
                 unique: bool = False) -> Path:
    """Write ``n_articles`` synthetic articles of about ``words`` words into ``folder`` (created);
    ``unique``: one invented word of its own in every body paragraph."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    titles, body = seed_paragraphs()
    lengths = np.array([len(p.split()) for p in body])
    rng = np.random.default_rng(seed)
    width = len(str(n_articles))
    made = 0
    for i in range(n_articles):
        lines = [f"{titles[i % len(titles)]} ({i})", ""]
        total = 0
        while total < words:
            j = int(rng.integers(len(body)))
            paragraph = body[j]
            if unique:
                first, _, rest = paragraph.partition(" ")
                paragraph, made = f"{first} {invented_word(made)} {rest}".rstrip(), made + 1
            lines += [paragraph, ""]
            total += int(lengths[j])
            if rng.random() < 0.1:
                lines += [FURNITURE[int(rng.integers(len(FURNITURE)))], ""]
        (folder / f"{i:0{width}d}_synthetic.txt").write_text("\n".join(lines), encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("folder", type=Path, help="folder to write (outside the repository)")
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--unique", action="store_true", help="one invented word in every body paragraph")
    args = parser.parse_args()
    write_corpus(args.n, args.folder, words=args.words, seed=args.seed, unique=args.unique)
    print(f"wrote {args.n} articles to {args.folder}")


if __name__ == "__main__":
    main()
