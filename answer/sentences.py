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
# A stop closing an abbreviation ends no sentence where the sentence plainly goes on: before a lower-case word
# ("from 9 a.m. to 5 p.m. daily", "forms, etc. and your card"), before a number ("Fig. 3", "Fri. 9-5", "Approx. 5
# minutes", "No. 12"), before a name ("Dr. Kim", "St. Mary's"), and "p.m." before a time zone ("8:00 p.m. ET",
# "7:00 p.m. Pacific Time"). Cut there, the piece after it read as a fragment and was dropped.
_CLOCK = ["a.m", "p.m", "A.M", "P.M"]
_BEFORE_A_NAME = ["Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Mt", "Rev", "Sgt", "Capt"]
_ABBREVIATIONS = _CLOCK + _BEFORE_A_NAME + """etc vs approx Approx incl excl esp cf al ca min max No Nos no Fig Figs
Vol Ch Sec Art pp Rm Ext Tel Apt Ste Bldg Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun Jan Feb Mar Apr Jun Jul Aug Sep
Sept Oct Nov Dec""".split()  # "e.g." and "i.e." end no sentence at all (`_BOUNDARY`)
_TIME_ZONE = r"(?:[A-Z]{2,4}|Pacific|Eastern|Central|Mountain|Atlantic|Alaska|Hawaii|Korea|Korean|Local|local)\b"


def _after_one_of(words) -> str:
    """A look-behind for a stop after any of `words` (one per width: Python's look-behind is of fixed width)."""
    widths: dict[int, list[str]] = {}
    for word in words:
        widths.setdefault(len(word), []).append(re.escape(word))
    return "(?:" + "|".join(rf"(?<=\b(?:{'|'.join(group)})\.)" for group in widths.values()) + ")"


# a stop followed by a space, not one of "3. 24." (a date written with stops), nor one of an abbreviation above
NOT_AN_END = (r"(?!(?<=\d\.)\s+\d{1,2}\.)"
              + rf"(?!{_after_one_of(_ABBREVIATIONS)}\s+[a-z0-9(])"
              + rf"(?!{_after_one_of(_BEFORE_A_NAME)}\s+[A-Z])"
              + rf"(?!{_after_one_of(_CLOCK)}\s+{_TIME_ZONE})"
              + r"(?!(?<=\b[A-Z]\.[A-Z]\.)\s)")  # "P.O. Box 12", "U.S. Army"
_BOUNDARY = re.compile(r"(?<=[.!?。！？])(?<!\be\.g\.)(?<!\bi\.e\.)" + NOT_AN_END
                       + r"\s+|(?<=[.!?。！？][\"')\]])\s+(?![a-z])"
                       r"|(?:(?<=[.!?。！？\]]\[\d\])|(?<=[.!?。！？\]]\[\d\d\])|(?<=[.!?。！？\]]\[\d\d\d\]))\s+(?![a-z])|\n+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s.*$", re.MULTILINE)
_BLOCK_START = re.compile(r"\s*(?:[-*+•]\s|\d{1,3}[.)]\s|[|#>]|```|~~~)")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")  # **bold** reads as bold's text in an answer
_BRACKETED_CHARS = 300  # a stop this close before a bracket closes is inside it (`_cut_at_boundaries`)
_NAME_WORDS = 4  # a cell naming its row is at most this long (`_naming_columns`)
_DIGIT = re.compile(r"\d")
_MIN_WORDS = 4  # shorter pieces are headings, labels or fragments, not statements, unless `_is_short_statement`
_SENTENCE_ENDS = (".", "!", "?", "。", "！", "？")
# a label and its value: "전화: 1544-0000", "Sunday: closed", "일요일·공휴일: 휴진"
_OPENS_WITH_LABEL = re.compile(r"^\s*[^\s:]+(?:\s+[^\s:]+){0,3}:\s+\S")  # "카카오톡 상담: 카카오톡 채널 …"
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
_FAQ_MARK = re.compile(r"^(?:Q|A|질문|답변|답)\s*[:：]\s+(?=\S)")  # "A: The Halo works with …" is "The Halo …"
_NUMBER_MARK = re.compile(r"^\d{1,2}\)\s+(?=\S)")  # a numbered item's "1) ", which no stop parts from its text
_OPTION = re.compile(r"(-{1,2})[A-Za-z]")  # a command's option: "--checksum", "-v"
_ITEM_INDENT = 3  # a list's own items are indented at most this much; deeper lines belong to an item
_TEXT_INDENT = 8  # a list opens indented at most this much
# a bulleted list whose first item opens with "First" and a later one with "Then" (or "먼저" … "다음으로") is steps in
# order, as a numbered list is
_FIRST_STEP = re.compile(r"(?:first(?:ly)?|start by|begin by|to begin|먼저|우선|처음에)\b", re.IGNORECASE)
_LATER_STEP = re.compile(r"(?:then|next|after that|afterwards|finally|lastly|second(?:ly)?|third(?:ly)?|그\s?다음|"
                         r"다음으로|이어서|그리고 나서|그런 다음|마지막으로)\b", re.IGNORECASE)
