"""The demo unit generator (`csods demo`): a client of the public services.

It builds a unit of synthetic cases by making the same service calls the
application makes, as each demo user, so every row is valid and audited.
Nothing here reaches into storage or into a service's private helpers
(tests/unit/test_layering.py checks).
"""

from app.demo.build import DEMO_USERS, create_demo, refuse_existing
from app.demo.report import BANNER, DemoLogin, DemoResult, report_lines

__all__ = ["BANNER", "DEMO_USERS", "DemoLogin", "DemoResult", "create_demo", "refuse_existing",
           "report_lines"]
