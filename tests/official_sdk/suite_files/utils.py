"""The transaction payload the official wallee SDK suite builds its tests on: one red T-shirt,
29.95 CHF, billed and shipped to Winterthur, confirmed on creation."""

from wallee.models import AddressCreate, LineItemCreate, LineItemType, TransactionCreate


class Utils:
    @staticmethod
    def get_transaction_create_payload() -> TransactionCreate:
        address = AddressCreate(
            salutation="Ms", given_name="Anna", family_name="Muster", organization_name="Muster AG",
            street="Technoparkstrasse 1", postcode="8406", city="Winterthur", country="CH",
            email_address="anna.muster@example.com", mobile_phone_number="+41791234567",
        )
        t_shirt = LineItemCreate(name="Red T-Shirt", unique_id="5412", type=LineItemType.PRODUCT, quantity=1,
                                 amount_including_tax=29.95, sku="red-t-shirt-123")
        return TransactionCreate(
            line_items=[t_shirt], currency="CHF", customer_id="1234", customer_email_address="anna.muster@example.com",
            merchant_reference="Official SDK suite", invoice_merchant_reference="INV-5412",
            billing_address=address, shipping_address=address, auto_confirmation_enabled=True,
        )
