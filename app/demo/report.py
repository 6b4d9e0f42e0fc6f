"""What `csods demo` prints: the figures of the demo unit it made, by route, stage and deadline."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.enums import Role, Route, Stage
from app.domain.timescales import DeadlineKind, DeadlineState
from app.services.case_list import CaseSummary

BANNER = "DEMO DATA — synthetic people. Every name, address and event is invented."


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: Role
    display_name: str


@dataclass
class DemoSummary:
    total: int = 0
    status: Counter[str] = field(default_factory=Counter)
    routes: Counter[str] = field(default_factory=Counter)
    open_stages: Counter[int] = field(default_factory=Counter)
    deadlines: dict[str, Counter[str]] = field(default_factory=dict)
    flags: Counter[str] = field(default_factory=Counter)
    applications: int = 0
    #: Police-initiated ("right to know") cases: closed by route, and still open.
    right_to_know_routes: Counter[str] = field(default_factory=Counter)
    right_to_know_open: int = 0

    @property
    def reconciles(self) -> bool:
        """Contacts = open + closed by route (issue 11 item 15)."""
        return self.total == self.status["open"] + sum(self.routes.values())



@dataclass
class DemoResult:
    db_path: Path
    recovery_code: str
    logins: tuple[DemoLogin, ...]
    seed: int
    seconds: float
    summary: DemoSummary
    cases: list[CaseSummary]


def summarise(summaries: list[CaseSummary]) -> DemoSummary:
    out = DemoSummary(total=len(summaries))
    out.deadlines = {kind.value: Counter() for kind in DeadlineKind}
    for s in summaries:
        out.status[s.status] += 1
        right_to_know = s.case_type == "right_to_know"
        if s.status == "closed" and s.route is not None:
            out.routes[s.route.value] += 1
            out.right_to_know_routes[s.route.value] += right_to_know
        elif s.status == "open":
            out.right_to_know_open += right_to_know
            out.open_stages[int(s.current_stage)] += 1
        for d in s.deadlines:
            out.deadlines[d.kind.value][d.state.value] += 1
        f2f = next(d for d in s.deadlines if d.kind is DeadlineKind.FACE_TO_FACE_10D)
        if f2f.completed_at is not None or (s.status == "open" and s.current_stage >= 2):
            out.applications += 1
        for flag in ("immediate_risk", "extended", "repeat_subject", "awaiting_signoff"):
            out.flags[flag] += bool(getattr(s, flag))
        out.flags["returned"] += s.signoff == "returned"
    return out


def report_lines(result: DemoResult) -> list[str]:
    """What `csods demo` prints: banner, logins, recovery code, figures, timing."""
    s = result.summary
    rule = "=" * 72
    lines = [rule, BANNER, rule, f"Demo unit: {result.db_path}", "", "Demo logins:",
             f"  {'user name':<10} {'password':<25} {'role':<14} display name"]
    lines += [f"  {u.username:<10} {u.password:<25} {u.role.value:<14} {u.display_name}"
              for u in result.logins]
    lines += ["", f"Recovery code (demo only): {result.recovery_code}", "",
              f"Cases: {s.total} ({s.status['open']} open, {s.status['closed']} closed); "
              f"applications that reached face to face: {s.applications} "
              f"({s.applications / max(1, s.total):.0%}); disclosures: {s.routes['disclosed']}",
              "Closed cases by route (of which police-initiated, right to know):"]
    lines += [f"  {Route(r).label:<32} {s.routes[r]:>4}"
              + (f"   ({s.right_to_know_routes[r]} right to know)"
                 if s.right_to_know_routes[r] else "") for r in Route]
    lines += [f"  {'Still open':<32} {s.status['open']:>4}"
              + (f"   ({s.right_to_know_open} right to know)" if s.right_to_know_open else ""),
              f"  {'Total (contacts)':<32} {s.total:>4}   "
              + ("adds up: open + closed by route" if s.reconciles else "DOES NOT ADD UP")]
    lines += ["Open cases by current stage:"]
    lines += [f"  {Stage(n).title:<28} {s.open_stages[n]:>4}" for n in range(1, 8)
              if s.open_stages[n] or n < 7]
    states = list(DeadlineState)
    short = {DeadlineState.MISSED: "Late", DeadlineState.NOT_APPLICABLE: "N/A"}
    width = max(len(kind.label) for kind in DeadlineKind) + 1  # the longest label fits
    lines += ["Deadline states:", "  " + " " * width + "".join(
        f"{short.get(st, st.label):>9}" for st in states)]
    for kind in DeadlineKind:
        row = s.deadlines[kind.value]
        lines.append(f"  {kind.label:<{width}}" + "".join(f"{row[st.value]:>9}"
                                                          for st in states))
    lines += [f"Flags: immediate risk {s.flags['immediate_risk']}, extended "
              f"{s.flags['extended']}, repeat subject {s.flags['repeat_subject']}, awaiting "
              f"sign-off {s.flags['awaiting_signoff']}, returned {s.flags['returned']}",
              f"Seed {result.seed}; built in {result.seconds:.1f} s.", rule]
    return lines
