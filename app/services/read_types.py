"""Copying storage rows into the services' own read types.

The UI sees only types declared in ``app.services`` (or ``app.domain``): a
storage row never leaves the service layer, so a repository can change its
rows (or move to another database) without the UI noticing.
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    T = TypeVar("T", bound=DataclassInstance)


def copy_row(cls: type[T], row: object) -> T:
    """``cls`` built from the same-named attributes of ``row`` (a shallow copy)."""
    return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})
