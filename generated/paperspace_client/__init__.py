"""A client library for accessing Paperspace Container Registries API"""

from .client import AuthenticatedClient, Client
from .errors import (
    APIError,
    AuthenticationError,
    ConfigurationError,
    MalformedResponseError,
    NotFoundError,
    PaperspaceError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from .retries import RetryPolicy

__all__ = (
    "APIError",
    "AuthenticatedClient",
    "AuthenticationError",
    "Client",
    "ConfigurationError",
    "MalformedResponseError",
    "NotFoundError",
    "PaperspaceError",
    "RateLimitError",
    "RetryPolicy",
    "ServerError",
    "ValidationError",
)
