"""Refuse network connections during the tests, in pytest and in notebook kernels.

``install()`` patches :mod:`socket` so that connecting to (or looking up)
anything but the loopback interface raises :class:`NetworkBlocked`. Jupyter
kernels talk to pytest over loopback, so notebooks still run; a hidden
download (``nltk.download``, a model hub, a CDN) fails loudly instead.

It is installed by the root ``conftest.py`` for the pytest process and, via
an IPython startup file, for every notebook kernel nbval starts. Standard
library only, so a kernel can import it from this folder.
"""

from __future__ import annotations

import ipaddress
import socket

_LOCAL_NAMES = {"localhost", "ip6-localhost", "ip6-loopback", "", None}
_saved: dict[str, object] = {}


class NetworkBlocked(RuntimeError):
    """Raised for a network access during the tests (a RuntimeError, so `except OSError` cannot hide it)."""


def _is_local(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode()
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _check(sock, address) -> None:
    if sock.family == getattr(socket, "AF_UNIX", None):
        return
    host = address[0] if isinstance(address, tuple) else address
    if not _is_local(host):
        raise NetworkBlocked(f"network access to {address!r} blocked: fsf must run offline")


def install() -> None:
    """Block non-loopback connections and name lookups in this process (idempotent)."""
    if _saved:
        return
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo
    _saved.update(connect=real_connect, connect_ex=real_connect_ex, getaddrinfo=real_getaddrinfo)

    def connect(self, address):
        _check(self, address)
        return real_connect(self, address)

    def connect_ex(self, address):
        _check(self, address)
        return real_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if not _is_local(host):
            raise NetworkBlocked(f"name lookup of {host!r} blocked: fsf must run offline")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.getaddrinfo = getaddrinfo


def uninstall() -> None:
    """Undo :func:`install`."""
    if not _saved:
        return
    socket.socket.connect = _saved.pop("connect")
    socket.socket.connect_ex = _saved.pop("connect_ex")
    socket.getaddrinfo = _saved.pop("getaddrinfo")
