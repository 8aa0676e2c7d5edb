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
from paystead.resources.fields import Column, Link

legal_organization_forms = reference_resource(
    name="LegalOrganizationForm",
    model=LegalOrganizationForm,
    sdk_name="legal_organization_forms",
    fields={
        "id": Column(LegalOrganizationForm.id),
        "country": Column(LegalOrganizationForm.country),
        "englishDescription": Column(LegalOrganizationForm.english_description),
        "shortcut": Column(LegalOrganizationForm.shortcut),
        "description": Column(LegalOrganizationForm.description),
    },
)

static_values = reference_resource(
    name="StaticValue",
    model=StaticValue,
    sdk_name="static_values",
    fields={
        "id": Column(StaticValue.id),
        "name": Column(StaticValue.name),
        "description": Column(StaticValue.description),
        "features": Column(StaticValue.features),
    },
)

condition_types = reference_resource(
    name="ConditionType",
    model=ConditionType,
    sdk_name="payment_condition_types",
    fields={
        "id": Column(ConditionType.id),
        "name": Column(ConditionType.name),
        "description": Column(ConditionType.description),
    },
)

document_template_types = reference_resource(
    name="DocumentTemplateType",
    model=DocumentTemplateType,
    sdk_name="document_templates_types",
    fields={
        "id": Column(DocumentTemplateType.id),
        "title": Column(DocumentTemplateType.title),
        "description": Column(DocumentTemplateType.description),
        "group": Column(DocumentTemplateType.group),
    },
)

label_descriptor_groups = reference_resource(
    name="LabelDescriptorGroup",
    model=LabelDescriptorGroup,
    sdk_name="label_descriptors_groups",
    fields={
        "id": Column(LabelDescriptorGroup.id),
        "name": Column(LabelDescriptorGroup.name),
        "description": Column(LabelDescriptorGroup.description),
        "weight": Column(LabelDescriptorGroup.weight),
    },
)

label_descriptors = reference_resource(
    name="LabelDescriptor",
    model=LabelDescriptor,
    sdk_name="label_descriptors",
    fields={
        "id": Column(LabelDescriptor.id),
        "name": Column(LabelDescriptor.name),
        "description": Column(LabelDescriptor.description),
        "weight": Column(LabelDescriptor.weight),
        "category": Column(LabelDescriptor.category),
        "type": Column(LabelDescriptor.type),
        "group": Link(LabelDescriptor.group_id, "LabelDescriptorGroup"),
    },
)
