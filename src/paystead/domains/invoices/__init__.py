"""Transaction invoices and delivery indications: what follows a completion."""
