"""Saving a key file without losing what another process wrote meanwhile.

A process loads the key file, changes it (an administrator prepares an account,
a sign-in adds a witness or upgrades a slot, a supervisor approves) and saves
it. Two such processes working at once used to lose one change: the later save
wrote back the whole file as its process had loaded it. Now each save is a
three-way merge under the key file's OS lock: what this process changed since
it loaded the file (its *base*) is applied to the file as it is *now*; what it
did not change is taken from the file as it is now.

The merge works on the key file's JSON form, field by field and, for the
dictionaries (slots, pending, accounts, disabled, lockout), name by name; the
lists (pending audit events, witnesses) keep the other process's additions and
this one's, less what this one removed. When both changed the same name, this
save wins (as before).
"""

from __future__ import annotations

import json
from typing import Any

from app.security import keyfile as kf


def _merge_list(base: list[Any], mine: list[Any], now: list[Any]) -> list[Any]:
    removed = [x for x in base if x not in mine]
    added = [x for x in mine if x not in base and x not in now]
    return [x for x in now if x not in removed] + added


def _merge_dict(base: dict[str, Any], mine: dict[str, Any],
                now: dict[str, Any]) -> dict[str, Any]:
    merged = dict(now)
    for name in set(base) | set(mine):
        if mine.get(name) == base.get(name) and (name in mine) == (name in base):
            continue  # unchanged here: keep what the file holds now
        if name in mine:
            merged[name] = mine[name]
        else:
            merged.pop(name, None)
    return merged


def merge(mine: kf.KeyFile, now: kf.KeyFile) -> kf.KeyFile:
    """``mine`` (changed by this process) merged into ``now`` (the file as it is)."""
    base = getattr(mine, kf.MERGE_BASE, None)
    if base is None:
        return mine  # made in memory, not loaded: nothing to merge against
    mine_json, now_json = json.loads(mine.to_json()), json.loads(now.to_json())
    result: dict[str, Any] = dict(now_json)
    for field, value in mine_json.items():
        old = base.get(field)
        if value == old:
            continue
        current = now_json.get(field)
        if isinstance(value, dict) and isinstance(old, dict) and isinstance(current, dict):
            result[field] = _merge_dict(old, value, current)
        elif isinstance(value, list) and isinstance(old, list) and isinstance(current, list):
            result[field] = _merge_list(old, value, current)
        else:
            result[field] = value
    merged = kf.KeyFile.from_json(json.dumps(result))  # checked like any key file
    if len(merged.witness) > kf.WITNESSES_KEPT:
        del merged.witness[:-kf.WITNESSES_KEPT]
    merged.witness_high = kf.highest_heads(merged.witness_high)
    return merged
