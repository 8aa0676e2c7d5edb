"""The README is checked like code: its Python examples run as written, as one script, against a
fresh sandbox; the coverage figure it states is the one `paystead coverage` reports; its
architecture map names every package and module; the `paystead` commands and options it names
exist; it still starts with the two commands (serve, test).

When a package is added, moved or removed, name it (or drop it) in the README's "Architecture"
section as `name/` (a domain as `domains/name/`)."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from paystead.cli import build_parser
from tests.conftest import running_server

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
PACKAGE = ROOT / "src" / "paystead"


def readme_tokens() -> list[Token]:
    return MarkdownIt("commonmark").parse(README.read_text(encoding="utf-8"))


def python_examples() -> list[str]:
    return [token.content for token in readme_tokens()
            if token.type == "fence" and token.info.split()[:1] == ["python"]]


def readme_script() -> str:
    """Every ```python block, in order, as one script: the examples build on each other."""
    return "\n\n".join(python_examples())


def test_the_python_examples_run_as_one_script_against_a_fresh_sandbox(tmp_path_factory, tmp_path):
    examples = python_examples()
    assert len(examples) >= 3, "the README's SDK, payment and webhook examples are ```python blocks"
    script = tmp_path / "readme_examples.py"
    script.write_text(readme_script(), encoding="utf-8")
    with running_server("sqlite", tmp_path_factory) as server:
        credentials = server.credentials
        # What the reader exports from the credentials `paystead serve` printed (see the README).
        env = {key: value for key, value in os.environ.items() if not key.startswith("PAYSTEAD_")}
        env.update(PAYSTEAD_URL=server.base_url, PAYSTEAD_USER_ID=str(credentials.user_id),
                   PAYSTEAD_SPACE_ID=str(credentials.space_id), PAYSTEAD_AUTHENTICATION_KEY=credentials.key)
        result = subprocess.run([sys.executable, str(script)], env=env, cwd=tmp_path, capture_output=True,
                                text=True, timeout=300)
    assert result.returncode == 0, f"the README's examples failed:\n{result.stdout}\n{result.stderr}"


def test_the_readme_states_the_coverage_that_paystead_coverage_reports(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAYSTEAD_")}
    env["PAYSTEAD_DATA_DIR"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-m", "paystead", "coverage", "--json"], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.stdout.startswith("{"), result.stderr  # it exits 1 on a deviation, which other tests report
    report = json.loads(result.stdout)
    figure = f"{report['implemented']} of the {report['total']} operations"
    assert figure in README.read_text(encoding="utf-8"), f"the README should say '{figure}' (`paystead coverage`)"


def _section(tokens: list[Token], title: str) -> list[Token]:
    """The tokens under the level-2 heading ``title``, up to the next level-2 heading."""
    start = next(i for i, token in enumerate(tokens)
                 if token.type == "heading_open" and token.tag == "h2" and tokens[i + 1].content == title)
    end = next((i for i in range(start + 1, len(tokens))
                if tokens[i].type == "heading_open" and tokens[i].tag == "h2"), len(tokens))
    return tokens[start + 3:end]


def _code_spans(tokens: list[Token]) -> set[str]:
    return {child.content for token in tokens if token.type == "inline"
            for child in token.children or [] if child.type == "code_inline"}


def test_the_architecture_map_names_every_package_and_module():
    named = _code_spans(_section(readme_tokens(), "Architecture"))
    packages = [path for path in PACKAGE.iterdir() if (path / "__init__.py").exists()]
    packages += [path for path in (PACKAGE / "domains").iterdir() if (path / "__init__.py").exists()]
    expected = {f"{path.relative_to(PACKAGE).as_posix()}/" for path in packages}
    expected |= {path.name for path in PACKAGE.glob("*.py") if path.name not in ("__init__.py", "__main__.py")}
    assert sorted(expected - named) == [], "packages or modules missing from the README's architecture section"
    # And nothing named there is gone: every path it names exists.
    stale = sorted(name for name in named if re.fullmatch(r"[a-z_/]+(/|\.py)", name)
                   and not (PACKAGE / name).exists() and not (ROOT / name).exists())
    assert stale == [], "the README's architecture section names paths that do not exist"


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return next((action.choices for action in parser._actions if isinstance(action, argparse._SubParsersAction)),
                {})


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {option for action in parser._actions for option in action.option_strings}


def _command_lines() -> list[str]:
    """The lines of code (spans and blocks, continuation lines joined) that run `paystead`."""
    texts = []
    for token in readme_tokens():
        if token.type in ("fence", "code_block"):
            texts.append(token.content.replace("\\\n", " "))
        elif token.type == "inline":
            texts += [child.content for child in token.children or [] if child.type == "code_inline"]
    return [line for text in texts for line in text.splitlines() if re.search(r"(^|[\s/])paystead ", line)]


def test_every_paystead_command_and_option_the_readme_names_exists():
    parser = build_parser()
    checked = []
    for line in _command_lines():
        words = re.split(r"[\s\[\]]+", line.split("#")[0][re.search(r"(^|[\s/])paystead ", line).end():])
        while words and words[0].startswith("--"):  # options of `paystead` itself (--debug)
            assert words[0] in _options(parser), f"`paystead {words[0]}` (README: {line.strip()!r}) is no option"
            words = words[1:]
        command, rest = words[0], words[1:]
        commands = _subcommands(parser)
        assert command in commands, f"`paystead {command}` (README: {line.strip()!r}) is not a command"
        sub = commands[command]
        if _subcommands(sub) and rest and rest[0]:  # `paystead webhooks` alone names the group
            assert rest[0] in _subcommands(sub), f"no such command: {line.strip()!r}"
            sub, rest = _subcommands(sub)[rest[0]], rest[1:]
        unknown = [word for word in rest if word.startswith("--") and word.split("=")[0] not in _options(sub)]
        assert unknown == [], f"options the command does not have: {line.strip()!r}"
        checked.append(line)
    assert len(checked) >= 10, "the README names serve, bootstrap, migrate, worker, coverage, webhooks and clock"


def test_the_readme_starts_with_the_command_to_serve_and_the_command_to_test():
    blocks = [token.content for token in readme_tokens() if token.type in ("code_block", "fence")]
    assert blocks[0].strip().endswith("paystead serve") and "pip install -q -e ." in blocks[0]
    assert blocks[1].strip().endswith("pytest -q") and "scripts/install-browser" in blocks[1]
