"""How `rolefit serve` listens: the port it binds, the LAN address it finds."""

from __future__ import annotations

import ipaddress

import pytest

from rolefit.errors import FileSystemError
from rolefit.serve.server import bound_port, lan_address, listen


def test_the_lan_address_is_an_ipv4_address_off_loopback_or_none() -> None:
    found = lan_address()  # read from the interfaces: nothing is sent
    assert found is None or not ipaddress.IPv4Address(found).is_loopback


def test_port_0_binds_a_free_port_and_reports_it() -> None:
    with listen("127.0.0.1", 0) as sock:
        assert bound_port(sock) > 0


def test_a_port_in_use_is_one_clear_error() -> None:
    with listen("127.0.0.1", 0) as taken:
        port = bound_port(taken)
        taken_again = None
        with pytest.raises(FileSystemError, match="pick another --port"):
            taken_again = listen("127.0.0.1", port)
        assert taken_again is None