_WRAPPED_WORDS = 6  # a line this long (or ending in a comma) that runs on into the next was wrapped, not a title
_PART_WORDS = 8  # a part of a letterhead's line is at most this long (`_in_parts`)


def _in_parts(line: str) -> bool:
    """Whether a line is a letterhead's or a running line's parts set apart by " | " ("주식회사 뽀송라이프 | 2024년 9월
    개정판 | 고객센터 1588-4827", "Bramble Eats Help Centre | Version 2.3 | March 2025"), no table's row and no
    statement: it stands on its own line, as a title does, and answers nothing."""
    parts = line.strip().split(" | ")
    return (len(parts) > 1 and not line.lstrip().startswith("|")
            and all(0 < len(part.split()) <= _PART_WORDS for part in parts)
            and not (parts[-1].rstrip().endswith(_SENTENCE_ENDS) and len(parts[-1].split()) >= _MIN_WORDS))


# a sentence saying what its page is about: "This page explains how to book …", "In this guide you will learn …",
# "이 페이지에서는 … 안내합니다"; it names what the reader may ask about, and answers none of it
_SIGNPOST = re.compile(r"^(?:(?:this|the following)\s+(?:\w+\s+)?(?:page|guide|article|document|section|chapter|"
                       r"manual|faq|handbook|leaflet|notice|booklet|sheet)s?\s+(?:explains|describes|covers|lists|"
                       r"answers|tells you|shows|walks you through|outlines|sets out|summari[sz]es|gives an overview)\b"
                       r"|(?:on|in) this (?:page|guide|article|section|document)\b[^.]*\b(?:you(?:'ll| will)? "
                       r"(?:find|learn|read)|we (?:explain|describe|cover))\b)"
                       r"|^이\s*(?:페이지|문서|안내문?|안내서|가이드|글|장|절|설명서|자료|게시물)(?:에서는|에서|는|은)\s"
                       r".*(?:안내|설명|소개|정리)(?:합니다|해\s?드립니다|드립니다|했습니다)\.?$|"
                       r"^이\s*(?:페이지|문서|안내문?|안내서|가이드|글)(?:에서는|에서|는|은)\s.*다룹니다\.?$",
                       re.IGNORECASE)
# "the following", "listed below", "다음에 해당하는", "아래와 같이", "아래 조건을", "다음 서류를" (not "다음 날", the
# next day, nor "통치 아래", under a rule)
_POINTS_AHEAD = re.compile(r"\b(?:the following|as follows|(?:listed|shown|described|set out|given) below"
                           r"|(?:these|the next)\s+(?:steps|instructions))\b"
                           r"|(?:다음|아래)(?:에\s*해당|(?:과|와)\s*같|의\s)"
                           r"|(?<![가-힣])(?:아래|다음)\s+(?:조건|서류|항목|사항|내용|표|목록|기준|절차|순서|방법|대상|"
                           r"경우|요금|일정|안내|단계|예시)", re.IGNORECASE)


