"""Rendering helpers for templates: everything is escaped before any markup is added."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_MARKER = re.compile(r"\[(\d{1,3})\]")


def cite_links(text: str, answer_id: str) -> Markup:
    """Escape the answer, then turn each [n] into a link to citation n of this answer."""
    safe_id = escape(answer_id)
    return Markup(_MARKER.sub(lambda m: f'<a class="cite" href="#c-{safe_id}-{m.group(1)}">[{m.group(1)}]</a>',
                              str(escape(text))))
