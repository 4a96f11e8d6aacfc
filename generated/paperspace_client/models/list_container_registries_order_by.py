from enum import StrEnum
from typing import Any


class ListContainerRegistriesOrderBy(StrEnum):
    """Values unknown to this client (the API added them later) parse instead of raising:
    they become members outside the listed ones, keep their value, and report `is_known` False."""

    DTCREATED = "dtCreated"

    @classmethod
    def _missing_(cls, value: Any) -> "ListContainerRegistriesOrderBy | None":
        if not isinstance(value, str):
            return None
        unknown = str.__new__(cls, value)
        unknown._name_ = "UNKNOWN"
        unknown._value_ = value
        return unknown

    @property
    def is_known(self) -> bool:
        """False for a value this client's spec does not list."""
        return self._value_ in type(self)._value2member_map_

    def __str__(self) -> str:
        return str(self.value)
