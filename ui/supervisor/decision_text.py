"""The stage 5 decision as readable HTML for the sign-off queue, generated from the
form schema (labels and choices are the form's own)."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any

from app.domain.enums import Stage
from app.domain.forms.model import Field, FieldKind
from app.domain.forms.registry import form_for
from ui.supervisor.common import local_text

if TYPE_CHECKING:
    from app.services.case_file import CaseFile


def _label(text: str) -> str:
    """A label before its answer: "Name:" but "Is it so?" (no colon after a question)."""
    return escape(text if text.endswith(("?", ":")) else f"{text}:")


def _value(field: Field, value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if field.kind in (FieldKind.YES_NO, FieldKind.TICK):
        return "Yes" if value is True else "No" if value is False else escape(str(value))
    if field.kind is FieldKind.DATE:
        try:
            return f"{date.fromisoformat(str(value)):%d %b %Y}"
        except ValueError:
            return escape(str(value))
    if field.kind is FieldKind.DATETIME:
        try:
            return local_text(str(value))
        except ValueError:
            return escape(str(value))
    if field.kind is FieldKind.CHOICE:
        return escape(field.choice_label(str(value)))
    if field.kind is FieldKind.MULTI_CHOICE and isinstance(value, list):
        return escape(", ".join(field.choice_label(str(v)) for v in value))
    if field.kind is FieldKind.PERSON and isinstance(value, dict):
        parts = [f"{_label(sub.label)} {_value(sub, value.get(sub.id))}"
                 for sub in field.subfields if _value(sub, value.get(sub.id))]
        return "<br>".join(parts)
    if field.kind is FieldKind.GROUP and isinstance(value, list):
        items = []
        for item in value:
            if isinstance(item, dict):
                items.append("; ".join(_value(sub, item.get(sub.id))
                                       for sub in field.subfields
                                       if _value(sub, item.get(sub.id))))
        return "<br>".join(items)
    return escape(str(value)).replace("\n", "<br>")


def _person(case: CaseFile, username: str) -> str:
    """The display name, with the log-in name as its tooltip (rich text ``title``)."""
    return (f"<span title='log-in name {escape(username, quote=True)}'>"
            f"{escape(case.name_of(username))}</span>")


def decision_html(case: CaseFile) -> str:
    """Who decided, when, then every answered field of the decision form by section."""
    record = case.records.get(Stage.DECISION)
    lines = [f"<h3>{escape(case.reference)} — decision for sign-off</h3>"]
    if record is None:
        return lines[0] + "<p>No decision has been recorded on this case.</p>"
    by = record.completed_by or record.updated_by
    when = local_text(record.completed_at or record.updated_at)
    officer = case.assigned_to or case.created_by
    lines.append(f"<p>Recorded by <b>{_person(case, by)}</b> on {when}. "
                 f"Officer on the case: {_person(case, officer)}.</p>")
    values = record.values
    for section in form_for(Stage.DECISION).sections:
        rows = [(f.label, _value(f, values.get(f.id))) for f in section.fields]
        rows = [(label, text) for label, text in rows if text]
        if not rows:
            continue
        lines.append(f"<h4>{escape(section.title)}</h4><table cellspacing='0' "
                     "cellpadding='3'>")
        lines += [f"<tr><td valign='top' width='38%'><i>{escape(label)}</i></td>"
                  f"<td valign='top'>{text}</td></tr>" for label, text in rows]
        lines.append("</table>")
    returned = [s for s in case.signoffs if s.outcome == "returned"]
    if returned:
        last = returned[-1]
        lines.append(f"<h4>Returned before</h4><p>{local_text(last.at)} by "
                     f"{_person(case, last.by)}: {escape(last.comment)}</p>")
    return "\n".join(lines)
