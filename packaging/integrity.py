"""Bundle integrity for IT: a signed SHA-256 manifest of the whole folder tree.

    python packaging/integrity.py keygen --out DIR     # once, by IT, on the offline signing machine
    python packaging/integrity.py sign   --bundle dist/csods --key signing-key.pem
    python packaging/integrity.py verify --bundle csods --public-key signing-key.pub.pem \\
                                         --fingerprint "<the fingerprint in the change ticket>"
    python packaging/integrity.py manifest --bundle dist/csods   # print it (build comparison)

``sign`` writes ``<bundle>.sha256`` and ``<bundle>.sha256.sig`` beside the bundle
folder. The manifest is ``sha256sum -c`` compatible when run in the folder that
holds ``csods/`` (paths start with ``csods/``; a symbolic link is listed with the
digest of the file it points to, as ``sha256sum`` reads it). Its ``#`` lines,
which ``sha256sum`` skips, list every folder (empty ones too), every file's
permission bits and every link's target; they are signed with the rest.

``verify`` checks the Ed25519 signature, the public key's fingerprint when given
(``--fingerprint``: the key is only as trustworthy as the fingerprint you got by
another route), then every entry: a changed byte, a missing or extra file or
folder, a changed link, wider permissions than signed, or any set-user-ID,
set-group-ID or world-writable entry fails, naming each. Needs only Python 3.11
and the ``cryptography`` package.
"""

from __future__ import annotations

import argparse
import base64
import getpass
import hashlib
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

HEADER = ("# CSODS bundle manifest 2: run `sha256sum -c` on it in the folder holding the bundle;"
          " the '#' lines are the signed folder tree (type, permissions, path, link target)\n")
PASSPHRASE_ENV = "CSODS_SIGNING_PASSPHRASE"  # noqa: S105 - the variable's name
# Permission bits no bundle entry may have: set-user-ID, set-group-ID, world-writable.
FORBIDDEN_BITS = stat.S_ISUID | stat.S_ISGID | stat.S_IWOTH
MODES_MEAN_NOTHING = os.name == "nt"  # Windows: access is by ACL, st_mode is synthetic


@dataclass(frozen=True)
class Entry:
    kind: str            # "dir", "file" or "link"
    mode: str            # octal permission bits, "-" where they mean nothing (Windows, links)
    target: str = ""     # a link's target, as stored in the link
    digest: str = ""     # sha256 of a file, or of the file a link points to ("" for a folder)


def _unsafe_name(rel: str) -> bool:
    """A name the one-line-per-entry manifest cannot hold unambiguously (e.g. a newline)."""
    return any(ord(ch) < 32 or ord(ch) == 127 for ch in rel) or "\\" in rel


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def scan(bundle: Path) -> tuple[dict[str, Entry], list[str]]:
    """Every entry of the bundle by path (``<bundle name>/…``) and the problems found."""
    root = bundle.resolve()
    entries: dict[str, Entry] = {}
    problems: list[str] = []
    for path in [bundle, *sorted(bundle.rglob("*"))]:
        rel = root.name if path == bundle else f"{root.name}/{path.relative_to(bundle).as_posix()}"
        if _unsafe_name(rel):
            problems.append(f"file name with control characters: {rel!r}")
            continue
        info = path.lstat()
        bits = stat.S_IMODE(info.st_mode)
        mode = "-" if MODES_MEAN_NOTHING else f"{bits:04o}"
        if path.is_symlink():
            target = os.readlink(path)
            try:
                inside = path.resolve().is_relative_to(root)
            except (OSError, RuntimeError):  # a loop of links
                inside = False
            if not inside:
                problems.append(f"symbolic link pointing outside the bundle: {rel} -> {target}")
                entries[rel] = Entry("link", "-", target)
                continue
            digest = _digest(path) if path.is_file() else ""
            entries[rel] = Entry("link", "-", target, digest)
            continue
        if not MODES_MEAN_NOTHING and bits & FORBIDDEN_BITS:
            problems.append(f"unsafe permissions {bits:04o} (set-ID or world-writable): {rel}")
        if stat.S_ISDIR(info.st_mode):
            entries[rel] = Entry("dir", mode)
        elif stat.S_ISREG(info.st_mode):
            entries[rel] = Entry("file", mode, digest=_digest(path))
        else:
            problems.append(f"not a file, folder or link: {rel}")
    return entries, problems


