"""The supervisor's window contents: unit case list, sign-off queue, repeat subjects,
unit figures, audit trail and retention reviews (see ``ui.supervisor.view``)."""

from ui.supervisor.view import SupervisorView, add_supervisor_menu

__all__ = ["SupervisorView", "add_supervisor_menu"]
