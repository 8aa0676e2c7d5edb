"""A document drawn as an A4 PDF with real (extractable) text. The built-in PDF fonts cover
Latin-1, which holds the languages Paystead prints in; other characters print as "?".
The same document always gives the same bytes (fixed creation date: the document's date)."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from paystead.printing.document import Document
from paystead.printing.labels import labels_for

_FONT = "helvetica"


def _text(value) -> str:
    return str(value if value is not None else "").encode("latin-1", "replace").decode("latin-1")


def _money(value: Decimal, decimals: int) -> str:
    quantum = Decimal(1).scaleb(-decimals)
    return f"{Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP):,.{decimals}f}".replace(",", "'")


def _number(value: Decimal) -> str:
    value = Decimal(value).normalize()
    return format(value.quantize(Decimal(1)) if value == value.to_integral_value() else value, "f")


def render_pdf(document: Document) -> bytes:
    words = labels_for(document.language)
    title = words[document.kind]
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(document.issued_on.year, document.issued_on.month, document.issued_on.day,
                                   tzinfo=timezone.utc))
    pdf.set_title(_text(f"{title} {document.number}"))
    pdf.set_producer("Paystead")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()

    pdf.set_font(_FONT, "B", 18)
    pdf.cell(0, 10, _text(f"{title} {document.number}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(_FONT, "", 10)
    pdf.cell(0, 6, _text(f"{words['date']}: {document.issued_on.isoformat()}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if document.reference:
        pdf.cell(0, 6, _text(f"{words['reference']}: {document.reference}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    _parties(pdf, document, words)
    pdf.ln(6)
    _lines(pdf, document, words)
    if document.kind != "PACKING_SLIP":
        _totals(pdf, document, words)
    return bytes(pdf.output())


def _parties(pdf: FPDF, document: Document, words: dict) -> None:
    top, half = pdf.get_y(), (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    for column, (label, party) in enumerate(((words["from"], document.merchant), (words["to"], document.buyer))):
        pdf.set_xy(pdf.l_margin + column * half, top)
        pdf.set_font(_FONT, "B", 10)
        pdf.cell(half, 6, _text(label), new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_font(_FONT, "", 10)
        for line in party.lines():
            pdf.cell(half, 5, _text(line), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_xy(pdf.l_margin, max(pdf.get_y(), top + 30))


def _lines(pdf: FPDF, document: Document, words: dict) -> None:
    priced = document.kind != "PACKING_SLIP"
    headings = [words["item"], words["sku"], words["quantity"]]
    widths = [80, 30, 15]
    if priced:
        headings += [words["unit_price"], words["tax_rate"], words["amount"]]
        widths += [25, 15, 25]
    pdf.set_font(_FONT, "", 9)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=5, repeat_headings=1) as table:
        header = table.row()
        for heading in headings:
            header.cell(_text(heading))
        for line in document.lines:
            row = table.row()
            row.cell(_text(line.name))
            row.cell(_text(line.sku or ""))
            row.cell(_number(line.quantity), align="RIGHT")
            if priced:
                row.cell(_money(line.unit_price_including_tax, document.decimals), align="RIGHT")
                row.cell(_number(line.tax_rate) if line.tax_rate is not None else "", align="RIGHT")
                row.cell(_money(line.amount_including_tax, document.decimals), align="RIGHT")


def _totals(pdf: FPDF, document: Document, words: dict) -> None:
    pdf.ln(4)
    total, tax = Decimal(document.total_including_tax), Decimal(document.tax_amount)
    rows = [(words["total_excluding_tax"], total - tax), (words["tax"], tax), (words["total"], total)]
    for index, (label, amount) in enumerate(rows):
        pdf.set_font(_FONT, "B" if index == len(rows) - 1 else "", 10)
        pdf.cell(130, 6, _text(label), align="R")
        pdf.cell(60, 6, _text(f"{document.currency} {_money(amount, document.decimals)}"), align="R",
                 new_x=XPos.LMARGIN, new_y=YPos.NEXT)
