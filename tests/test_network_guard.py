"""The test suite runs offline: network access fails loudly, in pytest and in notebook kernels."""

from __future__ import annotations

import socket

import pytest

import network_guard


def test_outside_connection_is_blocked():
    with pytest.raises(network_guard.NetworkBlocked, match="blocked: fsf must run offline"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)  # TEST-NET-1, never routed


def test_name_lookup_is_blocked():
    with pytest.raises(network_guard.NetworkBlocked, match="name lookup of 'www.nltk.org'"):
        socket.getaddrinfo("www.nltk.org", 443)


def test_loopback_still_works():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.create_connection(server.getsockname(), timeout=2)
    client.close()
    server.close()


def test_notebook_kernels_are_guarded_too():
    """A kernel started exactly as nbval starts one (--nbval-current-env) refuses the network too."""
    from nbval.kernel import CURRENT_ENV_KERNEL_NAME, RunningKernel

    kernel = RunningKernel(CURRENT_ENV_KERNEL_NAME, startup_timeout=60)
    try:
        reply = kernel.kc.execute_interactive(
            "import socket\nsocket.create_connection(('192.0.2.1', 80), timeout=1)",
            timeout=30, allow_stdin=False, output_hook=lambda msg: None)
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "NetworkBlocked"
    finally:
        kernel.stop()
