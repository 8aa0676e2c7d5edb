"""Customers (/customers) with their addresses and comments, all inside a space (``Space`` header)."""

from __future__ import annotations

from sqlalchemy import select

from paystead.db.models import Customer, CustomerAddress, CustomerComment, CustomerEmailAddress
from paystead.domains.customers.service import (
    MAX_EMAIL_ADDRESSES_LISTED,
    CustomerAddressService,
    CustomerCommentService,
    CustomerService,
    make_default_address,
    merge_customers,
    rendered_address,
)
from paystead.resources.context import RequestContext
from paystead.resources.fields import Column, Computed, to_wire
from paystead.resources.idempotency import Idempotency
from paystead.resources.paging import page
from paystead.resources.registry import ParentLink, Resource, registry
from paystead.resources.scopes import SpaceScope
from paystead.resources.versions import flush_versioned

customers = registry.add(Resource(
    name="Customer",
    model=Customer,
    sdk_name="customers",
    permission="CUSTOMER",
    scope=SpaceScope(Customer.space_id),
    service=CustomerService(),
    idempotency=Idempotency(field="customerId", column=Customer.customer_ref,
                            hash_attribute=Customer.create_body_hash),
    overrides={"customerId": Column(Customer.customer_ref)},
))

addresses = registry.add(Resource(
    name="CustomerAddress",
    model=CustomerAddress,
    sdk_name="customers_customer_id_addresses",
    permission="CUSTOMER_ADDRESS",
    scope=SpaceScope(CustomerAddress.space_id),
    service=CustomerAddressService(),
    parent=ParentLink("customerId", CustomerAddress.customer_id, "Customer"),
    overrides={"address": Computed(lambda row, ctx: rendered_address(row))},
))

comments = registry.add(Resource(
    name="CustomerComment",
    model=CustomerComment,
    sdk_name="customers_customer_id_comments",
    permission="CUSTOMER_COMMENT",
    scope=SpaceScope(CustomerComment.space_id),
    service=CustomerCommentService(),
    parent=ParentLink("customerId", CustomerComment.customer_id, "Customer"),
))


@customers.action("post_customers_id_merge_other")
async def merge(ctx: RequestContext) -> dict:
    survivor = await customers.get_for(ctx, ctx.param("id"), "update")
    merged = await customers.get_for(ctx, ctx.param("other"), "delete")
    await merge_customers(ctx, survivor, merged)
    return await customers.render_one(ctx, survivor)


@customers.action("get_customers_id_email_addresses")
async def email_addresses(ctx: RequestContext) -> dict:
    customer = await customers.get_for(ctx, ctx.param("id"), "read")
    # Email addresses have no links: an expand (already checked for syntax) changes nothing.
    rows = (await ctx.session.scalars(select(CustomerEmailAddress).where(
        CustomerEmailAddress.space_id == customer.space_id, CustomerEmailAddress.customer_id == customer.id)
        .order_by(CustomerEmailAddress.created_on, CustomerEmailAddress.id)
        .limit(MAX_EMAIL_ADDRESSES_LISTED + 1))).all()
    return page([{"emailAddress": row.email_address, "createdOn": to_wire(row.created_on)}
                 for row in rows[:MAX_EMAIL_ADDRESSES_LISTED]],
                MAX_EMAIL_ADDRESSES_LISTED, has_more=len(rows) > MAX_EMAIL_ADDRESSES_LISTED)


@addresses.action("post_customers_customer_id_addresses_id_default")
async def set_default_address(ctx: RequestContext) -> None:
    address = await addresses.get_for(ctx, ctx.param("id"), "update")
    await make_default_address(ctx, address)


async def _pin(ctx: RequestContext, pinned: bool) -> None:
    comment = await comments.get_for(ctx, ctx.param("id"), "update")
    if comment.pinned != pinned:
        comment.pinned = pinned
        await flush_versioned(ctx, comment)


@comments.action("post_customers_customer_id_comments_id_pin")
async def pin(ctx: RequestContext) -> None:
    await _pin(ctx, True)


@comments.action("post_customers_customer_id_comments_id_unpin")
async def unpin(ctx: RequestContext) -> None:
    await _pin(ctx, False)
