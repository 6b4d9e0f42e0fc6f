"""The questions the documents screens ask the user, in one place.

Each is a small function so that tests (and nothing else) can answer them
without a blocking dialog. None of them writes anything.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

TITLE = "CSODS Case Manager"

SAVE_WARNING = (
    "The PDF file you save will not be encrypted.\n\n"
    "It is OFFICIAL-SENSITIVE: anyone who can open the folder you choose can read it. "
    "Save it only to a place approved for OFFICIAL-SENSITIVE material, and delete it "
    "as soon as you no longer need it.\n\n"
    "Saving is recorded in the audit log with the file's location."
)

SCANNED_FILTER = "Scanned forms (*.pdf *.png *.jpg *.jpeg *.tif *.tiff);;All files (*)"


def documents_folder() -> str:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return found or str(Path.home())


def ask_printer(parent: QWidget | None, printer: QPrinter, page_count: int) -> bool:
    """The system print dialog; True when the user chose to print."""
    if not QPrinterInfo.availablePrinterNames():
        box = QMessageBox(QMessageBox.Icon.Information, "Print",
                          "No printer is set up on this computer.", parent=parent)
        box.setInformativeText("Ask IT to add the unit's printer, then try again. "
                               "Nothing has been printed or recorded.")
        box.exec()
        return False
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print")
    dialog.setMinMax(1, max(1, page_count))
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCollateCopies, True)
    return dialog.exec() == QPrintDialog.DialogCode.Accepted


def confirm_unencrypted_save(parent: QWidget | None) -> bool:
    """The warning before a PDF is written to disk; True to go on."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Save as PDF — not encrypted",
                      "Save an unencrypted copy of this document?", parent=parent)
    box.setInformativeText(SAVE_WARNING)
    go_on = box.addButton("Choose where to save…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is go_on


def choose_save_path(parent: QWidget | None, suggested_name: str) -> Path | None:
    """Where to save the PDF; None when cancelled. Nothing is written here."""
    start = str(Path(documents_folder()) / suggested_name)
    chosen, _ = QFileDialog.getSaveFileName(parent, "Save as PDF (not encrypted)", start,
                                            "PDF documents (*.pdf)")
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def choose_scanned_file(parent: QWidget | None) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, "Attach a scanned form",
                                            documents_folder(), SCANNED_FILTER)
    return Path(chosen) if chosen else None


def ask_description(parent: QWidget | None, filename: str) -> str | None:
    """A short description of the attached file; None when cancelled."""
    text, ok = QInputDialog.getText(
        parent, "Describe the scanned form",
        f"What is {filename}? (for example: “Signed disclosure form, recipient and witness”)",
        QLineEdit.EchoMode.Normal, "")
    return text if ok else None


def choose_logo(parent: QWidget | None) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, "Choose the unit logo", documents_folder(),
                                            "PNG images (*.png)")
    return Path(chosen) if chosen else None


def read_limited(path: Path, limit: int) -> bytes:
    """Read at most ``limit + 1`` bytes, so the service can refuse an over-size file
    without the whole of a huge file being loaded first."""
    with path.open("rb") as handle:
        return handle.read(limit + 1)
