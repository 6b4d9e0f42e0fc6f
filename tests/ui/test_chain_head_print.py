"""#13 item 3: the Audit tab's "Print chain head for the paper log" opens a one-page
sheet in the documents preview; printing it is audited, cancelling is not."""

from __future__ import annotations

import os

import pytest
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from app.domain.enums import AuditAction
from app.storage import audit_repo
from app.storage.audit_repo import AuditQuery
from tests.conftest import TestUnit
from tests.ui.conftest import make_view
from ui.documents import prompts
from ui.supervisor.chain_head_preview import ChainHeadPreview
from ui.supervisor.view import AUDIT


def _printed(unit: TestUnit) -> list[str]:
    with unit.officer2() as owen:  # any key holder may read its own unit's rows here
        return [r.detail or "" for r in audit_repo.search(
            owen.conn, AuditQuery(action=AuditAction.PRINT))]


def test_chain_head_button_previews_and_prints_audited(
        qtbot: QtBot, unit: TestUnit, monkeypatch: pytest.MonkeyPatch) -> None:
    with unit.supervisor() as sam:
        view = make_view(qtbot, sam)
        view.setCurrentIndex(AUDIT)
        tab = view.audit
        assert "paper log" in tab.print_button.text()
        tab.print_button.click()
        preview = tab.head_preview
        assert isinstance(preview, ChainHeadPreview) and preview.isVisible()
        assert preview.pane.page_count() == 1
        assert f"row {preview.sheet.row:,}" in preview.windowTitle()
        monkeypatch.setattr(prompts, "ask_printer", lambda *a: False)
        assert not preview.print_sheet()

        def to_nowhere(_parent: object, printer: QPrinter, _pages: int) -> bool:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(os.devnull)
            return True

        monkeypatch.setattr(prompts, "ask_printer", to_nowhere)
        row = preview.sheet.row
        assert preview.print_sheet()
        preview.close()
        view.clear()
    printed = _printed(unit)
    assert len(printed) == 1 and printed[0].startswith(f"chain head row {row} ")
    assert "paper log" in printed[0]
