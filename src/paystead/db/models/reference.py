"""Reference data: ISO geography and currencies (from pycountry and Babel) and Paystead's own
catalog (payment methods, connectors, label descriptors, ...). Every table is rewritten from
its source at startup (``paystead.domains.reference.sync``); nothing else writes to them.

ISO tables are keyed by their code (the wire has no numeric id for them); catalog tables by
the catalog's stable ids. Links between catalog tables carry no foreign keys, so that the sync
can replace rows in any order.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from paystead.db.base import Base, IdType


class Country(Base):
    __tablename__ = "reference_countries"

    id: Mapped[str] = mapped_column(String(2), primary_key=True)  # ISO 3166-1 alpha-2
    iso_code3: Mapped[str] = mapped_column(String(3))
    numeric_code: Mapped[str] = mapped_column(String(3))
    name: Mapped[str] = mapped_column(String(200))
    state_codes: Mapped[list] = mapped_column(JSON)


class CountryState(Base):
    __tablename__ = "reference_country_states"

    id: Mapped[str] = mapped_column(String(10), primary_key=True)  # ISO 3166-2, e.g. CH-ZH
    country_code: Mapped[str] = mapped_column(String(2), index=True)
    code: Mapped[str] = mapped_column(String(10))  # the part used in addresses, e.g. ZH
    name: Mapped[str] = mapped_column(String(200))


class Currency(Base):
    __tablename__ = "reference_currencies"

    id: Mapped[str] = mapped_column(String(3), primary_key=True)  # ISO 4217 code
    numeric_code: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    fraction_digits: Mapped[int] = mapped_column(Integer)


class Language(Base):
    __tablename__ = "reference_languages"

    id: Mapped[str] = mapped_column(String(20), primary_key=True)  # IETF tag, e.g. de-CH
    iso2_code: Mapped[str] = mapped_column(String(2), index=True)
    iso3_code: Mapped[str] = mapped_column(String(3))
    country_code: Mapped[str] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(String(200))
    primary_of_group: Mapped[bool] = mapped_column(Boolean)
    plural_expression: Mapped[str] = mapped_column(String(1000))


class LegalOrganizationForm(Base):
    __tablename__ = "reference_legal_organization_forms"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=False)
    country: Mapped[str] = mapped_column(String(2), index=True)
    english_description: Mapped[str] = mapped_column(String(200))
    shortcut: Mapped[list] = mapped_column(JSON)  # [{"language": .., "string": ..}]
    description: Mapped[list] = mapped_column(JSON)


class StaticValue(Base):
    __tablename__ = "reference_static_values"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=False)
    name: Mapped[dict] = mapped_column(JSON)
    description: Mapped[dict] = mapped_column(JSON)
    features: Mapped[list] = mapped_column(JSON)


class ConditionType(Base):
    __tablename__ = "reference_condition_types"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=False)
    name: Mapped[dict] = mapped_column(JSON)
    description: Mapped[dict] = mapped_column(JSON)


class DocumentTemplateType(Base):
    __tablename__ = "reference_document_template_types"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=False)
    title: Mapped[dict] = mapped_column(JSON)
    description: Mapped[dict] = mapped_column(JSON)
    group: Mapped[dict] = mapped_column(JSON)  # DocumentTemplateTypeGroup: {"id": .., "title": {..}}


class LabelDescriptorGroup(Base):
    __tablename__ = "reference_label_descriptor_groups"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=False)
    name: Mapped[dict] = mapped_column(JSON)
    description: Mapped[dict] = mapped_column(JSON)
    weight: Mapped[int] = mapped_column(Integer)


class LabelDescriptor(Base):
    __tablename__ = "reference_label_descriptors"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=False)
    name: Mapped[dict] = mapped_column(JSON)
    description: Mapped[dict] = mapped_column(JSON)
    weight: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(20))
    type: Mapped[int] = mapped_column(Integer)
    group_id: Mapped[int] = mapped_column(IdType, index=True)


class PaymentMethod(Base):
    __tablename__ = "reference_payment_methods"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=False)
    name: Mapped[dict] = mapped_column(JSON)
    description: Mapped[dict] = mapped_column(JSON)
    merchant_description: Mapped[dict] = mapped_column(JSON)
    supported_currencies: Mapped[list] = mapped_column(JSON)
    data_collection_types: Mapped[list] = mapped_column(JSON)


class PaymentMethodBrand(Base):
    __tablename__ = "reference_payment_method_brands"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=False)
    name: Mapped[dict] = mapped_column(JSON)
    description: Mapped[dict] = mapped_column(JSON)
    payment_method_id: Mapped[int] = mapped_column(IdType, index=True)


class PaymentProcessor(Base):
    __tablename__ = "reference_payment_processors"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=False)
    name: Mapped[dict] = mapped_column(JSON)
    description: Mapped[dict] = mapped_column(JSON)
    company_name: Mapped[dict] = mapped_column(JSON)
    product_name: Mapped[dict] = mapped_column(JSON)
    headquarters_location: Mapped[dict] = mapped_column(JSON)


class PaymentConnector(Base):
    __tablename__ = "reference_payment_connectors"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=False)
    name: Mapped[dict] = mapped_column(JSON)
    description: Mapped[dict] = mapped_column(JSON)
    payment_method_id: Mapped[int] = mapped_column(IdType, index=True)
    payment_method_brand_id: Mapped[int | None] = mapped_column(IdType, index=True)
    processor_id: Mapped[int] = mapped_column(IdType, index=True)
    data_collection_type: Mapped[str] = mapped_column(String(20))
    primary_risk_taker: Mapped[str] = mapped_column(String(20))
    supported_currencies: Mapped[list] = mapped_column(JSON)
    supported_customers_presences: Mapped[list] = mapped_column(JSON)
    supported_features: Mapped[list] = mapped_column(JSON)  # [{"id": .., "displayName": ..}]
    deprecated: Mapped[bool] = mapped_column(Boolean)
    deprecation_reason: Mapped[dict | None] = mapped_column(JSON)
