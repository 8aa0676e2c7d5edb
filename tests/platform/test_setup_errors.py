"""Setup mistakes, as a new user makes them: each ends in one line on stderr saying what is wrong
and how to fix it, exit code 2 and no traceback (the traceback only with --debug or
PAYSTEAD_DEBUG=1), on every command that opens the configuration, and nothing (no data
directory, no database file) is created before the configuration is checked."""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.support.servers import POSTGRES_ADMIN_URL, free_port, postgres_reachable

# Every command that reads the settings and opens the database (webhooks resend and rotate-key
# take the same path as show; clock advance as clock show).
COMMANDS = {
    "serve": ["serve"],  # --port added per run
    "migrate": ["migrate"],
    "bootstrap": ["bootstrap", "--json"],
    "worker": ["worker"],
    "webhooks deliveries": ["webhooks", "deliveries"],
    "webhooks show": ["webhooks", "show", "1"],
    "clock show": ["clock", "show", "--space", "1"],
}
# For the variants of a case already run on every command.
SOME_COMMANDS = ("serve", "migrate")
VALID_KEY = base64.b64encode(bytes(range(32))).decode()

needs_postgres = pytest.mark.skipif(not postgres_reachable(), reason="PostgreSQL is not reachable at 127.0.0.1:5432")


def _env(data_dir: Path, **settings: str) -> dict:
    env = {name: value for name, value in os.environ.items() if not name.startswith("PAYSTEAD_")}
    return {**env, "PAYSTEAD_DATA_DIR": str(data_dir), **settings}


def _start(args: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "paystead", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _finish(process: subprocess.Popen) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=90)
    finally:
        if process.poll() is None:  # a command that did not fail must not stay behind
            process.kill()
            process.communicate()
    return process.returncode, out, err


def _assert_one_line(name: str, code: int, out: str, err: str, *expected: str) -> str:
    assert code == 2, (name, code, out, err)
    assert "Traceback" not in err, (name, err)
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("paystead: error: "), (name, err)
    assert " — " in lines[0], (name, err)  # what is wrong — how to fix it
    for text in expected:
        assert text in lines[0], (name, text, lines[0])
    assert out == "", (name, out)  # no banner, no "running" line
    return lines[0]


def _on_every_command(tmp_path: Path, settings: dict, *expected: str, extra_args: tuple = (),
                      commands=tuple(COMMANDS)) -> dict[str, str]:
    """Runs the commands at once, each with its own (not yet existing) data directory; each must
    fail with one line naming ``expected`` and leave no data directory behind."""
    runs = {}
    for name in commands:
        args = COMMANDS[name]
        data_dir = tmp_path / name.replace(" ", "-") / "data"
        port = ["--port", str(free_port())] if name == "serve" else []
        runs[name] = (data_dir, _start([*args, *port, *extra_args], _env(data_dir, **settings)))
    messages = {}
    for name, (data_dir, process) in runs.items():
        messages[name] = _assert_one_line(name, *_finish(process), *expected)
        assert not data_dir.exists(), (name, "created before the configuration was checked")
    return messages


def _postgres_url(**parts) -> str:
    return make_url(POSTGRES_ADMIN_URL).set(**parts).render_as_string(hide_password=False)


# --- the database ------------------------------------------------------------------------------

def test_nothing_listening_at_the_database_port(tmp_path):
    port = free_port()
    _on_every_command(tmp_path, {"PAYSTEAD_DATABASE_URL": f"postgresql://postgres@127.0.0.1:{port}/paystead"},
                      f"nothing accepts connections at 127.0.0.1:{port}", "start PostgreSQL")


@needs_postgres
def test_unknown_database_user(tmp_path):
    _on_every_command(tmp_path, {"PAYSTEAD_DATABASE_URL": _postgres_url(username="paystead_no_such_user")},
                      "PostgreSQL has no user 'paystead_no_such_user'", "createuser")


@needs_postgres
def test_unknown_database_name(tmp_path):
    _on_every_command(tmp_path, {"PAYSTEAD_DATABASE_URL": _postgres_url(database="paystead_no_such_db")},
                      "PostgreSQL has no database 'paystead_no_such_db'", "createdb paystead_no_such_db")


def test_a_password_in_the_database_url_is_never_shown(tmp_path):
    url = f"postgresql://paystead:s3cret-pw@127.0.0.1:{free_port()}/paystead"
    for message in _on_every_command(tmp_path, {"PAYSTEAD_DATABASE_URL": url}, "nothing accepts connections",
                                     commands=SOME_COMMANDS).values():
        assert "s3cret-pw" not in message and "paystead:***@" in message


@pytest.mark.parametrize("url, cause, commands", [
    ("nonsense://", "unsupported database 'nonsense://' — use sqlite:///", tuple(COMMANDS)),
    ("postgresql://host:notaport/db", "has no valid port ('notaport') — give a number such as :5432", SOME_COMMANDS),
    ("nonsense", "the database URL 'nonsense' cannot be read — write it as sqlite:///", SOME_COMMANDS),
])
def test_a_database_url_that_cannot_be_used(tmp_path, url, cause, commands):
    messages = _on_every_command(tmp_path, {}, cause, extra_args=("--database-url", url), commands=commands)
    assert all("--database-url" in message for message in messages.values())


# --- the settings ------------------------------------------------------------------------------

def test_an_unknown_mode(tmp_path):
    _on_every_command(tmp_path, {"PAYSTEAD_MODE": "bogus"}, "PAYSTEAD_MODE='bogus' is not a mode",
                      "sandbox", "production")


