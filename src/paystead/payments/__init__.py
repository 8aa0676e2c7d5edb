"""The payment core's shared rules: money and currencies, line items, state machines."""
