"""reference data tables: ISO countries, states, currencies and languages, and Paystead's
catalog of legal organization forms, static values, condition types, document template types,
label descriptors and payment methods, brands, processors and connectors

Revision ID: 0002
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "reference_countries",
        sa.Column("id", sa.String(length=2), nullable=False),
        sa.Column("iso_code3", sa.String(length=3), nullable=False),
        sa.Column("numeric_code", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("state_codes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_countries")),
    )
    op.create_table(
        "reference_country_states",
        sa.Column("id", sa.String(length=10), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_country_states")),
    )
    op.create_index(op.f("ix_reference_country_states_country_code"), "reference_country_states", ["country_code"], unique=False)
    op.create_table(
        "reference_currencies",
        sa.Column("id", sa.String(length=3), nullable=False),
        sa.Column("numeric_code", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("fraction_digits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_currencies")),
    )
    op.create_table(
        "reference_languages",
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.Column("iso2_code", sa.String(length=2), nullable=False),
        sa.Column("iso3_code", sa.String(length=3), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("primary_of_group", sa.Boolean(), nullable=False),
        sa.Column("plural_expression", sa.String(length=1000), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_languages")),
    )
    op.create_index(op.f("ix_reference_languages_iso2_code"), "reference_languages", ["iso2_code"], unique=False)
    op.create_table(
        "reference_legal_organization_forms",
        sa.Column("id", _ID, nullable=False, autoincrement=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("english_description", sa.String(length=200), nullable=False),
        sa.Column("shortcut", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_legal_organization_forms")),
    )
    op.create_index(op.f("ix_reference_legal_organization_forms_country"), "reference_legal_organization_forms", ["country"], unique=False)
    op.create_table(
        "reference_static_values",
        sa.Column("id", _ID, nullable=False, autoincrement=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_static_values")),
    )
    op.create_table(
        "reference_condition_types",
        sa.Column("id", _ID, nullable=False, autoincrement=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_condition_types")),
    )
    op.create_table(
        "reference_document_template_types",
        sa.Column("id", _ID, nullable=False, autoincrement=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("group", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_document_template_types")),
    )
    op.create_table(
        "reference_label_descriptor_groups",
        sa.Column("id", _ID, nullable=False, autoincrement=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_label_descriptor_groups")),
    )
    op.create_table(
        "reference_label_descriptors",
        sa.Column("id", _ID, nullable=False, autoincrement=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("type", sa.Integer(), nullable=False),
        sa.Column("group_id", _ID, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_label_descriptors")),
    )
    op.create_index(op.f("ix_reference_label_descriptors_group_id"), "reference_label_descriptors", ["group_id"], unique=False)
    op.create_table(
        "reference_payment_methods",
        sa.Column("id", _ID, nullable=False, autoincrement=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("merchant_description", sa.JSON(), nullable=False),
        sa.Column("supported_currencies", sa.JSON(), nullable=False),
        sa.Column("data_collection_types", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_payment_methods")),
    )
    op.create_table(
        "reference_payment_method_brands",
        sa.Column("id", _ID, nullable=False, autoincrement=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("payment_method_id", _ID, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_payment_method_brands")),
    )
    op.create_index(op.f("ix_reference_payment_method_brands_payment_method_id"), "reference_payment_method_brands", ["payment_method_id"], unique=False)
    op.create_table(
        "reference_payment_processors",
        sa.Column("id", _ID, nullable=False, autoincrement=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("company_name", sa.JSON(), nullable=False),
        sa.Column("product_name", sa.JSON(), nullable=False),
        sa.Column("headquarters_location", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_payment_processors")),
    )
    op.create_table(
        "reference_payment_connectors",
        sa.Column("id", _ID, nullable=False, autoincrement=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("payment_method_id", _ID, nullable=False),
        sa.Column("payment_method_brand_id", _ID, nullable=True),
        sa.Column("processor_id", _ID, nullable=False),
        sa.Column("data_collection_type", sa.String(length=20), nullable=False),
        sa.Column("primary_risk_taker", sa.String(length=20), nullable=False),
        sa.Column("supported_currencies", sa.JSON(), nullable=False),
        sa.Column("supported_customers_presences", sa.JSON(), nullable=False),
        sa.Column("supported_features", sa.JSON(), nullable=False),
        sa.Column("deprecated", sa.Boolean(), nullable=False),
        sa.Column("deprecation_reason", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_payment_connectors")),
    )
    op.create_index(op.f("ix_reference_payment_connectors_payment_method_brand_id"), "reference_payment_connectors", ["payment_method_brand_id"], unique=False)
    op.create_index(op.f("ix_reference_payment_connectors_processor_id"), "reference_payment_connectors", ["processor_id"], unique=False)
    op.create_index(op.f("ix_reference_payment_connectors_payment_method_id"), "reference_payment_connectors", ["payment_method_id"], unique=False)


def downgrade() -> None:
    op.drop_table("reference_payment_connectors")
    op.drop_table("reference_payment_processors")
    op.drop_table("reference_payment_method_brands")
    op.drop_table("reference_payment_methods")
    op.drop_table("reference_label_descriptors")
    op.drop_table("reference_label_descriptor_groups")
    op.drop_table("reference_document_template_types")
    op.drop_table("reference_condition_types")
    op.drop_table("reference_static_values")
    op.drop_table("reference_legal_organization_forms")
    op.drop_table("reference_languages")
    op.drop_table("reference_currencies")
    op.drop_table("reference_country_states")
    op.drop_table("reference_countries")
