"""Throughput of fsf's text pipeline, and how it scales with the number of articles.

Run:  python benchmarks/bench_pipeline.py [--copies 1 10 50]

The seeds are replicated k times (each copy made unique, and VADER's per-window memo turned off, so
no cache helps), then each step is
timed: cleaning (via sentences), mention detection, and the target-sentiment step (mentions plus
stance scoring). A step that is linear in corpus size shows a constant rate (sentences per
second) as k grows. Nothing here is asserted: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from fsf import sentiment
from fsf.corpus import load_corpus
from fsf.targets import mentions
from fsf.text import sentences


def replicate(corpus: pd.DataFrame, copies: int) -> pd.DataFrame:
    parts = []
    for k in range(copies):
        part = corpus.copy()
        part["doc_id"] = part["doc_id"] + f"-{k}"
        part["raw_text"] = part["raw_text"] + " " * (k + 1)  # a different string: no cache hit
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def timed(func, *args):
    start = time.perf_counter()
    result = func(*args)
    return result, time.perf_counter() - start


def main(copies: list[int]) -> None:
    # time the real work: VADER scores are normally remembered per window, and the copies repeat windows
    sentiment._compound = sentiment._compound.__wrapped__
    base = load_corpus()
    sentences(base)  # import nltk and build Punkt once, outside the timings
    rows = []
    for k in copies:
        corpus = replicate(base, k)
        sents, t_sents = timed(sentences, corpus)
        found, t_mentions = timed(mentions, sents)
        _, t_stance = timed(sentiment.sentence_stance, sents, found)
        n = len(sents)
        rows.append((k, len(corpus), n, round(n / t_sents), round(n / t_mentions), round(n / (t_mentions + t_stance))))
    table = pd.DataFrame(rows, columns=["copies", "articles", "sentences", "clean+split sent/s",
                                        "mentions sent/s", "target sentiment sent/s"])
    print(table.to_string(index=False))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10, 50])
    main(parser.parse_args().copies)
