from enum import StrEnum


class ContainerRegistryKind(StrEnum):
    AZURE = "azure"
    DIGITALOCEAN = "digitalocean"
    DOCKERHUB = "dockerhub"
    GCR = "gcr"
    GHCR = "ghcr"
    OTHER = "other"

    def __str__(self) -> str:
        return str(self.value)
