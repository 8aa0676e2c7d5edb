"""wallee's search language: ``query`` filters and ``order`` sorts, compiled to SQL.

    node = parse_query(request_query)             # text -> ast (or None)
    where = compile_query(node, resolver)         # ast -> SQLAlchemy expression (or None)
    order = parse_order(request_order, resolver)  # text -> [(column, descending)]

Every client mistake is a ``paystead.errors.BadRequest`` with code
``invalid_query`` or ``invalid_order``.
"""

from paystead.query.ast import And, Comparison, Node, Not, Or
from paystead.query.compiler import compile_query
from paystead.query.fields import FieldResolver, FieldType, MappingResolver, SearchField
from paystead.query.ordering import parse_order
from paystead.query.parser import parse_query

__all__ = [
    "And",
    "Comparison",
    "FieldResolver",
    "FieldType",
    "MappingResolver",
    "Node",
    "Not",
    "Or",
    "SearchField",
    "compile_query",
    "parse_order",
    "parse_query",
]