def signposts(sentence: str) -> bool:
    """Whether the sentence only says what its page is about (`_SIGNPOST`): "This page explains which program to
    choose, how long each one takes and how to use the options" shares the words of "How long does the Quick program
    take?" and tells nothing of it."""
    return bool(_SIGNPOST.search(sentence)) and not any(char.isdigit() for char in sentence)  # no fact in passing


def without_emphasis(text: str) -> str:
    """**Bold** and __bold__ as their text, as the page reads them."""
    return _STRONG.sub(r"\2", text)


def join_wrapped_lines(text: str) -> str:
    """Join each hard-wrapped line to the line it runs on into (CommonMark's soft line break). A label's line after
    another's is one of a run of them, not the line before it going on ("운영 시간: 평일 오전 9시 ~ 오후 6시, 토요일
    …" and "점심시간: 낮 12시 ~ 오후 1시"): joined, the phone number of the run's last line was read as the hours'."""
    lines = text.split("\n")
    joined = [lines[0]]
    for line in lines[1:]:
        previous = joined[-1]
        runs_on = (line.strip() and previous.strip() and not _BLOCK_START.match(line)
                   and not (_OPENS_WITH_LABEL.match(line) and _OPENS_WITH_LABEL.match(previous))
                   and not _in_parts(previous) and not _in_parts(line)
                   and not previous.lstrip().startswith(("|", "#", "```", "~~~"))
                   and (len(previous.split()) >= _WRAPPED_WORDS or previous.rstrip().endswith((",", ";"))))
        if runs_on:
            joined[-1] = previous.rstrip() + " " + line.strip()
        else:
            joined.append(line)
    return "\n".join(joined)


def _as_read(text: str) -> str:
    """A text as its sentences are read: without Markdown headings and emphasis, wrapped lines joined."""
    return without_emphasis(join_wrapped_lines(_HEADING.sub("\n", text)))


def split_sentences(text: str) -> list[str]:
    sentences = []
    for block in table_blocks(_as_read(text)):
        if isinstance(block, Table):
            sentences += _rows_read(block)
            continue
        pieces = (_trimmed(piece) for piece in _cut_at_boundaries(block) if not _in_parts(piece))
        sentences += [piece for piece in pieces if len(piece.split()) >= _MIN_WORDS or _is_short_statement(piece)]
    return sentences


def _trimmed(piece: str) -> str:
    """A piece of text without the marks around it (a list's "- " or "• ", a quote's ">", a table's "|", an FAQ's
    "Q:" and "A:"), but a command's option it opens with keeps its dashes ("--checksum  Compare files by …", "-v,
    --verbose  Print every file")."""
    opening = _OPTION.match(piece.lstrip(" \t>|"))
    trimmed = _FAQ_MARK.sub("", _NUMBER_MARK.sub("", piece.strip(" \t-*>|•"), count=1), count=1)
    return (opening.group(1) if opening else "") + trimmed


def tables_as_rows(text: str, between: str = "\n") -> str:
    """The text with each Markdown table written as its rows, `between` them, each read with its columns' headers
    (as `split_sentences` reads them): a snippet of a passage shows "Plan: Team; Price: $12" rather than pipes."""
    return "\n".join(block if isinstance(block, str) else between.join(_rows_read(block))
                     for block in table_blocks(text))


def _rows_read(table: Table) -> list[str]:
    """A table's rows, each as one sentence with every cell after its column's header: "Paper: A4 double-sided; Black
    and white: 8p per sheet"; a cell without a header as it is, an empty cell left out, an empty row none."""
    return [read for read, _ in _rows_with_keys(table) if read]


def _rows_with_keys(table: Table) -> list[tuple[str, str]]:
    """Each row of a table as `_rows_read` reads it, with its first cell that is not empty: what the row is about."""
    headers = table.headers
    rows = []
    for line in table.rows:
        row = cells(line)
        rows.append(("; ".join(f"{header}: {cell}" if header and header != cell else cell
                               for header, cell in zip([*headers, *[""] * len(row)], row) if cell),
                     next((cell for cell in row if cell), "")))
    return rows


