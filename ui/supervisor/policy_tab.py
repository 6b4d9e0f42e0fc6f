"""The unit's timescale policy: the versions adopted (who, when, why) and a form to
adopt a new one (supervisors; ¶5 table, 5.1.13, 5.4.8, 5.6.27; 2023 practice).

A new version is in force for cases opened from then on; every case keeps the
version it was opened under, so its deadlines and the unit figures stay
comparable. Refusals (a reason missing, targets out of range, the same targets
again) are shown under the form and what was typed stays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.timescale_policy import MAX_DAYS, TimescalePolicy
from app.services.authz import Permission, allowed
from ui.messages import error_text
from ui.supervisor.common import ProblemLabel, local_text
from ui.supervisor.style import OK_STYLE

if TYPE_CHECKING:
    from app.services.session import Session
    from app.services.timescale_policy import PolicyVersion

HEADERS = ("Version", "Name", "Initial contact", "Face to face", "Risk assessment",
           "Decision route", "Overall", "Adopted", "By", "Reason")

#: (attribute, label, unit, maximum) of each target, in the order the form shows them.
TARGETS = (
    ("initial_contact_hours", "&Initial contact completed within", "hours", 24 * 7),
    ("face_to_face_days", "&Face-to-face meeting within", "days", MAX_DAYS),
    ("risk_assessment_days", "Full risk &assessment reached within", "days", MAX_DAYS),
    ("decision_route_days", "&Decision route completed within", "days", MAX_DAYS),
    ("overall_days", "&Whole case closed within", "days", MAX_DAYS),
)


def _targets_text(policy: TimescalePolicy) -> list[str]:
    return [f"{policy.initial_contact_hours} h", f"{policy.face_to_face_days} d",
            f"{policy.risk_assessment_days} d", f"{policy.decision_route_days} d",
            f"{policy.overall_days} d"]


class PolicyTab(QWidget):
    """``adopted(version)`` after a new version has been recorded."""

    adopted = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timescale_policy")
        self.session = session
        self.versions: list[PolicyVersion] = []
        self.in_force = QLabel(self)
        self.in_force.setObjectName("policy_in_force")
        self.in_force.setWordWrap(True)
        explain = QLabel(
            "The unit's timescale targets. A new version applies to cases opened from then "
            "on; every case keeps the version in force when it was opened, so its deadlines "
            "and the unit figures stay comparable. Versions are never edited or deleted. "
            "The 2010 maxima are version 1 (¶5 table, 5.1.13, 5.4.8, 5.6.27).", self)
        explain.setWordWrap(True)
        self.problem = ProblemLabel("policy_problem", self)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("policy_versions")
        self.tree.setAccessibleName("Timescale policy versions")
        self.tree.setHeaderLabels(list(HEADERS))
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 300)
        header.setStretchLastSection(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.in_force)
        layout.addWidget(explain)
        layout.addWidget(self.problem)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self._adopt_box())

    def _adopt_box(self) -> QGroupBox:
        box = QGroupBox("Adopt a new version", self)
        box.setObjectName("adopt_policy")
        form = QFormLayout()
        self.name = QLineEdit(box)
        self.name.setObjectName("policy_name")
        self.name.setAccessibleName("Name of the new policy version")
        self.name.setPlaceholderText("E.g. Force policy PP/19 (28-day target)")
        self.name.setMaxLength(200)
        name_label = QLabel("&Name *", box)
        name_label.setBuddy(self.name)
        form.addRow(name_label, self.name)
        self.spins: dict[str, QSpinBox] = {}
        for attribute, label, unit, maximum in TARGETS:
            spin = QSpinBox(box)
            spin.setObjectName(f"policy_{attribute}")
            spin.setRange(1, maximum)
            spin.setSuffix(f" {unit}")
            spin.setMaximumWidth(160)
            spin.setAccessibleName(f"{label.replace('&', '')} ({unit})")
            caption = QLabel(label, box)
            caption.setBuddy(spin)
            form.addRow(caption, spin)
            self.spins[attribute] = spin
        self.reason = QPlainTextEdit(box)
        self.reason.setObjectName("policy_reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setAccessibleName("Reason for the change, required")
        self.reason.setPlaceholderText("Why the unit's targets change (e.g. the force policy "
                                       "adopted, with its reference).")
        self.reason.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        reason_label = QLabel("&Reason *", box)
        reason_label.setBuddy(self.reason)
        form.addRow(reason_label, self.reason)
        self.adopt_button = QPushButton("Ado&pt new version", box)
        self.adopt_button.setObjectName("adopt_policy_button")
        self.adopt_button.clicked.connect(self.adopt)
        self.result = QLabel(box)
        self.result.setObjectName("policy_result")
        self.result.setWordWrap(True)
        self.refusal = ProblemLabel("adopt_refusal", box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.adopt_button)
        buttons.addWidget(self.result, 1)
        column = QVBoxLayout(box)
        column.addLayout(form)
        column.addWidget(self.refusal)
        column.addLayout(buttons)
        may_adopt = allowed(self.session.user.role, Permission.SET_TIMESCALE_POLICY)
        box.setEnabled(may_adopt)
        if not may_adopt:
            box.setToolTip("Only a supervisor can change the unit's timescale policy.")
        return box

    # -- the Tab protocol of the supervisor view ---------------------------------------
    def load(self) -> bool:
        from app.services.timescale_policy import policy_history

        try:
            self.versions = policy_history(self.session)
        except Exception as error:  # noqa: BLE001 - shown as the service's sentence
            self.problem.say(error_text(error))
            return False
        self.problem.say("")
        self._show_versions()
        return True

    def clear(self) -> None:
        self.versions = []
        self.tree.clear()
        self.in_force.clear()
        self.name.clear()
        self.reason.clear()
        self.result.clear()
        self.refusal.say("")

    # -- showing --------------------------------------------------------------------------
    def _show_versions(self) -> None:
        self.tree.clear()
        for version in self.versions:
            policy = version.policy
            by = version.adopted_by or "Built in"
            item = QTreeWidgetItem([f"v{policy.version}", policy.name, *_targets_text(policy),
                                    local_text(version.adopted_at, with_time=version.adopted_by
                                               is not None), by, version.reason])
            item.setToolTip(len(HEADERS) - 1, version.reason)
            self.tree.addTopLevelItem(item)
        if not self.versions:
            return
        current = self.versions[-1].policy
        self.in_force.setText(
            f"<b>In force for new cases: v{current.version} {_escape(current.name)}</b> — "
            f"initial contact {current.initial_contact_hours} hours, face to face "
            f"{current.face_to_face_days} days, risk assessment {current.risk_assessment_days}"
            f" days, decision route {current.decision_route_days} days, whole case "
            f"{current.overall_days} days.")
        last = self.tree.topLevelItem(self.tree.topLevelItemCount() - 1)
        if last is not None:
            self.tree.setCurrentItem(last)
        for attribute, spin in self.spins.items():
            spin.setValue(int(getattr(current, attribute)))

    def typed_policy(self) -> TimescalePolicy:
        targets = {attribute: spin.value() for attribute, spin in self.spins.items()}
        return TimescalePolicy(name=self.name.text(), **targets)

    def adopt(self) -> bool:
        """Adopt what the form says; False (input kept, refusal shown) when refused."""
        from app.services.timescale_policy import adopt_policy

        self.result.clear()
        try:
            new = adopt_policy(self.session, self.typed_policy(), self.reason.toPlainText())
        except Exception as error:  # noqa: BLE001 - shown as the service's sentence
            self.refusal.say(error_text(error))
            return False
        self.refusal.say("")
        self.name.clear()
        self.reason.clear()
        self.load()
        self.result.setStyleSheet(OK_STYLE)
        self.result.setText(f"Version {new.version} adopted: it applies to cases opened from "
                            "now on. Open cases keep their own targets.")
        self.adopted.emit(new.version)
        return True


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
