"""The spaces resource: /spaces."""

from __future__ import annotations

from paystead.db.models import Space
from paystead.domains.spaces.service import PURGE_AFTER, SpaceService
from paystead.resources.fields import Computed
from paystead.resources.registry import Resource, registry
from paystead.resources.scopes import AccountScope

spaces = registry.add(Resource(
    name="Space",
    model=Space,
    sdk_name="spaces",
    permission="SPACE",
    # Readable through a role on its account or a role in the space itself.
    scope=AccountScope(Space.account_id, space_column=Space.id, created_under="account"),
    soft_delete=True,
    purge_after=PURGE_AFTER,
    service=SpaceService(),
    overrides={
        "postalAddress": Computed(lambda row, ctx: row.postal_address or None),
        "database": Computed(lambda row, ctx: {"id": row.database_id} if row.database_id else None),
        "active": Computed(lambda row, ctx: row.state == "ACTIVE"),
        "activeOrRestrictedActive": Computed(lambda row, ctx: row.state == "ACTIVE"),
        "restrictedActive": Computed(lambda row, ctx: False),
    },
))
