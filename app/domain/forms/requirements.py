"""When a field is mandatory: small declarative predicates that serialise.

A ``Requirement`` answers "is this field required here?" from the values of
the form being checked and the values of the case's other stages.  Inside a
PERSON or GROUP record the values passed are a ``Scope`` of that record
over the enclosing values, so a subfield rule can name a sibling ("surname")
as well as a stage field ("request_type").

Paths are dotted field ids.  Walking through a GROUP (a list) collects the
value from every entry, and a test passes when any collected value passes
("children.applicant_relationship" in ("parent", ...)).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.enums import Stage

#: Values of the other stages of the same case, keyed by stage.
CaseContext = Mapping[Stage, Mapping[str, Any]]


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


def is_empty(value: Any) -> bool:
    """Missing/empty = absent, None, "", whitespace only, [] or a record of empties."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    if isinstance(value, list | tuple):
        return len(value) == 0
    if isinstance(value, Mapping):
        return all(is_empty(v) for v in value.values())
    return False


class Scope(Mapping[str, Any]):
    """Read-only view of a record over its enclosing values (first match wins)."""

    def __init__(self, *layers: Mapping[str, Any]) -> None:
        self._layers = layers

    def __getitem__(self, key: str) -> Any:
        for layer in self._layers:
            if key in layer:
                return layer[key]
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        seen: set[str] = set()
        for layer in self._layers:
            for key in layer:
                if key not in seen:
                    seen.add(key)
                    yield key

    def __len__(self) -> int:
        return sum(1 for _ in self)


def resolve(values: Mapping[str, Any], path: str) -> list[Any]:
    """Every value found at ``path`` (several when the path crosses a list)."""
    current: list[Any] = [values]
    for part in path.split("."):
        found: list[Any] = []
        for item in current:
            items = item if isinstance(item, list) else [item]
            for one in items:
                if isinstance(one, Mapping) and part in one:
                    found.append(one[part])
        current = found
    return current


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return bool(a == b)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return f'"{value}"'


