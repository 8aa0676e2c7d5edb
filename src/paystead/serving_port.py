"""Whether ``paystead serve`` can listen where it was told, asked before it prints a banner
claiming that it does (and before minutes of migrations on a port that is taken)."""

from __future__ import annotations

import errno
import socket

from paystead.setup_errors import SetupError


def check_port_free(host: str, port: int) -> None:
    """Binds ``host:port`` for a moment as uvicorn will (its address family for the host, and
    SO_REUSEADDR: a port in TIME_WAIT is free, one with a listener is not); a SetupError says
    what stands in the way. (Another program may still take the port in the seconds before
    uvicorn binds it; uvicorn then fails as before.)"""
    if not 0 <= port < 65536:
        raise SetupError(f"port {port} does not exist", "choose one from 1024 to 65535 with --port, e.g. --port 8000")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except socket.gaierror as error:
            raise SetupError(f"cannot listen on host {host!r}: {error.strerror}",
                             "give an address of this machine with --host (127.0.0.1, or 0.0.0.0 for every "
                             "interface)") from error
        except OSError as error:
            raise _bind_error(host, port, error) from error


def _bind_error(host: str, port: int, error: OSError) -> SetupError:
    if error.errno == errno.EADDRINUSE:
        return SetupError(f"port {port} on {host} is already in use",
                          f"stop what listens there, or choose another port with --port (e.g. --port {port + 1})")
    if error.errno == errno.EACCES:
        return SetupError(f"not allowed to listen on port {port}",
                          "choose a port from 1024 up with --port (e.g. --port 8000), or run with the right to bind it")
    if error.errno == errno.EADDRNOTAVAIL:
        return SetupError(f"{host} is not an address of this machine",
                          "give one with --host (127.0.0.1, or 0.0.0.0 for every interface)")
    return SetupError(f"cannot listen on {host}:{port}: {error.strerror}", "choose another --host or --port")
