"""A space's payment configuration: processor, method and connector configurations."""
