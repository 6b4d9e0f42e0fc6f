"""`csods --self-test`'s Qt-free half passes on a source checkout (CI also runs the bundle's).

It uses the real Argon2 cost and the same services as the application, so a change in
how units, accounts or verify work shows here before it fails on an IT engineer's
workstation (as it did once: accounts became two-person and the self-test's officer
could not sign in)."""

from __future__ import annotations

from app.selftest import run_core_checks


def test_every_core_check_passes_and_a_pdf_is_made() -> None:
    results: list[tuple[str, bool, str]] = []
    pdf = run_core_checks(lambda name, ok, detail: results.append((name, ok, detail)))
    failed = [r for r in results if not r[1]]
    assert failed == [] and len(results) >= 8, results
    assert pdf is not None and pdf.startswith(b"%PDF")
