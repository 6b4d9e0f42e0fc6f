"""Repeat subjects across the unit (¶6.1): people asked about in two or more cases."""

from __future__ import annotations

import json
from dataclasses import dataclass

from app.domain.enums import AuditAction
from app.services.authz import Permission, authorise
from app.services.session import Session
from app.storage import people_repo


@dataclass(frozen=True)
class LinkedCase:
    reference: str
    status: str
    subject_name: str
    contact_at: str


@dataclass(frozen=True)
class RepeatGroup:
    """One person (as far as matching can tell) and every case about them."""

    cases: tuple[LinkedCase, ...]
    links: tuple[tuple[str, str, float, tuple[str, ...]], ...]  # ref, ref, score, reasons

    @property
    def size(self) -> int:
        return len(self.cases)


def repeat_subject_groups(session: Session) -> list[RepeatGroup]:
    """Groups of linked cases (largest first), with why each pair matched; audited."""
    authorise(session, Permission.VIEW_ALL_CASES)
    conn = session.conn
    pairs = people_repo.live_match_pairs(conn)
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _, _ in pairs:
        parent[find(a)] = find(b)
    members: dict[int, list[int]] = {}
    for case_id in list(parent):
        members.setdefault(find(case_id), []).append(case_id)
    info = {row.case_id: LinkedCase(row.reference, row.status,
                                    f"{row.subject_forenames} {row.subject_surname}".strip(),
                                    row.contact_at)
            for row in people_repo.linked_cases(conn, sorted(parent))}

    groups = []
    for root, case_ids in members.items():
        refs = {info[c].reference for c in case_ids if c in info}
        links = tuple((info[a].reference, info[b].reference, score, tuple(json.loads(reasons)))
                      for a, b, score, reasons in pairs
                      if find(a) == root and a in info and b in info)
        cases = tuple(sorted((info[c] for c in case_ids if c in info),
                             key=lambda x: x.contact_at))
        if len(refs) >= 2:
            groups.append(RepeatGroup(cases, links))
    groups.sort(key=lambda g: (-g.size, g.cases[0].contact_at))
    session.record(AuditAction.CONSULT, entity="repeat-subjects",
                   detail=f"repeat-subject overview viewed ({len(groups)} groups)")
    return groups
