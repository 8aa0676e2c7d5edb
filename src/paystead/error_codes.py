"""The catalogue of the ``code`` values Paystead's errors carry (the ``code`` of wallee's
``RestApiErrorResponse``): every code a raise site uses is listed here with what it means, and
the OpenAPI document lists them (``x-paystead-error-codes``). A test scans the source for codes
missing here.

The HTTP status belongs to the error's class (``paystead.errors``), not to its code: a few codes,
such as ``invalid_parameter``, are a 400 where the request is malformed and a 422 where it is
well-formed but wrong.
"""

from __future__ import annotations

ERROR_CODES: dict[str, str] = {
    # The error classes' own codes (paystead.errors), used where a raise names none.
    "internal_error": "Paystead failed: a bug, never an answer to a request's content.",
    "invalid_request": "The request is malformed: parameters, JSON or types.",
    "unauthorized": "The request is not authenticated.",
    "permission_denied": "The caller lacks the permission the operation needs.",
    "not_found": "No such object, or not in the caller's space or account.",
    "not_acceptable": "The Accept header allows no type the operation answers with.",
    "conflict": "The request conflicts with the object's current state or another object.",
    "payload_too_large": "The body, or a bulk request's item count, is beyond the limit.",
    "unsupported_media_type": "The body's content type is not the one the operation reads.",
    "offset_out_of_range": "A list's offset is beyond the maximum the contract allows.",
    "unprocessable_entity": "The request is well-formed but its content is not acceptable.",
    "rate_limit_exceeded": "Too many requests: the space's or caller's request limit is reached.",
    "service_unavailable": "A dependency (the database) is unreachable; retry later.",
    # Routing and transport.
    "no_such_operation": "No operation at this method and path.",
    "method_not_allowed": "The path exists but not with this method.",
    "http_error": "Another HTTP-level refusal of the request.",
    "client_disconnected": "The client closed the connection before sending the whole body.",
    "unavailable": "The database could not be reached; the request changed nothing.",
    "processor_unavailable": "The payment processor did not give a final answer; the request changed nothing.",
    # Authentication: the Authorization header, the JWT and its key.
    "missing_authorization": "No Authorization header.",
    "malformed_authorization": "The Authorization header is not 'Bearer <JWT>'.",
    "malformed_token": "The token is not a well-formed compact JWT.",
    "unsupported_algorithm": "The token is not signed with HS256.",
    "unsupported_token_type": "The token's 'typ' is not JWT.",
    "unsupported_token_version": "The token's 'ver' is not 1.",
    "invalid_claims": "The token's claims are missing or of the wrong type.",
    "token_expired": "The token's 'iat' is too far in the past.",
    "token_not_yet_valid": "The token's 'iat' is too far in the future.",
    "request_path_mismatch": "The token was made for another path or query string.",
    "request_method_mismatch": "The token was made for another HTTP method.",
    "unknown_user": "No application user has the token's 'sub'.",
    "invalid_signature": "The token's signature matches none of the user's active keys.",
    "key_revoked": "The key that signed the token has been revoked.",
    "user_deleted": "The application user has been deleted.",
    "user_inactive": "The application user is not active.",
    "account_inactive": "The application user's primary account is not active.",
    "invalid_credentials": "Credentials for a page or a mobile SDK are malformed or not valid.",
    "credentials_expired": "Credentials for a page or a mobile SDK have expired.",
    # Scope: the Space and Account headers.
    "missing_scope_header": "The operation needs a Space (or Account) header.",
    "invalid_scope_header": "The Space or Account header is not an id.",
    "space_access_denied": "The caller has no access to this space.",
    "account_access_denied": "The caller has no access to this account.",
    # Parameters and bodies.
    "invalid_json": "The body is not valid JSON (or has NaN, lone surrogates, NUL or too large numbers).",
    "invalid_parameter": "A parameter is missing or has a value the operation refuses.",
    "invalid_field_type": "A body field has the wrong type.",
    "invalid_field_value": "A body field's value breaks the contract's rules (length, pattern, enum...).",
    "missing_field": "A required body field is missing.",
    "invalid_expand": "An expand path is deeper than the levels allowed or names no field.",
    "invalid_query": "The search query does not parse or names an unknown field.",
    "invalid_order": "The search order names an unknown field or direction.",
    "invalid_metadata": "The metaData exceeds its limits (keys, length of keys and values).",
    "invalid_currency": "Not an ISO 4217 currency code.",
    "invalid_amount": "An amount is not finite, too large, or has more fractional digits than the currency.",
    "invalid_redirect_url": "A success or failed URL is not a safe redirect URL.",
    "invalid_url": "The URL is not of the kind the operation needs.",
    "invalid_reference": "A list of references has an item that is not an id.",
    "unknown_reference": "A referenced object does not exist in this space.",
    "missing_reference": "The object to act on is not named.",
    # Writes in general.
    "version_required": "An update needs the object's version (optimistic locking).",
    "version_conflict": "The version is not the object's current one (or the next).",
    "duplicate": "An object with this unique value exists already.",
    "idempotency_conflict": "The externalId was used before with a different body.",
    "object_deleted": "The object is deleted: it can no longer be changed.",
    "invalid_state": "The state asked for cannot be set by a write (delete to remove).",
    "invalid_state_transition": "The object's state does not allow the operation (see the state machines).",
    # Accounts, spaces, users, roles and keys.
    "subaccount_limit_reached": "The account has as many sub-accounts as it may.",
    "account_not_empty": "The account still has live spaces or sub-accounts.",
    "own_account": "An application user cannot deactivate or delete its own primary account.",
    "own_user": "An application user cannot deactivate itself.",
    "too_many_keys": "The application user has as many active keys as it may.",
    "permission_id_required": "A role's permissions are given by id.",
    "permission_escalation": "The caller cannot grant a permission it does not hold.",
    "role_not_assignable": "The role belongs to another account than the one it would be granted in.",
    "last_administration": "The change would leave an account without anyone to administer it.",
    "sandbox_only": "The operation exists only in sandbox mode.",
    # The space clock (sandbox).
    "invalid_advance": "A clock advance is {\"by\": <duration>} or {\"to\": <instant>}.",
    "invalid_duration": "Not an ISO 8601 duration.",
    "invalid_instant": "Not an ISO 8601 instant with a time zone.",
    "clock_backward": "A space's clock only moves forward.",
    "clock_out_of_range": "The clock would leave the range of dates Paystead handles.",
    # Customers.
    "customer_mismatch": "The body and the path name different customers.",
    "invalid_merge": "A customer cannot be merged with itself.",
    # Payments: line items, amounts and the money ledger.
    "invalid_line_item": "A line item is not valid (quantity, amounts, taxes, unique id).",
    "negative_total": "The line items add up to less than zero.",
    "amount_mismatch": "An amount differs from the total of its line items or reductions.",
    "missing_amount": "A refund needs an amount or line item reductions.",
    "amount_exceeds_remaining": "The amount exceeds what is left of the line item or transaction.",
    "amount_exceeds_invoice": "A replacement invoice asks for more than the invoice it replaces.",
    "amount_out_of_range": "A new total must lie between the completed and the authorized amount.",
    "negative_completion": "A completion cannot add up to less than zero.",
    "completion_exceeds_authorization": "A completion cannot take more than was authorized.",
    "completed_line_item_changed": "A line item already completed cannot change.",
    "refund_exceeds_refundable_amount": "Refunds cannot exceed the completed amount.",
    # Payments: processing.
    "invalid_card_data": "The card data is not valid (number, expiry or verification code).",
    "no_applicable_connector": "No payment connector of the space applies to the transaction.",
    "connector_mismatch": "The connector belongs to another processor or payment method.",
    "unsupported_data_collection": "The payment method does not offer this data collection type.",
    "challenge_closed": "The 3-D Secure challenge is no longer open.",
    "token_required": "The operation needs a transaction bound to a token.",
    "token_mismatch": "The transaction is bound to another token.",
    "token_not_chargeable": "The token has no active version to charge.",
    "no_active_version": "The token has no active version.",
    "no_charge_flow": "No charge flow applies to, or runs for, the transaction.",
    # Payment links and webhooks.
    "invalid_payment_link": "A payment link's settings are not valid.",
    "invalid_webhook": "A webhook URL's or listener's settings are not valid.",
    "invalid_webhook_url": "The webhook URL is not one Paystead may deliver to.",
    "unknown_listener_entity": "No listener entity has this id.",
    "unknown_key": "No webhook encryption key has this id.",
}


def openapi_listing() -> list[dict[str, str]]:
    """The catalogue as the OpenAPI document lists it."""
    return [{"code": code, "description": description} for code, description in ERROR_CODES.items()]