def render(entries: dict[str, Entry]) -> str:
    tree = []
    for rel, e in entries.items():
        fields = [e.kind, e.mode, rel] + ([e.target] if e.kind == "link" else [])
        tree.append("# " + "\t".join(fields) + "\n")
    sums = [f"{e.digest}  {rel}\n" for rel, e in entries.items() if e.digest]
    return HEADER + "".join(tree) + "".join(sums)


def manifest_for(bundle: Path) -> str:
    entries, problems = scan(bundle)
    if problems:
        raise SystemExit("integrity: cannot sign this bundle: " + "; ".join(problems))
    return render(entries)


def _parse(manifest: str) -> tuple[dict[str, Entry], list[str]]:
    """The signed entries; a repeated or malformed line is a problem."""
    tree: dict[str, Entry] = {}
    sums: dict[str, str] = {}
    problems: list[str] = []
    # Split on "\n" only: str.splitlines() would also split on characters a name may hold.
    for line in manifest.removesuffix("\n").split("\n") if manifest else []:
        if line.startswith("# ") and "\t" in line:
            fields = line[2:].split("\t")
            kind = fields[0]
            ok = (kind in ("dir", "file") and len(fields) == 3) or (kind == "link"
                                                                   and len(fields) == 4)
            if not ok or fields[2] in tree:
                problems.append(f"malformed or repeated manifest line: {line[:80]!r}")
                continue
            tree[fields[2]] = Entry(kind, fields[1], fields[3] if kind == "link" else "")
        elif line.startswith("#"):
            continue
        else:
            digest, sep, rel = line.partition("  ")
            if not sep or len(digest) != 64 or rel in sums:
                problems.append(f"malformed or repeated manifest line: {line[:80]!r}")
                continue
            sums[rel] = digest
    for rel in sorted(set(sums) - set(tree)):
        problems.append(f"digest for an entry not in the signed tree: {rel}")
    signed = {rel: Entry(e.kind, e.mode, e.target, sums.get(rel, "")) for rel, e in tree.items()}
    return signed, problems


def _paths(bundle: Path) -> tuple[Path, Path]:
    bundle = bundle.resolve()
    return bundle.with_name(bundle.name + ".sha256"), bundle.with_name(bundle.name + ".sha256.sig")


def fingerprint(public: Ed25519PublicKey) -> str:
    """SHA-256 of the public key's DER form, in groups of four hex digits.

    The same as ``openssl pkey -pubin -in signing-key.pub.pem -outform DER | sha256sum``.
    """
    der = public.public_bytes(serialization.Encoding.DER,
                              serialization.PublicFormat.SubjectPublicKeyInfo)
    digest = hashlib.sha256(der).hexdigest()
    return " ".join(digest[i:i + 4] for i in range(0, 64, 4))


def _normalise(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch in "0123456789abcdef")


def _new_passphrase(unencrypted: bool) -> bytes | None:
    passphrase = os.environ.get(PASSPHRASE_ENV, "")
    if passphrase:
        return passphrase.encode()
    if unencrypted:
        return None
    if sys.stdin.isatty():
        first = getpass.getpass("Passphrase for the new signing key: ")
        if first and getpass.getpass("Type it again: ") == first:
            return first.encode()
    raise SystemExit("integrity: refusing to write an unprotected private key: set"
                     f" {PASSPHRASE_ENV} (or type a passphrase twice), or pass --unencrypted"
                     " if the key never leaves an encrypted, offline disk")


