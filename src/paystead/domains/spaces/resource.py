"""The spaces resource: /spaces."""

from __future__ import annotations

from paystead.db.models import Space
from paystead.domains.spaces.service import PURGE_AFTER, SpaceService
from paystead.resources.fields import Column, Computed, Link
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
    fields={
        "id": Column(Space.id),
        "name": Column(Space.name),
        "state": Column(Space.state),
        "account": Link(Space.account_id, "Account"),
        "timeZone": Column(Space.time_zone),
        "primaryCurrency": Column(Space.primary_currency),
        "requestLimit": Column(Space.request_limit),
        "technicalContactAddresses": Column(Space.technical_contact_addresses),
        "postalAddress": Computed(lambda row, ctx: row.postal_address or None),
        "database": Computed(lambda row, ctx: {"id": row.database_id} if row.database_id else None),
        "active": Computed(lambda row, ctx: row.state == "ACTIVE"),
        "activeOrRestrictedActive": Computed(lambda row, ctx: row.state == "ACTIVE"),
        "restrictedActive": Computed(lambda row, ctx: False),
        "createdOn": Column(Space.created_on),
        "createdBy": Column(Space.created_by),
        "deletedOn": Column(Space.deleted_on),
        "deletedBy": Column(Space.deleted_by),
        "plannedPurgeDate": Column(Space.planned_purge_date),
        "version": Column(Space.version),
    },
))
