"""Wording of letters, forms and the information pack, kept as data in
``resources/letters/*.txt`` so it can be reviewed and changed without code.

File format (UTF-8)::

    [section-name]
    A paragraph; lines run on until a blank line.
    - a bullet point
    ## a sub-heading
    **words in bold** and {placeholders} filled from the case.

Template text is trusted (escaped, then ``**bold**`` becomes bold); values for
placeholders are user text and are escaped by ``fonts.para``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph

from app.documents.fonts import para
from app.documents.styles import style
from app.paths import resource_path

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_SECTION = re.compile(r"^\[([a-z0-9_-]+)\]\s*$")


@dataclass(frozen=True)
class Block:
    kind: str  # "p", "bullet" or "h"
    text: str


def parse(source: str) -> dict[str, tuple[Block, ...]]:
    sections: dict[str, list[Block]] = {}
    current: list[Block] | None = None
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph and current is not None:
            current.append(Block("p", " ".join(paragraph)))
        paragraph.clear()

    for raw in source.splitlines():
        line = raw.strip()
        match = _SECTION.match(line)
        if match:
            flush()
            current = sections.setdefault(match.group(1), [])
            continue
        if current is None or line.startswith(";"):
            continue
        if not line:
            flush()
        elif line.startswith("- "):
            flush()
            current.append(Block("bullet", line[2:].strip()))
        elif line.startswith("## "):
            flush()
            current.append(Block("h", line[3:].strip()))
        elif current and current[-1].kind == "bullet" and not paragraph and raw[:1] == " ":
            current[-1] = Block("bullet", f"{current[-1].text} {line}")
        else:
            paragraph.append(line)
    flush()
    return {name: tuple(blocks) for name, blocks in sections.items()}


@cache
def load(name: str) -> dict[str, tuple[Block, ...]]:
    """The sections of ``resources/letters/<name>.txt``."""
    path = resource_path(f"letters/{name}.txt")
    return parse(path.read_text(encoding="utf-8"))


def fill(template: str, values: Mapping[str, object]) -> str:
    """Paragraph markup: trusted template escaped, user values escaped separately."""
    text = _BOLD.sub(r"<b>\1</b>", escape(template))
    return text.format_map({key: para(value) for key, value in values.items()})


def section(
    name: str,
    key: str,
    values: Mapping[str, object] | None = None,
    *,
    body_style: str = "body",
    bullet_style: str = "bullet",
) -> list[Flowable]:
    """Flowables for one section of a wording file."""
    out: list[Flowable] = []
    for block in load(name)[key]:
        text = fill(block.text, values or {})
        if block.kind == "h":
            out.append(Paragraph(text, style("h3")))
        elif block.kind == "bullet":
            out.append(Paragraph(text, style(bullet_style), bulletText="•"))
        else:
            out.append(Paragraph(text, style(body_style)))
    return out

