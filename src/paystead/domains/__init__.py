"""API domains, one package each, following wallee's URL groups."""
