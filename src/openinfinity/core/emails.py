"""The one e-mail rule, for the API's schemas, the services and the CLI alike: an address
email-validator accepts (syntax only, no DNS lookup; `.local` hosts allowed), at most 320
characters, stored lowercased."""

from __future__ import annotations

from typing import Annotated

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, Field

MAX_LENGTH = 320


# Names email-validator reserves that a self-hosted server on a LAN does use (mDNS hosts,
# the demo account `demo@openinfinity.local`): checked with a neutral stand-in instead.
_LAN_SUFFIXES = (".local", ".localhost")
_STAND_IN = ".example"


def valid_email(value: str) -> str:
    """`value` normalised (trimmed, lowercased); ValueError when it is not an e-mail address."""
    candidate = value.strip()
    if len(candidate) > MAX_LENGTH:
        raise ValueError(f"must not be greater than {MAX_LENGTH} characters.")
    local, _, domain = candidate.rpartition("@")
    lan = next((s for s in _LAN_SUFFIXES if domain.lower().endswith(s) and len(domain) > len(s)), None)
    checked = f"{local}@{domain[: -len(lan)]}{_STAND_IN}" if lan else candidate
    try:
        validate_email(checked, check_deliverability=False)
    except EmailNotValidError:
        raise ValueError("must be a valid email address.") from None
    return candidate.lower()


Email = Annotated[str, Field(max_length=MAX_LENGTH), AfterValidator(valid_email)]