def keygen(out: Path, unencrypted: bool = False) -> str:
    passphrase = _new_passphrase(unencrypted)
    out.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    encryption = (serialization.BestAvailableEncryption(passphrase) if passphrase
                  else serialization.NoEncryption())
    private = out / "signing-key.pem"
    fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8, encryption))
    (out / "signing-key.pub.pem").write_bytes(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    print(f"Wrote {private} (keep offline) and {out / 'signing-key.pub.pem'} (publish).")
    print(f"Fingerprint (record it in the change ticket): {fingerprint(key.public_key())}")
    return fingerprint(key.public_key())


def sign(bundle: Path, key_file: Path) -> None:
    passphrase = os.environ.get(PASSPHRASE_ENV, "").encode() or None
    key = serialization.load_pem_private_key(key_file.read_bytes(), passphrase)
    if not isinstance(key, Ed25519PrivateKey):
        raise SystemExit("integrity: the signing key is not an Ed25519 private key")
    manifest = manifest_for(bundle).encode()
    manifest_path, sig_path = _paths(bundle)
    manifest_path.write_bytes(manifest)
    sig_path.write_text(base64.b64encode(key.sign(manifest)).decode() + "\n")
    count = manifest.count(b"\n") - 1
    print(f"Signed {count} entries: {manifest_path.name}, {sig_path.name}")
    print(f"Signing key fingerprint: {fingerprint(key.public_key())}")


def _compare(expected: dict[str, Entry], actual: dict[str, Entry]) -> list[str]:
    problems: list[str] = []
    for rel in sorted(set(expected) & set(actual)):
        want, have = expected[rel], actual[rel]
        if want.kind != have.kind:
            problems.append(f"changed: {rel} is a {have.kind}, signed as a {want.kind}")
        elif want.target != have.target:
            problems.append(f"changed link: {rel} -> {have.target} (signed -> {want.target})")
        elif want.digest != have.digest:
            problems.append(f"changed: {rel}")
        elif "-" not in (want.mode, have.mode) and int(have.mode, 8) & ~int(want.mode, 8):
            problems.append(f"permissions widened: {rel} is {have.mode}, signed {want.mode}")
    problems += [f"missing: {p}" for p in sorted(set(expected) - set(actual))]
    problems += [f"not in the signed manifest: {p}" for p in sorted(set(actual) - set(expected))]
    return problems


def verify(bundle: Path, public_file: Path, expected_fingerprint: str | None = None) -> list[str]:
    """Every problem found; empty when the bundle is exactly what was signed."""
    manifest_path, sig_path = _paths(bundle)
    if not manifest_path.exists() or not sig_path.exists():
        return [f"missing {manifest_path.name} or {sig_path.name}"]
    public = serialization.load_pem_public_key(public_file.read_bytes())
    if not isinstance(public, Ed25519PublicKey):
        return ["the public key is not an Ed25519 key"]
    print(f"Public key fingerprint: {fingerprint(public)}")
    if expected_fingerprint is not None and (
            _normalise(expected_fingerprint) != _normalise(fingerprint(public))):
        return ["the public key is not the expected one: its fingerprint differs from"
                " --fingerprint (do not install; ask who built the bundle)"]
    signed = manifest_path.read_bytes()
    try:
        public.verify(base64.b64decode(sig_path.read_text().strip()), signed)
    except (InvalidSignature, ValueError):
        return ["the manifest's signature is not valid: manifest or signature changed"]
    expected, problems = _parse(signed.decode("utf-8", "replace"))
    # The signed root name may differ from the folder's name here (e.g. unpacked elsewhere).
    roots = [rel for rel, e in expected.items() if "/" not in rel and e.kind == "dir"]
    if len(roots) != 1:
        return problems + ["the signed manifest has no single bundle folder"]
    expected = {bundle.resolve().name + rel[len(roots[0]):]: e for rel, e in expected.items()}
    # Hash the files directly rather than re-parsing a manifest text of them: a file
    # name holding a newline could otherwise forge a line for another file.
    actual, problems_now = scan(bundle)
    return problems + problems_now + _compare(expected, actual)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("keygen")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--unencrypted", action="store_true",
                   help="write the private key without a passphrase (only on an encrypted,"
                        " offline disk)")
    p = sub.add_parser("sign")
    p.add_argument("--bundle", type=Path, required=True)
    p.add_argument("--key", type=Path, required=True)
    p = sub.add_parser("verify")
    p.add_argument("--bundle", type=Path, required=True)
    p.add_argument("--public-key", type=Path, required=True)
    p.add_argument("--fingerprint", help="the key fingerprint obtained by another route")
    p = sub.add_parser("manifest")
    p.add_argument("--bundle", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "keygen":
        keygen(args.out, args.unencrypted)
        return 0
    if args.command == "sign":
        sign(args.bundle, args.key)
        return 0
    if args.command == "manifest":
        sys.stdout.write(manifest_for(args.bundle))
        return 0
    problems = verify(args.bundle, args.public_key, args.fingerprint)
    for problem in problems[:50]:
        print(f"FAIL  {problem}", file=sys.stderr)
    if problems:
        print(f"Bundle verification FAILED ({len(problems)} problem(s)).", file=sys.stderr)
        return 1
    if args.fingerprint is None:
        print("WARNING: no --fingerprint given: compare the fingerprint above with the one"
              " recorded in the change ticket before installing.")
    print(f"Bundle verified: every entry matches the signed manifest ({args.bundle}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
