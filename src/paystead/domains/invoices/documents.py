"""The documents as RenderedDocument: invoice and packing slip of a transaction, an invoice's
document, a refund's credit note. Merchant = the space (its name and postal address), buyer =
the billing address."""

from __future__ import annotations

import base64
from decimal import Decimal

from sqlalchemy import select

from paystead.db.models import Refund, Space, Transaction, TransactionInvoice
from paystead.domains.invoices.resource import invoices
from paystead.domains.refunds.resource import refunds
from paystead.domains.transactions.line_items import tax_total, total
from paystead.domains.transactions.resource import transactions
from paystead.payments.money import fraction_digits
from paystead.printing import Document, DocumentLine, Party, render_pdf
from paystead.resources.context import RequestContext

INVOICE_TEMPLATE, PACKING_SLIP_TEMPLATE, REFUND_TEMPLATE = 1, 2, 4


def _buyer(address: dict | None, email: str | None) -> Party:
    address = address or {}
    name = " ".join(part for part in (address.get("givenName"), address.get("familyName")) if part)
    return Party(name=address.get("organizationName") or name or None, street=address.get("street"),
                 postcode=address.get("postcode"), city=address.get("city"), country=address.get("country"),
                 email=address.get("emailAddress") or email)


async def _merchant(ctx: RequestContext, space_id: int) -> Party:
    space = await ctx.session.get(Space, space_id)
    postal = space.postal_address or {}
    return Party(name=postal.get("organizationName") or space.name, street=postal.get("street"),
                 postcode=postal.get("postcode"), city=postal.get("city"), country=postal.get("country"),
                 email=postal.get("emailAddress"))


def _lines(stored: list[dict]) -> tuple[DocumentLine, ...]:
    return tuple(DocumentLine(name=item["name"], sku=item.get("sku"), quantity=Decimal(item["quantity"]),
                              unit_price_including_tax=Decimal(item["unitPriceIncludingTax"]),
                              amount_including_tax=Decimal(item["amountIncludingTax"]),
                              tax_rate=Decimal(item["aggregatedTaxRate"]) if item.get("taxes") else None)
                 for item in stored)


def _rendered(document: Document, template: int) -> dict:
    return {"title": f"{document.kind.replace('_', ' ').title()} {document.number}", "mimeType": "application/pdf",
            "documentTemplateType": template, "data": base64.b64encode(render_pdf(document)).decode()}


async def _document(ctx: RequestContext, kind: str, number: str, transaction: Transaction, lines: list[dict],
                    issued_on, reference: str | None) -> Document:
    return Document(kind=kind, number=number, issued_on=issued_on.date(), currency=transaction.currency,
                    decimals=fraction_digits(transaction.currency),
                    merchant=await _merchant(ctx, transaction.space_id),
                    buyer=_buyer(transaction.billing_address, transaction.customer_email_address),
                    lines=_lines(lines), total_including_tax=total(lines), tax_amount=tax_total(lines),
                    language=transaction.language or "en-US", reference=reference)


@transactions.action("get_payment_transactions_id_invoice_document")
async def transaction_invoice_document(ctx: RequestContext) -> dict:
    transaction = await transactions.get_for(ctx, ctx.param("id"), "read")
    invoice = await ctx.session.scalar(select(TransactionInvoice).where(
        TransactionInvoice.transaction_id == transaction.id, TransactionInvoice.state != "CANCELED")
        .order_by(TransactionInvoice.id.desc()).limit(1))
    if invoice is not None:
        return await _invoice_document(ctx, invoice, transaction)
    document = await _document(ctx, "INVOICE", str(transaction.id), transaction, transaction.line_items,
                               transaction.created_on, transaction.invoice_merchant_reference
                               or transaction.merchant_reference)
    return _rendered(document, INVOICE_TEMPLATE)


@transactions.action("get_payment_transactions_id_packing_slip_document")
async def packing_slip_document(ctx: RequestContext) -> dict:
    transaction = await transactions.get_for(ctx, ctx.param("id"), "read")
    document = await _document(ctx, "PACKING_SLIP", str(transaction.id), transaction, transaction.line_items,
                               transaction.created_on, transaction.merchant_reference)
    return _rendered(document, PACKING_SLIP_TEMPLATE)


async def _invoice_document(ctx: RequestContext, invoice: TransactionInvoice, transaction: Transaction) -> dict:
    document = await _document(ctx, "INVOICE", str(invoice.id), transaction, invoice.line_items, invoice.created_on,
                               invoice.merchant_reference or transaction.merchant_reference)
    return _rendered(document, INVOICE_TEMPLATE)


@invoices.action("get_payment_transactions_invoices_id_document")
async def invoice_document(ctx: RequestContext) -> dict:
    invoice = await invoices.get_for(ctx, ctx.param("id"), "read")
    transaction = await ctx.session.get(Transaction, invoice.transaction_id)
    return await _invoice_document(ctx, invoice, transaction)


@refunds.action("get_payment_refunds_id_document")
async def refund_document(ctx: RequestContext) -> dict:
    refund: Refund = await refunds.get_for(ctx, ctx.param("id"), "read")
    transaction = await ctx.session.get(Transaction, refund.transaction_id)
    lines = refund.line_items or [{
        "name": f"Refund of transaction {transaction.id}", "sku": None, "quantity": "1",
        "unitPriceIncludingTax": str(refund.amount), "amountIncludingTax": str(refund.amount), "taxAmount": "0",
        "aggregatedTaxRate": "0", "taxes": []}]
    document = await _document(ctx, "REFUND", str(refund.id), transaction, lines, refund.created_on,
                               refund.merchant_reference or refund.external_id)
    return _rendered(document, REFUND_TEMPLATE)
