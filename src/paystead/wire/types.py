"""Reading the contract's type strings ('int', 'List[Space]', 'Dict[str,str]', a model name...)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from paystead.contract import models

SCALARS = {"int", "str", "bool", "datetime", "date", "Union[float,int]", "Union[bytes,str]", "Any"}


@dataclass(frozen=True)
class TypeRef:
    kind: str  # scalar | model | enum | list | dict
    name: str = ""  # scalar name, model or enum name
    item: TypeRef | None = None


@cache
def parse_type(text: str) -> TypeRef:
    text = text.replace(" ", "")
    if text.startswith("List[") and text.endswith("]"):
        return TypeRef("list", item=parse_type(text[5:-1]))
    if text.startswith("Dict[str,") and text.endswith("]"):
        return TypeRef("dict", item=parse_type(text[9:-1]))
    if text in SCALARS:
        return TypeRef("scalar", text)
    model = models().get(text)
    if model is None:
        raise KeyError(f"unknown contract type {text!r}")
    return TypeRef("enum" if model.get("is_enum") else "model", text)


def enum_values(name: str) -> tuple[str, ...]:
    return tuple(models()[name]["values"])
