"""A typed client of the Infinity work-management API v2 (hosted Infinity, or openinfinity).

    from infinity_client import Client

    with Client("<token>", base_url="http://localhost:8000", workspace=1) as client:
        for board in client.boards.list():
            print(board.name)

`Client` and `AsyncClient` have the same methods (the sync one is generated from the async one).
"""

from infinity_client import models
from infinity_client._async._pagination import AsyncPager
from infinity_client._async.changes import AsyncChangeFeed
from infinity_client._async.client import AsyncClient
from infinity_client._base import HOSTED_BASE_URL
from infinity_client._errors import (
    APIError,
    AuthenticationError,
    BadRequest,
    ChangeFeedClosed,
    Conflict,
    Gone,
    InfinityError,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    TimeoutError,
    TransportError,
    ValidationError,
    WebhookVerificationError,
)
from infinity_client._retry import Retries
from infinity_client._schema import BoardSchema
from infinity_client._sync._pagination import Pager
from infinity_client._sync.changes import ChangeFeed
from infinity_client._sync.client import Client
from infinity_client._version import __version__
from infinity_client._webhooks import verify_webhook

__all__ = [
    "HOSTED_BASE_URL", "APIError", "AsyncChangeFeed", "AsyncClient", "AsyncPager", "AuthenticationError",
    "BadRequest", "BoardSchema", "ChangeFeed", "ChangeFeedClosed", "Client", "Conflict", "Gone",
    "InfinityError", "NotFound", "Pager", "PermissionDenied", "RateLimited", "Retries", "ServerError",
    "TimeoutError", "TransportError", "ValidationError", "WebhookVerificationError", "__version__", "models",
    "verify_webhook",
]  # fmt: skip
