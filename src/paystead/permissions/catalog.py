"""The permission tree: groups and leaf permissions with ids that never change.

A role that holds a group holds everything beneath it; the root holds everything.
New domains add a group and their leaves here; ids are never reused.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class PermissionDef:
    id: int
    machine_name: str
    title: str
    description: str
    parent: int | None
    is_group: bool

    def path_to_root(self) -> list[int]:
        path, parent = [], self.parent
        while parent is not None:
            path.append(parent)
            parent = by_id()[parent].parent
        return path


ROOT = 1
ACTIONS = ("read", "create", "update", "delete")


def _group(id: int, machine_name: str, title: str, parent: int = ROOT) -> list[PermissionDef]:
    return [PermissionDef(id, machine_name, title, f"All permissions on {title.lower()}.", parent, True)]


def _crud(group_id: int, machine_name: str, noun: str) -> list[PermissionDef]:
    """Leaves ``<group>+1..4``: read, create, update, delete."""
    return [
        PermissionDef(group_id + offset, f"{machine_name}_{action.upper()}", f"{action.capitalize()} {noun}",
                      f"Allows to {action} {noun}.", group_id, False)
        for offset, action in enumerate(ACTIONS, start=1)
    ]


def _leaf(id: int, machine_name: str, title: str, parent: int) -> PermissionDef:
    return PermissionDef(id, machine_name, title, f"Allows to {title[0].lower()}{title[1:]}.", parent, False)


DEFINITIONS: list[PermissionDef] = [
    PermissionDef(ROOT, "ALL", "All permissions", "Every permission, now and in the future.", None, True),
    *_group(100, "ACCOUNT", "Accounts"),
    *_crud(100, "ACCOUNT", "accounts"),
    _leaf(105, "ACCOUNT_ACTIVATION", "Activate and deactivate accounts", 100),
    *_group(200, "SPACE", "Spaces"),
    *_crud(200, "SPACE", "spaces"),
    *_group(300, "USER", "Users"),
    *_group(310, "APPLICATION_USER", "Application users", 300),
    *_crud(310, "APPLICATION_USER", "application users"),
    _leaf(315, "APPLICATION_USER_KEY", "Manage the authentication keys of application users", 310),
    *_group(320, "HUMAN_USER", "Human users", 300),
    *_crud(320, "HUMAN_USER", "human users"),
    _leaf(325, "HUMAN_USER_EXPORT", "Export human users", 320),
    *_group(330, "SINGLE_SIGN_ON_USER", "Single sign-on users", 300),
    *_crud(330, "SINGLE_SIGN_ON_USER", "single sign-on users"),
    *_group(340, "USER_ROLE", "Role assignments", 300),
    _leaf(341, "USER_ROLE_READ", "Read the roles assigned to users", 340),
    _leaf(342, "USER_ROLE_ASSIGN", "Assign roles to users and remove them", 340),
    *_group(400, "ROLE", "Roles"),
    *_crud(400, "ROLE", "roles"),
    *_group(500, "PERMISSION", "Permissions"),
    _leaf(501, "PERMISSION_READ", "Read permissions", 500),
    *_group(600, "CUSTOMER", "Customers"),
    *_crud(600, "CUSTOMER", "customers"),
    *_group(610, "CUSTOMER_ADDRESS", "Customer addresses", 600),
    *_crud(610, "CUSTOMER_ADDRESS", "customer addresses"),
    *_group(620, "CUSTOMER_COMMENT", "Customer comments", 600),
    *_crud(620, "CUSTOMER_COMMENT", "customer comments"),
    *_group(700, "PAYMENT_CONFIGURATION", "Payment configuration"),
    *_group(710, "PAYMENT_PROCESSOR_CONFIGURATION", "Payment processor configurations", 700),
    *_crud(710, "PAYMENT_PROCESSOR_CONFIGURATION", "payment processor configurations"),
    *_group(720, "PAYMENT_METHOD_CONFIGURATION", "Payment method configurations", 700),
    *_crud(720, "PAYMENT_METHOD_CONFIGURATION", "payment method configurations"),
    *_group(730, "PAYMENT_CONNECTOR_CONFIGURATION", "Payment connector configurations", 700),
    *_crud(730, "PAYMENT_CONNECTOR_CONFIGURATION", "payment connector configurations"),
    *_group(800, "TRANSACTION", "Transactions"),
    *_crud(800, "TRANSACTION", "transactions"),
    _leaf(805, "TRANSACTION_PROCESS", "Process transactions with card data, tokens or without interaction", 800),
    _leaf(806, "TRANSACTION_COMPLETE", "Complete authorized transactions", 800),
    _leaf(807, "TRANSACTION_VOID", "Void authorized transactions", 800),
    _leaf(808, "TRANSACTION_EXPORT", "Export transactions", 800),
    *_group(820, "REFUND", "Refunds"),
    *_crud(820, "REFUND", "refunds"),
    *_group(830, "TOKEN", "Tokens"),
    *_crud(830, "TOKEN", "tokens"),
    *_group(840, "TRANSACTION_COMMENT", "Transaction comments", 800),
    *_crud(840, "TRANSACTION_COMMENT", "transaction comments"),
    *_group(850, "REFUND_COMMENT", "Refund comments", 820),
    *_crud(850, "REFUND_COMMENT", "refund comments"),
    *_group(860, "TRANSACTION_INVOICE", "Transaction invoices", 800),
    *_crud(860, "TRANSACTION_INVOICE", "transaction invoices"),
    *_group(870, "TRANSACTION_INVOICE_COMMENT", "Transaction invoice comments", 860),
    *_crud(870, "TRANSACTION_INVOICE_COMMENT", "transaction invoice comments"),
    *_group(880, "DELIVERY_INDICATION", "Delivery indications", 800),
    *_crud(880, "DELIVERY_INDICATION", "delivery indications"),
    *_group(890, "PAYMENT_LINK", "Payment links"),
    *_crud(890, "PAYMENT_LINK", "payment links"),
    *_group(900, "WEBHOOK", "Webhooks"),
    *_group(910, "WEBHOOK_URL", "Webhook URLs", 900),
    *_crud(910, "WEBHOOK_URL", "webhook URLs"),
    *_group(920, "WEBHOOK_LISTENER", "Webhook listeners", 900),
    *_crud(920, "WEBHOOK_LISTENER", "webhook listeners"),
]


@cache
def by_id() -> dict[int, PermissionDef]:
    return {p.id: p for p in DEFINITIONS}


@cache
def by_machine_name() -> dict[str, PermissionDef]:
    return {p.machine_name: p for p in DEFINITIONS}


def permission_id(machine_name: str) -> int:
    return by_machine_name()[machine_name].id


@cache
def ancestors_and_self(permission: int) -> frozenset[int]:
    """A role holding any of these ids holds ``permission``."""
    return frozenset([permission, *by_id()[permission].path_to_root()])
