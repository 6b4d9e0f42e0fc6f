"""Documents on screen: preview, print and save (audited, nothing else on disk), attachments,
the letterhead, and the Documents menu."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QBuffer, QIODevice, QMarginsF
from PySide6.QtGui import QColor, QImage, QPageSize, QPdfWriter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.documents.model import DocumentKind
from app.domain.enums import AuditAction, Stage
from app.services import attachments, documents, unit_settings
from app.services.session import Session
from app.storage import audit_repo
from app.storage.audit_repo import AuditQuery
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, walk_to
from ui.documents import (
    AttachmentsDialog,
    DocumentPreview,
    LetterheadDialog,
    build_documents_menu,
    open_document,
    printing,
    prompts,
)
from ui.documents.pdf_pane import load_pdf


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private temp directory (for Python and Qt alike) and working directory."""
    temp = tmp_path / "tmp"
    cwd = tmp_path / "cwd"
    temp.mkdir()
    cwd.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.chdir(cwd)
    assert Path(tempfile.gettempdir()) == temp
    yield tmp_path


def snapshot(root: Path) -> dict[Path, int]:
    """Every file under ``root`` (temp dir, cwd, unit folder, settings) with its size."""
    return {p: p.stat().st_size for p in root.rglob("*") if p.is_file()}


def new_files(before: dict[Path, int], root: Path, db: Path) -> set[Path]:
    """Files that appeared, leaving out the database's own files (audit rows go there)."""
    return {p for p in snapshot(root) if p not in before and not p.name.startswith(db.name)}


def actions(session: Session, ref: str | None, action: AuditAction) -> list[str]:
    rows = audit_repo.search(session.conn, AuditQuery(case_ref=ref, action=action))
    return [row.detail or "" for row in rows]


def boxes(parent: QWidget) -> list[QMessageBox]:
    return [box for box in parent.findChildren(QMessageBox) if box.isVisible()]


def disclosure_case(unit: TestUnit) -> str:
    with unit.officer() as officer, unit.supervisor() as sup:
        ref = open_new(officer).reference
        walk_to(officer, sup, ref, Stage.DECISION)
    return ref


def png_bytes(width: int = 120, height: int = 80) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")  # type: ignore[call-overload]
    return bytes(buffer.data().data())


