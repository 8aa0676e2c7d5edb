"""Tests of the OpenAPI document and the documentation pages."""
