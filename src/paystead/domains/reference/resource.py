"""Importing this module registers every reference data operation."""

from paystead.domains.reference import (  # noqa: F401
    catalog_resources,
    countries,
    currencies,
    languages,
    payments,
)
