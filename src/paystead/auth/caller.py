"""Who is calling and what they may do where: the roles granted on accounts and spaces."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import false, or_, select

from paystead.db.models import Account
from paystead.permissions.catalog import ancestors_and_self


@dataclass(frozen=True)
class AccountGrant:
    account_id: int
    account_path: str
    applies_on_sub_accounts: bool
    permissions: frozenset[int]

    def covers(self, account_id: int, account_path: str) -> bool:
        if account_id == self.account_id:
            return True
        return self.applies_on_sub_accounts and account_path.startswith(self.account_path)


@dataclass
class Caller:
    user_id: int
    key_id: int
    primary_account_id: int
    # The caller's tenant: its primary account and everything below it.
    tenant_path: str
    # The user's own ``requestLimit`` (requests per two minutes), when set.
    request_limit: int | None = None
    account_grants: list[AccountGrant] = field(default_factory=list)
    space_grants: dict[int, frozenset[int]] = field(default_factory=dict)

    @classmethod
    def buyer(cls) -> Caller:
        """A buyer on a payment page: no user and no grants (the page's security token is its access)."""
        return cls(user_id=None, key_id=None, primary_account_id=None, tenant_path="\0")

    @classmethod
    def system(cls) -> Caller:
        """Paystead itself (the worker's jobs): no user and no grants; jobs load what they change."""
        return cls.buyer()

    def in_tenant(self, account_path: str) -> bool:
        return account_path.startswith(self.tenant_path)

    def may(self, permission: int, *, account_id: int, account_path: str, space_id: int | None = None) -> bool:
        if not self.in_tenant(account_path):
            return False
        wanted = ancestors_and_self(permission)
        for grant in self.account_grants:
            if grant.permissions & wanted and grant.covers(account_id, account_path):
                return True
        if space_id is not None and self.space_grants.get(space_id, frozenset()) & wanted:
            return True
        return False

    def holds_anywhere(self, permission: int) -> bool:
        wanted = ancestors_and_self(permission)
        return any(grant.permissions & wanted for grant in self.account_grants) or any(
            held & wanted for held in self.space_grants.values())

    def account_condition(self, permission: int, account_column):
        """SQL condition: ``account_column`` names an account where the caller holds ``permission``
        through an account role (space roles are added by the caller of this method)."""
        wanted = ancestors_and_self(permission)
        clauses = []
        for grant in self.account_grants:
            if not grant.permissions & wanted:
                continue
            if grant.applies_on_sub_accounts:
                subtree = select(Account.id).where(Account.path.startswith(grant.account_path, autoescape=True))
                clauses.append(account_column.in_(subtree))
            else:
                clauses.append(account_column == grant.account_id)
        return or_(*clauses) if clauses else false()

    def spaces_with(self, permission: int) -> list[int]:
        wanted = ancestors_and_self(permission)
        return [space_id for space_id, held in self.space_grants.items() if held & wanted]
