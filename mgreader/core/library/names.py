"""Titles and order from file and folder names, keeping what the name means.

The order-prefix rule: a name's leading number (``01-``, ``2_``, ``3. ``) followed by a word that starts with
a letter is an order prefix when it is written with a leading zero (``01-basics``), or when its folder is
numbered: at least half of the names in it have such a prefix, and the lowest of those numbers is 0 or 1.
Otherwise the number is part of the name: "24-hour-urine-test", "5-HTP", "1.5 mg dose" and the daily note
"2024-03-01" keep their numbers.

A name written as a slug (no spaces, lower case: ``using-magnesium-safely``) reads with spaces where a
``-`` or ``_`` joins two letters, and a capital first letter; any other name is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ARTICLE_SUFFIX = ".md"
UNORDERED = 10**6
_PREFIX = re.compile(r"^(\d{1,4})[-_. ]+(?=[^\W\d_])")
_JOINER = re.compile(r"(?<=[^\W\d_])[-_](?=[^\W\d_])")


def stem(name: str) -> str:
    return name[: -len(ARTICLE_SUFFIX)] if name.lower().endswith(ARTICLE_SUFFIX) else name


def numbered_folder(names: Iterable[str]) -> bool:
    """Whether the folder's names are numbered: at least half of them have an order prefix, counting
    from 0 or 1 ('24-hour-urine-test' and '5-HTP' side by side are names, not an order)."""
    listed = [stem(n) for n in names]
    numbers = [int(m.group(1)) for n in listed if (m := _PREFIX.match(n))]
    return len(numbers) >= 2 and len(numbers) * 2 >= len(listed) and min(numbers) <= 1


def display_name(name: str, numbered: bool = False) -> tuple[int, str]:
    """(order, title) for a file or folder name; ``numbered``: its folder is numbered (numbered_folder).

    '01-using-magnesium-safely' -> (1, 'Using magnesium safely'); '24-hour-urine-test' -> (10**6,
    '24-hour urine test') in a folder that is not numbered. Names without an order prefix sort last.
    """
    text = stem(name)
    order = UNORDERED
    match = _PREFIX.match(text)
    if match and (numbered or match.group(1).startswith("0")):
        order, text = int(match.group(1)), text[match.end() :]
    text = text.strip()
    if not text:
        return order, stem(name)
    if " " not in text and text == text.lower():
        text = _JOINER.sub(" ", text)
        text = text[:1].upper() + text[1:]
    return order, text


# The app's own folder of boxes that articles include (render/includes.py's FOLDER): not articles.
APP_FOLDERS = frozenset({"_includes"})


def hidden(name: str) -> bool:
    """Names the library does not show: dot-files and dot-folders (.git, .obsidian), and the app's own.

    Other names starting with '_' are shown: Jekyll's _posts and an Obsidian _Inbox are the reader's notes.
    """
    return name.startswith(".") or name in APP_FOLDERS


def first_heading(body: str) -> str:
    """The text of the first level-1 heading outside code, or ''; the title when there is no 'title:'."""
    from mgreader.core.library import headings

    h1 = re.compile(_H1)
    for line in headings.outside_fences(body[:20000].splitlines()):
        if line is None:
            continue
        match = h1.match(line)
        if match:
            return headings.plain_heading_text(match.group(1))
    return ""


_H1 = r"^[ ]{0,3}#[ \t]+(.+?)[ \t]*$"  # compiled on first use (re keeps it): a relaunch reads no file
