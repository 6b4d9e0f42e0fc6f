"""Helpers for the wizard's UI tests: schema paths with indexes, empty-value cleaning."""

from __future__ import annotations

from typing import Any

from app.domain.forms import AuxForm, Field, FieldKind, StageForm
from ui.wizard.page import PageWidget
from ui.wizard.records import GroupEditor


def indexed_paths(form: StageForm | AuxForm) -> list[tuple[str, Field]]:
    """Every field path with [0] after each group ("subject.aliases[0].name")."""
    out: list[tuple[str, Field]] = []

    def walk(fields: tuple[Field, ...], prefix: str) -> None:
        for field in fields:
            path = f"{prefix}{field.id}"
            out.append((path, field))
            if field.kind is FieldKind.PERSON:
                walk(field.subfields, f"{path}.")
            elif field.kind is FieldKind.GROUP:
                walk(field.subfields, f"{path}[0].")

    walk(form.fields(), "")
    return out


def add_first_items(page: PageWidget) -> None:
    """Add one entry to every group, nested groups included (parents first)."""
    for path, field in indexed_paths(page.form):
        if field.kind is FieldKind.GROUP:
            editor = page.editor(path)
            assert isinstance(editor, GroupEditor), path
            if not editor.items:
                editor.add_item()


def without_empties(values: Any) -> Any:
    """Values as the wizard stores them: empty optional answers left out."""
    if isinstance(values, dict):
        return {k: without_empties(v) for k, v in values.items()
                if v not in (None, "", [], {})}
    if isinstance(values, list):
        return [without_empties(v) for v in values]
    return values


def complete_page(window: Any, values: dict[str, Any]) -> None:
    """Write ``values`` into the page's widgets and press "Complete stage"."""
    window.page.set_values(values)
    window.revalidate()
    problems = [(p.path, p.message) for p in window.missing.problems]
    assert window.complete_button.isEnabled(), problems
    window.complete_button.click()


def finish_closure(window: Any) -> None:
    """From the closing page: continue, add the report details, complete the closure."""
    from ui.wizard.notices import ClosingPage

    closing = window.page_scroll.widget()
    assert isinstance(closing, ClosingPage)
    closing.go.click()
    values = window.page.values()
    assert values.get("summary"), "the service pre-fills the summary"
    values.update(intel_report_ref="INT/2026/0042", intel_report_date="2026-03-02")
    complete_page(window, values)
