"""Turns an article reference into the page the reader sees, using the render cache when it can.

Never raises for a bad article: every problem becomes a plain-language notice on the page, with as much of
the text as can be shown.
"""

from __future__ import annotations

import posixpath
import re
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from mgreader.core.library import headings
from mgreader.core.library.scan import NOT_UTF8_MESSAGE, ArticleRef, read_limited, too_large_message
from mgreader.core.render import includes
from mgreader.core.render.body import RenderedBody
from mgreader.core.render.cache import RenderCache, cache_key
from mgreader.core.render.page import PageComposer, PageHeader, TrustDetails, trust_details
from mgreader.core.theme import Theme

if TYPE_CHECKING:
    from mgreader.core.render.budget import BudgetedRenderer
    from mgreader.core.render.markdown import Renderer

# Of a file too large to format, this much is shown as plain text.
PLAIN_PREVIEW_BYTES = 100_000
PREPARING = "Preparing this article..."
# Below this many characters an article is formatted on the window's thread whatever it holds: about 25 ms
# at worst (3 KB of table rows or nested lists); longer ones go to the worker (core/render/budget.py).
QUICK_CHARS = 4_000
GRACE_S = 0.05  # how long the window's thread waits for the worker before it says "Preparing..."
_LEADING_H1 = r"\A\s*#[ \t]+[^\n]*\n?"  # compiled on first use (re keeps it): not for a page from the cache


def _same_title(heading_line: str, title: str) -> bool:
    text = headings.plain_heading_text(heading_line.strip().lstrip("#"))
    return text.casefold() == title.strip().casefold()


@dataclass(frozen=True)
class Article:
    """A rendered article: the reference, its body and what the reader should be told about it."""

    ref: ArticleRef
    body: RenderedBody
    notices: tuple[str, ...] = ()
    trust: TrustDetails = TrustDetails()  # from the front matter, for the header
    # Not formatted yet: ``load(ref, wait=False)`` found it must go to the worker process. The window shows
    # this (a line saying so) and loads it again off its thread.
    pending: bool = False


