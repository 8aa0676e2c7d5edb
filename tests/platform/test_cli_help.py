"""`paystead ... --help` explains every command and option, and names each option's default."""

from __future__ import annotations

import argparse
import subprocess
import sys

from paystead.cli import build_parser


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """Every parser under ``parser`` (itself included) with the words that reach it."""
    yield path, parser
    for action in parser._actions:  # argparse has no public way to walk its subcommands
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*path, name))


def test_every_command_and_option_has_help_and_shows_its_default():
    checked = 0
    for path, parser in _commands(build_parser()):
        words = " ".join(path) or "paystead"
        assert parser.description, f"{words} has no description"
        text = parser.format_help()
        for action in parser._actions:
            if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
                continue
            name = "/".join(action.option_strings) or action.dest
            assert action.help and action.help.strip(), f"{words} {name} has no help"
            if action.default not in (None, False, argparse.SUPPRESS):
                assert f"default: {action.default}" in text, f"{words} {name} does not show its default"
            checked += 1
    assert checked > 40


def test_serve_help_as_a_user_sees_it():
    text = subprocess.run([sys.executable, "-m", "paystead", "serve", "--help"], capture_output=True, text=True,
                          timeout=60, check=True).stdout
    assert "start the API" in text
    options = " ".join(text[text.index("options:"):].split())  # the help as one line, unwrapped
    for option, default in (("--host HOST", "127.0.0.1"), ("--port PORT", "8000"), ("--workers WORKERS", "1")):
        described = options[options.index(option):]
        described = described[:described.index(" --", 2)] if " --" in described[2:] else described
        assert f"(default: {default})" in described, (option, described)
    assert "--debug" in text and "PAYSTEAD_DEBUG=1" in text
