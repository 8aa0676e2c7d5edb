"""Helpers for tests that call the official SDK."""

from __future__ import annotations

import json
import uuid

import pytest
from wallee.exceptions import ApiException


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:10]}"


def refused(status: int, call, *args, **kwargs) -> dict:
    """Runs an SDK call that must fail with ``status``; returns the RestApiErrorResponse body."""
    with pytest.raises(ApiException) as caught:
        call(*args, **kwargs)
    assert caught.value.status == status, caught.value.body
    body = json.loads(caught.value.body)
    assert body["code"] and body["message"] and body["id"]
    return body


def raw_json(response) -> dict:
    """The JSON of a ``*_with_http_info`` answer, for fields the SDK's model leaves out."""
    return json.loads(response.raw_data)
