"""Customers of a space: their settings, the email addresses they used, and merging two.

The merchant's ``customerId`` identifies a customer within its space: creating a customer
with a ``customerId`` that is taken answers with that customer when the body is the same
(a retried create) and is a 409 otherwise (see ``paystead.resources.idempotency``).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from paystead.db.base import utcnow
from paystead.db.models import Customer, CustomerAddress, CustomerComment, CustomerEmailAddress
from paystead.errors import UnprocessableEntity
from paystead.payments.money import require_currency
from paystead.resources.context import RequestContext
from paystead.resources.metadata import MAX_KEYS
from paystead.resources.registry import ResourceService
from paystead.resources.versions import flush_versioned
from paystead.resources.writes import writable_columns, writable_values

_MAX_LANGUAGE_LENGTH = 20
MAX_EMAIL_ADDRESSES_LISTED = 100


def _customer_values(data: dict, request_model: str) -> dict:
    currency = data.get("preferredCurrency")
    if currency is not None:
        require_currency(currency, "preferredCurrency")
    language = data.get("language")
    if language is not None and len(language) > _MAX_LANGUAGE_LENGTH:
        raise UnprocessableEntity(f"language: at most {_MAX_LANGUAGE_LENGTH} characters",
                                  errors={"language": f"at most {_MAX_LANGUAGE_LENGTH} characters"})
    return writable_values("Customer", request_model, data)


async def _remember_email(ctx: RequestContext, customer: Customer) -> None:
    if not customer.email_address:
        return
    known = await ctx.session.scalar(select(CustomerEmailAddress.id).where(
        CustomerEmailAddress.space_id == customer.space_id, CustomerEmailAddress.customer_id == customer.id,
        CustomerEmailAddress.email_address == customer.email_address))
    if known is None:
        ctx.session.add(CustomerEmailAddress(space_id=customer.space_id, customer_id=customer.id,
                                             email_address=customer.email_address))


class CustomerService(ResourceService):
    async def create(self, ctx: RequestContext, data: dict) -> Customer:
        customer = Customer(space_id=ctx.space.id, **_customer_values(data, "CustomerCreate"))
        ctx.session.add(customer)
        return customer

    async def after_create(self, ctx: RequestContext, row: Customer) -> None:
        await _remember_email(ctx, row)
        await ctx.session.flush()

    async def update(self, ctx: RequestContext, row: Customer, data: dict) -> None:
        for key, value in _customer_values(data, "CustomerActive").items():
            setattr(row, key, value)
        await _remember_email(ctx, row)


async def merge_customers(ctx: RequestContext, survivor: Customer, merged: Customer) -> None:
    """Moves ``merged``'s addresses, comments and email addresses to ``survivor`` and deletes
    ``merged``. The survivor keeps its own values; the ones it lacks (empty fields, metaData
    keys while the limit allows) are taken from the merged customer."""
    if survivor.id == merged.id:
        raise UnprocessableEntity("A customer cannot be merged with itself", code="invalid_merge",
                                  errors={"other": str(merged.id)})
    space_id = survivor.space_id
    survivor_has_default = await ctx.session.scalar(select(CustomerAddress.id).where(
        CustomerAddress.space_id == space_id, CustomerAddress.customer_id == survivor.id,
        CustomerAddress.default_address.is_(True)).limit(1)) is not None
    moved_addresses = {"customer_id": survivor.id, "version": CustomerAddress.version + 1}
    if survivor_has_default:
        moved_addresses["default_address"] = False
    await ctx.session.execute(update(CustomerAddress).where(
        CustomerAddress.space_id == space_id, CustomerAddress.customer_id == merged.id).values(**moved_addresses)
        .execution_options(synchronize_session=False))
    await ctx.session.execute(update(CustomerComment).where(
        CustomerComment.space_id == space_id, CustomerComment.customer_id == merged.id)
        .values(customer_id=survivor.id, version=CustomerComment.version + 1)
        .execution_options(synchronize_session=False))
    known = set((await ctx.session.scalars(select(CustomerEmailAddress.email_address).where(
        CustomerEmailAddress.space_id == space_id, CustomerEmailAddress.customer_id == survivor.id))).all())
    others = (await ctx.session.scalars(select(CustomerEmailAddress).where(
        CustomerEmailAddress.space_id == space_id, CustomerEmailAddress.customer_id == merged.id))).all()
    for email in others:
        if email.email_address not in known:
            email.customer_id = survivor.id

    inherited = {column: getattr(merged, column) for column in writable_columns("Customer", "CustomerActive").values()
                 if column != "meta_data"}
    merged_metadata = dict(merged.meta_data or {})
    # Deleted first: the survivor may take over its customerId (unique within the space).
    await ctx.session.delete(merged)
    await ctx.session.flush()
    for column, value in inherited.items():
        if getattr(survivor, column) is None and value is not None:
            setattr(survivor, column, value)
    metadata = dict(survivor.meta_data or {})
    for key, value in merged_metadata.items():
        if key not in metadata and len(metadata) < MAX_KEYS:
            metadata[key] = value
    if metadata != (survivor.meta_data or {}):
        survivor.meta_data = metadata
    await flush_versioned(ctx, survivor)
    await _remember_email(ctx, survivor)
    await ctx.session.flush()


def _stored_address(address: dict | None) -> dict | None:
    """A validated postal address as JSON (dates as ISO text)."""
    if address is None:
        return None
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in address.items()
            if value is not None}


def rendered_address(row: CustomerAddress) -> dict | None:
    if not row.address:
        return None
    address = dict(row.address)
    # Written as the form's id, read back as a (collapsed) LegalOrganizationForm.
    if "legalOrganizationForm" in address:
        address["legalOrganizationForm"] = {"id": address["legalOrganizationForm"]}
    return address


def _parent_matches(ctx: RequestContext, data: dict) -> None:
    if data["customer"] != ctx.param("customerId"):
        raise UnprocessableEntity(f"The body names customer {data['customer']}, the path customer "
                                  f"{ctx.param('customerId')}", code="customer_mismatch",
                                  errors={"customer": "must be the customer in the path"})


class CustomerAddressService(ResourceService):
    handled = ("customer", "address")  # the customer is the one in the path; the address is stored compact
    async def create(self, ctx: RequestContext, data: dict) -> CustomerAddress:
        _parent_matches(ctx, data)
        has_default = await ctx.session.scalar(select(CustomerAddress.id).where(
            CustomerAddress.space_id == ctx.space.id, CustomerAddress.customer_id == data["customer"],
            CustomerAddress.default_address.is_(True)).limit(1)) is not None
        address = CustomerAddress(space_id=ctx.space.id, customer_id=data["customer"],
                                  address=_stored_address(data.get("address")), address_type=data.get("addressType"),
                                  # A customer's first address is its default one.
                                  default_address=not has_default)
        ctx.session.add(address)
        return address

    async def update(self, ctx: RequestContext, row: CustomerAddress, data: dict) -> None:
        self.write(row, "CustomerAddressActive", data)
        if "address" in data:
            row.address = _stored_address(data["address"])


async def make_default_address(ctx: RequestContext, chosen: CustomerAddress) -> None:
    addresses = (await ctx.session.scalars(select(CustomerAddress).where(
        CustomerAddress.space_id == chosen.space_id, CustomerAddress.customer_id == chosen.customer_id))).all()
    for address in addresses:
        wanted = address.id == chosen.id
        if address.default_address != wanted:
            address.default_address = wanted
    await flush_versioned(ctx, chosen)


class CustomerCommentService(ResourceService):
    handled = ("customer",)  # the one in the path
    async def create(self, ctx: RequestContext, data: dict) -> CustomerComment:
        _parent_matches(ctx, data)
        comment = CustomerComment(space_id=ctx.space.id, customer_id=data["customer"], content=data.get("content"),
                                  created_by=ctx.caller.user_id)
        ctx.session.add(comment)
        return comment

    async def update(self, ctx: RequestContext, row: CustomerComment, data: dict) -> None:
        self.write(row, "CustomerCommentActive", data)
        row.edited_by, row.edited_on = ctx.caller.user_id, utcnow()
