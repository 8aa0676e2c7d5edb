"""Invoice, packing slip and refund documents: real PDFs that parse, holding the merchant, the
buyer's address, the line items and the totals."""

from __future__ import annotations

import base64
import io
import re
import uuid
from datetime import date
from decimal import Decimal

import pypdf
from wallee.models.address_create import AddressCreate
from wallee.models.refund_create import RefundCreate
from wallee.service.refunds_service import RefundsService
from wallee.service.transaction_invoices_service import TransactionInvoicesService

from paystead.printing import Document, DocumentLine, Party, render_pdf
from tests.payments.support import create_transaction, pay, product



def _text(rendered) -> str:
    assert rendered.mime_type == "application/pdf"
    data = rendered.data if isinstance(rendered.data, bytes) else rendered.data.encode()
    pdf = base64.b64decode(data)
    assert pdf.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_invoice_and_packing_slip(config, transactions, space_id):
    created = create_transaction(
        transactions, space_id, product("shirt", "59.90", quantity="2", name="Blue shirt", sku="SH-1"),
        product("ship", "9.10", name="Shipping", tax=None), merchant_reference="order-77", language="de-CH",
        billing_address=AddressCreate(given_name="Anna", family_name="Müller", street="Bahnhofstrasse 1",
                                      postcode="8001", city="Zürich", country="CH"))
    pay(transactions, space_id, created.id)
    invoice = _text(transactions.get_payment_transactions_id_invoice_document(created.id, space_id))
    for expected in ("Rechnung", "Blue shirt", "Shipping", "Anna Müller", "8001 Zürich", "CHF 69.00", "order-77"):
        assert expected in invoice, (expected, invoice)
    slip = _text(transactions.get_payment_transactions_id_packing_slip_document(created.id, space_id))
    assert "Lieferschein" in slip and "Blue shirt" in slip and "SH-1" in slip and "69.00" not in slip
    stored = TransactionInvoicesService(config).get_payment_transactions_invoices_search(
        space_id, query=f"linkedTransaction:{created.id}").data[0]
    assert "Blue shirt" in _text(TransactionInvoicesService(config).get_payment_transactions_invoices_id_document(
        stored.id, space_id))


def test_refund_document(config, transactions, space_id):
    created = create_transaction(transactions, space_id, product("a", "40.00", name="Lamp"))
    pay(transactions, space_id, created.id)
    refunds = RefundsService(config)
    refund = refunds.post_payment_refunds(space_id, RefundCreate(
        transaction=created.id, amount=15.5, external_id=uuid.uuid4().hex, type="MERCHANT_INITIATED_ONLINE"))
    text = _text(refunds.get_payment_refunds_id_document(refund.id, space_id))
    assert "Refund" in text and "CHF 15.50" in text


def test_many_lines_flow_onto_more_pages_and_rendering_is_deterministic():
    document = Document(kind="INVOICE", number="1", issued_on=date(2026, 11, 24), currency="JPY", decimals=0,
                        merchant=Party(name="Shop"), buyer=Party(name="Buyer ☃"),
                        lines=tuple(DocumentLine(f"Line {i}", None, Decimal(1), Decimal(100), Decimal(100))
                                    for i in range(120)),
                        total_including_tax=Decimal(12000), tax_amount=Decimal(0))
    pdf = render_pdf(document)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) > 1 and all(re.search(rf"\bLine {i}\b", text) for i in range(120))
    assert "JPY 12'000" in text and "12'000.00" not in text and "Buyer ?" in text
    assert render_pdf(document) == pdf
