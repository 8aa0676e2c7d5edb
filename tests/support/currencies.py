"""ISO 4217 codes the checks treat specially, for the tests of both tiers."""

# Codes that are not money: no currency, testing, metals, bond-market units, special drawing
# rights and other units of account, and the fund codes.
NOT_MONEY = ["XXX", "XTS", "XAU", "XAG", "XPD", "XPT", "XBA", "XBB", "XBC", "XBD", "XDR", "XSU", "XUA",
             "CHE", "CHW", "BOV", "CLF", "COU", "MXV", "USN", "UYI", "UYW"]
# X-codes that are legal tender (CFA and CFP francs, East Caribbean dollar): currencies.
LEGAL_TENDER_X_CODES = ["XAF", "XOF", "XPF", "XCD"]
