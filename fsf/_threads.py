"""One BLAS/OpenMP thread while fitting small models (topic models, the stance classifier)."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def _controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_thread():
    """A context limiting BLAS and OpenMP to one thread (threadpoolctl's controller, found once).

    With problems this small more threads only contend for the cores, and a result that does not
    depend on the number of cores is easier to repeat.
    """
    return _controller().limit(limits=1)
