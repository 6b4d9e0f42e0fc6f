"""Unit figures and the annual return share one toolbar: the period typed at the left with
its labels' mnemonics on the inputs, Show, then at the right Export CSV… and the second
output, both disabled until figures are shown."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.services.session import Session
from ui.supervisor.annual_tab import AnnualReturnTab
from ui.supervisor.figures_tab import FiguresTab
from ui.supervisor.period_toolbar import PeriodToolbar


def _row(toolbar: PeriodToolbar) -> list[str]:
    """The toolbar from left to right: label texts, input names, button texts, "|" for
    the stretch."""
    shown: list[str] = []
    for index in range(toolbar.count()):
        widget = toolbar.itemAt(index).widget()
        if widget is None:
            shown.append("|")
        elif isinstance(widget, QLabel):
            buddy = widget.buddy()
            assert buddy is not None, widget.text()
            shown.append(f"{widget.text()}→{buddy.objectName()}")
        elif isinstance(widget, QPushButton):
            shown.append(widget.text())
        else:
            shown.append(widget.objectName())
    return shown


def test_both_tabs_have_the_one_toolbar(qtbot: QtBot, sam: Session) -> None:
    figures, annual = FiguresTab(sam), AnnualReturnTab(sam)
    for tab in (figures, annual):
        qtbot.addWidget(tab)
    assert _row(figures.toolbar) == ["&From:→from_month", "from_month", "&To:→to_month",
                                     "to_month", "&Show", "|", "E&xport CSV…", "&Print…"]
    assert _row(annual.toolbar) == ["&Year starting:→year", "year", "&Kind:→basis", "basis",
                                    "&Show", "|", "E&xport CSV…", "Save &PDF…"]
    for toolbar, buttons in ((figures.toolbar, (figures.export_button, figures.print_button)),
                             (annual.toolbar, (annual.export_button, annual.pdf_button))):
        assert all(not b.isEnabled() for b in buttons)  # nothing shown yet
        toolbar.enable_outputs(True)
        assert all(b.isEnabled() for b in buttons)
        toolbar.enable_outputs(False)
        assert all(not b.isEnabled() for b in buttons)


def test_the_buttons_do_what_they_say(qtbot: QtBot) -> None:
    pressed: list[str] = []
    holder = QWidget()
    qtbot.addWidget(holder)
    toolbar = PeriodToolbar((), show=lambda: pressed.append("show"),
                            export_csv=lambda: pressed.append("csv"),
                            second=("&Print…", "print", lambda: pressed.append("print")))
    holder.setLayout(toolbar)
    for button in (toolbar.show_button, toolbar.export_button, toolbar.second_button):
        button.click()
    assert pressed == ["show", "csv", "print"]
    assert [b.objectName() for b in (toolbar.show_button, toolbar.export_button,
                                     toolbar.second_button)] == ["show", "export_csv", "print"]
