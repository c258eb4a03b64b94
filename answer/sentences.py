"""Sentence splitting for English and Korean text (both end sentences with . ? ! or a line break).

Documentation is often written with hard-wrapped lines: in Markdown a single line break inside a paragraph is a
space (a "soft break"), so a wrapped line is joined to the next before splitting, and a sentence that runs over two
lines stays one sentence. A line break still ends a piece before a blank line, a list item, a table row, a heading,
a quote or a code fence, and after a short line such as a title ("Service intervals"). PDF pages, which have no
such markers, are reflowed by their layout when they are loaded (`ingest.loaders.reflowed`).

A row of a Markdown table (the form every table of a document, sheet or PDF is loaded in, `ingest.office`) is one
sentence, each cell labelled with its column's header: "| A4 double-sided | 8p per sheet | 35p per sheet |" under
"| Paper | Black and white | Colour |" reads "Paper: A4 double-sided; Black and white: 8p per sheet; Colour: 35p
per sheet", which says what its prices are for; the header row alone says nothing and is no sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.tables import Table, cells, table_blocks

# A stop ends a sentence, but not in "e.g." or "i.e.", nor a quoted one the sentence goes on after in lower case
# ('click "Forgot password?" on the sign-in page'); a sentence may open in lower case ("ragloop keeps …"). A
# footnote's number after the stop ("… in 1858.[2] Its lamp …", "….[2][13]") belongs to the sentence it ends. A
# date written with stops ("2025. 3. 24.(월) ~ 3. 28.(금)", as Korean pages write one) is no run of sentences.
NOT_IN_A_DATE = r"(?!(?<=\d\.)\s+\d{1,2}\.)"  # a stop followed by a space, not one of "3. 24."
_BOUNDARY = re.compile(r"(?<=[.!?。！？])(?<!\be\.g\.)(?<!\bi\.e\.)" + NOT_IN_A_DATE
                       + r"\s+|(?<=[.!?。！？][\"')\]])\s+(?![a-z])"
                       r"|(?:(?<=[.!?。！？\]]\[\d\])|(?<=[.!?。！？\]]\[\d\d\])|(?<=[.!?。！？\]]\[\d\d\d\]))\s+(?![a-z])|\n+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s.*$", re.MULTILINE)
_BLOCK_START = re.compile(r"\s*(?:[-*+•]\s|\d{1,3}[.)]\s|[|#>]|```|~~~)")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")  # **bold** reads as bold's text in an answer
_BRACKETED_CHARS = 300  # a stop this close before a bracket closes is inside it (`_cut_at_boundaries`)
_MIN_WORDS = 4  # shorter pieces are headings, labels or fragments, not statements, unless `_is_short_statement`
_SENTENCE_ENDS = (".", "!", "?", "。", "！", "？")
# a label and its value: "전화: 1544-0000", "Sunday: closed", "일요일·공휴일: 휴진"
_LABELLED_VALUE = re.compile(r"^[^\s:]+(?:\s+[^\s:]+)?:\s*[^\s:]")
# a line opening an item of a list, numbered ("1. Open the app") or not ("- Sundays: closed"); the answer stage
# (`answer.citations`) and the kb bench read answers' lists with it too
LIST_ITEM = re.compile(r"^(?P<indent>\s*)(?P<marker>\d{1,2}[.)]|[-*+•])\s+(?=\S)")
# a bracketed number a page writes itself: an encyclopedia's footnote ("… in 1858.[2]"), "see [3]" (`quoted`)
_PAGES_MARKER = re.compile(r"\[(?=\d+(?:\s*,\s*\d+)*\])")
WORD_JOINER = "\u2060"  # invisible, and no character of a citation marker
_FOOTNOTES_AT_END = re.compile(r"(?<!\])(?:\[\d{1,3}\])+$")  # "연체료는 받지 않습니다.[2]" ends at its stop
# Markdown's inline code, closed by as many backticks as open it
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
_SPACES = re.compile(r"[ \t]{2,}")
_OPTION = re.compile(r"(-{1,2})[A-Za-z]")  # a command's option: "--checksum", "-v"
_ITEM_INDENT = 3  # a list's own items are indented at most this much; deeper lines belong to an item
# a bulleted list whose first item opens with "First" and a later one with "Then" (or "먼저" … "다음으로") is steps in
# order, as a numbered list is
_FIRST_STEP = re.compile(r"(?:first(?:ly)?|start by|begin by|to begin|먼저|우선|처음에)\b", re.IGNORECASE)
_LATER_STEP = re.compile(r"(?:then|next|after that|afterwards|finally|lastly|second(?:ly)?|third(?:ly)?|그\s?다음|"
                         r"다음으로|이어서|그리고 나서|그런 다음|마지막으로)\b", re.IGNORECASE)
_WRAPPED_WORDS = 6  # a line this long (or ending in a comma) that runs on into the next was wrapped, not a title


def without_emphasis(text: str) -> str:
    """**Bold** and __bold__ as their text, as the page reads them."""
    return _STRONG.sub(r"\2", text)


def join_wrapped_lines(text: str) -> str:
    """Join each hard-wrapped line to the line it runs on into (CommonMark's soft line break)."""
    lines = text.split("\n")
    joined = [lines[0]]
    for line in lines[1:]:
        previous = joined[-1]
        runs_on = (line.strip() and previous.strip() and not _BLOCK_START.match(line)
                   and not previous.lstrip().startswith(("|", "#", "```", "~~~"))
                   and (len(previous.split()) >= _WRAPPED_WORDS or previous.rstrip().endswith((",", ";"))))
        if runs_on:
            joined[-1] = previous.rstrip() + " " + line.strip()
        else:
            joined.append(line)
    return "\n".join(joined)


def split_sentences(text: str) -> list[str]:
    text = without_emphasis(join_wrapped_lines(_HEADING.sub("\n", text)))
    sentences = []
    for block in table_blocks(text):
        if isinstance(block, Table):
            sentences += _rows_read(block)
            continue
        pieces = (_trimmed(piece) for piece in _cut_at_boundaries(block))
        sentences += [piece for piece in pieces if len(piece.split()) >= _MIN_WORDS or _is_short_statement(piece)]
    return sentences


def _trimmed(piece: str) -> str:
    """A piece of text without the marks around it (a list's "- ", a quote's ">", a table's "|"), but a command's
    option it opens with keeps its dashes ("--checksum  Compare files by …", "-v, --verbose  Print every file")."""
    opening = _OPTION.match(piece.lstrip(" \t>|"))
    return (opening.group(1) if opening else "") + piece.strip(" \t-*>|")


def tables_as_rows(text: str, between: str = "\n") -> str:
    """The text with each Markdown table written as its rows, `between` them, each read with its columns' headers
    (as `split_sentences` reads them): a snippet of a passage shows "Plan: Team; Price: $12" rather than pipes."""
    return "\n".join(block if isinstance(block, str) else between.join(_rows_read(block))
                     for block in table_blocks(text))


def _rows_read(table: Table) -> list[str]:
    """A table's rows, each as one sentence with every cell after its column's header: "Paper: A4 double-sided; Black
    and white: 8p per sheet"; a cell without a header as it is, an empty cell left out, an empty row none."""
    headers = table.headers
    rows = []
    for line in table.rows:
        row = cells(line)
        rows.append("; ".join(f"{header}: {cell}" if header and header != cell else cell
                              for header, cell in zip([*headers, *[""] * len(row)], row) if cell))
    return [row for row in rows if row]


def _cut_at_boundaries(text: str) -> list[str]:
    """The text cut at its sentence boundaries, but not at a stop inside brackets that close later on the line: "RAGAS
    metrics (context recall, ROUGE, semantic similarity. With a judge LLM, faithfulness too) and …" is one sentence,
    and the answer quoting its first half ended on "semantic similarity." with the bracket open."""
    pieces, start = [], 0
    for boundary in _BOUNDARY.finditer(text):
        piece = text[start:boundary.start()]
        line_end = text.find("\n", boundary.end())
        rest_of_line = text[boundary.end():line_end if line_end >= 0 else len(text)]
        if "\n" not in boundary.group() and piece.count("(") > piece.count(")") and _closes(rest_of_line):
            continue
        pieces.append(piece)
        start = boundary.end()
    return [*pieces, text[start:]]


def _closes(rest: str) -> bool:
    """Whether the rest of a line closes a bracket left open before it: a ")" before any "(" of its own, and soon
    (a ":(" never closes, and "Paris (France)" later on the line closes its own)."""
    close, opening = rest.find(")"), rest.find("(")
    return 0 <= close <= _BRACKETED_CHARS and (opening < 0 or close < opening)


def _is_short_statement(piece: str) -> bool:
    """A piece of two or three words that still says something: a sentence ended by a full stop (a Korean one is
    often three words: "연체료는 받지 않습니다.", "no late fees are charged") or a label with its value ("전화:
    1544-0000", "Sunday: closed": an opening-hours list answers "Is it open on Sundays?" in two words)."""
    ended = _FOOTNOTES_AT_END.sub("", piece).rstrip("\"')]").endswith(_SENTENCE_ENDS)
    return len(piece.split()) >= 2 and (ended or bool(_LABELLED_VALUE.match(piece)))


@dataclass(frozen=True)
class TextList:
    """A list in a text: its items' sentences, whether it is numbered, and the sentence introducing it."""

    items: list[list[str]]  # the sentences of each item, in order
    numbered: bool
    opening: str | None = None  # the sentence before it when that ends with a colon ("If changes do not show up:")
    lead_in: str | None = None  # the sentence right before it, however it ends (none after a heading)

    @property
    def steps(self) -> list[str]:
        """Every item's sentences, in order."""
        return [sentence for item in self.items for sentence in item]


def lists_in(text: str) -> list[TextList]:
    """Each list of two items or more in `text`, numbered ("1. …") or not ("- …"). Blank lines and indented lines
    stay inside a list; any other line, or an item of the other kind, ends it."""
    found: list[tuple[str, bool, list[str]]] = []
    current: list[str] | None = None
    before = ""  # the last line of text before the list
    for line in join_wrapped_lines(text).split("\n"):
        item = LIST_ITEM.match(line)
        numbered = bool(item) and item["marker"][0].isdigit()
        if item and len(item["indent"]) <= _ITEM_INDENT:
            if current is None or found[-1][1] != numbered:
                current = []
                found.append((before, numbered, current))
            current.append(line)
        elif current is not None and line.strip() and line.startswith(("  ", "\t")):
            current[-1] += " " + line.strip()
        elif line.strip():
            current, before = None, line
    lists = []
    for before, numbered, items in found:
        if len(items) >= 2:
            lead_in = (split_sentences(before) or [None])[-1] if before else None
            opening = lead_in if lead_in and lead_in.endswith(":") else None
            lists.append(TextList([said for item in items if (said := split_sentences(item))],
                                  numbered or _says_its_order(items), opening, lead_in))
    return lists


def _says_its_order(items: list[str]) -> bool:
    """Whether a bulleted list's items say they are steps in order: "- First make sure no other process is running",
    "- Then delete the lock file …"."""
    said = [LIST_ITEM.sub("", item, count=1).strip(" *_") for item in items]
    return bool(_FIRST_STEP.match(said[0])) and any(_LATER_STEP.match(item) for item in said[1:])


def list_around(text: str, sentence: str) -> TextList | None:
    """The list in `text` that holds `sentence` or opens with it: a question asking how to do something is answered
    by every step, not by the one step that shares most of its words ("Tap the class and then tap Book" alone leaves
    out opening the app), and "If changes do not show up on another device:" says nothing without the steps it
    introduces. None when the sentence is in no list of two items or more."""
    return next((found for found in lists_in(text) if sentence in found.steps or sentence == found.opening), None)


def steps_after(text: str, sentence: str) -> TextList | None:
    """The numbered list right after `sentence` in `text`, however the sentence ends: "If the branch is closed when
    you arrive, you can use the Key Drop box." goes on with the steps of using it, which a question asking how to
    return a car after hours asks for. None when no numbered list follows it."""
    return next((found for found in lists_in(text) if found.numbered and found.lead_in == sentence), None)


def steps_at_start(text: str) -> list[list[str]]:
    """The sentences of each numbered item `text` opens with, up to its first line of anything else (a chunk that
    goes on with the list the chunk before it ended with)."""
    steps: list[list[str]] = []
    for line in join_wrapped_lines(text).strip().split("\n"):
        if _numbered(line):
            steps.append(split_sentences(line))
        elif steps and line.strip() and line.startswith(("  ", "\t")):
            steps[-1] += split_sentences(line)
        elif line.strip():
            break
    return steps


def steps_at_end(text: str) -> list[list[str]]:
    """The sentences of each numbered item `text` ends with, after its last line of anything else."""
    lines = join_wrapped_lines(text).rstrip().split("\n")
    at = len(lines)
    while at > 0 and (not lines[at - 1].strip() or _numbered(lines[at - 1]) or lines[at - 1].startswith(("  ", "\t"))):
        at -= 1
    return steps_at_start("\n".join(lines[at:]))


def _numbered(line: str) -> bool:
    item = LIST_ITEM.match(line)
    return bool(item) and item["marker"][0].isdigit() and len(item["indent"]) <= _ITEM_INDENT


def item_openings(text: str) -> dict[str, str]:
    """Each later sentence of a list item of several, with the item's first sentence: the item is a small section
    about what its first sentence names, and the rest goes on about it ("`secret_key`: a random string … used to sign
    cookies. Changing it signs out every user." answers what changing the key used to sign cookies does). The first
    sentence of an item of a list introduced by a sentence ending with a colon goes on with that sentence: "a
    refuelling service fee of £20" is what is charged "If the car comes back with less than a full tank"."""
    openings = {}
    for line in join_wrapped_lines(text).split("\n"):
        if LIST_ITEM.match(line):
            item = split_sentences(line)
            openings.update({sentence: item[0] for sentence in item[1:]})
    for found in lists_in(text):
        if found.opening:
            openings.update({item[0]: found.opening for item in found.items if item[0] not in openings})
    return openings


def quoted(text: str) -> str:
    """A page's text as an answer quotes it: a bracketed number the page writes itself (a footnote, "see [3]") keeps
    its place, with a word joiner after its bracket, so that neither the citation check nor the page showing the
    answer reads it as the answer's own marker of a source; it looks the same. Unquoted, "[2]" pointed at the
    second retrieved passage, or nowhere, and was dropped from the sentence. Not inside code ("`arr[1]`"), which is
    copied as it is, and in which the citation check reads no marker. Spaces a page lines its columns up with
    ("--checksum        Compare files …") are one space in an answer."""
    return in_prose(text, lambda prose: _PAGES_MARKER.sub("[" + WORD_JOINER, _SPACES.sub(" ", prose)))


def in_prose(text: str, change) -> str:
    """The text with `change` (str -> str) applied to what lies outside its inline code."""
    pieces, at = [], 0
    for code in _CODE_SPAN.finditer(text):
        pieces += [change(text[at:code.start()]), code.group(0)]
        at = code.end()
    return "".join(pieces) + change(text[at:])


def outside_code(text: str) -> str:
    """The text with each character of its inline code replaced by "_" (neither a space nor a stop nor a bracket,
    and as long as it was): what is read as prose, at the same places."""
    return _CODE_SPAN.sub(lambda code: "_" * len(code.group(0)), text)
