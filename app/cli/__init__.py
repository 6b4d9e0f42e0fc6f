"""`csods` admin and IT commands (no Qt). See README.md for the interface."""

from app.cli.main import main

__all__ = ["main"]
