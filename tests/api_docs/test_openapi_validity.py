"""The documents are valid OpenAPI, checked with openapi-spec-validator when it is installed.

Validating the full 3.1 document takes a few seconds with jsonschema-rs installed (the
validator picks it up by itself) and about half a minute without it.
"""

from __future__ import annotations

import pytest

from paystead.api.openapi30 import as_openapi_30

validators = pytest.importorskip("openapi_spec_validator")


def test_small_document_is_valid_openapi_31(small_document):
    validators.OpenAPIV31SpecValidator(small_document).validate()


def test_full_document_is_valid_openapi_31(full_document):
    validators.OpenAPIV31SpecValidator(full_document).validate()


def test_full_document_as_30_is_valid_openapi_30(full_document):
    validators.OpenAPIV30SpecValidator(as_openapi_30(full_document)).validate()
