"""The constants the official wallee SDK suite imports, for a Paystead sandbox.

wallee keeps this module out of its source distribution (it names wallee's own test space);
Paystead's harness writes the sandbox's values into the environment variable
PAYSTEAD_OFFICIAL_SUITE_SANDBOX before it runs the suite.
"""

import json
import os

from wallee import Configuration
from wallee.models import AuthenticatedCardDataCreate, AuthenticatedCardRequest

_SANDBOX = json.loads(os.environ["PAYSTEAD_OFFICIAL_SUITE_SANDBOX"])

SPACE_ID = _SANDBOX["spaceId"]
API_CONFIG = Configuration(host=_SANDBOX["host"], user_id=_SANDBOX["applicationUserId"],
                           authentication_key=_SANDBOX["authenticationKey"])
TEST_CUSTOMER_ID = _SANDBOX["customerId"]
TEST_CARD_PAYMENT_METHOD_CONFIGURATION_ID = _SANDBOX["cardConfigurationId"]

# A card the simulator approves without 3-D Secure (see the README's test cards).
MOCK_CARD_DATA = AuthenticatedCardRequest(
    card_data=AuthenticatedCardDataCreate(primary_account_number="4111111111111111",
                                          expiry_date="2032-12", card_verification_code="123"),
    payment_method_configuration=TEST_CARD_PAYMENT_METHOD_CONFIGURATION_ID,
)