class Requirement(ABC):
    """Base of all requirement rules."""

    @abstractmethod
    def applies(self, values: Mapping[str, Any], context: CaseContext) -> bool:
        """True when the field is mandatory for these values."""

    @abstractmethod
    def condition(self) -> str:
        """The condition in plain English ("the subject has a ViSOR marker")."""

    @abstractmethod
    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible description of the rule."""

    def describe(self) -> str:
        """Plain English, e.g. "Required when the subject has a ViSOR marker"."""
        condition = self.condition()
        if condition.startswith("unless "):
            return f"Required {condition}"
        return f"Required when {condition}"

    def __and__(self, other: Requirement) -> Requirement:
        return AllOf(self, other)

    def __or__(self, other: Requirement) -> Requirement:
        return AnyOf(self, other)

    def __invert__(self) -> Requirement:
        return Not(self)


@dataclass(frozen=True)
class Always(Requirement):
    def applies(self, values: Mapping[str, Any], context: CaseContext) -> bool:
        return True

    def condition(self) -> str:
        return "always"

    def describe(self) -> str:
        return "Required"

    def to_dict(self) -> dict[str, Any]:
        return {"type": "always"}


@dataclass(frozen=True)
class Never(Requirement):
    def applies(self, values: Mapping[str, Any], context: CaseContext) -> bool:
        return False

    def condition(self) -> str:
        return "never"

    def describe(self) -> str:
        return "Optional"

    def to_dict(self) -> dict[str, Any]:
        return {"type": "optional"}


ALWAYS: Requirement = Always()
OPTIONAL: Requirement = Never()


class _Test:
    """One comparison applied to the values found at a path (mixin)."""

    path: str
    equals: Any
    not_equals: Any
    in_: tuple[Any, ...] | None
    contains: Any
    filled: bool | None
    text: str

    def _check_test(self) -> None:
        given = [
            self.equals is not UNSET,
            self.not_equals is not UNSET,
            self.in_ is not None,
            self.contains is not UNSET,
            self.filled is not None,
        ]
        if sum(given) != 1:
            raise ValueError("give exactly one of equals, not_equals, in_, contains, filled")
        if not self.path:
            raise ValueError("empty path")

    def _match(self, found: list[Any]) -> bool:
        if self.equals is not UNSET:
            return any(_same(v, self.equals) for v in found)
        if self.not_equals is not UNSET:
            return not any(_same(v, self.not_equals) for v in found)
        if self.in_ is not None:
            return any(any(_same(v, w) for w in self.in_) for v in found)
        if self.contains is not UNSET:
            return any(
                isinstance(v, list) and any(_same(x, self.contains) for x in v) for v in found
            )
        filled = any(not is_empty(v) for v in found)
        return filled is self.filled

    def _phrase(self) -> str:
        if self.text:
            return self.text
        if self.equals is not UNSET:
            return f"{self.path} is {_show(self.equals)}"
        if self.not_equals is not UNSET:
            return f"{self.path} is not {_show(self.not_equals)}"
        if self.in_ is not None:
            return f"{self.path} is one of {', '.join(_show(v) for v in self.in_)}"
        if self.contains is not UNSET:
            return f"{self.path} includes {_show(self.contains)}"
        return f"{self.path} is {'filled in' if self.filled else 'empty'}"

    def _test_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path}
        if self.equals is not UNSET:
            out["equals"] = self.equals
        if self.not_equals is not UNSET:
            out["not_equals"] = self.not_equals
        if self.in_ is not None:
            out["in"] = list(self.in_)
        if self.contains is not UNSET:
            out["contains"] = self.contains
        if self.filled is not None:
            out["filled"] = self.filled
        return out


@dataclass(frozen=True)
class When(_Test, Requirement):
    """A condition on a value of the form being checked (or the current record).

    Give exactly one test: ``equals``, ``not_equals``, ``in_``, ``contains``
    (a MULTI_CHOICE list includes the value) or ``filled`` (True/False).
    ``text`` is the plain-English condition used by ``describe()``.
    """

    path: str
    equals: Any = UNSET
    not_equals: Any = UNSET
    in_: tuple[Any, ...] | None = None
    contains: Any = UNSET
    filled: bool | None = None
    text: str = ""

    def __post_init__(self) -> None:
        self._check_test()

    def applies(self, values: Mapping[str, Any], context: CaseContext) -> bool:
        return self._match(resolve(values, self.path))

    def condition(self) -> str:
        return self._phrase()

    def to_dict(self) -> dict[str, Any]:
        return {"type": "when", **self._test_dict(), "description": self.describe()}


@dataclass(frozen=True)
class WhenContext(_Test, Requirement):
    """A condition on a value recorded at another stage of the same case."""

    stage: Stage
    path: str
    equals: Any = UNSET
    not_equals: Any = UNSET
    in_: tuple[Any, ...] | None = None
    contains: Any = UNSET
    filled: bool | None = None
    text: str = ""

    def __post_init__(self) -> None:
        self._check_test()

    def applies(self, values: Mapping[str, Any], context: CaseContext) -> bool:
        stage_values = context.get(self.stage) or {}
        return self._match(resolve(stage_values, self.path))

    def condition(self) -> str:
        if self.text:
            return self.text
        return f"at {self.stage.title.lower()}, {self._phrase()}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": "when_context",
            "stage": self.stage.key,
            **self._test_dict(),
            "description": self.describe(),
        }


class _Combined(Requirement):
    parts: tuple[Requirement, ...]
    text: str
    _joiner = " and "
    _type = ""

    def __init__(self, *parts: Requirement, text: str = "") -> None:
        if not parts:
            raise ValueError("need at least one part")
        object.__setattr__(self, "parts", tuple(parts))
        object.__setattr__(self, "text", text)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("requirements are immutable")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and (self.parts, self.text) == (
            other.parts,
            other.text,
        )

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.parts, self.text))

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self.parts!r}"

    def condition(self) -> str:
        if self.text:
            return self.text
        return self._joiner.join(p.condition() for p in self.parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self._type,
            "parts": [p.to_dict() for p in self.parts],
            "description": self.describe(),
        }


class AllOf(_Combined):
    """Required when every part applies."""

    _type = "all_of"

    def applies(self, values: Mapping[str, Any], context: CaseContext) -> bool:
        return all(p.applies(values, context) for p in self.parts)


class AnyOf(_Combined):
    """Required when at least one part applies."""

    _joiner = " or "
    _type = "any_of"

    def applies(self, values: Mapping[str, Any], context: CaseContext) -> bool:
        return any(p.applies(values, context) for p in self.parts)


class Not(_Combined):
    """Required when the single part does not apply."""

    _type = "not"

    def __init__(self, part: Requirement, text: str = "") -> None:
        super().__init__(part, text=text)

    def applies(self, values: Mapping[str, Any], context: CaseContext) -> bool:
        return not self.parts[0].applies(values, context)

    def condition(self) -> str:
        return self.text or f"it is not the case that {self.parts[0].condition()}"