def test_preview_shows_every_page_and_printing_writes_nothing(
        qtbot: QtBot, unit: TestUnit, sandbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = disclosure_case(unit)
    painted: list[int] = []
    real_paint = printing.paint_document

    def counting_paint(*args: object, **kwargs: object) -> int:
        painted.append(real_paint(*args, **kwargs))  # type: ignore[arg-type]
        return painted[-1]

    def printer_to_nowhere(parent: object, printer: QPrinter, pages: int) -> bool:
        # A real QPrinter, painting real pages, whose output device is the null device.
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(os.devnull)
        printer.setCopyCount(2)
        return True

    monkeypatch.setattr(printing, "paint_document", counting_paint)
    with unit.officer() as officer:
        expected = len(PdfReader(io.BytesIO(
            documents.produce(officer, ref, DocumentKind.DISCLOSURE_FORM))).pages)
        before = snapshot(sandbox)
        parent = QWidget()
        qtbot.addWidget(parent)
        dialog = open_document(parent, officer, ref, DocumentKind.DISCLOSURE_FORM)
        assert isinstance(dialog, DocumentPreview) and dialog.isVisible()
        pane = dialog.pane
        assert pane.page_count() == expected >= 2
        assert pane.page_of.text() == f"of {expected}"
        pane.next.click()
        assert pane.page.value() == 2 and pane.previous.isEnabled()
        pane.zoom.setCurrentIndex(pane.zoom.findData(1.5))
        assert pane.view.zoomFactor() == pytest.approx(1.5)
        pane.step_zoom(+1)
        assert pane.view.zoomFactor() == pytest.approx(2.0)

        monkeypatch.setattr(prompts, "ask_printer", lambda *a: False)
        assert not dialog.print_document()
        assert actions(officer, ref, AuditAction.PRINT) == []

        monkeypatch.setattr(prompts, "ask_printer", printer_to_nowhere)
        assert dialog.print_document()
        assert painted and painted[-1] >= expected
        printed = actions(officer, ref, AuditAction.PRINT)
        assert len(printed) == 1 and "2 copies" in printed[0]
        dialog.close()
        assert pane.document.pageCount() == 0  # the PDF is forgotten when the preview closes
        assert new_files(before, sandbox, unit.db) == set()


def test_pages_are_painted_from_memory_onto_a_paged_device(qtbot: QtBot, unit: TestUnit,
                                                          sandbox: Path) -> None:
    """The print path paints every page; here onto a PDF writer over a QBuffer."""
    ref = disclosure_case(unit)
    with unit.officer() as officer:
        pdf = documents.produce(officer, ref, DocumentKind.DECISION_RECORD)
    before = snapshot(sandbox)
    holder = QWidget()
    qtbot.addWidget(holder)
    document, _buffer = load_pdf(pdf, holder)
    out = QBuffer()
    out.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(out)
    writer.setResolution(100)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    count = document.pageCount()
    assert printing.paint_document(document, writer, range(count), copies=2) == 2 * count
    assert len(PdfReader(io.BytesIO(bytes(out.data().data()))).pages) == 2 * count
    # The painted page is not blank: render it back and look for ink.
    again, _again_buffer = load_pdf(bytes(out.data().data()), holder)
    image = again.render(0, document.pagePointSize(0).toSize())
    dark = sum(1 for y in range(0, image.height(), 4) for x in range(0, image.width(), 4)
               if QColor(image.pixel(x, y)).lightness() < 128)
    assert dark > 50
    assert new_files(before, sandbox, unit.db) == set()


def test_save_as_pdf_warns_first_and_writes_only_the_chosen_file(
        qtbot: QtBot, unit: TestUnit, sandbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = disclosure_case(unit)
    target = sandbox / "chosen" / "form.pdf"
    target.parent.mkdir()
    asked: list[str] = []

    def warn(parent: object) -> bool:
        asked.append("warning")
        return answer

    def where(parent: object, suggested: str) -> Path:
        asked.append(f"path:{suggested}")
        return target

    monkeypatch.setattr(prompts, "confirm_unencrypted_save", warn)
    monkeypatch.setattr(prompts, "choose_save_path", where)
    assert "not be encrypted" in prompts.SAVE_WARNING
    assert "OFFICIAL-SENSITIVE" in prompts.SAVE_WARNING and "delete" in prompts.SAVE_WARNING
    with unit.officer() as officer:
        dialog = DocumentPreview(officer, ref, DocumentKind.DISCLOSURE_FORM)
        qtbot.addWidget(dialog)
        before = snapshot(sandbox)
        answer = False
        assert not dialog.save_as_pdf()
        assert asked == ["warning"] and actions(officer, ref, AuditAction.EXPORT) == []

        answer = True
        assert dialog.save_as_pdf()
        safe_ref = ref.replace("/", "-")
        assert asked[1] == "warning" and asked[2].startswith(f"path:{safe_ref} Disclosure form")
        assert new_files(before, sandbox, unit.db) == {target}
        assert target.read_bytes().startswith(b"%PDF")
        exports = actions(officer, ref, AuditAction.EXPORT)
        # The audit row names the folder, not the file name (which may hold names).
        assert len(exports) == 1 and str(target.parent) in exports[0]
        assert target.name not in exports[0]
        assert any(str(target) in box.text() for box in boxes(dialog))

        # The file is never overwritten: saving to the same name again is refused plainly.
        assert not dialog.save_as_pdf()
        assert any("already exists" in box.text() for box in boxes(dialog))
        assert len(actions(officer, ref, AuditAction.EXPORT)) == 1


def test_disclosure_form_refused_before_sign_off_names_the_paragraph(
        qtbot: QtBot, unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.DECISION)
        parent = QWidget()
        qtbot.addWidget(parent)
        assert open_document(parent, officer, ref, DocumentKind.DISCLOSURE_FORM) is None
        shown = boxes(parent)
        assert len(shown) == 1
        assert "cannot be produced" in shown[0].text()
        assert "¶" in shown[0].informativeText()
        assert not parent.findChildren(DocumentPreview)


def test_documents_menu_lists_every_kind_and_blank_forms(
        qtbot: QtBot, unit: TestUnit, monkeypatch: pytest.MonkeyPatch) -> None:
    with unit.officer() as officer:
        parent = QWidget()
        qtbot.addWidget(parent)
        current: list[str | None] = [None]
        menu = build_documents_menu(parent, officer, lambda: current[0])
        texts = [a.text() for a in menu.actions() if a.text()]
        for wanted in ("Disclosure form (Appendix F)", "Non-disclosure letter",
                       "Initial contact record", "Face-to-face record", "decision record",
                       "Information pack", "Closure report", "Blank forms"):
            assert any(wanted in text for text in texts), wanted
        blank_menu = menu.findChild(QMenu, "blankFormsMenu")
        assert isinstance(blank_menu, QMenu)
        blank_kinds = {a.data() for a in blank_menu.actions()}
        assert blank_kinds == {k.value for k in DocumentKind if k.blank_allowed}

        menu.aboutToShow.emit()
        case_item = next(a for a in menu.actions() if a.data() == "closure-report")
        assert not case_item.isEnabled()
        case_item.trigger()
        assert not parent.findChildren(DocumentPreview)

        next(a for a in blank_menu.actions() if a.data() == "face-to-face").trigger()
        opened = parent.findChildren(DocumentPreview)
        assert len(opened) == 1 and opened[0].blank and opened[0].reference is None
        assert opened[0].pane.page_count() >= 1

        current[0] = open_new(officer).reference
        menu.aboutToShow.emit()
        assert case_item.isEnabled()


def test_attachments_round_trip_byte_for_byte_and_refuse_other_files(
        qtbot: QtBot, unit: TestUnit, sandbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = disclosure_case(unit)
    scans = sandbox / "scans"
    scans.mkdir()
    with unit.officer() as officer:
        pdf = documents.produce(officer, ref, DocumentKind.DISCLOSURE_FORM)
    (scans / "signed form.pdf").write_bytes(pdf)
    png = png_bytes()
    (scans / "page.png").write_bytes(png)
    (scans / "tool.exe").write_bytes(b"MZ\x90\x00\x03" + bytes(200))
    picks = iter([scans / "signed form.pdf", scans / "page.png", scans / "tool.exe"])
    monkeypatch.setattr(prompts, "choose_scanned_file", lambda parent: next(picks))
    monkeypatch.setattr(prompts, "ask_description", lambda parent, name: f"Scan of {name}")

    with unit.officer() as officer:
        dialog = AttachmentsDialog(officer, ref)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.table.rowCount() == 0 and dialog.stack.currentWidget() is dialog.empty
        assert not dialog.view_button.isEnabled()
        first = dialog.attach()
        second = dialog.attach()
        assert first is not None and second is not None
        assert dialog.table.rowCount() == 2 and dialog.stack.currentWidget() is dialog.table
        cells = [[dialog.table.item(r, c) for c in range(3)] for r in range(2)]
        assert [[c.text() if c else "" for c in row] for row in cells] == [
            ["signed form.pdf", "PDF", "Scan of signed form.pdf"],
            ["page.png", "PNG image", "Scan of page.png"]]

        assert dialog.attach() is None
        assert any("PDF or an image" in box.text() for box in boxes(dialog))
        assert dialog.table.rowCount() == 2

        before = snapshot(sandbox)
        dialog.table.selectRow(0)
        assert dialog.view_button.isEnabled()
        viewer = dialog.view_selected()
        assert viewer is not None and viewer.pdf is not None
        assert viewer.pdf.page_count() == len(PdfReader(io.BytesIO(pdf)).pages)
        viewer.close()
        image_viewer = dialog.view(second.id)
        assert image_viewer is not None and image_viewer.images is not None
        assert image_viewer.images.pixmaps[0].size().toTuple() == (120, 80)
        assert image_viewer.images.labels[0].pixmap() is not None
        image_viewer.close()
        assert new_files(before, sandbox, unit.db) == set()

        assert attachments.read_attachment(officer, first.id)[1] == pdf
        assert attachments.read_attachment(officer, second.id)[1] == png
        viewed = audit_repo.search(officer.conn, AuditQuery(case_ref=ref,
                                                            action=AuditAction.CONSULT))
        assert sum("attachment viewed" in (row.detail or "") for row in viewed) >= 2


def test_letterhead_dialog_saves_for_a_supervisor_and_refuses_an_officer(
        qtbot: QtBot, unit: TestUnit) -> None:
    logo = png_bytes(300, 100)
    with unit.supervisor() as admin:  # unit settings live in the database: a supervisor's
        dialog = LetterheadDialog(admin)
        qtbot.addWidget(dialog)
        dialog.force_name.setText("Wessex Constabulary")
        dialog.unit_name.setText("Public Protection Unit (North)")
        dialog.address.setPlainText("Police Station\nHigh Street\nNorthtown NT1 1AA")
        dialog.telephone.setText("01234 567890")
        dialog.email.setText("ppu.north@example.police.uk")
        dialog.set_logo(b"not an image at all")
        assert "not an image" in dialog.message.text() and dialog.logo_png is None
        dialog.set_logo(logo)
        assert dialog.logo.pixmap() is not None and not dialog.logo.pixmap().isNull()
        assert dialog.remove.isEnabled()
        assert dialog.save()
        saved = unit_settings.letterhead(admin)
        assert saved.force_name == "Wessex Constabulary" and saved.logo_png == logo
        assert saved.address.splitlines()[-1] == "Northtown NT1 1AA"

        again = LetterheadDialog(admin)
        qtbot.addWidget(again)
        assert again.unit_name.text() == "Public Protection Unit (North)"
        again.telephone.setText("")
        assert not again.save()
        assert "telephone" in again.message.text()
        again.telephone.setText("101")
        again.remove_logo()
        assert again.save()
        assert unit_settings.letterhead(admin).logo_png is None

    with unit.officer() as officer:
        dialog = LetterheadDialog(officer)
        qtbot.addWidget(dialog)
        dialog.force_name.setText("Someone Else's Police")
        assert not dialog.save()
        assert "may not" in dialog.message.text()
        assert unit_settings.letterhead(officer).force_name == "Wessex Constabulary"


def test_a_damaged_pdf_is_a_plain_message_not_a_crash(qtbot: QtBot) -> None:
    from app.errors import CsodsError

    holder = QWidget()
    qtbot.addWidget(holder)
    with pytest.raises(CsodsError, match="could not be opened"):
        load_pdf(b"%PDF-1.4 broken", holder)


def test_preview_and_attachment_viewer_fit_on_the_screen(
        qtbot: QtBot, unit: TestUnit, sandbox: Path) -> None:
    # Seen under Xvfb at 1366x768: the preview opened 980 pixels tall, its Print,
    # Save as PDF and Close buttons below the bottom of the screen.
    from ui.documents.attachment_viewer import AttachmentViewer

    ref = disclosure_case(unit)
    with unit.officer() as officer:
        parent = QWidget()
        qtbot.addWidget(parent)
        dialog = DocumentPreview(officer, ref, DocumentKind.FACE_TO_FACE_RECORD, parent=parent)
        qtbot.addWidget(dialog)
        area = dialog.screen().availableGeometry()
        assert area.height() < 980  # the offscreen screen is smaller than the wanted size
        assert dialog.height() <= area.height() and dialog.width() <= area.width()
        pdf = documents.produce(officer, ref, DocumentKind.DISCLOSURE_FORM)
        added = attachments.add_attachment(officer, ref, "signed form.pdf", pdf)
        viewer = AttachmentViewer(*attachments.read_attachment(officer, added.id), parent)
        qtbot.addWidget(viewer)
        assert viewer.height() <= area.height() and viewer.width() <= area.width()
