from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.container_registry_kind import ContainerRegistryKind

T = TypeVar("T", bound="ContainerRegistry")


@_attrs_define
class ContainerRegistry:
    """A container registry of the current team. The password is never returned.

    Attributes:
        dt_created (datetime.datetime): The date the container registry was created
        dt_modified (datetime.datetime): The date the container registry was last modified
        id (str): The id of the container registry.
        kind (ContainerRegistryKind): The kind of container registry
        name (str): The name of the container registry.
        namespace (str): The namespace of the container registry. See https://docs.digitalocean.com/products/container-
            registry/.
        url (str): The URL of the container registry. See https://docs.digitalocean.com/products/container-registry/.
        username (str): A username for the container registry. See https://docs.digitalocean.com/products/container-
            registry/.
    """

    dt_created: datetime.datetime
    dt_modified: datetime.datetime
    id: str
    kind: ContainerRegistryKind
    name: str
    namespace: str
    url: str
    username: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        dt_created = self.dt_created.isoformat()

        dt_modified = self.dt_modified.isoformat()

        id = self.id

        kind = self.kind.value

        name = self.name

        namespace = self.namespace

        url = self.url

        username = self.username

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "dtCreated": dt_created,
                "dtModified": dt_modified,
                "id": id,
                "kind": kind,
                "name": name,
                "namespace": namespace,
                "url": url,
                "username": username,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        dt_created = datetime.datetime.fromisoformat(d.pop("dtCreated"))

        dt_modified = datetime.datetime.fromisoformat(d.pop("dtModified"))

        id = d.pop("id")

        kind = ContainerRegistryKind(d.pop("kind"))

        name = d.pop("name")

        namespace = d.pop("namespace")

        url = d.pop("url")

        username = d.pop("username")

        container_registry = cls(
            dt_created=dt_created,
            dt_modified=dt_modified,
            id=id,
            kind=kind,
            name=name,
            namespace=namespace,
            url=url,
            username=username,
        )

        container_registry.additional_properties = d
        return container_registry

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
