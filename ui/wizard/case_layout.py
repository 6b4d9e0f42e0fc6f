"""The case window's widgets and how they are laid out.

The case header, the immediate-risk prompt, the stages | page | what's missing row,
the action bar (with the documents menu), and Save and Reload on the keyboard: each
widget is made, connected to the window's own methods and set on the window, which
declares them (``ui.wizard.case_window.CaseWindow``). Kept apart, like ``keyboard``
and ``window_actions``, so the window stays about pages and saving.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QVBoxLayout, QWidget

from app.services.authz import Permission, allowed
from ui.wizard import keyboard, window_actions
from ui.wizard.action_bar import ActionBar
from ui.wizard.focus_follow import FocusFollower
from ui.wizard.header import CaseHeader
from ui.wizard.missing import MissingPanel
from ui.wizard.notices import RiskPrompt
from ui.wizard.stage_list import StageList

#: The case window (typed loosely: this module must not import the window back).
CaseWindow = Any


def build(window: CaseWindow) -> None:
    """Make the window's widgets, connect them to the window and lay them out."""
    window.header = CaseHeader(window)
    window.header.alerts_requested.connect(lambda: window_actions.alerts(window))
    window.stage_list = StageList(window)
    window.stage_list.stage_chosen.connect(window.show_stage)
    window.page_scroll = QScrollArea(window)
    window.page_scroll.setObjectName("page_scroll")
    window.page_scroll.setWidgetResizable(True)
    window.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
    window.page_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    window.focus_follower = FocusFollower(window.page_scroll)
    window.missing = MissingPanel(
        window, done_note="Nothing is missing: the stage can be completed (Ctrl+Enter).",
        key_hint=f" {keyboard.NEXT_MISSING_KEY} goes to the next one.")
    window.missing.path_chosen.connect(window.focus_field)
    window.risk_prompt = RiskPrompt(window)
    window.risk_prompt.record_requested.connect(window.open_immediate_risk)
    splitter = QSplitter(Qt.Orientation.Horizontal, window)
    for index, widget in enumerate((window.stage_list, window.page_scroll, window.missing)):
        splitter.addWidget(widget)
        splitter.setStretchFactor(index, 1 if widget is window.page_scroll else 0)
        splitter.setCollapsible(index, False)
    splitter.setSizes([200, 820, 300])

    role = window.session.user.role
    window.action_bar = action_bar = ActionBar(
        window, may_reopen=allowed(role, Permission.REOPEN_CASE),
        may_correct_contact=allowed(role, Permission.CORRECT_CONTACT_TIME))
    window_actions.connect(window, action_bar)
    from ui.documents import build_documents_menu

    action_bar.set_documents_menu(build_documents_menu(
        window, window.session, lambda: window.reference))
    window.risk_button = action_bar.risk_button
    window.extend_button = action_bar.extend_button
    window.close_early_button = action_bar.close_early_button
    window.save_button = action_bar.save_button
    window.complete_button = action_bar.complete_button
    window.documents_button = action_bar.documents_button
    window.reopen_button = action_bar.reopen_button
    window.referrals_button = action_bar.referrals_button
    window.tasks_button = action_bar.tasks_button
    window.contacts_button = action_bar.contacts_button
    window.chronology_button = action_bar.chronology_button
    line = QFrame(window)
    line.setFrameShape(QFrame.Shape.HLine)
    central = QWidget(window)
    layout = QVBoxLayout(central)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(window.header)
    layout.addWidget(line)
    prompt = QVBoxLayout()
    prompt.setContentsMargins(12, 6, 12, 0)
    prompt.addWidget(window.risk_prompt)
    layout.addLayout(prompt)
    layout.addWidget(splitter, 1)
    layout.addWidget(action_bar)
    window.setCentralWidget(central)
    save = QAction("Save", window)
    save.setShortcut(QKeySequence.StandardKey.Save)
    save.triggered.connect(window.save_clicked)
    reload_ = QAction("Reload", window)
    reload_.setShortcut(QKeySequence.StandardKey.Refresh)
    reload_.triggered.connect(window.reload)
    window.addActions([save, reload_, *keyboard.actions(window)])
