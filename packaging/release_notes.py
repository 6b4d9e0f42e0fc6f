"""Release notes for a built bundle, computed from the bundle itself (build time only).

    python packaging/release_notes.py dist/csods      # writes dist/csods/RELEASE-NOTES.txt

Every ELF file in the bundle is read (no objdump needed): the highest ``GLIBC_x.y``
symbol version any of them needs is the real minimum glibc of the target machine,
and the shared libraries they need that are not in the bundle are the ones the
target machine must provide. Windows bundles (PE files) get a note without either.
The text depends only on the bundle and SOURCE_DATE_EPOCH, so it is reproducible.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import struct
import sys
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
SHT_DYNAMIC = 6
SHT_GNU_VERNEED = 0x6FFFFFFE
DT_NEEDED = 1
NOTES = "RELEASE-NOTES.txt"


class ElfInfo:
    """What one ELF file needs from the system: libraries (DT_NEEDED) and symbol versions."""

    def __init__(self, needed: list[str], versions: list[tuple[str, str]]) -> None:
        self.needed = needed
        self.versions = versions  # (library file, version name), e.g. ("libc.so.6", "GLIBC_2.34")


def _cstr(table: bytes, offset: int) -> str:
    end = table.index(b"\0", offset)
    return table[offset:end].decode("ascii", "replace")


def read_elf(data: bytes) -> ElfInfo | None:
    """Parse a 64- or 32-bit ELF's dynamic section and version needs; None if not ELF."""
    if data[:4] != ELF_MAGIC or len(data) < 64:
        return None
    wide, little = data[4] == 2, data[5] == 1
    end = "<" if little else ">"
    if wide:
        shoff, = struct.unpack_from(end + "Q", data, 0x28)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x3A)
        sh_fmt = end + "IIQQQQIIQQ"
    else:
        shoff, = struct.unpack_from(end + "I", data, 0x20)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x2E)
        sh_fmt = end + "IIIIIIIIII"
    sections = [struct.unpack_from(sh_fmt, data, shoff + i * shentsize) for i in range(shnum)]

    def body(index: int) -> bytes:
        _, _, _, _, offset, size, *_ = sections[index]
        return data[offset:offset + size]

    needed: list[str] = []
    versions: list[tuple[str, str]] = []
    for section in sections:
        kind, link = section[1], section[6]
        if kind == SHT_DYNAMIC:
            strings, table = body(link), body(sections.index(section))
            entry = end + ("qQ" if wide else "iI")
            step = struct.calcsize(entry)
            for pos in range(0, len(table) - step + 1, step):
                tag, value = struct.unpack_from(entry, table, pos)
                if tag == 0:
                    break
                if tag == DT_NEEDED:
                    needed.append(_cstr(strings, value))
        elif kind == SHT_GNU_VERNEED:
            strings, table = body(link), body(sections.index(section))
            pos = 0
            while True:
                _, count, file_off, aux, nxt = struct.unpack_from(end + "HHIII", table, pos)
                library = _cstr(strings, file_off)
                apos = pos + aux
                for _ in range(count):
                    _, _, _, name_off, anext = struct.unpack_from(end + "IHHII", table, apos)
                    versions.append((library, _cstr(strings, name_off)))
                    apos += anext
                if not nxt:
                    break
                pos += nxt
    return ElfInfo(needed, versions)


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", name))


def scan(bundle: Path) -> tuple[str | None, list[str], dict[str, str]]:
    """(minimum glibc, host libraries needed, the file needing the minimum for each)."""
    present = {path.name for path in bundle.rglob("*")}
    highest: str | None = None
    host: set[str] = set()
    who: dict[str, str] = {}
    for path in sorted(bundle.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as handle:
            if handle.read(4) != ELF_MAGIC:
                continue
        info = read_elf(path.read_bytes())
        if info is None:
            continue
        host.update(name for name in info.needed if name not in present)
        for _library, version in info.versions:
            is_glibc = version.startswith("GLIBC_") and version[6:7].isdigit()
            if is_glibc and (highest is None or _version_key(version) > _version_key(highest)):
                highest = version
                who[version] = path.relative_to(bundle).as_posix()
    minimum = highest.removeprefix("GLIBC_") if highest else None
    return minimum, sorted(host), who


def notes_text(bundle: Path, version: str, commit: str) -> str:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    built = dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%d")
    lines = [
        f"CSODS Case Manager {version}",
        f"Source commit: {commit} ({built})",
        "",
    ]
    minimum, host, who = scan(bundle)
    if minimum is None:
        lines.append("Windows bundle: needs Windows 10 or 11 (64-bit); no other software.")
    else:
        lines += [
            f"Minimum glibc: {minimum} (computed from the bundled libraries at build time;"
            f" highest need: {who.get('GLIBC_' + minimum, '?')}).",
            "Check the target machine with: ldd --version",
            "",
            "Shared libraries the target machine must provide (not in the bundle):",
            *[f"  {name}" for name in host],
            "Also: an X11 or Wayland desktop session, and fontconfig with at least one font"
            " (Debian: fontconfig fonts-dejavu-core).",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: release_notes.py BUNDLE [VERSION COMMIT]", file=sys.stderr)
        return 2
    bundle = Path(args[0])
    version = args[1] if len(args) > 1 else "?"
    commit = args[2] if len(args) > 2 else "?"
    text = notes_text(bundle, version, commit)
    (bundle / NOTES).write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