def row_keys(text: str) -> dict[str, list[str]]:
    """Each table row of `text`, as `split_sentences` reads it, with the cells naming what the row is about: its first
    cell ("구분: 지문; 등록 가능 수량: 100개" is the row of "지문"), and its short cell of words in a column whose rows
    differ (`_naming_columns`): "구분: 종합검진; 코드: P-02; 프로그램·검사명: 새봄 스탠다드; …; 금액: 390,000원" is the
    row of "새봄 스탠다드" too, its first cell being the kind of programme that other rows share."""
    keys = {}
    for block in table_blocks(_as_read(text)):
        if isinstance(block, Table):
            naming = _naming_columns(block)
            for (read, key), line in zip(_rows_with_keys(block), block.rows):
                row = cells(line)
                keys[read] = [key, *(row[at] for at in naming if at < len(row) and row[at] and row[at] != key)]
    keys.pop("", None)
    return keys


def _naming_columns(table: Table) -> list[int]:
    """The columns of a table whose cells name their rows: every cell a few words without a digit, no two alike
    (a programme's or a product's name; not a category the rows share, an amount or a time)."""
    rows = [cells(line) for line in table.rows]
    columns = range(max((len(row) for row in rows), default=0))
    named = []
    for at in columns:
        column = [row[at] if at < len(row) else "" for row in rows]
        if (len(column) > 1 and len(set(column)) == len(column)
                and all(cell and len(cell.split()) <= _NAME_WORDS and not _DIGIT.search(cell) for cell in column)):
            named.append(at)
    return named


def _cut_at_boundaries(text: str) -> list[str]:
    """The text cut at its sentence boundaries, but not at a stop inside brackets that close later on the line: "RAGAS
    metrics (context recall, ROUGE, semantic similarity. With a judge LLM, faithfulness too) and …" is one sentence,
    and the answer quoting its first half ended on "semantic similarity." with the bracket open."""
    pieces, start = [], 0
    for boundary in _BOUNDARY.finditer(text):
        piece = text[start:boundary.start()]
        line_end = text.find("\n", boundary.end())
        rest_of_line = text[boundary.end():line_end if line_end >= 0 else len(text)]
        if "\n" not in boundary.group() and inside_brackets(piece, rest_of_line):
            continue
        pieces.append(piece)
        start = boundary.end()
    return [*pieces, text[start:]]


def inside_brackets(before: str, rest: str) -> bool:
    """Whether a place in a line, with `before` it and the `rest` of the line after, is inside brackets: "Amount (inc.
    VAT): £150" has no sentence end after "inc."."""
    return before.count("(") > before.count(")") and _closes(rest)


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
    lead_line: tuple[str, ...] = ()  # the sentences of the line of text before it, `lead_in` last

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
    indent = 0  # how far the current list's items are indented
    for line in join_wrapped_lines(text).split("\n"):
        item = LIST_ITEM.match(line)
        numbered = bool(item) and item["marker"][0].isdigit()
        # a list opens at most _TEXT_INDENT in (a plain text indents its lists under indented text); its items are no
        # further in than its first, or than _ITEM_INDENT; deeper ones belong to an item
        goes_on = _numbers_on(current, item)
        if item and (goes_on or len(item["indent"]) <= (max(indent, _ITEM_INDENT) if current is not None
                                                         else _TEXT_INDENT)):
            if current is None or found[-1][1] != numbered:
                current = []
                found.append((before, numbered, current))
            if goes_on or not current:
                indent = len(item["indent"])
            current.append(line)
        elif current is not None and line.strip() and line.startswith(("  ", "\t")) and (
                len(line.expandtabs()) - len(line.expandtabs().lstrip()) > indent):  # further in than its items
            current[-1] += " " + line.strip()
        elif line.strip():
            current, before = None, line
    lists = []
    for before, numbered, items in found:
        if len(items) >= 2:
            line = tuple(split_sentences(before)) if before else ()
            # a line ending with a colon opens its list, and so does a label in brackets ("[지역별 가구 직배송비]" over
            # "- 수도권(서울·경기·인천): 39,000원": the region's row says what of)
            labelled = bool(before) and bool(_LABEL_IN_BRACKETS.fullmatch(before))
            lead_in = line[-1] if line else before.strip() if labelled else None
            opening = lead_in if lead_in and (lead_in.endswith(":") or labelled) else None
            # a short item is one all the same ("한부모가족 지원 대상자", "Photo ID"): a list read whole leaves none out
            lists.append(TextList([said for item in items if (said := split_sentences(item) or _item_text(item))],
                                  numbered or _says_its_order(items), opening, lead_in, line))
    return lists


