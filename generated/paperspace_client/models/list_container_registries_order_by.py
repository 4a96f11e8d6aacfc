from enum import StrEnum


class ListContainerRegistriesOrderBy(StrEnum):
    DTCREATED = "dtCreated"

    def __str__(self) -> str:
        return str(self.value)
