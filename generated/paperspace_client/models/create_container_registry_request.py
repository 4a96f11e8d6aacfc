from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.container_registry_kind import ContainerRegistryKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateContainerRegistryRequest")


@_attrs_define
class CreateContainerRegistryRequest:
    """The body of a create request.

    Attributes:
        name (str): The name of the container registry.
        namespace (str): The namespace of the container registry. See https://docs.digitalocean.com/products/container-
            registry/.
        password (str): The password for the registry. See https://docs.digitalocean.com/products/container-registry/.
        url (str): The URL of the container registry. See https://docs.digitalocean.com/products/container-registry/.
        username (str): A username for the container registry. See https://docs.digitalocean.com/products/container-
            registry/.
        kind (ContainerRegistryKind | Unset): The kind of container registry
    """

    name: str
    namespace: str
    password: str
    url: str
    username: str
    kind: ContainerRegistryKind | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        namespace = self.namespace

        password = self.password

        url = self.url

        username = self.username

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "namespace": namespace,
                "password": password,
                "url": url,
                "username": username,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        namespace = d.pop("namespace")

        password = d.pop("password")

        url = d.pop("url")

        username = d.pop("username")

        _kind = d.pop("kind", UNSET)
        kind: ContainerRegistryKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = ContainerRegistryKind(_kind)

        create_container_registry_request = cls(
            name=name,
            namespace=namespace,
            password=password,
            url=url,
            username=username,
            kind=kind,
        )

        create_container_registry_request.additional_properties = d
        return create_container_registry_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