_LABEL_IN_BRACKETS = re.compile(r"\s*[\[【][^\]】\d][^\]】]{0,29}[\]】]\s*")


def _item_text(item: str) -> list[str]:
    """A list item's text without its marker, when it holds a word, as one sentence."""
    text = _trimmed(LIST_ITEM.sub("", without_emphasis(item), count=1))
    return [text] if any(char.isalpha() for char in text) else []


def _numbers_on(items: list[str] | None, item: re.Match | None) -> bool:
    """Whether a numbered item goes on numbering a numbered list however far in it is ("2) …" then "    3) …": a
    chunk's text opens without its first line's indent)."""
    if not items or item is None or not item["marker"][0].isdigit():
        return False
    last = LIST_ITEM.match(items[-1])
    return bool(last) and last["marker"][0].isdigit() and int(item["marker"][:-1]) == int(last["marker"][:-1]) + 1


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
    """The numbered list right after `sentence`'s line in `text`, however the sentence ends: "If the branch is closed
    when you arrive, you can use the Key Drop box." goes on with the steps of using it, which a question asking how
    to return a car after hours asks for; so does "Most damage in storage comes from poor packing." before "We
    recommend these steps:" on its line. Any list after a sentence saying one follows (`points_ahead`). None when no
    such list follows it, or after the line's last sentence saying so: "You can pause a membership once a year." goes
    on with the list after "To pause or cancel, follow these steps:" on its line."""
    any_list = points_ahead(sentence)  # "다음에 해당하는 분은 …" may be followed by any list
    return next((found for found in lists_in(text) if sentence in found.lead_line and (
        found.numbered or any_list or said_ahead(found))), None)


def said_ahead(found: TextList) -> str | None:
    """The sentence of the line before a list that says the list follows ("견적은 아래 순서로 진행됩니다.", "To pause or
    cancel, follow these steps:"), the last such, or None."""
    return next((sentence for sentence in reversed(found.lead_line) if points_ahead(sentence)), None)


def points_ahead(sentence: str) -> bool:
    """Whether the sentence says that what it speaks of follows it: "다음에 해당하는 분은 수수료를 내지 않습니다.",
    "The following items are not covered."."""
    return bool(_POINTS_AHEAD.search(sentence))


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


def steps_going_on(text: str, sentence: str) -> TextList | None:
    """The numbered steps `text` opens with when they go on from a list before it (the first numbered later than 1:
    a chunk cut from a long section, or a PDF's next page) and hold `sentence`. A single step is no list of its own
    (`lists_in`), yet it is one step of a procedure: "5) 다음 날 아침까지 피가 멈추지 않으면 병원으로 연락해 주세요."
    opened a chunk, the four steps before it ending the chunk before."""
    steps = steps_at_start(text)
    if (first_step_number(text) or 1) > 1 and any(sentence in step for step in steps):
        return TextList(steps, True)
    return None


def first_step_number(text: str) -> int | None:
    """The number of the numbered item `text` opens with ("2) …" -> 2), or None when it opens with anything else."""
    item = LIST_ITEM.match(join_wrapped_lines(text).lstrip("\n"))
    return int(item["marker"][:-1]) if item and item["marker"][0].isdigit() else None


def _numbered(line: str) -> bool:
    item = LIST_ITEM.match(line)
    return bool(item) and item["marker"][0].isdigit() and len(item["indent"]) <= _TEXT_INDENT


