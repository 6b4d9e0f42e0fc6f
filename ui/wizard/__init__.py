"""The case wizard: one window per case, pages generated from the form schema.

``CaseWindow`` (``ui.wizard.case_window``) is the entry point used by the
shell.  Everything here calls ``app.services`` only; the rules live in
``app.domain``.
"""
