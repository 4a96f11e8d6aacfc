from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.container_registry import ContainerRegistry


T = TypeVar("T", bound="ContainerRegistryPage")


@_attrs_define
class ContainerRegistryPage:
    """One page of container registries.

    Attributes:
        has_more (bool): Whether there are more pages of results available.
        items (list[ContainerRegistry]): The items on this page.
        next_page (None | str | Unset): The cursor required to fetch the next page of results. i.e. ?after=nextPage.
            This is null when there is no next page.
    """

    has_more: bool
    items: list[ContainerRegistry]
    next_page: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        has_more = self.has_more

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        next_page: None | str | Unset
        if isinstance(self.next_page, Unset):
            next_page = UNSET
        else:
            next_page = self.next_page

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "hasMore": has_more,
                "items": items,
            }
        )
        if next_page is not UNSET:
            field_dict["nextPage"] = next_page

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.container_registry import ContainerRegistry  # noqa: PLC0415

        d = dict(src_dict)
        has_more = d.pop("hasMore")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = ContainerRegistry.from_dict(items_item_data)

            items.append(items_item)

        def _parse_next_page(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_page = _parse_next_page(d.pop("nextPage", UNSET))

        container_registry_page = cls(
            has_more=has_more,
            items=items,
            next_page=next_page,
        )

        container_registry_page.additional_properties = d
        return container_registry_page

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
