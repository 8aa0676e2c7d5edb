"""Ids in the buyer pages' URLs and forms: positive 64-bit integers, or nothing (a page then
answers 404 or ignores the value; a number the database cannot hold never reaches a query)."""

from __future__ import annotations

from starlette.requests import Request

_MAX_ID = 2**63 - 1


def as_id(value) -> int | None:
    try:
        number = int(str(value), 10)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= _MAX_ID else None


def path_ids(request: Request, *names: str) -> tuple[int, ...] | None:
    ids = tuple(as_id(request.path_params.get(name)) for name in names)
    return None if None in ids else ids
