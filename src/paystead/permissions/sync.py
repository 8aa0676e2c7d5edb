"""Keeps the permissions table equal to the catalog (reference data, searchable in SQL)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from paystead.db.models import Permission
from paystead.permissions.catalog import DEFINITIONS


def _row_values(definition) -> dict:
    children = {d.parent for d in DEFINITIONS}
    return dict(
        parent_id=definition.parent,
        machine_name=definition.machine_name,
        name={"en-US": definition.title},
        description={"en-US": definition.description},
        path_to_root=definition.path_to_root(),
        is_group=definition.is_group,
        leaf=definition.id not in children,
        two_factor_required=False,
        web_app_enabled=True,
    )


async def sync_permissions(session: AsyncSession) -> None:
    existing = {p.id: p for p in (await session.scalars(select(Permission))).all()}
    for definition in DEFINITIONS:
        values = _row_values(definition)
        row = existing.get(definition.id)
        if row is None:
            session.add(Permission(id=definition.id, **values))
        else:
            for key, value in values.items():
                if getattr(row, key) != value:
                    setattr(row, key, value)
