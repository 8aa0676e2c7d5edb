"""Copied into the official suite's folder as conftest.py.

One of the suite's tests builds a Configuration without a host, which the SDK resolves through
its server settings to wallee's production URL; point that default at the sandbox instead, so
that the suite itself runs unchanged.
"""

import json
import os

from wallee import Configuration

_SANDBOX_HOST = json.loads(os.environ["PAYSTEAD_OFFICIAL_SUITE_SANDBOX"])["host"]


def _sandbox_host_settings(self):
    return [{"url": _SANDBOX_HOST, "description": "Paystead sandbox"}]


Configuration.get_host_settings = _sandbox_host_settings
