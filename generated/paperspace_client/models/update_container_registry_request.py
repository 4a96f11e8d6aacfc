from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.container_registry_kind import ContainerRegistryKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateContainerRegistryRequest")


@_attrs_define
class UpdateContainerRegistryRequest:
    """The body of an update request; omitted fields keep their value.

    Attributes:
        kind (ContainerRegistryKind | Unset): The kind of container registry
        name (str | Unset): The name of the container registry.
        namespace (str | Unset): The namespace of the container registry. See
            https://docs.digitalocean.com/products/container-registry/.
        password (str | Unset): An updated password for the registry. See
            https://docs.digitalocean.com/products/container-registry/.
        url (str | Unset): The URL of the container registry. See https://docs.digitalocean.com/products/container-
            registry/.
        username (str | Unset): A username for the container registry. See
            https://docs.digitalocean.com/products/container-registry/.
    """

    kind: ContainerRegistryKind | Unset = UNSET
    name: str | Unset = UNSET
    namespace: str | Unset = UNSET
    password: str | Unset = UNSET
    url: str | Unset = UNSET
    username: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        name = self.name

        namespace = self.namespace

        password = self.password

        url = self.url

        username = self.username

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if kind is not UNSET:
            field_dict["kind"] = kind
        if name is not UNSET:
            field_dict["name"] = name
        if namespace is not UNSET:
            field_dict["namespace"] = namespace
        if password is not UNSET:
            field_dict["password"] = password
        if url is not UNSET:
            field_dict["url"] = url
        if username is not UNSET:
            field_dict["username"] = username

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _kind = d.pop("kind", UNSET)
        kind: ContainerRegistryKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = ContainerRegistryKind(_kind)

        name = d.pop("name", UNSET)

        namespace = d.pop("namespace", UNSET)

        password = d.pop("password", UNSET)

        url = d.pop("url", UNSET)

        username = d.pop("username", UNSET)

        update_container_registry_request = cls(
            kind=kind,
            name=name,
            namespace=namespace,
            password=password,
            url=url,
            username=username,
        )

        update_container_registry_request.additional_properties = d
        return update_container_registry_request

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
