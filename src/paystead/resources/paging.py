"""The pages list and search operations answer with (wallee's list and search responses)."""

from __future__ import annotations


def page(data: list, limit: int, *, has_more: bool) -> dict:
    """One page of a list: ``data`` (at most ``limit`` objects), and whether more follow."""
    return {"data": data, "hasMore": has_more, "limit": limit}


def whole(data: list) -> dict:
    """A list given whole, unpaged: its ``limit`` says how many objects it has."""
    return page(data, len(data), has_more=False)


def search_page(data: list, offset: int, limit: int, *, has_more: bool) -> dict:
    """One page of a search: ``data`` from ``offset`` on (at most ``limit`` objects)."""
    return {"data": data, "offset": offset, "limit": limit, "hasMore": has_more}
