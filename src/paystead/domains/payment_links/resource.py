"""/payment/links: payment links of a space."""

from __future__ import annotations

from paystead.db.models import PaymentLink
from paystead.domains.payment_links.service import PaymentLinkService
from paystead.domains.transactions.line_items import wire_line_items
from paystead.domains.context import DomainContext
from paystead.resources.fields import Computed
from paystead.resources.idempotency import Idempotency
from paystead.resources.registry import Resource, registry
from paystead.resources.scopes import SpaceScope


def link_url(base: str, link: PaymentLink) -> str:
    """The public URL of a link; a link protected by an access key carries it."""
    url = f"{base}/s/{link.space_id}/payment/link/{link.id}"
    return f"{url}?securityToken={link.access_key}" if link.protection_mode == "ACCESS_KEY" else url


def _url(row: PaymentLink, ctx: DomainContext) -> str:
    return link_url(ctx.urls.base, row)


payment_links = registry.add(Resource(
    name="PaymentLink",
    model=PaymentLink,
    sdk_name="payment_links",
    permission="PAYMENT_LINK",
    scope=SpaceScope(PaymentLink.space_id),
    soft_delete=True,
    service=PaymentLinkService(),
    idempotency=Idempotency(field="externalId", column=PaymentLink.external_id,
                            hash_attribute=PaymentLink.create_body_hash),
    overrides={
        "url": Computed(_url),
        "lineItems": Computed(lambda row, ctx: wire_line_items(row.line_items)),
        "allowedPaymentMethodConfigurations": Computed(
            lambda row, ctx: [{"id": ident} for ident in row.allowed_payment_method_configuration_ids or []]),
        # The SDK's model wants at least one domain when the list is there at all.
        "allowedRedirectionDomains": Computed(lambda row, ctx: list(row.allowed_redirection_domains or []) or None),
    },
))
