"""The medical disclaimer: one text in resources/, shown on first launch and in every article footer,
export and print. Its version is a hash of the text, so any change to the text asks for a new
acknowledgement."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mgreader.core.digest import sha256_hex
from mgreader.core.escape import escape

DISCLAIMER_FILE = "disclaimer.md"


@dataclass(frozen=True)
class Disclaimer:
    title: str
    text: str

    @property
    def version(self) -> str:
        return sha256_hex(self.text.encode("utf-8"))[:16]

    @property
    def paragraphs(self) -> list[str]:
        return [" ".join(p.split()) for p in re.split(r"\n\s*\n", self.text) if p.strip()]

    def to_html(self) -> str:
        """Paragraphs with **bold** only: all the markup the disclaimer uses, without python-markdown."""
        return "\n".join(
            "<p>" + re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(p, quote=False)) + "</p>"
            for p in self.paragraphs
        )


def load(resources: Path) -> Disclaimer:
    """Read the disclaimer. Its first line is a '# Title' heading."""
    raw = (resources / DISCLAIMER_FILE).read_text(encoding="utf-8")
    first, _, rest = raw.strip().partition("\n")
    return Disclaimer(title=first.lstrip("#").strip(), text=rest.strip())
