"""Documents as PDF (invoices, packing slips, refund documents), drawn with fpdf2."""

from paystead.printing.document import Document, DocumentLine, Party
from paystead.printing.pdf import render_pdf

__all__ = ["Document", "DocumentLine", "Party", "render_pdf"]
