"""The API's objects as typed models (Pydantic). Unknown fields are kept, so a newer server's
additions are readable (`model.model_extra`) before this package names them."""

from infinity_client.models._base import Deleted, Model, Page
from infinity_client.models.attachments import Attachment
from infinity_client.models.boards import Attribute, AttributeKind, Board, Folder, Label, View, ViewKind
from infinity_client.models.history import (
    Actor,
    AuditEntry,
    CsvImport,
    IgnoredColumn,
    ImportColumn,
    ImportProblem,
    ItemChange,
    NewLabel,
    TimeEntry,
)
from infinity_client.models.hooks import (
    AdminHook,
    ChangePage,
    Event,
    EventName,
    Hook,
    HookAttempt,
    HookDelivery,
    HookEvent,
    HookFailure,
    HookLog,
)
from infinity_client.models.items import BatchEntry, BatchResult, Comment, Item, ItemValues, Reference, Value
from infinity_client.models.values import (
    AttachmentFile,
    ChecklistEntry,
    Link,
    ValueData,
    ValueWrite,
    typed_data,
)
from infinity_client.models.workspaces import (
    AdminToken,
    AdminUser,
    AdminWorkspace,
    AssignableRole,
    ImportRun,
    Invitation,
    Member,
    Membership,
    OAuthApp,
    OAuthAppCreated,
    OAuthToken,
    Profile,
    Role,
    Token,
    TokenCreated,
    User,
    Workspace,
)

__all__ = [
    "Actor", "AuditEntry", "CsvImport", "IgnoredColumn", "ImportColumn", "ImportProblem", "ItemChange",
    "NewLabel", "TimeEntry",
    "AdminHook", "AdminToken", "AdminUser", "AdminWorkspace", "AssignableRole", "Attachment",
    "AttachmentFile", "Attribute", "AttributeKind", "BatchEntry", "BatchResult", "Board", "ChangePage",
    "ChecklistEntry", "Comment", "Deleted", "Event", "EventName", "Folder", "Hook", "HookAttempt",
    "HookDelivery", "HookEvent", "HookFailure", "HookLog", "ImportRun", "Invitation", "Item", "ItemValues",
    "Label",
    "Link", "Member", "Membership", "Model", "OAuthApp", "OAuthAppCreated", "OAuthToken", "Page",
    "Profile", "Reference", "Role", "Token", "TokenCreated", "typed_data", "User", "Value", "ValueData",
    "ValueWrite", "View", "ViewKind", "Workspace",
]  # fmt: skip
