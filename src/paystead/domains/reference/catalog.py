"""Paystead's own reference catalog. The ids are part of the API: once published, an id keeps
its meaning forever (add new entries with new ids; never renumber or reuse one).

The payment core extends the payment methods, brands, processors and connectors; the
"Paystead simulator" processor and its connectors let merchants test without a real acquirer.
"""

from __future__ import annotations


def en(text: str) -> dict[str, str]:
    return {"en-US": text}


def localized(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    """LocalizedString lists, as LegalOrganizationForm uses them."""
    return [{"language": language, "string": string} for language, string in pairs]


# --- legal organization forms ----------------------------------------------------------------

def _form(id_, country, english, *shortcuts_and_names):
    shortcuts = [(language, short) for language, short, _ in shortcuts_and_names]
    names = [(language, name) for language, _, name in shortcuts_and_names]
    return dict(id=id_, country=country, english_description=english,
                shortcut=localized(*shortcuts), description=localized(*names))


LEGAL_ORGANIZATION_FORMS = [
    _form(1, "CH", "Stock corporation", ("de-CH", "AG", "Aktiengesellschaft"), ("fr-CH", "SA", "Société anonyme")),
    _form(2, "CH", "Limited liability company", ("de-CH", "GmbH", "Gesellschaft mit beschränkter Haftung"),
          ("fr-CH", "Sàrl", "Société à responsabilité limitée")),
    _form(3, "CH", "Sole proprietorship", ("de-CH", "Einzelunternehmen", "Einzelunternehmen"),
          ("fr-CH", "Entreprise individuelle", "Entreprise individuelle")),
    _form(4, "CH", "Cooperative", ("de-CH", "Genossenschaft", "Genossenschaft"), ("fr-CH", "Société coopérative", "Société coopérative")),
    _form(5, "CH", "Association", ("de-CH", "Verein", "Verein"), ("fr-CH", "Association", "Association")),
    _form(10, "DE", "Limited liability company", ("de-DE", "GmbH", "Gesellschaft mit beschränkter Haftung")),
    _form(11, "DE", "Stock corporation", ("de-DE", "AG", "Aktiengesellschaft")),
    _form(12, "DE", "Entrepreneurial company (limited liability)",
          ("de-DE", "UG (haftungsbeschränkt)", "Unternehmergesellschaft (haftungsbeschränkt)")),
    _form(13, "DE", "Registered merchant", ("de-DE", "e.K.", "Eingetragener Kaufmann")),
    _form(20, "AT", "Limited liability company", ("de-AT", "GmbH", "Gesellschaft mit beschränkter Haftung")),
    _form(21, "AT", "Stock corporation", ("de-AT", "AG", "Aktiengesellschaft")),
    _form(30, "FR", "Limited liability company", ("fr-FR", "SARL", "Société à responsabilité limitée")),
    _form(31, "FR", "Simplified joint-stock company", ("fr-FR", "SAS", "Société par actions simplifiée")),
    _form(40, "GB", "Private limited company", ("en-GB", "Ltd", "Private limited company")),
    _form(41, "GB", "Public limited company", ("en-GB", "PLC", "Public limited company")),
    _form(50, "US", "Limited liability company", ("en-US", "LLC", "Limited liability company")),
    _form(51, "US", "Corporation", ("en-US", "Inc.", "Corporation")),
]

# --- static values: the sales channels a merchant may name -----------------------------------

STATIC_VALUES = [
    dict(id=1, name=en("Web shop"), description=en("Sales through an online shop."), features=[]),
    dict(id=2, name=en("Mobile app"), description=en("Sales inside a mobile application."), features=[]),
    dict(id=3, name=en("Point of sale"), description=en("Sales at a physical terminal."), features=[]),
    dict(id=4, name=en("Mail or telephone order"), description=en("Orders taken by mail or telephone."), features=[]),
    dict(id=5, name=en("Subscription billing"), description=en("Recurring charges of subscriptions."), features=[]),
]

# --- payment method configuration conditions -------------------------------------------------

CONDITION_TYPES = [
    dict(id=1, name=en("Currency"), description=en("Applies when the transaction is in one of the given currencies.")),
    dict(id=2, name=en("Billing country"), description=en("Applies when the billing address is in one of the given countries.")),
    dict(id=3, name=en("Amount range"), description=en("Applies when the transaction amount lies within a range.")),
    dict(id=4, name=en("Customer presence"), description=en("Applies to the given kinds of customer presence.")),
]

# --- document template types -------------------------------------------------------------------

_TRANSACTION_DOCUMENTS = {"id": 1, "title": en("Transaction documents")}
_REFUND_DOCUMENTS = {"id": 2, "title": en("Refund documents")}

DOCUMENT_TEMPLATE_TYPES = [
    dict(id=1, title=en("Invoice"), description=en("The invoice sent to the customer."), group=_TRANSACTION_DOCUMENTS),
    dict(id=2, title=en("Packing slip"), description=en("The list of items shipped to the customer."),
         group=_TRANSACTION_DOCUMENTS),
    dict(id=3, title=en("Payment receipt"), description=en("The confirmation of a completed payment."),
         group=_TRANSACTION_DOCUMENTS),
    dict(id=4, title=en("Refund credit note"), description=en("The credit note issued for a refund."),
         group=_REFUND_DOCUMENTS),
]

# --- label descriptors (labels attached to transactions and other objects) -------------------

# LabelDescriptor.type: the kind of the label's value.
LABEL_TYPE_TEXT = 1
LABEL_TYPE_BOOLEAN = 2
LABEL_TYPE_AMOUNT = 3

LABEL_DESCRIPTOR_GROUPS = [
    dict(id=1, name=en("Card"), description=en("Details of the card used for a payment."), weight=10),
    dict(id=2, name=en("Authentication"), description=en("Results of the customer's authentication."), weight=20),
    dict(id=3, name=en("Processor"), description=en("Information returned by the payment processor."), weight=30),
]


def _label(id_, name, description, group, weight, type_=LABEL_TYPE_TEXT, category="HUMAN"):
    return dict(id=id_, name=en(name), description=en(description), group_id=group, weight=weight,
                type=type_, category=category)


LABEL_DESCRIPTORS = [
    _label(1, "Card holder name", "The name printed on the card.", 1, 10),
    _label(2, "Masked card number", "The card number with all but the first six and last four digits masked.", 1, 20),
    _label(3, "Card expiry", "The card's expiry month and year.", 1, 30),
    _label(4, "3-D Secure authenticated", "Whether the customer was authenticated with 3-D Secure.", 2, 10,
           LABEL_TYPE_BOOLEAN),
    _label(5, "Authorization code", "The code the processor returned for the authorization.", 3, 10,
           category="APPLICATION"),
    _label(6, "Processor reference", "The processor's reference of the payment.", 3, 20, category="APPLICATION"),
]

# --- payment methods, brands, processors and connectors --------------------------------------

CARD = 1
TWINT = 2
INVOICE = 3

_MAJOR_CURRENCIES = ["AUD", "CAD", "CHF", "DKK", "EUR", "GBP", "JPY", "NOK", "SEK", "USD"]

PAYMENT_METHODS = [
    dict(id=CARD, name=en("Credit / Debit Card"), description=en("Payment with a credit or debit card."),
         merchant_description=en("Accept the major card schemes, with the card data entered on your page or ours."),
         supported_currencies=_MAJOR_CURRENCIES, data_collection_types=["ONSITE", "OFFSITE"]),
    dict(id=TWINT, name=en("TWINT"), description=en("Payment with the Swiss mobile payment app TWINT."),
         merchant_description=en("Customers confirm the payment in their TWINT app."),
         supported_currencies=["CHF"], data_collection_types=["OFFSITE"]),
    dict(id=INVOICE, name=en("Invoice"), description=en("Payment by invoice after delivery."),
         merchant_description=en("The customer pays the invoice within the agreed period."),
         supported_currencies=["CHF", "EUR"], data_collection_types=["ONSITE"]),
]

VISA, MASTERCARD, AMERICAN_EXPRESS = 1, 2, 3


def _brand(id_, name, method=CARD):
    return dict(id=id_, name=en(name), description=en(f"{name} cards."), payment_method_id=method)


PAYMENT_METHOD_BRANDS = [
    _brand(VISA, "Visa"),
    _brand(MASTERCARD, "Mastercard"),
    _brand(AMERICAN_EXPRESS, "American Express"),
    _brand(4, "Diners Club"),
    _brand(5, "Discover"),
    _brand(6, "JCB"),
    _brand(7, "Maestro"),
    _brand(8, "UnionPay"),
]

SIMULATOR = 1

PAYMENT_PROCESSORS = [
    dict(id=SIMULATOR, name=en("Paystead simulator"),
         description=en("Simulates payments without moving money, for tests and integrations."),
         company_name=en("Paystead"), product_name=en("Paystead simulator"),
         headquarters_location=en("Self-hosted")),
]

_REFUND = {"id": 1, "displayName": "Refund"}
_DEFERRED_COMPLETION = {"id": 2, "displayName": "Deferred completion"}
_VOID = {"id": 3, "displayName": "Void"}


def _simulator_connector(id_, name, method, brand, data_collection, currencies, features):
    return dict(id=id_, name=en(f"Paystead simulator - {name}"),
                description=en(f"Simulated {name} payments."),
                payment_method_id=method, payment_method_brand_id=brand, processor_id=SIMULATOR,
                data_collection_type=data_collection, primary_risk_taker="MERCHANT",
                supported_currencies=currencies, supported_customers_presences=["VIRTUAL_PRESENT"],
                supported_features=features, deprecated=False, deprecation_reason=None)


PAYMENT_CONNECTORS = [
    _simulator_connector(1, "Visa", CARD, VISA, "ONSITE", _MAJOR_CURRENCIES,
                         [_REFUND, _DEFERRED_COMPLETION, _VOID]),
    _simulator_connector(2, "Mastercard", CARD, MASTERCARD, "ONSITE", _MAJOR_CURRENCIES,
                         [_REFUND, _DEFERRED_COMPLETION, _VOID]),
    _simulator_connector(3, "American Express", CARD, AMERICAN_EXPRESS, "ONSITE", _MAJOR_CURRENCIES,
                         [_REFUND, _DEFERRED_COMPLETION, _VOID]),
    _simulator_connector(4, "TWINT", TWINT, None, "OFFSITE", ["CHF"], [_REFUND]),
    _simulator_connector(5, "Invoice", INVOICE, None, "ONSITE", ["CHF", "EUR"], [_REFUND, _VOID]),
    _simulator_connector(6, "Diners Club", CARD, 4, "ONSITE", _MAJOR_CURRENCIES, [_REFUND, _DEFERRED_COMPLETION, _VOID]),
    _simulator_connector(7, "Discover", CARD, 5, "ONSITE", _MAJOR_CURRENCIES, [_REFUND, _DEFERRED_COMPLETION, _VOID]),
    _simulator_connector(8, "JCB", CARD, 6, "ONSITE", _MAJOR_CURRENCIES, [_REFUND, _DEFERRED_COMPLETION, _VOID]),
    _simulator_connector(9, "Maestro", CARD, 7, "ONSITE", _MAJOR_CURRENCIES, [_REFUND, _DEFERRED_COMPLETION, _VOID]),
    _simulator_connector(10, "UnionPay", CARD, 8, "ONSITE", _MAJOR_CURRENCIES, [_REFUND, _DEFERRED_COMPLETION, _VOID]),
]


# --- sales channels ---------------------------------------------------------------------------

WEB, MOBILE_APP, TERMINAL, MAIL_ORDER = 1, 2, 3, 4

SALES_CHANNELS = [
    dict(id=WEB, name=en("Web"), description=en("Payments in a web shop or on a payment page."), sort_order=10),
    dict(id=MOBILE_APP, name=en("Mobile app"), description=en("Payments inside a mobile app."), sort_order=20),
    dict(id=TERMINAL, name=en("Terminal"), description=en("Payments at a payment terminal."), sort_order=30),
    dict(id=MAIL_ORDER, name=en("Mail and telephone order"),
         description=en("Payments the merchant enters for orders by mail or telephone."), sort_order=40),
]
