from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, EmailStr, Field

AssignableRole = Literal["admin", "full-member", "restricted-member"]


class MemberInvite(BaseModel):
    email: EmailStr = Field(max_length=320)
    role: AssignableRole = "restricted-member"


class MemberUpdate(BaseModel):
    role: AssignableRole | None = None
