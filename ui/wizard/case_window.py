"""The window for one case: header, stages, the current page, what's missing, actions.

Contract with the shell: ``CaseWindow(session, reference, parent)`` with
``reference``, ``save_now()``, ``current_page_stage()``, ``show_stage()`` and
``closed(str)`` emitted on close after the draft is saved.  All reading and
writing goes through ``app.services``; validation rules come from the schema.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QPushButton, QScrollArea, QWidget

from app.domain.enums import Stage
from app.domain.forms import Problem, form_for, risk_answers_given, validate_stage
from app.domain.forms.paths import without_paths
from app.domain.timescales import LONDON
from app.errors import CsodsError, InvalidInput
from app.services import case_actions, cases
from app.services.case_file import CaseFile, may_change
from app.services.session import Session
from ui.messages import Failed
from ui.wizard import case_layout, keyboard, window_actions
from ui.wizard.action_bar import ActionBar
from ui.wizard.drafts import AUTOSAVE_MS, DraftKeeper
from ui.wizard.focus_follow import FocusFollower
from ui.wizard.header import CaseHeader
from ui.wizard.missing import MissingPanel
from ui.wizard.notices import (
    ClosingPage,
    RiskPrompt,
    banners_for,
    header_status,
    page_status,
    under_banners,
)
from ui.wizard.page import PageWidget
from ui.wizard.prefill import apply_prefill_rules
from ui.wizard.signoff_watch import SignoffWatch
from ui.wizard.stage_list import StageList
from ui.wizard.submit import (
    close_despite_unreadable,
    discard_unsaved_draft,
    show_error,
    submit_or_show,
)
from ui.wizard.unreadable import Unreadable, restore, unreadable_fields


class CaseWindow(QMainWindow):
    """One case, worked stage by stage."""

    closed = Signal(str)
    draft_saved = Signal(str)
    case_changed = Signal(str)

    # Made, connected and laid out by ui.wizard.case_layout.build:
    header: CaseHeader
    stage_list: StageList
    page_scroll: QScrollArea
    focus_follower: FocusFollower
    missing: MissingPanel
    risk_prompt: RiskPrompt
    action_bar: ActionBar
    risk_button: QPushButton
    extend_button: QPushButton
    close_early_button: QPushButton
    save_button: QPushButton
    complete_button: QPushButton
    documents_button: QPushButton
    reopen_button: QPushButton
    referrals_button: QPushButton
    tasks_button: QPushButton
    contacts_button: QPushButton
    chronology_button: QPushButton

    def __init__(self, session: Session, reference: str, parent: QWidget | None = None,
                 *, autosave_ms: int = AUTOSAVE_MS) -> None:
        super().__init__(parent)
        self.session = session
        self.case: CaseFile = cases.get_case(session, reference)
        self.reference = self.case.reference
        self.stage = self.case.current_stage
        self.page: PageWidget | None = None
        self.editable = False
        self._notice: tuple[str, str] | None = None
        self._closed_once = False
        self.setObjectName("case_window")
        self.setWindowTitle(f"Case {self.reference} — CSODS Case Manager")
        self.keeper = DraftKeeper(self.save_now, autosave_ms, self)
        self.signoff_watch = SignoffWatch(
            self, lambda: case_actions.signoff_state(self.session, self.reference),
            self._signoff_decided)
        case_layout.build(self)
        self.resize(1340, 720)
        self._show(self.case.current_stage)

    # -- the contract ----------------------------------------------------------------
    def current_page_stage(self) -> Stage:
        return self.stage

    def show_stage(self, stage: Stage) -> None:
        """Show ``stage`` (saving the draft first); stages not reached are refused."""
        stage = Stage(stage)
        if stage is self.stage and self.page is not None:
            return
        allowed = stage is self.case.current_stage or stage in self.case.records
        if not allowed:
            self.statusBar().showMessage(f"{stage.title} has not been reached yet.")
            self.stage_list.update_case(self.case, self.stage)
            return
        if not self.keeper.save_if_dirty():
            self.stage_list.update_case(self.case, self.stage)
            return
        self._show(stage)

    def save_now(self) -> bool:
        """Save the page's draft; False (input kept on screen) when it is refused.

        An answer that cannot be stored (too long, a bad character) never stops the
        others being saved: the draft is saved without it and the field stays marked
        with why (issue 12 item 3)."""
        if self.page is None or not self.editable or not self.keeper.dirty:
            return True
        values = self.page.values()
        left_out: list[Problem] = []
        try:
            try:
                self.case = cases.save_draft(self.session, self.reference, self.stage, values)
            except InvalidInput as error:
                left_out = list(error.problems)
                if not left_out:
                    raise
                self.case = cases.save_draft(self.session, self.reference, self.stage,
                                             without_paths(values, [p.path for p in left_out]))
        except InvalidInput as error:
            self.missing.show_problems(error.problems, note=f"Not saved: {error}")
            self.statusBar().showMessage(f"Not saved: {error}")
            return False
        except CsodsError as error:
            self.statusBar().showMessage(f"Not saved: {error}")
            return False
        self.keeper.dirty = bool(left_out)
        at = f"{self.session.clock.now().astimezone(LONDON):%H:%M:%S}"
        if left_out:
            self.page.mark_problems(left_out)
            count = len(left_out)
            self.statusBar().showMessage(
                f"Draft saved at {at} without {count} answer{'s' if count != 1 else ''} "
                "that cannot be stored (marked in red): correct and it will be saved.")
        else:
            self.statusBar().showMessage(f"Draft saved at {at}.")
        self._refresh_chrome()
        self.draft_saved.emit(self.stage.key)
        return True

    def unreadable_input(self) -> list[Unreadable]:
        """What is typed but cannot be read, so is not in the draft (kept over a lock)."""
        return unreadable_fields(self.page) if self.editable else []

    def restore_unreadable(self, kept: list[Unreadable]) -> list[Unreadable]:
        """After unlocking: put back what could not be read, marked, as it was typed."""
        restored = restore(self.page, kept) if self.editable else []
        if restored:
            self.revalidate()
        return restored

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        saved = self.save_now()
        asking = self.session.is_open and self.isVisible()  # not when locking
        if not saved and asking and not discard_unsaved_draft(self):
            event.ignore()
            return
        kept = unreadable_fields(self.page) if saved and asking and self.editable else []
        if kept and not close_despite_unreadable(
                self, [(item.label, item.shown) for item in kept]):
            event.ignore()
            self.focus_field(kept[0].path)
            return
        self.keeper.stop()
        self.signoff_watch.follow(False)
        event.accept()
        if not self._closed_once:
            self._closed_once = True
            self.closed.emit(self.reference)

    # -- showing pages -----------------------------------------------------------------
    @property
    def may_change(self) -> bool:
        return may_change(self.session, self.case)

    def _show(self, stage: Stage) -> None:
        self.stage = stage
        self.editable = self.may_change and self.case.can_edit(stage)
        page = PageWidget(form_for(stage), intro=(
            "Questions marked * must be answered before the stage can be completed."
            if self.editable else ""))
        # stage 2 starts from stage 1's people, stage 4 with the officer (CaseFile.prefill)
        prefilled = self.case.prefill(stage, self.session.user.display_name)
        page.set_values(prefilled or self.case.values(stage))
        page.set_read_only(not self.editable)
        corrected = apply_prefill_rules(page, self.case, stage, self.editable)
        notice, self._notice = self._notice, None
        self.page_scroll.setWidget(under_banners(
            page, banners_for(self.case, stage, notice, self.reload)))
        self.page = page
        page.changed.connect(self._edited)
        page.structure_changed.connect(self._edited)
        page.structure_changed.connect(self._fix_tab_order)
        self.keeper.watch(page)
        self.keeper.dirty = bool(prefilled) or corrected
        self._fix_tab_order()
        self._refresh_chrome()
        self._update_risk_prompt()
        self.revalidate()
        self.statusBar().showMessage(self._page_status())
        start = keyboard.first_unanswered(self)
        if start is not None:  # the keyboard starts where the work is
            start.setFocus(Qt.FocusReason.OtherFocusReason)
        # The page opens at its top (banners first), wherever the cursor starts.
        self.page_scroll.verticalScrollBar().setValue(0)

    def _page_status(self) -> str:
        return page_status(self.case, self.editable, self.may_change)

    def show_closing(self, explanation: str) -> None:
        """The page between a route decision and the closure record."""
        self.stage = Stage.CLOSURE
        self.page = None
        self.editable = False
        self.keeper.watch(None)
        closing = ClosingPage(self.case.route, explanation)
        closing.continue_requested.connect(lambda: self._show(Stage.CLOSURE))
        self.page_scroll.setWidget(closing)
        self._refresh_chrome()
        self._update_risk_prompt()
        self.revalidate()
        closing.go.setFocus()

    def _fix_tab_order(self) -> None:
        """Stages, then the page in form order, then what's missing and the buttons."""
        chain: list[QWidget] = [self.stage_list]
        if self.page is not None:
            chain += [w for row in self.page.rows() for w in row.editor.focus_chain()]
        chain += [self.missing.list, self.save_button, self.complete_button,
                  self.risk_button, self.extend_button, self.close_early_button,
                  self.referrals_button, self.tasks_button, self.contacts_button,
                  self.chronology_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _refresh_chrome(self) -> None:
        case = self.case
        self.header.update_case(case, self.stage, header_status(
            case, self.stage, editable=self.editable, closing=self.page is None),
            today=self.session.clock.now().astimezone(LONDON).date())
        self.stage_list.update_case(case, self.stage)
        self.action_bar.update_case(case, self.editable, self.may_change, shown=self.stage)
        self.signoff_watch.follow(case.is_open and case.awaiting_signoff)

    # -- editing and checking ------------------------------------------------------------
    def _edited(self) -> None:
        self.keeper.mark_dirty()
        self._update_risk_prompt()
        self.revalidate()  # at once, on every keystroke and tick (issue 12 item 7)

    def _update_risk_prompt(self) -> None:
        """The red note while the page being edited answers Yes to immediate risk."""
        page = self.page
        given = (risk_answers_given(page.values())
                 if page is not None and self.editable else ())
        questions = [page.form.field(name).label for name in given] if page else []
        self.risk_prompt.show_for(questions, self.case.immediate_risk)

    def revalidate(self) -> None:
        """Recompute what is missing and whether the stage can be completed."""
        page = self.page
        if page is None:
            self.missing.show_message("Continue to the closure record to finish the case.")
            self.complete_button.setEnabled(False)
            return
        context = self.case.context(excluding=self.stage)
        page.refresh(context)
        if not self.editable:
            self.missing.show_message("This page can only be viewed.")
            self.complete_button.setEnabled(False)
            return
        problems = page.check(validate_stage(self.stage, page.values(), context,
                                             now=self.session.clock.now()))
        self.missing.show_problems(problems)
        self.complete_button.setEnabled(not problems)

    def focus_field(self, path: str) -> None:
        if self.page is None:
            return
        widget = self.page.focus_path(path)
        if widget is not None:
            self.page_scroll.ensureWidgetVisible(widget, 40, 120)

    def save_clicked(self) -> None:
        if self.editable:
            self.keeper.mark_dirty()
            if self.save_now():
                self.revalidate()

    def complete_stage(self) -> None:
        """Complete the stage on the page through the service and move on."""
        if self.page is None or not self.editable:
            return
        stage, values = self.stage, self.page.values()
        done = submit_or_show(self, lambda: cases.complete_stage(
            self.session, self.reference, stage, values), self.missing)
        if isinstance(done, Failed):
            return
        self.keeper.dirty = False
        self.case = done.case
        self.case_changed.emit(self.reference)
        if stage is Stage.CLOSURE:
            self._show(Stage.CLOSURE)
        elif done.next_stage is Stage.CLOSURE and done.route is not None:
            self.show_closing(done.explanation)
        elif self.case.awaiting_signoff:
            self._show(Stage.DECISION)
        else:
            self._notice = (f"{stage.title} completed. Next: {done.explanation}", "done")
            self._show(self.case.current_stage)

    def complete_by_keyboard(self) -> None:
        keyboard.complete_by_keyboard(self)

    def next_missing_path(self) -> str | None:
        return keyboard.next_missing_path(self)

    def go_to_next_missing(self) -> None:
        path = keyboard.next_missing_path(self)
        if path is not None:
            self.focus_field(path)

    def reload(self) -> None:
        """Read the case again (e.g. after a supervisor's sign-off) and resume."""
        if not self.keeper.save_if_dirty():
            return
        try:
            self.case = cases.get_case(self.session, self.reference)
        except CsodsError as error:
            show_error(self, error)
            return
        self._show(self.case.current_stage)

    def _signoff_decided(self, state: str) -> None:
        window_actions.signoff_decided(self, state)

    def case_updated(self, case: CaseFile, message: str) -> None:
        """A side action (risk, extension) changed the case."""
        self.case = case
        self._refresh_chrome()
        self._update_risk_prompt()
        self.statusBar().showMessage(message)
        self.case_changed.emit(self.reference)

    # -- side actions the tests and the risk prompt open (ui/wizard/window_actions.py) --
    def open_immediate_risk(self) -> QWidget:
        return window_actions.immediate_risk(self)

    def open_extension(self) -> QWidget | None:
        return window_actions.extension(self)

    def open_close_early(self) -> QWidget | None:
        return window_actions.close_early(self)

    def open_reopen(self) -> QWidget:
        return window_actions.reopen(self)

    def open_contact_correction(self) -> QWidget | None:
        return window_actions.contact_correction(self)
