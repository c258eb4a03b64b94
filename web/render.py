"""Rendering: `render` turns a template into a response; answers are Markdown rendered with raw HTML, links and
images switched off (so nothing in an answer or a document can inject markup), then citation markers become chips."""

from __future__ import annotations

import re
from urllib.parse import quote

from fastapi import Request
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

_MARKER = re.compile(r"\[(\d{1,3})\]")
_CODE = re.compile(r"(<code\b[^>]*>.*?</code>)", re.DOTALL)  # inline code and fenced blocks
_UNVERIFIED = re.compile(r"\s?\[unverified\]")  # the citation check's mark on a sentence it could not back
UNVERIFIED_HTML = ' <span class="unverified" title="{title}">{label}</span>'
# Commonmark with every way to emit raw HTML, a link or an image turned off: text stays text. Tables (the form every
# table of a document is kept in) show as tables.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable(
    ["html_inline", "html_block", "link", "image", "autolink", "reference"]).enable("table")


def markdown_html(text: str) -> Markup:
    """Markdown to HTML; any HTML in the source comes out escaped."""
    return Markup(_markdown.render(text or ""))


_ABSOLUTE = re.compile(r"^(?:/|[A-Za-z]:[\\/])")


def shown_source(source: str) -> str:
    """A document's name as the chat shows it: a path typed from the server's root at ingestion
    ("/srv/kb/hr/pay.md") shows its last folder and file ("hr/pay.md"), as where the server keeps its files is not
    the readers' to know; any other name as it is."""
    if not _ABSOLUTE.match(source or ""):
        return source
    return "/".join(re.split(r"[\\/]", source.rstrip("/\\"))[-2:])


def inline_markdown(text: str) -> Markup:
    """A passage's Markdown inside one line (`code`, **bold**), as the answer shows it; anything else as text."""
    return Markup(_markdown.renderInline(text or ""))


def answer_line(text: str) -> Markup:
    """An answer as one line in a list of them (a golden item's disliked answers): its Markdown inside the line, its
    [n] markers and the citation check's marks left out, as no sources are listed beside it."""
    return inline_markdown(_UNVERIFIED.sub("", _MARKER.sub("", text or "")).replace(" .", ".").strip())


def answer_html(text: str, answer_id: str, citations, unverified: tuple[str, str] = (
        "unverified", "This sentence could not be checked against the cited sources"),
                source: str = "source {n}") -> Markup:
    """The answer as sanitized HTML, each [n] a chip linking to the cited passage in its document (named to a screen
    reader by `source`), and the citation check's mark on an unsupported sentence a label (`unverified`: its text and
    explanation); both in the page's language."""
    mark = UNVERIFIED_HTML.format(label=escape(unverified[0]), title=escape(unverified[1]))
    chunk_of = {}
    for c in citations:
        c = c if isinstance(c, dict) else vars(c)
        chunk_of[c["n"]] = (c["document_id"], c["chunk_id"])

    def chip(match: re.Match) -> str:
        n = int(match.group(1))
        if n not in chunk_of:
            return match.group(0)
        document_id, chunk_id = chunk_of[n]
        href = f"/sources/{quote(document_id, safe='')}?chunk={quote(chunk_id, safe='')}#passage"
        return (f'<a class="cite" href="{escape(href)}" target="_blank" rel="noopener" '
                f'aria-label="{escape(source.format(n=n))}" data-cite="{escape(answer_id)}-{n}">{n}</a>')

    # a citation marker in prose becomes a chip; code keeps its brackets ("`arr[1]`")
    parts = _CODE.split(str(markdown_html(text)))
    html = "".join(part if n % 2 else _MARKER.sub(chip, part) for n, part in enumerate(parts))
    return Markup(_UNVERIFIED.sub(lambda _: mark, html))


def render(request: Request, template: str, context: dict, status: int = 200):
    """A page or fragment from the app's templates (which also see the caller and the interface language)."""
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)