# a line labelling the text after it: "By phone:", "Online or in the app:", "방문 신청:"
_LABEL_LINE = re.compile(r"^[^\s:|#>*`-][^:|]{0,40}:$")
_LABEL_WORDS = 5


# a paragraph opening with a short label of its own ("**Northgate:** a five-minute walk …", "강남점: …"); unmarked,
# of a few words, not a clause ("ragloop supports English and Korean: …") nor a name's gloss ("The Normans (Norman:
# Nourmands; French: Normands) were …")
_INLINE_LABEL = re.compile(r"\s*(?P<marked>\*\*|__)?(?P<label>\w[^:.!?*_()\n]{0,40}?)(?:\*\*|__)?:(?:\*\*|__)?\s+\S")
_INLINE_LABEL_WORDS = 3


def _labels(line: str) -> bool:
    """Whether the line is a short one ending with a colon that labels the text after it ("By phone:")."""
    return bool(_LABEL_LINE.match(line.strip())) and len(line.split()) <= _LABEL_WORDS


def labelled_by(text: str, openings: dict[str, str] | None = None) -> dict[str, str]:
    """Each sentence of `text` under a label line (`_labels`), with its label: the text the label goes on to, or
    every step of a list the label introduces ("Online or in the app:" and its steps, "By phone:" and its text).
    `openings`: the text's `item_openings`, when already read."""
    labels = {line.strip() for line in text.split("\n") if _labels(line)}
    if not labels:
        return {}
    openings = item_openings(text) if openings is None else openings
    under = {sentence: label for sentence, label in openings.items() if label in labels}
    for found in lists_in(text):
        if found.opening in labels:
            under.update({sentence: found.opening for sentence in found.steps})
    return under


def item_openings(text: str) -> dict[str, str]:
    """Each later sentence of a list item of several, with the item's first sentence: the item is a small section
    about what its first sentence names, and the rest goes on about it ("`secret_key`: a random string … used to sign
    cookies. Changing it signs out every user." answers what changing the key used to sign cookies does). The first
    sentence of an item of a list introduced by a sentence ending with a colon goes on with that sentence: "a
    refuelling service fee of £20" is what is charged "If the car comes back with less than a full tank". So does
    each sentence of the text a short line ending with a colon labels: "Call the automated line on (555) 014-2299."
    after "By phone:" tells how to do it by phone. An item of a list nested in an item goes on with that item's
    first sentence: "지원 금액: 월 30만원" under "3) 한빛드림 생활비장학금" is that scholarship's amount. So does a
    paragraph a short label opens, as an item: "There is a free car park behind the studio." after "Northgate: a
    five-minute walk from the station." is Northgate's."""
    openings = {}
    label, said = None, False  # a short line ending with a colon ("By phone:"), and whether text went on from it
    parents: list[tuple[int, str]] = []  # the items further out than the next one, with their first sentences
    for line in join_wrapped_lines(text).split("\n"):
        if found := LIST_ITEM.match(line):
            item, indent = split_sentences(line), len(found["indent"].expandtabs())
            openings.update({sentence: item[0] for sentence in item[1:]})
            parents = [(depth, first) for depth, first in parents if depth < indent]
            if parents and item and item[0] not in openings:  # an item of a list nested in an item goes on with it
                openings[item[0]] = parents[-1][1]
            parents += [(indent, opened[0])] if (opened := item or _item_text(line)) else []
            said = said or label is not None  # a list is the text it labels: the paragraph after it is not
        elif _labels(line):
            label, said = line.strip(), False
        elif label and line.strip() and not line.lstrip().startswith(("#", "|")):
            openings.update({sentence: label for sentence in split_sentences(line)})
            said = True
        elif said or line.strip():
            label = None  # a blank line after its text, or a heading or a table, ends what it labels
            if (found := _INLINE_LABEL.match(line)) and len(found["label"].split()) <= (
                    _LABEL_WORDS if found["marked"] else _INLINE_LABEL_WORDS):
                paragraph = split_sentences(line)
                openings.update({sentence: paragraph[0] for sentence in paragraph[1:]})
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
