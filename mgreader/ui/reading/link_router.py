"""Where a link in the article leads: a part of it, another article, the glossary, or (asked) the web."""

from __future__ import annotations

from html import escape as html_escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from mgreader.core.render import glossary
from mgreader.core.render.extensions import links

if TYPE_CHECKING:
    from mgreader.ui.shell import Shell


class LinkRouter:
    """Follows links and describes glossary terms under the pointer, for one window."""

    def __init__(self, shell: Shell, terms: glossary.Glossary) -> None:
        self.shell = shell
        self.glossary = terms

    def describe(self, href: str) -> str | None:
        if href.startswith(links.GLOSSARY_SCHEME):
            term = self.glossary.by_anchor(href[len(links.GLOSSARY_SCHEME) :])
            if term is not None:
                meaning = f"<b>{html_escape(term.term)}</b>: {html_escape(term.meaning)}"
                return meaning + "<br><i>Click to open the glossary.</i>"
        return None

    def follow(self, href: str) -> None:
        shell = self.shell
        if shell.article is None:
            return
        match links.resolve(href, shell.article.ref, shell.library):
            case links.ScrollTo(anchor):
                if not shell.article_view.scroll_to_anchor(anchor):
                    shell.status("That part of the article could not be found.", 8000)
            case links.OpenArticle(article_id, anchor):
                shell.open_article(article_id, anchor)
            case links.GlossaryTerm(anchor):
                if self.glossary.article_id:
                    shell.open_article(self.glossary.article_id, anchor)
            case links.ExternalLink(url):
                if shell.prompter.confirm_external(url):
                    QDesktopServices.openUrl(QUrl(url))
            case links.Refused(reason):
                shell.prompter.inform("Link not opened", reason)
