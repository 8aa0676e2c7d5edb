"""The composition root: every module that adds operations, periodic jobs or session hooks,
listed once.

Importing this module brings them all in: each domain module adds its resources and actions to
the catalog (``paystead.resources.catalog``), each jobs module its periodic tasks. The app, the
worker and the CLI import it; nothing the modules below import does, so the engine and the
domains never depend on it.
"""

from __future__ import annotations

from paystead.app_state import AppState
from paystead.domains.accounts import resource as accounts
from paystead.domains.customers import resource as customers
from paystead.domains.invoices import documents as invoice_documents
from paystead.domains.invoices import resource as invoices
from paystead.domains.payment_comments import resource as payment_comments
from paystead.domains.payment_configuration import resource as payment_configuration
from paystead.domains.payment_links import resource as payment_links
from paystead.domains.permissions import resource as permissions
from paystead.domains.reference import resource as reference
from paystead.domains.refunds import resource as refunds
from paystead.domains.roles import resource as roles
from paystead.domains.spaces import resource as spaces
from paystead.domains.tokens import resource as tokens
from paystead.domains.transactions import actions as transaction_actions
from paystead.domains.transactions import by_credentials as transaction_credentials
from paystead.domains.transactions import charge_flows
from paystead.domains.transactions import deferred as deferred_processing
from paystead.domains.transactions import jobs as transaction_jobs
from paystead.domains.transactions import line_item_versions
from paystead.domains.users import resource as users
from paystead.payments import states
from paystead.payments.processors.registry import load_processors
from paystead.resources.catalog import Catalog, registry
from paystead.settings import Settings
from paystead.webhooks import delivery as webhook_delivery
from paystead.webhooks import outbox
from paystead.webhooks import resource as webhooks
from paystead.worker.tasks import TASKS, PeriodicTask

# The modules that declare the API's operations (resources, their actions, standalone operations).
DOMAIN_MODULES = (
    accounts, customers, invoice_documents, invoices, payment_comments, payment_configuration, payment_links,
    permissions, reference, refunds, roles, spaces, tokens, transaction_actions, transaction_credentials,
    charge_flows, line_item_versions, users, webhooks,
)

# The resources and operations those modules declared.
catalog: Catalog = registry

# The modules that declare the worker's periodic tasks (and the space jobs a clock's advance runs).
JOB_MODULES = (deferred_processing, transaction_jobs, webhook_delivery)
PERIODIC_TASKS: tuple[PeriodicTask, ...] = tuple(TASKS)

# What every unit of work runs on flush and commit, in this order: the state machines write their
# events first, so that the webhook outbox sees them in the same flush.
SESSION_HOOKS = (*states.SESSION_HOOKS, *outbox.SESSION_HOOKS)


def create_state(settings: Settings) -> AppState:
    """The state of one process (API, worker or CLI command), its sessions running the hooks.
    The configured processors are loaded first: one that cannot be loaded stops the start, not a
    payment."""
    return AppState.create(settings, session_hooks=SESSION_HOOKS, processors=load_processors(settings))
