"""Translation upkeep: extract, update catalogues, fill Dutch texts, report what is missing.

    python scripts/i18n.py update            # extract, update nl/en, fill Dutch from nl_sources/*.json
    python scripts/i18n.py fill FILE.json    # set nl msgstr from {"msgid": "Dutch text"}

Dutch texts live per feature in peermatch/translations/nl_sources/*.json; the .po files are
regenerated from the sources plus those files, so a merge conflict in a .po is resolved by
running ``update`` again.
    python scripts/i18n.py missing           # list msgids without a Dutch translation
    python scripts/i18n.py merge A.po B.po   # union of two nl catalogues (resolve merge conflicts)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "peermatch" / "translations"
POT = TRANSLATIONS / "messages.pot"
BIN = Path(sys.executable).parent


def po_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


def load(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def save(catalog: Catalog, path: Path) -> None:
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=True)


def update() -> None:
    subprocess.run(
        [
            str(BIN / "pybabel"),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--no-location",
            "--sort-output",
            "-o",
            str(POT),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    template = load(POT)
    for locale in ("nl", "en"):
        path = po_path(locale)
        catalog = load(path, locale) if path.exists() else Catalog(locale=locale)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        path.parent.mkdir(parents=True, exist_ok=True)
        save(catalog, path)
    for source in sorted((TRANSLATIONS / "nl_sources").glob("*.json")):
        fill(source)


def fill(source: Path) -> None:
    texts: dict[str, str] = json.loads(source.read_text(encoding="utf-8"))
    catalog = load(po_path("nl"), "nl")
    for msgid, text in texts.items():
        message = catalog.get(msgid)
        if message is None:
            continue  # no longer used in the code
        message.string = text
        message.flags.discard("fuzzy")
    save(catalog, po_path("nl"))


def missing() -> list[str]:
    catalog = load(po_path("nl"), "nl")
    return [str(m.id) for m in catalog if m.id and (not m.string or m.fuzzy)]


def merge(a: Path, b: Path) -> None:
    left, right = load(a, "nl"), load(b, "nl")
    for message in right:
        if (
            message.id
            and message.string
            and not (left.get(message.id) and left.get(message.id).string)
        ):
            left[message.id] = message
    save(left, po_path("nl"))


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "missing"
    if command == "update":
        update()
    elif command == "fill":
        fill(Path(sys.argv[2]))
    elif command == "merge":
        merge(Path(sys.argv[2]), Path(sys.argv[3]))
    left_out = missing()
    for msgid in left_out:
        print(f"missing nl: {msgid!r}")
    sys.exit(1 if command == "missing" and left_out else 0)
