"""Markdown tables, the one form every table is kept in (`ingest.office` writes the tables of sheets, documents,
slides, PDF and HTML pages so): read back by the chunker, which cuts a long table between whole rows with its header
in front of every piece, and by the answer stage, which reads each row with its columns' headers."""

from __future__ import annotations

import re
from dataclasses import dataclass

RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")  # the line under the header: "|---|:---:|"
_CELL_EDGE = re.compile(r"(?<!\\)\|")  # a pipe that parts cells, not an escaped one ("\|")


@dataclass(frozen=True)
class Table:
    header: str  # the header row and the rule under it, two lines
    rows: list[str]  # the body rows, a line each

    @property
    def headers(self) -> list[str]:
        return cells(self.header.split("\n", 1)[0])


def table_blocks(text: str) -> list[str | Table]:
    """The text as its prose between tables (str, possibly blank) and each Markdown table with a header (a line of
    cells over a rule), in order."""
    blocks: list[str | Table] = []
    prose: list[str] = []
    lines = text.split("\n")
    at = 0
    while at < len(lines):
        if (lines[at].lstrip().startswith("|") and at + 1 < len(lines) and "|" in lines[at + 1]
                and RULE.match(lines[at + 1])):
            end = at + 2
            while end < len(lines) and lines[end].lstrip().startswith("|"):
                end += 1
            blocks += ["\n".join(prose), Table(f"{lines[at]}\n{lines[at + 1]}", lines[at + 2:end])]
            prose, at = [], end
        else:
            prose.append(lines[at])
            at += 1
    return [*blocks, "\n".join(prose)]


def cells(line: str) -> list[str]:
    """A table row's cells, stripped, an escaped pipe read as a pipe."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip().replace("\\|", "|") for cell in _CELL_EDGE.split(inner)]