def test_production_in_capitals_is_production_and_needs_a_master_key(tmp_path):
    # Read as production (sandbox would start, and generate a key): refused for the missing key.
    _on_every_command(tmp_path, {"PAYSTEAD_MODE": "PRODUCTION", "PAYSTEAD_PUBLIC_BASE_URL": "https://pay.example.com"},
                      "production mode needs a master key", "PAYSTEAD_MASTER_KEY")


@pytest.mark.parametrize("key, cause, commands", [
    ("not base64!", "PAYSTEAD_MASTER_KEY is not valid base64", tuple(COMMANDS)),
    (base64.b64encode(b"sixteen byte key").decode(), "PAYSTEAD_MASTER_KEY is 16 bytes long, not 32", SOME_COMMANDS),
])
def test_an_invalid_master_key(tmp_path, key, cause, commands):
    messages = _on_every_command(tmp_path, {"PAYSTEAD_MODE": "production", "PAYSTEAD_MASTER_KEY": key,
                                            "PAYSTEAD_PUBLIC_BASE_URL": "https://pay.example.com"}, cause,
                                 commands=commands)
    assert all(key not in message for message in messages.values())


def test_a_malformed_public_base_url(tmp_path):
    _on_every_command(tmp_path, {"PAYSTEAD_PUBLIC_BASE_URL": "pay.example.com"},
                      "PAYSTEAD_PUBLIC_BASE_URL='pay.example.com' is not a usable public base URL",
                      "https://pay.example.com")


def test_production_serve_without_a_public_base_url(tmp_path):
    data_dir = tmp_path / "data"
    result = _finish(_start(["serve", "--port", str(free_port())], _env(
        data_dir, PAYSTEAD_MODE="production", PAYSTEAD_MASTER_KEY=VALID_KEY)))
    _assert_one_line("serve", *result, "production mode needs PAYSTEAD_PUBLIC_BASE_URL", "https://pay.example.com")
    assert not data_dir.exists()


# --- serve's port ------------------------------------------------------------------------------

def test_a_port_in_use_is_named_before_any_banner(tmp_path):
    data_dir = tmp_path / "data"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _finish(_start(["serve", "--port", str(port)], _env(data_dir)))
    _assert_one_line("serve", *result, f"port {port} on 127.0.0.1 is already in use", "--port")
    assert not data_dir.exists()


@pytest.mark.parametrize("host, cause", [
    ("192.0.2.1", "192.0.2.1 is not an address of this machine"),  # TEST-NET-1: never a machine's own
    ("no-such-host.invalid", "cannot listen on host 'no-such-host.invalid'"),
])
def test_a_host_serve_cannot_listen_on(tmp_path, host, cause):
    data_dir = tmp_path / "data"
    result = _finish(_start(["serve", "--host", host, "--port", str(free_port())], _env(data_dir)))
    _assert_one_line("serve", *result, cause, "--host")
    assert not data_dir.exists()


# --- webhooks forward --------------------------------------------------------------------------

@pytest.mark.parametrize("args, cause", [
    (["--to", "localhost:3000/webhooks"], "--to 'localhost:3000/webhooks' is not an absolute http(s) URL"),
    (["--to", "http://localhost:3000/webhooks", "--server", "nonsense"], "--server 'nonsense' is not an absolute"),
    (["--to", "http://localhost:3000/webhooks", "--key", "not base64!"], "the authentication key is not valid base64"),
    (["--to", "http://localhost:3000/webhooks", "--user-id", "me"], "the application user id 'me' is not a number"),
    (["--to", "http://localhost:3000/webhooks", "--server", "http://127.0.0.1:{port}"], "cannot reach Paystead"),
])
def test_webhooks_forward_options(tmp_path, args, cause):
    given = {"--user-id": "1", "--key": VALID_KEY}
    args = [arg.format(port=free_port()) for arg in args]
    for option, value in given.items():
        if option not in args:
            args += [option, value]
    result = _finish(_start(["webhooks", "forward", "--space", "1", *args], _env(tmp_path / "data")))
    message = _assert_one_line("forward", *result, cause)
    assert VALID_KEY not in message


@pytest.mark.parametrize("args, env, cause", [
    ([], {}, "forward needs the space whose webhooks to pass on"),
    (["--space", "abc"], {}, "the space id 'abc' is not a number"),
    ([], {"PAYSTEAD_SPACE_ID": "1", "PAYSTEAD_URL": "http://127.0.0.1:{port}"},
     "cannot reach Paystead at http://127.0.0.1:{port}"),
])
def test_webhooks_forward_reads_the_space_and_server_from_the_environment(tmp_path, args, env, cause):
    port = free_port()
    env = {name: value.format(port=port) for name, value in env.items()}
    credentials = {"PAYSTEAD_USER_ID": "1", "PAYSTEAD_AUTHENTICATION_KEY": VALID_KEY}
    result = _finish(_start(["webhooks", "forward", "--to", "http://localhost:3000/webhooks", *args],
                            _env(tmp_path / "data", **credentials, **env)))
    _assert_one_line("forward", *result, cause.format(port=port))


# --- the traceback, when asked for -------------------------------------------------------------

@pytest.mark.parametrize("how", ["flag before the command", "flag after it", "environment"])
def test_debug_shows_the_traceback_too(tmp_path, how):
    args = {"flag before the command": ["--debug", "migrate"], "flag after it": ["migrate", "--debug"],
            "environment": ["migrate"]}[how]
    env = _env(tmp_path / "data", PAYSTEAD_MODE="bogus", **({"PAYSTEAD_DEBUG": "1"} if how == "environment" else {}))
    code, _, err = _finish(_start(args, env))
    assert code == 2 and "Traceback" in err
    assert err.splitlines()[-1].startswith("paystead: error: PAYSTEAD_MODE='bogus' is not a mode")
