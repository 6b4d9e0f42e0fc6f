"""Printed documents, built in memory as PDF bytes (reportlab; no Qt, no files).

``build(kind, case, blank=False)`` is the one entry point; see ``model`` for
its input and ``DocumentRefused`` for what the scheme does not allow.
"""

from app.documents.build import build
from app.documents.model import DocumentCase, DocumentKind, DocumentRefused, Letterhead

__all__ = ["DocumentCase", "DocumentKind", "DocumentRefused", "Letterhead", "build"]
