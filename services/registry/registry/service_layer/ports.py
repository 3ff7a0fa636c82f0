"""What the use cases ask of the world outside this service, as plain functions and small Protocols.

``bootstrap.py`` chooses the real ones (the identity service's gRPC client, the upload sanitiser with
ClamAV); a test passes others.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from registry.domain.registrations import CleanFile, IncomingFile

# account id -> (name, ID number), from the identity service
RealName = Callable[[str], tuple[str, str]]

# account id -> the account's own mobile, from the identity service
AccountPhone = Callable[[str], str]


class Sanitizer(Protocol):
    """Proof uploads recognised, sanitised and virus-scanned before anything is stored
    (``adapters.uploads.UploadSanitizer``)."""

    def sanitise(self, files: list[IncomingFile]) -> list[CleanFile]:
        """All or nothing: the first bad file refuses the whole upload (ValidationFailed)."""
        ...

    def openable(self, scan_status: str) -> bool:
        """Whether a reviewer may open a stored file in this scan state."""
        ...
