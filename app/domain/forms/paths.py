"""Field paths ("children[1].dob") applied to stored values."""

from __future__ import annotations

import re
from collections.abc import Iterable
from copy import deepcopy
from typing import Any

_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[([0-9]+)\])?")


def without_paths(values: dict[str, Any], paths: Iterable[str]) -> dict[str, Any]:
    """A copy of ``values`` with the answers at ``paths`` left out (others untouched).

    Used to save the rest of a draft when one answer cannot be stored: a field in
    error never stops the other answers being kept (issue 12 item 3).  A path that
    is not in ``values`` (or is malformed) changes nothing."""
    out = deepcopy(values)
    for path in paths:
        _drop(out, path.split(".") if path else [])
    return out


def _drop(record: Any, parts: list[str]) -> None:
    if not parts or not isinstance(record, dict):
        return
    match = _PART.fullmatch(parts[0])
    if match is None:
        return
    name, index = match.group(1), match.group(2)
    if name not in record:
        return
    if index is None:
        if len(parts) == 1:
            del record[name]
        else:
            _drop(record[name], parts[1:])
        return
    items = record[name]
    position = int(index)
    if not isinstance(items, list) or position >= len(items):
        return
    if len(parts) == 1:
        items[position] = {}
    else:
        _drop(items[position], parts[1:])
