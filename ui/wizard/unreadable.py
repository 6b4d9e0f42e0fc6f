"""What is typed but cannot be read (a date of birth "14/13/1988") is never saved in the
draft, so it would be lost with the window (issue 12). Closing asks first; locking keeps
it in memory (never on disk) and puts it back in the reopened window after unlocking."""

from __future__ import annotations

from dataclasses import dataclass

from ui.wizard.page import PageWidget


@dataclass(frozen=True)
class Unreadable:
    path: str
    label: str
    texts: tuple[str, ...]  # each box of the field as typed (date, time)

    @property
    def shown(self) -> str:
        return " ".join(text for text in self.texts if text.strip())


def unreadable_fields(page: PageWidget | None) -> list[Unreadable]:
    """The fields of ``page`` whose typed text cannot be read, in form order."""
    if page is None:
        return []
    return [Unreadable(row.path, label, row.editor.typed_texts())
            for row, label in page.labelled_rows() if row.editor.input_problem()]


def restore(page: PageWidget | None, kept: list[Unreadable]) -> list[Unreadable]:
    """Type ``kept`` back into ``page``; the fields put back."""
    restored = []
    for item in kept:
        editor = page.editor(item.path) if page is not None else None
        if editor is not None:
            editor.restore_typed(item.texts)
            restored.append(item)
    return restored