class ArticleLoader:
    def __init__(self, composer: PageComposer, cache: RenderCache, renderer: Renderer | None = None) -> None:
        """``renderer`` None: a BudgetedRenderer, made when an article is not in the cache (a relaunch shows
        the last article from the cache, and importing the renderer, its worker process and python-markdown
        would delay it)."""
        self.composer = composer
        self.cache = cache
        self._renderer = renderer
        self._making = threading.Lock()  # warm_up may make the renderer in its thread
        self._warming = False  # a warm_up_soon under way: the worker is starting
        self._closed = False

    @property
    def renderer(self) -> Renderer:
        if self._renderer is None:
            with self._making:
                if self._renderer is None:
                    from mgreader.core.render.budget import BudgetedRenderer

                    self._renderer = BudgetedRenderer()
        return self._renderer

    def warm_up_soon(self) -> None:
        """Start the worker process in a thread (importing python-markdown and starting a Python take a
        few hundred milliseconds; the app asks once its window is up), so that the first article not in the
        cache need not be formatted on the window's thread. Meanwhile such an article is "Preparing..."."""
        self._warming = True
        threading.Thread(target=self._warm_up, daemon=True, name="mgreader-render-warm-up").start()

    def _warm_up(self) -> None:
        from mgreader.core.render.budget import BudgetedRenderer

        try:
            renderer = self.renderer
            if isinstance(renderer, BudgetedRenderer):
                renderer.start_worker()
                if self._closed:  # the window closed while the worker started
                    renderer.close()
        finally:
            self._warming = False  # running, or none could start: then articles are formatted here again

    def close(self) -> None:
        """Stop the render worker process, if one runs (the window closes): else each window the same
        process opens (tests, mgreader.main run again) leaves one behind until the process ends."""
        self._closed = True
        close = getattr(self._renderer, "close", None)
        if close is not None:
            close()

    @classmethod
    def create(cls, resources: Path, render_cache_dir: Path) -> ArticleLoader:
        """The usual loader: disclaimer and stylesheet from ``resources``, rendered bodies cached on disk."""
        from mgreader.core import disclaimer

        composer = PageComposer(resources, disclaimer.load(resources))
        return cls(composer, RenderCache(render_cache_dir))

    def load(self, ref: ArticleRef, wait: bool = True, in_worker: bool = False) -> Article:
        """The article, formatted. With ``wait=False``, an article that is not in the cache and is long
        enough to be formatted in the worker process comes back ``pending`` at once instead. ``in_worker``
        (the window's background load of a pending article): such an article is formatted in the worker
        process, started if none runs, never in this process, whose GIL the window needs."""
        try:
            # Only a regular file inside the article's root: not a FIFO (it would wait for ever), nor a link
            # made since the scan to somewhere else on the disk.
            data, too_large = read_limited(ref.path, within=ref.root)
        except OSError as error:
            reason = error.strerror or str(error)
            notice = f"This article could not be opened ({reason}). It may have been moved or deleted."
            return Article(ref, RenderedBody("", (), 0), (notice,))
        if too_large:
            size = ref.path.stat().st_size if ref.path.exists() else len(data)
            preview = data[:PLAIN_PREVIEW_BYTES].decode("utf-8", errors="replace")
            from mgreader.core.render.markdown import plain_fallback

            body = plain_fallback(preview, too_large_message(size) + " Its beginning is shown as plain text.")
            return Article(ref, body)
        notices: list[str] = []
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("utf-8-sig", errors="replace")
            notices.append(NOT_UTF8_MESSAGE)
        article_dir = posixpath.dirname(ref.relpath)
        fields_key = cache_key(b"front matter\0" + data, article_dir)
        known = self.cache.get_fields(fields_key)
        if known is not None:  # shown before, unchanged: its block of details need not be read again
            fields, front_notice = known
            boxes = includes.load(ref.root, includes.names(fields))
            cached = self.cache.get(cache_key(data + includes.cache_salt(boxes), article_dir))
            if cached is not None:
                notices += [front_notice] if front_notice else []
                return Article(ref, cached, tuple(notices), trust_details(fields))
        # Imported here: an article shown before has its fields in the cache, and a relaunch shows one.
        from mgreader.core.library import frontmatter

        front, front_error = frontmatter.read(text)
        body_text, has_title, fields = front.body, "title" in front.fields, front.fields
        front_notice = ""
        if front_error is not None:
            front_notice = f"The block of details at the top of this file could not be read ({front_error})."
            notices.append(front_notice)
        if not body_text.strip():
            notices.append("This article is empty.")
            return Article(ref, RenderedBody("", (), 0), tuple(notices))
        leading = re.match(_LEADING_H1, body_text)
        if leading and (not has_title or _same_title(leading.group(0), ref.title)):
            # The title is the first heading, or repeats it, and is shown in the header: not twice.
            body_text = body_text[leading.end() :]
        boxes = includes.load(ref.root, includes.names(fields))
        key = cache_key(data + includes.cache_salt(boxes), article_dir)
        cached = self.cache.get(key)
        preparing = Article(ref, RenderedBody("", (), 0), (PREPARING,), trust_details(fields), pending=True)
        if cached is None and not wait and self._goes_to_worker(body_text):
            return preparing
        rendered = None
        worker = self._off_this_thread(body_text) if cached is None and (in_worker or not wait) else None
        if worker is not None and not wait and (worker.ready() or self._warming):
            # The window's thread: only a short wait for a running worker; "Preparing..." if it takes longer
            # or is still starting (formatting here meanwhile held the window up to 0.4 s).
            rendered = worker.render_soon(body_text, article_dir, GRACE_S) if worker.ready() else None
            if rendered is None:
                return preparing
        elif worker is not None and in_worker:
            worker.start_worker()  # if none runs yet: waits for it, in this (background) thread
            rendered = worker.render_soon(body_text, article_dir, 0.0)  # sent; ``render`` collects it
        if cached is None:
            from mgreader.core.render.budget import TOO_SLOW

            rendered = rendered or self.renderer.render(body_text, article_dir)
            cached = includes.splice(rendered, boxes, self.renderer)
            if cached.notice != TOO_SLOW:  # out of time may mean a busy machine: try again next time
                self.cache.put(key, cached)
                self.cache.put_fields(fields_key, fields, front_notice)
        elif known is None:
            self.cache.put_fields(fields_key, fields, front_notice)
        return Article(ref, cached, tuple(notices), trust_details(fields))

    def _goes_to_worker(self, body_text: str) -> bool:
        from mgreader.core.render.budget import BudgetedRenderer

        renderer = self.renderer
        return isinstance(renderer, BudgetedRenderer) and len(body_text) >= renderer.in_process_chars

    def _off_this_thread(self, body_text: str) -> BudgetedRenderer | None:
        """The renderer to hand this article to, when the window's thread should not format it itself:
        all but the shortest, once a worker runs or is starting (``warm_up_soon``). With none, the article
        is formatted here: a relaunch shows the last article from the cache, and the window, a test or a
        script that never asked for a worker does not wait for one."""
        from mgreader.core.render.budget import BudgetedRenderer

        renderer = self.renderer
        if not isinstance(renderer, BudgetedRenderer) or len(body_text) < QUICK_CHARS:
            return None
        return renderer

    def with_glossary(self, article: Article, glossary: ArticleRef | None) -> Article:
        """The article with the first use of each of ``glossary``'s terms marked (core/render/glossary.py),
        unless it is the glossary itself. The marked body is kept in the render cache, keyed by the glossary
        file's bytes and the body: a relaunch neither reads the glossary's terms nor marks them again, and a
        change of either marks anew."""
        if glossary is None or article.ref.id == glossary.id or not article.body.html:
            return article
        from mgreader.core.files import read_regular
        from mgreader.core.library.scan import MAX_ARTICLE_BYTES

        try:
            data = read_regular(glossary.path, MAX_ARTICLE_BYTES)[:MAX_ARTICLE_BYTES]
        except OSError:
            return article  # no terms (glossary.load reads none either)
        html = article.body.html.encode("utf-8")
        key = cache_key(b"glossary marks\0" + glossary.id.encode() + b"\0" + data + b"\0" + html, "")
        cached = self.cache.get(key)
        if cached is not None:
            marked = cached.html
        else:
            from mgreader.core.render import glossary as terms

            marked = terms.mark_terms(
                article.body.html, terms.parse(glossary.id, data.decode("utf-8-sig", "replace"))
            )
            self.cache.put(key, RenderedBody(marked, (), 0))
        return replace(article, body=replace(article.body, html=marked))

    def page(
        self, article: Article, theme: Theme, zoom: int, font: str = "system", spacing: str = "normal"
    ) -> str:
        ref = article.ref
        header = PageHeader(
            ref.title,
            ref.summary,
            ref.reviewed,
            article.body.minutes if article.body.words else 0,
            article.trust,
        )
        return self.composer.compose(header, article.body, theme, zoom, article.notices, font, spacing)
