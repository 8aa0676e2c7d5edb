"""The few words a document prints, in the transaction's language (English when not known)."""

from __future__ import annotations

LABELS = {
    "en": {"INVOICE": "Invoice", "PACKING_SLIP": "Packing slip", "REFUND": "Refund", "number": "Number",
           "date": "Date", "reference": "Reference", "from": "From", "to": "To", "item": "Item", "sku": "SKU",
           "quantity": "Qty", "unit_price": "Unit price", "amount": "Amount", "tax_rate": "Tax %",
           "total_excluding_tax": "Total excluding tax", "tax": "Tax", "total": "Total"},
    "de": {"INVOICE": "Rechnung", "PACKING_SLIP": "Lieferschein", "REFUND": "Rückerstattung", "number": "Nummer",
           "date": "Datum", "reference": "Referenz", "from": "Von", "to": "An", "item": "Artikel", "sku": "Art.-Nr.",
           "quantity": "Menge", "unit_price": "Stückpreis", "amount": "Betrag", "tax_rate": "MWST %",
           "total_excluding_tax": "Total ohne MWST", "tax": "MWST", "total": "Total"},
    "fr": {"INVOICE": "Facture", "PACKING_SLIP": "Bulletin de livraison", "REFUND": "Remboursement",
           "number": "Numéro", "date": "Date", "reference": "Référence", "from": "De", "to": "À",
           "item": "Article", "sku": "Réf.", "quantity": "Qté", "unit_price": "Prix unitaire", "amount": "Montant",
           "tax_rate": "TVA %", "total_excluding_tax": "Total hors TVA", "tax": "TVA", "total": "Total"},
    "it": {"INVOICE": "Fattura", "PACKING_SLIP": "Bolla di consegna", "REFUND": "Rimborso", "number": "Numero",
           "date": "Data", "reference": "Riferimento", "from": "Da", "to": "A", "item": "Articolo", "sku": "Cod.",
           "quantity": "Qtà", "unit_price": "Prezzo unitario", "amount": "Importo", "tax_rate": "IVA %",
           "total_excluding_tax": "Totale senza IVA", "tax": "IVA", "total": "Totale"},
}


def labels_for(language: str | None) -> dict[str, str]:
    return LABELS.get((language or "en")[:2].lower(), LABELS["en"])
