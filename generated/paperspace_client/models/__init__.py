"""Contains all the data models used in inputs/outputs"""

from .container_registry import ContainerRegistry
from .container_registry_kind import ContainerRegistryKind
from .container_registry_page import ContainerRegistryPage
from .create_container_registry_request import CreateContainerRegistryRequest
from .error import Error
from .error_details import ErrorDetails
from .list_container_registries_order import ListContainerRegistriesOrder
from .list_container_registries_order_by import ListContainerRegistriesOrderBy
from .test_connection_result import TestConnectionResult
from .update_container_registry_request import UpdateContainerRegistryRequest

__all__ = (
    "ContainerRegistry",
    "ContainerRegistryKind",
    "ContainerRegistryPage",
    "CreateContainerRegistryRequest",
    "Error",
    "ErrorDetails",
    "ListContainerRegistriesOrder",
    "ListContainerRegistriesOrderBy",
    "TestConnectionResult",
    "UpdateContainerRegistryRequest",
)
