"""The wallee REST API v2.0 contract, bundled as data (extracted from the wallee Python SDK 6.4.0).

It is the interface Paystead satisfies: routes, parameters, status codes and wire models are
read from it rather than written out by hand.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

BASE_PATH = "/api/v2.0"


@cache
def contract() -> dict:
    with resources.files(__package__).joinpath("api-v2.json").open("rb") as fh:
        return json.load(fh)


@cache
def operations_by_sdk_method() -> dict[str, dict]:
    return {op["sdk_method"]: op for op in contract()["operations"]}


def operation(sdk_method: str) -> dict:
    try:
        return operations_by_sdk_method()[sdk_method]
    except KeyError:
        raise KeyError(f"the contract has no operation {sdk_method!r}") from None


def models() -> dict[str, dict]:
    return contract()["models"]


def model(name: str) -> dict:
    try:
        return models()[name]
    except KeyError:
        raise KeyError(f"the contract has no model {name!r}") from None
