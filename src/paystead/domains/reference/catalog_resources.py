"""Paystead's catalog as resources: legal organization forms, static values, condition types,
document template types and label descriptors (with their groups)."""

from __future__ import annotations

from paystead.db.models import (
    ConditionType,
    DocumentTemplateType,
    LabelDescriptor,
    LabelDescriptorGroup,
    LegalOrganizationForm,
    StaticValue,
)
from paystead.domains.reference.common import reference_resource

legal_organization_forms = reference_resource(
    name="LegalOrganizationForm",
    model=LegalOrganizationForm,
    sdk_name="legal_organization_forms",
)

static_values = reference_resource(
    name="StaticValue",
    model=StaticValue,
    sdk_name="static_values",
)

condition_types = reference_resource(
    name="ConditionType",
    model=ConditionType,
    sdk_name="payment_condition_types",
)

document_template_types = reference_resource(
    name="DocumentTemplateType",
    model=DocumentTemplateType,
    sdk_name="document_templates_types",
)

label_descriptor_groups = reference_resource(
    name="LabelDescriptorGroup",
    model=LabelDescriptorGroup,
    sdk_name="label_descriptors_groups",
)

label_descriptors = reference_resource(
    name="LabelDescriptor",
    model=LabelDescriptor,
    sdk_name="label_descriptors",
)
