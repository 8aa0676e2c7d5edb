"""ORM models, one module per aggregate. Importing this package registers every table."""

from paystead.db.models.accounts import Account, Space
from paystead.db.models.customers import Customer, CustomerAddress, CustomerComment, CustomerEmailAddress
from paystead.db.models.reference import (
    ConditionType,
    Country,
    CountryState,
    Currency,
    DocumentTemplateType,
    LabelDescriptor,
    LabelDescriptorGroup,
    Language,
    LegalOrganizationForm,
    PaymentConnector,
    PaymentMethod,
    PaymentMethodBrand,
    PaymentProcessor,
    StaticValue,
)
from paystead.db.models.roles import Permission, Role, RolePermission, UserAccountRole, UserSpaceRole
from paystead.db.models.users import ApplicationUserKey, User

__all__ = [
    "ConditionType",
    "Country",
    "CountryState",
    "Currency",
    "DocumentTemplateType",
    "LabelDescriptor",
    "LabelDescriptorGroup",
    "Language",
    "LegalOrganizationForm",
    "PaymentConnector",
    "PaymentMethod",
    "PaymentMethodBrand",
    "PaymentProcessor",
    "StaticValue",
    "Account",
    "Customer",
    "CustomerAddress",
    "CustomerComment",
    "CustomerEmailAddress",
    "ApplicationUserKey",
    "Permission",
    "Role",
    "RolePermission",
    "Space",
    "User",
    "UserAccountRole",
    "UserSpaceRole",
]
