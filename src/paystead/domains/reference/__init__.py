"""Reference data: ISO countries, states, currencies and languages, and Paystead's catalog."""
