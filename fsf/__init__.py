"""fsf: text-as-data tools for news about foreign fighters leaving Syria.

The package is laid out by stage, so the tree shows the flow::

    fsf.corpus   load a folder of articles (checks, provenance) and clean them line by line
    fsf.text     sentences, tokens, name variants, the terms the analyses count
    fsf.topics   LDA and NMF on paragraphs: matrix, fit, scores, choice of K, interpretation
    fsf.stance   mentions of foreign fighters, stance toward them, validation against hand codes
    fsf.compare  keyness, similarity and clustering of the articles, dispersion of terms
    fsf.quotes   quotations, speakers and speaker types
    fsf.narrative  actors, places, fates, voices, the arc of each article
    fsf.plots    every figure (and nothing else draws)
    fsf.study    Study: one corpus + settings + hand codes, each table computed once
    outer layer: fsf.export, fsf.gallery (figures), fsf.notebooks, fsf.report, fsf.cli

Importing ``fsf`` is cheap: the submodules are imported when you use them, and scikit-learn
and nltk only when a function needs them. ``fsf.Study`` and ``fsf.Settings`` are the entry points.

Examples
--------
>>> import fsf
>>> study = fsf.Study()
>>> len(study.articles)
5
"""

__version__ = "0.2.0"

__all__ = ["Settings", "Study", "__version__"]


def __getattr__(name: str):
    if name == "Study":
        from fsf.study import Study

        return Study
    if name == "Settings":
        from fsf.settings import Settings

        return Settings
    raise AttributeError(f"module 'fsf' has no attribute {name!r}")
