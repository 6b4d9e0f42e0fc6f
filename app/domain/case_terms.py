"""Where "right to ask" and "right to know" come from.

They are 2023 terms, known only from secondary sources (police guidance digest §2
step 0, evidence [S]: force policy and public pages, not the 2023 guidance text). The
2010 circular speaks of a disclosure application (¶5.1) and of disclosure the police
make on their own initiative (¶2.6, 5). Every screen that shows the 2023 term keeps
the 2010 wording beside it and cites the digest with its evidence tag.
"""

from __future__ import annotations

DIGEST_ROUTES = "2023 police guidance digest §2.0, evidence [S]"

RIGHT_TO_ASK_NOTE = (
    "“Right to ask” is the 2023 name for a disclosure application from the public "
    f"({DIGEST_ROUTES}); the 2010 circular calls it an application (¶5.1).")

RIGHT_TO_KNOW_NOTE = (
    "“Right to know” is the 2023 name for a police-initiated disclosure, made without "
    f"an application ({DIGEST_ROUTES}); the 2010 circular covers it under the police's "
    "existing powers to disclose (¶2.6, 5).")


def term_note(label: str) -> str | None:
    """The note for a figures row whose label uses a 2023 term, else None."""
    lowered = label.lower()
    if "right to know" in lowered:
        return RIGHT_TO_KNOW_NOTE
    if "right to ask" in lowered:
        return RIGHT_TO_ASK_NOTE
    return None
