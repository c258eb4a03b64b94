"""The extractive generator: answers with the retrieved sentences that best answer the question, no LLM.

Sentences are ranked by how well they answer the question: their dense similarity to it (when the embedder
understands the question's language; read above what unrelated texts reach, as multilingual-e5 crowds every pair into
a high band), the share of the question's terms they hold (a term of their document's title or heading path
counting most of one they hold themselves, as a sentence is about what its section is about; words stemmed, Korean
cut into morphemes, so it works in both; each term weighing by how few of the candidate sentences hold it,
`distinguishing_weights`; a misspelt word read as the passages spell it, `answer.spelling`), and their chunk's rank;
a sentence holding the email address, phone number or web address a question asks for counts more, as does one
telling the reader what to do when the question asks how to do something, and, less, one holding the number or
date asked for (`answer.answer_kinds`). The answer leads with the best one; a further sentence is added only when it
answers the question nearly as well (its relevance, leaving the chunk's rank and the kind of answer asked for aside,
at least KEEP_RATIO of the lead's), does not repeat a chosen one (a novelty check), and is no instruction holding only
the question's verb ("Add `--json` …" after the answer to "How do I add documents?"). Under a section heading that
says what the question asks, every sentence holds the heading's words, and the one opening the section counts more
(a FAQ's answer); when the question asks how to do something, so do the steps of a numbered list in such a section
("Restoring a backup" tells how to restore one, more than a sentence elsewhere that names restoring in passing).
When the question asks how to do something and the lead is a step of a numbered list, or the lead introduces such a
list ("If changes do not show up on another device:"), the answer is the list's steps in order
(`list_around`), on into the section's next chunk when the search found it (`_list_going_on`); so is a list of any
kind that the lead introduces. A sentence that opens by referring back ("It creates …", "이 스크립트는 …") holds the
terms of the sentence before it, which names what it speaks of, and is written after it; so does a later sentence of
a list item with the item's first sentence (`item_openings`). A question the page asks itself (a FAQ's "Is there IT
help in halls?") is no answer: the sentences after it answer it and hold its terms; the first is written after it
when it reads only with it ("Yes, …", "It is.", `_needs_its_question`). A bulleted list whose items say their order
("First …", "Then …") is steps, as a numbered one is (`answer.sentences.lists_in`).
Over pages in two languages, a sentence in the question's language leads one in another that answers alike, and the
answer speaks its lead's language only.
Each sentence carries the citation marker of its chunk.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Protocol

import numpy as np

from answer.answer_kinds import (CONTACT_WORDS, PRICE_UNITS, asked_contact, asked_verb, asks_clock_time, asks_duration,
                                 asks_frequency, asks_meaning, asks_measure, asks_place, asks_price, asks_reduction,
                                 asks_steps, defines, expected_kind, gives_price, holds_clock_time, holds_count_asked,
                                 holds_duration, holds_frequency, holds_kind, holds_measure, holds_place,
                                 holds_time_from_now, in_range_of, instruction_verb, instructs, korean_deed,
                                 names_money, price_words, says_what_to_do, task_heading, task_verbs, tells_how,
                                 without_prices, without_quantity_word, without_reductions, without_request_words)
from answer.sentences import (LIST_ITEM, TextList, first_step_number, item_openings, labelled_by, list_around, lists_in,
                              points_ahead, quoted, row_keys, said_ahead, signposts, split_sentences, steps_after,
                              steps_at_end, steps_at_start, steps_going_on, without_emphasis)
from answer.spelling import (SPANS_OF_THE_WEEK, as_the_passages_spell, plain_phrases_meant, plain_word_meant,
                             said_with_noun, week_meant, word_meant)
from core.embeddings import Embedder, similarity_above_unrelated
from retrieval import Hit, joined_at_hyphens, language_of, read_in_language

NOVELTY_LIMIT = 0.9  # a candidate this similar to a chosen sentence repeats it
QUOTED_QUESTION_TAIL = 20  # characters after a quoted question's mark: its quotes, "in the chat", not an answer
CASE_ASKED = 0.5  # a qualifying sentence holding this much more of the question than its rule is asked of itself
KEEP_RATIO = 0.8  # a further sentence whose relevance is under this share of the lead's is off the point
# a further sentence of the lead's passage holding COMPLETES_TERMS of the question's terms, COMPLETES_SHARE of it (its
# terms weighed as they tell the sentences apart), that the sentences chosen lack says the rest of what is asked, at
# COMPLETES_RATIO of the lead's relevance: "청소년 관람불가 영화 입장 시 학생증을 신분증으로 인정하나요?" led with "… 입장할 때
# 직원이 신분증을 확인합니다", which holds most of its words, and the next line, "… 신분증을 인정하며 학생증은 인정하지
# 않습니다", was left out; one term more is no rest ("complaint response time": "… take your complaint to the Ombudsman")
COMPLETES_TERMS = 2
COMPLETES_SHARE = 0.2
COMPLETES_RATIO = 0.6
OTHER_WAY_PENALTY = 0.3  # a sentence under a label naming another way than the one asked (`_other_ways`)
# the terms of the words for a procedure, any of which a heading may say for the question's ("절차" for "수속")
PROCEDURE_TERMS = frozenset({"방법", "절차", "수속", "순서", "과정", "요령", "step", "procedur", "process", "instruct"})
SECTION_MATCH = 0.5  # a section heading holding this share of the question's terms says what it asks
# an English heading announcing a procedure ("How to Rent Equipment", "Steps to reset your PIN"): to a question
# asking how, it says that part of what is asked (`_heading_terms`)
_HOW_TO_HEADING = re.compile(r"^\W*(?:how\s+(?:to|do\s+(?:i|you|we))|steps?\s+(?:to|for))\b", re.IGNORECASE)
_ASKED_HOW = "\0how"  # the term standing for the "how" of a question asking how; no text's term is
_ITEM_LABEL = re.compile(r"^\s*([^:()\d]{1,40}?)\s*(?:\([^)]*\))?\s*:")  # a list item's "Team: …", "Free ($0): …"
# a line of a command's reference: its options, then what they do, after two spaces or more
_OPTION_ROW = re.compile(r"(?m)^[ \t]*(-{1,2}[A-Za-z][^\n]*?)[ \t]{2,}(?=[^\s-])[^\n]+$")
_OPTION_NAME = re.compile(r"(?<![\w-])-{1,2}([A-Za-z][\w-]*)")
SECTION_OPENING_WEIGHT = 0.1  # the sentence opening such a section answers it (`_heading_terms`)
LABEL_WORDS = 4  # a label line read with the lines under it is at most this long ("Opening hours:")
LABEL_WEIGHT = 0.1  # more for a list item labelled with what a question asking for no kind of answer asks about
ROW_NAMED_WEIGHT = 0.2  # a table row whose first cell the question names leads (`_names_row`); not more relevant
# the sentence right after the page's own question that asks what the question asks (a FAQ's) leads as well
PAGE_QUESTION_WEIGHT = ROW_NAMED_WEIGHT
SAME_QUESTION = 0.75  # the share of each question's terms the other holds when both ask the same (`_asks_the_same`)
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")  # "Adult (16–64)" names adults
SECTION_STEPS_WEIGHT = 0.3  # a step of a numbered list in such a section tells what a question asking how asks
TITLED_STEPS_WEIGHT = 0.15  # the same when the heading says it only with its page's title (`_names_the_task`)
# a question's term that a sentence's document title or heading path holds counts this share of one the sentence
# holds itself: "Archives are kept for 14 days", under "Backup and restore", is about backups (`_context_terms`)
CONTEXT_CREDIT = 0.75
# what is quoted ("…", “…”), and a quoted question, which makes every quote of its sentence an example (`held_terms`)
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')
_QUOTES_A_QUESTION = re.compile(r'"[^"]*[?？]"|“[^”]*[?？]”')
_TO_DO = re.compile(r"\s*To ([a-z]+)\b")  # a sentence saying what it tells how to do: "To cancel, go to …"
PLACE_TIE = 0.01  # chunks scored within this share of a better one stand in its place (`places`)
LANGUAGE_TIE = 0.05  # the same for a chunk in the question's language below one in another (`places`)
OWN_LANGUAGE_CREDIT = 0.03  # a sentence in the question's language leads one in another that answers alike
OTHER_LANGUAGE_PENALTY = 0.3  # one in another, when a passage in its language is found as high and holds as much
MAX_STEPS = 8  # the items of a list written whole (`list_around`)
KEPT_SENTENCES = 20_000  # sentence vectors kept between questions (about 30 MB at 384 dimensions)
# How much each signal counts: (dense similarity, term coverage, chunk rank); without dense, the others share.
WEIGHTS_WITH_DENSE = (0.5, 0.3, 0.2)
WEIGHTS_WITHOUT_DENSE = (0.0, 0.7, 0.3)
ASKED_KIND_WEIGHT = 0.3  # a sentence holding the way to get in touch or the price asked for (`answer_kinds`)
IN_RANGE_WEIGHT = 0.1  # a sentence giving a range that holds the number the question tells of (`in_range_of`)
COMMON_KIND_WEIGHT = 0.15  # a sentence holding a number or a date asked for: many hold one, so it counts less
COMMON_KINDS = ("number", "date")
# A sentence opening with a word that points back at the one before it (a demonstrative or a pronoun)
_REFERS_BACK = re.compile(r"(?:(?:this|these|that|those|it|its|they|their|such)\b|(?:이|그|이런|그런|이러한|그러한|이것|그것)"
                          r"(?:은|는|이|가|을|를|의|에|도)?\s)", re.IGNORECASE)
# a sentence opening with what it says of the one before it: "This is …", "That means …", "이 경우 …", "이는 …"
_SAYS_OF_THE_LAST = re.compile(r"(?:this|that|these|those)\s+(?:is|are|was|were|means?|meant|will|would|can|may|also)\b"
                               r"|such\b|(?:이는|이것은|그것은|이\s*경우|그\s*경우|이때|그때|이 때문에|그래서)",
                               re.IGNORECASE)
_YES_OR_NO = re.compile(r"(?:yes|no|not|sure|absolutely|unfortunately|of course|certainly|네|예|아니요|아니오|아뇨|"
                        r"물론|가능합니다|불가능합니다|안 됩니다|됩니다)(?:\b|[,.!])", re.IGNORECASE)
SHORT_ANSWER_WORDS = 4  # an answer this short ("You can.", "Only on weekdays.") reads only after its question
_ASKS = re.compile(r"[?？][\"')\]]*$")  # a sentence asking: a page's question (a FAQ's) is no answer, what follows is
_ASKED_MARK = re.compile(r"^(?:Q\s*\d*\s*[.:)]|질문\s*[.:)]|문\s*[.:)])\s*", re.IGNORECASE)  # "Q. 주차가 되나요?"
_PRONOUN = re.compile(r"(?:it|its|they|their)\b", re.IGNORECASE)  # what a chain of such sentences goes on about
_SPELT_WORD = re.compile(r"[A-Za-z]+|[가-힣]+")  # the words a misspelling can be read in (`as_the_passages_spell`)
_LATIN_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Evidence:
    """One sentence the generator chose, with the hit it came from and how well it answers the question."""

    sentence: str
    hit: Hit
    score: float
    similarity: float | None  # dense, when the embedder understands the language; read in the question's language
    coverage: float  # share of the question's terms present
    relevance: float = 0.0  # how well it answers the question, its chunk's rank left aside
    asked_kind: float = 0.0  # the part of `relevance` that is for holding the kind of answer asked for (`_asked_kind`)
    context: float = 0.0  # the part of `relevance` that is for its title's and headings' terms (`CONTEXT_CREDIT`)
    only_the_verb: bool = False  # of the question's terms, it holds only its opening verb (`_holds_only_the_verb`)
    item_rest: tuple[str, ...] = ()  # the rest of the list item it opens, labelled with what is asked
    item_opening: str = ""  # the first sentence of the list item it goes on with (`item_openings`)
    # found with the others, but says nothing more: a further sentence holding of the question only names every page
    # holds (`select`'s `everywhere`); it counts in the confidence, which was fitted on answers with such sentences,
    # and is not written
    aside: bool = False


@dataclass
class Draft:
    """What a generator wrote: `[n]` markers name retrieved chunks by position (from 1), not yet checked."""

    text: str
    generator: str
    prompt_name: str
    prompt_version: str
    refused: bool = False  # the generator itself found no answer in the chunks
    attempts: list[dict] = field(default_factory=list)  # each endpoint tried: generator, outcome, error, ms
    guard_events: list[dict] = field(default_factory=list)
    usage: dict = field(default_factory=dict)  # {model, prompt_tokens, completion_tokens} of a paid call
    prompt_origin: str = "repository"  # or "langfuse": the prompt version came from Langfuse prompt management


class Generator(Protocol):
    """What writes an answer from the retrieved chunks and the evidence sentences: the extractive generator, an LLM
    endpoint (`answer.llm.ChatGenerator`) or a chain of them (`answer.llm.FallbackChain`). One that can also stream
    has `stream(question, hits, *, evidence)` yielding text pieces, then the Draft."""

    name: str

    def generate(self, question: str, hits: list[Hit], *, evidence: list[Evidence]) -> Draft: ...


class ExtractiveGenerator:
    """Selects the evidence (`select`) for every generator's confidence, and writes answers from it (`generate`)."""

    name = "extractive"
    prompt_name, prompt_version = "extractive", "3"

    def __init__(self, *, embedder: Embedder, terms: Callable[[str], list[str]], max_sentences: int = 3):
        self.embedder = embedder
        self.terms = lru_cache(maxsize=KEPT_SENTENCES)(terms)  # text -> normalised terms (the BM25 tokeniser)
        self.vectors = SentenceVectors(embedder)
        self.max_sentences = max_sentences

    def generate(self, question: str, hits: list[Hit], *, evidence: list[Evidence]) -> Draft:
        evidence = [item for item in evidence if not item.aside]
        leading = _leading_kind(question, self.naming_terms(question))
        evidence = _antecedents_first(_procedure_in_order(evidence) if leading == "steps" else evidence)
        positions = {hit.id: n for n, hit in enumerate(hits, start=1)}
        chosen = {item.sentence for item in evidence}
        # a question about a thing in general reads the whole item of a list labelled with it ("What's included in
        # the Team plan?": its price and then what it includes), not its first sentence alone
        in_general = leading in (None, "meaning")
        whole = {item.sentence: item.item_rest for item in evidence} if in_general else {}
        # a list item's sentence that gives the kind of answer asked for is written without the item's opening
        gives = _gives_what_is_asked(question, leading) if leading != "steps" else None
        asked = self.asked_terms(question)
        within = {sentence for rest in whole.values() for sentence in rest}  # written with the item they are in
        written, said = [], set()  # each sentence written once, a list item's opening before the rest of it
        for item in evidence:
            if item.sentence in within or item.sentence in said:
                written.append("")
                continue
            opening = item.item_opening if item.item_opening and item.item_opening not in said and (
                _needs_its_question(item)) and not self._answers_alone(item, gives, asked, leading == "steps") else ""
            sentences = [opening or _with_what_it_refers_to(item, chosen), *([item.sentence] if opening else []),
                         *whole.get(item.sentence, ())]
            said.update([item.sentence, *([opening] if opening else [])])
            written.append(f"{quoted(' '.join(sentences))} [{positions[item.hit.id]}]")
        found = list_around(evidence[0].hit.text, evidence[0].sentence) if evidence else None
        if found is None and evidence and _next_chunk(evidence[0].hit, hits, -1):  # its first steps are there
            found = steps_going_on(evidence[0].hit.text, evidence[0].sentence)
        # asked how, a lead that a numbered list follows goes on with its steps, whether it ends with a colon or not
        # so does one saying that a list follows ("다음에 해당하는 분은 수수료를 내지 않습니다.")
        followed = found is None and bool(evidence) and (asks_steps(question) or points_ahead(evidence[0].sentence))
        found = found or (steps_after(evidence[0].hit.text, evidence[0].sentence) if followed else None)
        opened = found is not None and (evidence[0].sentence == found.opening
                                        or (followed and evidence[0].sentence in (found.lead_in, *found.lead_line)))
        # steps are written whole when the question asks how, or when their section's heading says what it asks
        # ("vpn client" under "Installing the VPN client"): one step alone tells nothing
        whole_list = found is not None and found.numbered and (
            asks_steps(question) or bool(self._heading_terms(evidence[0].hit, self.asked_terms(question), hits)))
        if found and (opened or whole_list):
            # the whole list, as a list and in order (after the sentence opening it, when that leads), then what else
            # answers the question
            n = positions[evidence[0].hit.id]
            items = _list_going_on(found, evidence[0].hit, hits)
            listed = "\n".join((f"{number}. " if found.numbered else "- ")
                                + " ".join(f"{quoted(sentence)} [{positions[chunk.id]}]" for sentence in item)
                                for number, (item, chunk) in enumerate(items[:MAX_STEPS], start=1))
            # (with the sentence after it on its line that says the list follows: "To pause, follow these steps:")
            said_first = list(dict.fromkeys(filter(None, [evidence[0].sentence, said_ahead(found)])))
            lead = " ".join(f"{quoted(sentence)} [{n}]" for sentence in said_first) + "\n" if opened else ""
            steps = {sentence for item, _ in items for sentence in item}
            others = [text for text, item in zip(written[1:], evidence[1:])
                      if text and item.sentence not in steps and item.sentence not in (found.opening, *said_first)]
            text = lead + listed + ("\n\n" + " ".join(others) if others else "")
        else:
            # a lead ending with a colon goes on with what it introduces ("… or with the CLI:" and the command)
            follows = _said_after(evidence[0]) if evidence and evidence[0].sentence.endswith(":") else None
            # (a further sentence ending with a colon, without what it introduces, says nothing: "To pause or cancel,
            # follow these steps:")
            texts = [text for at, (text, item) in enumerate(zip(written, evidence)) if text and item.sentence != follows
                     and not (at and item.sentence.rstrip(" *_").endswith((":", "：")))]
            if follows:
                texts.insert(1, f"{quoted(follows)} [{positions[evidence[0].hit.id]}]")
            text = " ".join(texts)
        return Draft(text, self.name, self.prompt_name, self.prompt_version, refused=not evidence,
                     attempts=[{"generator": self.name, "outcome": "ok" if evidence else "no evidence"}])

    def _answers_alone(self, item: Evidence, gives: Callable[[str], bool] | None, asked: list[str],
                       asked_how: bool) -> bool:
        """Whether a sentence going on with its list item's opening answers without it: it gives the kind of answer
        asked for (`gives`) and the opening does not, it holds as many of the question's terms as the opening, and it
        does not refer back to it. "A replacement badge costs £10." answers what a replacement costs, and leads;
        the opening of its item ("Lost or stolen badges: if your badge is stolen, report it to the police …") would
        lead instead. An opening introducing it ("Riverside, Old Town and Northgate:") says what it is true of, and
        stays. Asked for nothing in particular, it answers alone when it holds more of the question's terms than the
        opening: "Our ODS code is FXK42." for "What is Medlane's ODS code?", under "NHS electronic prescription (EPS):
        nominate Medlane as your pharmacy …". Asked how (`asked_how`), the opening may be the instruction ("Online:
        open the app and tap Pause.") and stays, unless it says nothing of what to do and the sentence does: "Ask
        for a hint by pressing the blue button" answers without "Each group gets 3 free hints."."""
        if ((asked_how and (says_what_to_do(item.item_opening) or not says_what_to_do(item.sentence)))
                or _ASKS.search(item.item_opening) or item.item_opening.rstrip(" *_").endswith((":", "："))
                or _REFERS_BACK.match(item.sentence)):
            return False
        if asked_how:
            return True
        held, opening_held = coverage(asked, self.terms(item.sentence)), coverage(asked, self.terms(item.item_opening))
        if gives is None:
            return held > opening_held
        # an opening giving that kind too answers less when it holds far fewer of the question's words: "Press and
        # hold the 2-cup button for 5 seconds." is not how long the backflush that the item's next sentence names takes
        return gives(item.sentence) and held >= opening_held and (
            not gives(item.item_opening) or held >= opening_held + CASE_ASKED)

    def as_the_passages_spell(self, question: str, texts: list[str]) -> str:
        """The question with each misspelt word written as the passages write the word meant (`answer.spelling`):
        "contact emial" is read as "contact email", "스켈링 보험" as "스케일링 보험", "주말에" as "토요일 일요일에" over
        pages naming the days, "get my money back" as "get a refund" over pages saying "refund", for its terms and for
        the kind of answer it asks for. The words naming a way to get in touch count as used
        (`answer_kinds.CONTACT_WORDS`): the passage that holds the address may not name it."""
        texts = [*texts, CONTACT_WORDS]
        held = [set(self.terms(text)) for text in texts]
        vocabulary = set().union(*held)
        asked = set(self.terms(question))
        written: dict[str, str] = {}  # the texts' words as written, with their terms, once a word needs them

        def beside_the_rest(word: str) -> int:  # the texts holding the word and another of the question's terms
            return sum(word in terms and bool(terms & asked - {word}) for terms in held)

        def meant(word: re.Match) -> str:
            typed = self.terms(word.group(0))
            latin = bool(_LATIN_WORD.fullmatch(word.group(0)))
            if len(typed) == 1 and (days := week_meant(typed[0], vocabulary)):  # "weekends": "Saturday Sunday"
                return word.group(0).replace(word.group(0) if latin else typed[0], " ".join(
                    day.title() if latin and day not in SPANS_OF_THE_WEEK else day for day in days))
            if len(typed) != 1 or typed[0] in vocabulary:
                return word.group(0)
            if plain := plain_word_meant(typed[0], vocabulary, fit=beside_the_rest):  # "갈아야" over "교체": "교체해야"
                return self._written(plain, texts) if latin else said_with_noun(word.group(0), typed[0], plain)
            read = as_the_passages_spell(typed, vocabulary)[0]
            if read != typed[0]:  # English as the texts write the word; Korean: the morpheme, its particle kept
                return self._written(read, texts) if latin else word.group(0).replace(typed[0], read)
            if not latin:
                return word.group(0)
            if not written:  # its stem fits none of theirs: the words compared as written
                written.update({w: t[0] for w in {w.lower() for text in texts for w in _LATIN_WORD.findall(text)}
                                if len(t := self.terms(w)) == 1})
            return word_meant(word.group(0), typed[0], written) or word.group(0)

        return _SPELT_WORD.sub(meant, plain_phrases_meant(question, vocabulary, texts))

    def _written(self, term: str, texts: list[str]) -> str:
        """A word of the texts whose term is `term` (a stem is not always the stem of itself: "releas")."""
        for text in texts:
            for word in _LATIN_WORD.findall(text):
                if self.terms(word) == [term]:
                    return word.lower()
        return term

    def asked_terms(self, question: str) -> list[str]:
        """The terms of what the question is about, without the words that only ask to be told
        (`answer_kinds.without_request_words`); a question of nothing else ("What does it mean?") keeps its own."""
        return self.terms(without_request_words(question)) or self.terms(question)

    def naming_terms(self, question: str) -> list[str]:
        """The question's terms that name the email address, phone number, web address or price it asks for: a text
        holding one holds them (`held_terms`)."""
        contact = asked_contact(question)
        return self.terms(contact[1] if contact else price_words(question))

    def held_terms(self, question: str, text: str, naming: list[str]) -> list[str]:
        """A text's terms, a word written with a hyphen also as one word (`joined_at_hyphens`: "re-gas" holds the
        "regas" asked); with the words naming the way to get in touch the question asks for when the text holds
        one: "write to support@quillbase.example" holds the "support email address"; with the question's word for
        a procedure when the text says one ("입실 절차" holds the "수속" of "입실 수속은 어떻게 하나요?"); and with the
        question's Korean nouns its compounds are written from (`_with_compound_heads`). What a sentence quoting a
        question quotes is an example, not what it says (`_QUOTED`): "A follow-up question that points back ("Which
        port does it use?") is searched together with the question before it" is not about ports."""
        asked = self.terms(question)
        text = _QUOTED.sub(" ", text) if _QUOTES_A_QUESTION.search(text) else text
        terms = _with_compound_heads(_with_procedure_words(self.terms(text) + joined_at_hyphens(text), asked), asked)
        return terms + naming if naming and holds_kind(question, text) else terms

    def select(self, question: str, hits: list[Hit], *, everywhere: frozenset[str] = frozenset()) -> list[Evidence]:
        """The sentences that answer, best first. `everywhere`: the question's terms most of the collection's
        documents hold (its product's name), which make no further sentence on the point."""
        meant = self.as_the_passages_spell(question, [labelled_text(hit) for hit in hits])
        asked, naming = self.asked_terms(without_quantity_word(meant)), self.naming_terms(meant)
        # (sentence, its chunk's rank, the chunk, the sentence's terms, with its section heading's when that says
        # what the question asks, and whether it opens such a section); terms are computed once
        candidates = []
        leading = _leading_kind(meant, naming)
        in_general = leading in (None, "meaning")  # it asks for no particular kind of answer
        # when the question asks what to do, the steps of numbered lists and the sentences opening them tell it; a
        # step is about what its list's opening sentence says ("If changes do not show up on another device:")
        steps: dict[str, list[str]] = {}
        # steps of a numbered list under a heading saying what is asked, with their credit
        section_steps: dict[str, float] = {}
        named_rows: set[str] = set()  # table rows the question names (`_names_row`): one of them leads
        # the sentence right after each question the page asks itself, with the share of what is asked it says
        answering: dict[str, float] = {}
        other_task = self._other_task(meant, hits)
        deed = self.deed_terms(meant) if leading == "steps" else []
        asked_how = leading == "steps" and language_of(meant) != "ko"  # a Korean heading names its deed (`deed`)
        for rank, hit in enumerate(hits):
            another_section = other_task(task_heading(self._own_heading(hit)))
            heading = [] if another_section else self._heading_terms(hit, asked, hits, deed, asked_how)
            context = self._context_terms(hit)
            labelled = self._labelled_items(hit, asked)
            rows = row_keys(hit.text)
            openings = item_openings(hit.text)
            other_way = self._other_ways(hit, asked, openings)  # no credit for the section's steps either
            # so is what a section or a list naming another deed than the one asked tells (`_other_task`)
            other_way |= ({*split_sentences(hit.text)} if another_section
                          else {step for listed in lists_in(hit.text) if other_task(listed.opening)
                                for step in listed.steps})
            # the last question the page asks itself (a FAQ's), which the sentences after it answer: a section's
            # heading asking one ("Q. 주차가 되나요?") is asked before its text
            section = _ASKED_MARK.sub("", section_heading(hit).strip())
            page_asks = section if _ASKS.search(section) else ""
            before = page_asks  # the sentence before, which one opening by referring back is about
            # every sentence of a line asking one ("**비밀번호를 5번 틀렸어요. 다시 쓸 수 있나요?**"), or marked as the
            # page's question ("Q. 결과서를 잃어버렸어요."), is the question
            asking = {sentence for line in hit.text.split("\n") if _asks_on_the_page(line)
                      for sentence in split_sentences(line)}
            opening = True
            if leading == "steps":
                for listed in lists_in(hit.text):
                    if listed.numbered:
                        another = other_task(listed.opening)  # "To change a booking online:" asked how to cancel
                        introduced = self.terms(listed.opening) if listed.opening and not another else []
                        told = [*listed.steps, *([listed.opening] if introduced else [])]
                        steps.update({step: introduced for step in told})
                        credit = 0.0 if another else (
                            SECTION_STEPS_WEIGHT if heading
                            else TITLED_STEPS_WEIGHT if self._names_the_task(hit, asked) and not another_section
                            else 0.0)
                        section_steps.update({step: credit for step in listed.steps
                                              if credit and step not in other_way})
            names_heading = self._names_heading(meant, hit, asked, heading, naming)
            for sentence in split_sentences(hit.text):
                if _ASKS.search(sentence) or sentence in asking:
                    page_asks = f"{page_asks} {sentence}" if before and before == page_asks else sentence
                    before = page_asks
                    continue
                if not quotes_question(sentence, self.terms(sentence), asked) and not signposts(sentence):
                    terms = self.held_terms(meant, sentence, naming)
                    label, item = labelled.get(sentence, ([], []))
                    opens_item = item[:1] == [sentence]
                    # the answer opening right after the page's question is written after it ("Is there IT help in
                    # halls? Yes: …"), and every sentence answering it is about it
                    item_opening = openings.get(sentence, "") or (page_asks if before == page_asks else "")
                    item_opening = "" if other_task(item_opening) else item_opening
                    about_before = before if before and _REFERS_BACK.match(sentence) else ""
                    goes_on = [*(self.terms(item_opening or about_before) if item_opening or about_before else []),
                               *(self.terms(page_asks) if page_asks and page_asks != item_opening else [])]
                    # the sentence opening a section that says what is asked, or a list item labelled with it
                    # ("신분증: 주민등록증 또는 운전면허증" for "…필요한 신분증은 무엇인가요?"), answers it; an item
                    # labelled with the thing a question asks about in general says what that thing is
                    answers_section = bool(heading) and (sentence == names_heading if names_heading else opening)
                    credit = (SECTION_OPENING_WEIGHT * (answers_section or opens_item)
                              + LABEL_WEIGHT * (opens_item and in_general)
                              - OTHER_WAY_PENALTY * (sentence in other_way))
                    candidates.append((sentence, rank, hit, terms, terms + heading + label + goes_on, credit, context,
                                       tuple(item[1:]) if opens_item else (), item_opening))
                    if self._names_row(rows.get(sentence, []), asked):
                        named_rows.add(sentence)
                    if page_asks and item_opening == page_asks:
                        answering[sentence] = self._asks_the_same(asked, page_asks)
                    opening = False
                before = sentence
        if not candidates:
            return []
        language = language_of(question)
        dense = self.embedder.understands(language)
        sentences = [sentence for sentence, *_ in candidates]
        vectors = self.vectors.of(sentences)
        # a line under a short label ending with a colon is read with it: "Saturday: 10:00 to 16:00" under "Opening
        # hours:" is the opening hours on Saturday, which the line alone does not say to the embedder (a sentence
        # introducing a list says as much of each item, and is read apart)
        read_with = [f"{opening} {sentence}" if opening.endswith((":", "：")) and len(opening.split()) <= LABEL_WORDS
                     else sentence for sentence, *_, opening in candidates]
        read_vectors = vectors if read_with == sentences else self.vectors.of(read_with)
        similarity = read_vectors @ self.embedder.embed_query(question) if dense else np.zeros(len(candidates))
        # read as if every sentence were in the question's language: a multilingual embedder rates any sentence in it
        # above one in another language (`retrieval.read_in_language`; nothing moves in a text of one language)
        languages = [language_of(sentence) for sentence, *_ in candidates]
        read = read_in_language([float(s) for s in similarity], languages, language)
        w_sim, w_cov, w_rank = WEIGHTS_WITH_DENSE if dense else WEIGHTS_WITHOUT_DENSE
        weights = distinguishing_weights(asked, [candidate[4] for candidate in candidates])  # their `in_section`
        # the language of each passage: an answer leads from the question's own and speaks one (`_pick_novel`)
        written_in = {hit.id: language_of(hit.text) for hit in hits}
        own_language = {hit.id: bool(language) and written_in[hit.id] == language for hit in hits}
        # "Q: How do I lock the thermostat so that nobody can change the temperature? A: On the Halo, go to Settings >
        # Lock > Screen Lock …" answers "How do I lock the thermostat so my kids can't …?" with its first sentence
        # (the page's words of the question, held by every sentence of its answer, set none of them apart)
        most = max(answering.values(), default=0.0)
        answers_asked = {sentence for sentence, share in answering.items() if share == most >= SAME_QUESTION}
        place = places([hit.score for hit in hits], [own_language[hit.id] for hit in hits])
        evidence = []
        for (sentence, rank, hit, terms, in_section, opens, context, rest, item_opening), sim, sim_read in zip(
                candidates, similarity, read):
            # a step under a heading naming the task says what the heading says ("해당 주문의 [설치일 변경] 버튼을
            # 누릅니다" under "4. 설치 희망일 변경 방법")
            cov = coverage(asked, in_section if sentence in section_steps else terms)
            kind = _asked_kind(meant, sentence, leading, step=sentence in steps,
                               # a step of a list whose section's heading names the task is on it
                               on_topic=1.0 if sentence in section_steps
                               else _on_topic(asked, in_section + steps.get(sentence, [])))
            about = w_cov * CONTEXT_CREDIT * coverage(asked, _besides(context, in_section), weights)
            relevance = (w_sim * similarity_above_unrelated(self.embedder, sim_read)
                         + w_cov * coverage(asked, in_section, weights) + about + kind
                         + opens + section_steps.get(sentence, 0.0) + IN_RANGE_WEIGHT * in_range_of(meant, sentence))
            own = (OWN_LANGUAGE_CREDIT * own_language[hit.id]
                   + ROW_NAMED_WEIGHT * (sentence in named_rows) + PAGE_QUESTION_WEIGHT * (sentence in answers_asked))
            evidence.append(Evidence(sentence, hit, relevance + w_rank / (1 + place[rank]) + own,
                                     sim_read if dense else None, cov, relevance, kind, about,
                                     self._holds_only_the_verb(asked, sentence, terms), rest, item_opening))
        evidence = _in_the_question_language(evidence, language, written_in,
                                             {hit.id: place[n] for n, hit in enumerate(hits)})
        # a further sentence holding nothing of the question but a name every page holds says nothing more:
        # "ragloop은 무료인가요?" over ragloop's guide went on from "… 무료로 쓸 수 있습니다" with "ragloop은 여러분의
        # 문서로 질문에 답합니다" and the admin's password
        # (with its title and headings: under "Database", "Tallowiki keeps its pages in PostgreSQL" is about one)
        only_the_name = {sentence for sentence, _, _, _, in_section, _, context, *_ in candidates
                         if everywhere and (held := set(asked) & {*in_section, *context}) and held <= everywhere}
        sentence_terms = {sentence: set(terms) for sentence, _, _, terms, *_ in candidates}

        def completes(item: Evidence, chosen: list[Evidence]) -> bool:
            said = set(asked).difference(*(sentence_terms[c.sentence] for c in chosen)) & sentence_terms[item.sentence]
            return (item.hit.id == chosen[0].hit.id and len(said) >= COMPLETES_TERMS
                    and coverage(asked, [*said], weights) >= COMPLETES_SHARE)

        picked = _remark_after_the_answer(self._pick_novel(evidence, vectors, written_in, completes))
        picked = picked[:1] + [replace(item, aside=True) if item.sentence in only_the_name else item
                               for item in picked[1:]]
        gives = _gives_what_is_asked(meant, leading)
        picked = (_going_on_to_the_answer(picked, evidence, self.max_sentences, gives,
                                          how=tells_how if leading == "steps" else None) if gives else picked)
        return _with_its_qualification(picked, evidence, self.max_sentences)

    def priced_subject(self, meant: str, asked: list[str]) -> list[str]:
        """Of the `asked` terms of a question asking a price, those of what it asks the price of: not the words
        naming the price and what it is counted per ("cost", "day")."""
        naming = set(self.naming_terms(meant)) | set(self.terms(PRICE_UNITS))
        return [term for term in asked if term not in naming]

    def subject_coverage(self, meant: str, hits: list[Hit], lead: Evidence, asked: list[str], *,
                         named: float) -> tuple[float, float, bool]:
        """How much of what the question (`meant`, as the passages spell it) asks a price of (`priced_subject`) the lead
        holds, with its title, headings and what it goes on from; the most any sentence of the passages holds; and
        whether a sentence holding at least `named` of it, or the sentence after it, gives the kind of answer asked for.
        Each term weighs by how few sentences hold it (`distinguishing_weights`). "How much does a child seat cost per
        day?" was answered at 0.95 with the young drivers' surcharge "£38 per day", while the one sentence naming child
        seats gave no price; "How much does an individual cremation cost?" at 0.88 with the one sentence naming it,
        which gives none."""
        subject = self.priced_subject(meant, asked)
        if not subject:
            return 1.0, 1.0, True
        sentences = [(sentence, hit) for hit in hits for sentence in split_sentences(hit.text)]
        held = [self.terms(sentence) + self._context_terms(hit) for sentence, hit in sentences]
        weights = distinguishing_weights(subject, held)
        around = " ".join([_with_what_it_refers_to(lead, set()), lead.item_opening])
        lead_held = self.terms(around) + self._context_terms(lead.hit)
        covered = [coverage(subject, terms, weights) for terms in held]
        given = any(share >= named and gives_price(meant, " ".join(
            text for text, hit in sentences[i:i + 2] if hit is sentences[i][1]))
            for i, share in enumerate(covered))
        return coverage(subject, lead_held, weights), max(covered, default=0.0), given

    def _names_row(self, keys: list[str], asked: list[str]) -> bool:
        """Whether the question names what a table row is about, one of the cells naming it (`row_keys`; without
        what brackets add): "지문은 최대 몇 개까지 등록할 수 있나요?" asks of the row "구분: 지문; 등록 가능 수량: 100개",
        not of "구분: 사용자 비밀번호; 등록 가능 수량: 최대 20개", which holds as many of its words."""
        for key in keys:
            terms = self.terms(_BRACKETED.sub(" ", key))
            if terms and set(terms) <= set(asked):
                return True
        return False

    def _holds_only_the_verb(self, asked: list[str], sentence: str, terms: list[str]) -> bool:
        """Whether, of a question's several terms, an instruction holds only the verb it opens with: "Add `--json`
        to get a machine-readable object" holds "add" of "How do I add my own documents?" and says nothing of
        documents. It may lead (the question may ask only that, "How do I cancel?"), but follows no other sentence."""
        verb = instruction_verb(sentence)
        if verb is None or len(set(asked)) < 2:
            return False
        return set(asked) & set(terms) == set(self.terms(verb))

    def _labelled_items(self, hit: Hit, asked: list[str]) -> dict[str, tuple[list[str], list[str]]]:
        """The sentences of the chunk's list items whose label names what the question asks about ("Team: $12 per
        user … 100 GB of storage per user, shared workspaces …" for "What's included in the Team plan?"), each with
        the label's terms and its item's sentences: an item is a small section headed by its label."""
        found = {}
        for listed in lists_in(hit.text):
            for item in listed.items:
                label = _ITEM_LABEL.match(item[0])
                terms = self.terms(label.group(1)) if label else []
                if terms and set(terms) <= set(asked):
                    found.update({sentence: (terms, item) for sentence in item})
        # a command's options, each with what it does beside it ("  --checksum      Compare files by SHA-256 …")
        for row in _OPTION_ROW.finditer(hit.text):
            terms = self.terms(" ".join(_OPTION_NAME.findall(row.group(1))))
            item = split_sentences(row.group(0))
            if terms and item and set(terms) <= set(asked):
                found.setdefault(item[0], (terms, item[:1]))
        return found

    def _context_terms(self, hit: Hit) -> list[str]:
        """The terms of what every sentence of the chunk is about: its document's title and its heading path. A
        sentence seldom repeats them ("Archives are kept for 14 days", in a section on backups, for "How long are
        backup archives kept?"), and one that names them in passing ("edit the `[backup]` section … how long
        archives are kept") should not lead for it."""
        payload = hit.payload
        return self.terms(" ".join(part for part in (payload.get("title", ""), payload.get("heading_path") or "")
                                   if part))

    def _asks_the_same(self, asked: list[str], page_asks: str) -> float:
        """How nearly a question the page asks itself asks what is `asked`: the lesser of the shares of each one's
        terms the other holds. "대형 폐기물 신고필증을 잃어버렸어요" holds most of "대형 폐기물을 인터넷으로 신고하려면
        어떻게 하나요?" and asks of something else (the certificate lost), which it names and that question does not."""
        own = self.asked_terms(_ASKED_MARK.sub("", page_asks.strip()))  # without its "Q:"
        return min(coverage(asked, own), coverage(own, asked)) if own else 0.0

    def _heading_terms(self, hit: Hit, asked: list[str], hits: list[Hit], deed: list[str] = (),
                       how: bool = False) -> list[str]:
        """The terms of the chunk's own section heading when it says what the question asks (it holds at least
        SECTION_MATCH of the question's terms, and no fewer than any other heading of `hits`), else none. A FAQ answers
        "치아 미백 효과는 얼마나 유지되나요?" under that heading with "보통 1~2년 정도 유지됩니다", which holds one of its
        words, while the sentence after it, about coffee after whitening, holds two: under such a heading every
        sentence is about what was asked, and the one opening the section answers it. Where another section's heading
        names more of it, this one is about something else: "휴학 신청 방법" names half of "복학 신청은 어떻게 해요?",
        "복학 신청 기간" all of it. A heading naming the `deed` a question asking how names (`korean_deed`) and a
        procedure says what it asks, however much else the question tells: "물건이 깨져서 왔는데 사고 신고는 어떻게 하면
        되나요?" is answered under "제2조 사고 신고 방법", which holds two of its five terms, not by "제1조 사고 신고
        기한", which holds as many."""
        if not asked:
            return []
        terms = self._section_heading(hit, asked)
        share = self._heading_share(hit, asked, how)
        if share < SECTION_MATCH and not (deed and PROCEDURE_TERMS.intersection(terms) and set(deed) <= set(terms)):
            return []
        return terms if all(self._heading_share(other, asked, how) <= share for other in hits) else []

    def _heading_share(self, hit: Hit, asked: list[str], how: bool) -> float:
        """The share of the question's terms the chunk's section heading holds; `how`: of an English question asking
        how, whose "how" an English heading announcing a procedure holds (`_HOW_TO_HEADING`). "How do I rent skis or
        a snowboard?" is answered by the steps under "How to Rent Equipment", which holds one of its three terms and
        says how; "How do I book a campsite online?" by those under "How to Reserve Online"."""
        terms = self._section_heading(hit, asked)
        if not how:
            return coverage(asked, terms)
        says_how = bool(_HOW_TO_HEADING.match(self._own_heading(hit)))
        return coverage([*asked, _ASKED_HOW], [*terms, *([_ASKED_HOW] if says_how else [])])

    def _section_heading(self, hit: Hit, asked: list[str] = ()) -> list[str]:
        """The terms of the chunk's own section heading (the last of its heading path). A word for a procedure is
        any of them: "입실 절차" is what "입실 수속은 어떻게 하나요?" asks for (with the `asked` word for it); a Korean
        compound holds the `asked` noun it is written from ("당첨자 결제 방법" holds the "당첨" of "추첨에 당첨되면 결제는
        어떻게 하면 되나요?", `_with_compound_heads`)."""
        heading = self._own_heading(hit)
        terms = self.terms(heading) if heading else []
        if PROCEDURE_TERMS.intersection(terms):
            # how to do what the heading above it, or the page, is about ("게임 대여 (집으로 빌려 가기) > 대여 방법");
            # not when it names part of what is asked and another thing that one names ("휴학과 복학 > 휴학 신청 방법"
            # for "복학 신청은 어떻게 해요?": the steps of the other application)
            *above, _ = (hit.payload.get("heading_path") or "").split(" > ")
            wider = self.terms(above[-1] if above else hit.payload.get("title", ""))
            own = set(terms) - PROCEDURE_TERMS
            if not (own & set(asked) and (own - set(asked)) & set(wider)):
                terms = [*terms, *wider]
        return _with_compound_heads(_with_procedure_words(list(dict.fromkeys(terms)), asked), asked)

    def _own_heading(self, hit: Hit) -> str:
        """The last heading of the chunk's heading path, after the one above it when it names only a procedure
        or nothing ("Import passwords from another app or browser > Steps", "… > 절차", "… > How to"): such a section
        is about its parent's task."""
        *above, heading = (hit.payload.get("heading_path") or "").split(" > ")
        named = set(self.terms(heading))
        return f"{above[-1]} {heading}" if above and heading and named <= PROCEDURE_TERMS else heading

    def _names_heading(self, meant: str, hit: Hit, asked: list[str], heading: list[str],
                       naming: list[str]) -> str | None:
        """The first sentence of the chunk holding the question's terms its section heading holds, when the heading
        says only part of what is asked: the sentence answering it, not the section's opening. Under "부과 기간과 납부
        기한", "관리비 납부 기한은 매월 며칠인가요?" is answered by "납부 기한은 매월 25일입니다", not by the opening on the
        billing period; under "Changing or cancelling", "How do I cancel my membership?" by the sentence on
        cancellations, not by "You can upgrade at any time". A heading asking the question itself is answered by its
        opening, which seldom repeats its words (None)."""
        named = set(heading) & set(asked)
        if not named or coverage(asked, heading) == 1.0:
            return None
        return next((sentence for sentence in split_sentences(hit.text) if not _ASKS.search(sentence)
                     and named <= set(self.held_terms(meant, sentence, naming))), None)

    def _other_ways(self, hit: Hit, asked: list[str], openings: dict[str, str]) -> set[str]:
        """The chunk's sentences under a label line (`labelled_by`; `openings`, its `item_openings`) when the
        question names what another label says: asked "How do I activate a visitor pass by phone?", the steps under
        "Online or in the app:" tell another way than the text under "By phone:"."""
        under = labelled_by(hit.text, openings)
        named = {label for label in set(under.values()) if set(asked) & set(self.terms(label))}
        return {sentence for sentence, label in under.items() if label not in named} if named else set()

    def deed_terms(self, question: str) -> list[str]:
        """The terms of the deed a Korean question asking how names (`korean_deed`), the word before its noun only
        when that is a noun itself ("사고 신고", not "왔는데 신고")."""
        *before, noun = korean_deed(question) or [""]
        nouns = [word for word in before if self.terms(word) == [word]]
        return [term for word in nouns for term in self.terms(word)] + self.terms(noun) if noun else []

    def _other_task(self, question: str, hits: list[Hit]) -> Callable[[str], bool]:
        """Whether a heading or a list's opening names another deed than the one the question asks how to do, which
        the pages name elsewhere (`task_verbs`): asked "How do I cancel my booking online?", the steps under "To
        change a booking online:" (section "Changing your booking", page "Changing, Cancelling and Paying for Your
        Booking") tell how to change it, and "To cancel, go to Manage My Booking, select Cancel Booking …" under
        "Cancelling your booking" how to cancel it. Where no page names the deed asked, a heading naming another may
        name it in other words ("Booking a class" for "How do I reserve a class?"), and none is set aside."""
        verb = asked_verb(question)
        deed = self.terms(verb) if verb else []
        if not deed:
            return lambda text: False

        def deeds(text: str) -> set[str]:
            return set(self.terms(" ".join(task_verbs(text)))) if text else set()

        named = set()
        for hit in hits:
            named |= deeds(task_heading(self._own_heading(hit)))
            named |= {term for listed in lists_in(hit.text) for term in deeds(listed.opening)}
            named |= {term for sentence in split_sentences(hit.text) if (to_do := _TO_DO.match(sentence))
                      for term in deeds(to_do.group(1))}
        if deed[0] not in named:
            return lambda text: False
        return lambda text: bool(found := deeds(text)) and deed[0] not in found

    def _names_the_task(self, hit: Hit, asked: list[str]) -> bool:
        """Whether the chunk's section heading holds a term of the question and, with its document's title and the
        headings above it, SECTION_MATCH of them: "헬스장에 처음 등록하려면 어떻게 해야 하나요?" asks for the steps
        under "신규 등록 방법" on the page "헬스장 이용 안내", whose heading alone holds one term of three. The title
        names what every section is about, so such steps lead with less credit (TITLED_STEPS_WEIGHT): "대형 폐기물
        신고필증을 잃어버렸는데 어떻게 하나요?" is answered by the FAQ's line on a lost certificate, not by the steps
        under "인터넷으로 신고하기" on the page "대형 폐기물 배출 안내"."""
        heading = self._own_heading(hit)
        return (bool(asked) and bool(set(self.terms(heading)) & set(asked))
                and coverage(asked, self._context_terms(hit)) >= SECTION_MATCH)

    def relevance(self, question: str, sentences: list[str], hits: list[Hit] = ()) -> list[float]:
        """How well each sentence answers the question, on the same scale as `Evidence.relevance`; the question's
        misspelt words read as these sentences and `hits` write them, as `select` reads them."""
        if not sentences:
            return []
        dense = self.embedder.understands(language_of(question))
        meant = self.as_the_passages_spell(question, [*sentences, *(labelled_text(hit) for hit in hits)])
        asked, naming = self.asked_terms(without_quantity_word(meant)), self.naming_terms(meant)
        w_sim, w_cov, _ = WEIGHTS_WITH_DENSE if dense else WEIGHTS_WITHOUT_DENSE
        similarity = (self.vectors.of(sentences) @ self.embedder.embed_query(question) if dense
                      else np.zeros(len(sentences)))
        terms = [self.held_terms(meant, sentence, naming) for sentence in sentences]
        weights = distinguishing_weights(asked, terms)
        leading = _leading_kind(meant, naming)
        return [w_sim * similarity_above_unrelated(self.embedder, float(sim)) + w_cov * coverage(asked, held, weights)
                + _asked_kind(meant, sentence, leading, on_topic=_on_topic(asked, held))
                for sentence, held, sim in zip(sentences, terms, similarity)]

    def _pick_novel(self, evidence: list[Evidence], vectors, written_in: dict[str, str],
                    completes: Callable[[Evidence, list[Evidence]], bool]) -> list[Evidence]:
        """The lead and the further sentences on the point (`KEEP_RATIO`), or saying the rest of what is asked
        (`completes`, `COMPLETES_RATIO`), that repeat none chosen."""
        chosen: list[int] = []
        for i in np.argsort([e.score for e in evidence])[::-1]:
            if len(chosen) == self.max_sentences:
                break
            lead = evidence[chosen[0]] if chosen else None
            if lead is not None:
                point, lead_point = _on_the_point(evidence[i]), _on_the_point(lead)
                on_the_point = point >= KEEP_RATIO * lead_point or (
                    point >= COMPLETES_RATIO * lead_point and completes(evidence[i], [evidence[j] for j in chosen]))
                if (not on_the_point or evidence[i].only_the_verb
                        or _in_another_language(written_in[evidence[i].hit.id], written_in[lead.hit.id])):
                    continue
            if all(similarity_above_unrelated(self.embedder, float(vectors[i] @ vectors[j])) < NOVELTY_LIMIT
                   for j in chosen):
                chosen.append(int(i))
        return [evidence[i] for i in chosen]


class SentenceVectors:
    """The embedder's document vectors of sentences, kept for the sentences met most recently: the same passages
    answer many questions, so a sentence is embedded once, not once per question that retrieves its chunk."""

    def __init__(self, embedder: Embedder, *, size: int = KEPT_SENTENCES):
        self.embedder = embedder
        self.size = size
        self._kept: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def of(self, sentences: list[str]) -> np.ndarray:
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for sentence in sentences:
                if sentence in self._kept:
                    self._kept.move_to_end(sentence)
                    found[sentence] = self._kept[sentence]
        missing = list(dict.fromkeys(s for s in sentences if s not in found))
        if missing:
            found.update(zip(missing, self.embedder.embed_documents(missing)))
            with self._lock:
                for sentence in missing:
                    self._kept[sentence] = found[sentence]
                while len(self._kept) > self.size:
                    self._kept.popitem(last=False)
        if not sentences:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32)
        return np.vstack([found[sentence] for sentence in sentences])


def section_heading(hit: Hit) -> str:
    """The chunk's own section heading: the last of its heading path ("" when it has none)."""
    return (hit.payload.get("heading_path") or "").rsplit(" > ", 1)[-1]


def labelled_text(hit: Hit) -> str:
    """A chunk with what it is about: its document's title and its heading path ("Operations > Database"), on a line
    of their own before a chunk opening with a table, whose header line must open its line to be read as one."""
    payload = hit.payload
    about = " ".join(part for part in (payload.get("title", ""), payload.get("heading_path") or "") if part)
    return about + ("\n" if hit.text.startswith("|") else " ") + hit.text if about else hit.text


def _leading_kind(question: str, naming: list[str]) -> str | None:
    """The kind of answer that leads the choice of sentences, worked out once per question: "kind" for a way to get
    in touch (the question has `naming` terms, `naming_terms`), a price or a rate, "steps" for what to do
    (`asks_steps`), "meaning" for what a word means (`asks_meaning`), "frequency" for how often (`asks_frequency`),
    "common" for a number or a date (counting less), None when none leads. Such an answer is a string few sentences
    hold, so the one holding it leads ("How much does the Resident membership cost?" is answered by "Resident: … 320
    euros", not by "You can pause a Resident membership for up to two months", which shares more of its words and
    holds a number; "How do I add documents?" by "Open the Documents page …", not by "a summary counts the documents
    added"; "How many backup codes do I get?" by "you get 10 backup codes", not by "Turn on 2FA under Settings")."""
    kind = expected_kind(question)
    if kind == "price" and asks_duration(question) and not names_money(question):
        return "common"  # "유효 시간은 얼마인가요?" asks how long
    if asks_measure(question) and not names_money(question):
        return "measure"  # "무게 제한은 얼마인가요?" asks how heavy: "무게는 10kg 이하", not "1개를 무료로"
    if asks_frequency(question) and not naming:
        return "frequency"  # "How often is mail forwarded?": "every Thursday", which holds no number
    if naming or kind in ("price", "rate"):
        return "kind"
    if asks_steps(question):
        return "steps"
    if asks_meaning(question):
        return "meaning"
    if kind is None and asks_place(question):
        return "place"
    return "common" if kind in COMMON_KINDS or asks_duration(question) else None  # "remember device duration"


def _list_going_on(found: TextList, hit: Hit, hits: list[Hit]) -> list[tuple[list[str], Hit]]:
    """The items of a list found in `hit`, each with the chunk it is in. A numbered list that ends its chunk goes on
    in the document's next chunk when the search found that one too: a long section is cut into chunks (and a PDF's
    pages into chunks of their own), and the last steps of its list are in the next one (where the chunks' overlap
    repeats a step or two, each is written once). One opening its chunk with a later step than the first ("2) 변경
    가능 날짜 확인: …") begins in the chunk before, when the search found that one."""
    items = [(item, hit) for item in found.items]
    if not found.numbered:
        return items
    have = [item for item, _ in items]
    before = _next_chunk(hit, hits, -1) if steps_at_start(hit.text)[:1] == found.items[:1] and (
        first_step_number(hit.text) or 1) > 1 else None
    if before is not None:
        items = [(item, before) for item in steps_at_end(before.text) if item not in have] + items
    following = _next_chunk(hit, hits, 1) if steps_at_end(hit.text)[-1:] == found.items[-1:] else None
    if following is None:
        return items
    return items + [(item, following) for item in steps_at_start(following.text) if item not in have]


def _next_chunk(hit: Hit, hits: list[Hit], step: int) -> Hit | None:
    """The chunk after (`step` 1) or before (-1) `hit` in its document and section, when the search found it."""
    return next((other for other in hits if other.payload.get("document_id") == hit.payload.get("document_id")
                 and other.payload.get("position") == (hit.payload.get("position") or 0) + step
                 and other.payload.get("heading_path") == hit.payload.get("heading_path")), None)


def _gives_what_is_asked(question: str, leading: str | None) -> Callable[[str], bool] | None:
    """Whether a sentence gives what the question asks for, when it asks for something in particular: what to do (an
    instruction), how long (a length of time), a price, a date, a number or a way to get in touch."""
    if leading == "steps":  # or says how it is done: "…; `ragloop serve --port PORT` picks another port"
        return lambda sentence: bool(instructs(sentence)) or tells_how(sentence)
    if leading == "common" and asks_duration(question):
        return holds_duration
    if leading in ("kind", "common"):
        return lambda sentence: holds_kind(question, sentence) == 1.0
    if leading == "place":
        return holds_place
    if leading == "measure":
        return holds_measure
    if leading == "frequency":
        return holds_frequency
    return None


def _going_on_to_the_answer(picked: list[Evidence], evidence: list[Evidence], most: int,
                            gives: Callable[[str], bool], how: Callable[[str], bool] | None = None) -> list[Evidence]:
    """A lead that speaks of what was asked without giving it goes on with the sentence right after it in its
    paragraph when that one `gives` it, which shares fewer of the question's words and was left out: "Thumbnails
    missing in the web interface: the thumbnail job may have been interrupted." with "Run `jobs run thumbnails` on
    the server …" for "How do I fix missing thumbnails?", "We run a BSL interpreted tour on the last Saturday of
    every month at 11:00." with "Tours last about 60 minutes" for how long they last. Asked how (`how`: a sentence
    saying how, `tells_how`), a lead that only says it can or must be done goes on with one that says how."""
    if not picked:
        return picked
    after = _next_in_paragraph(picked[0], 1)
    if how is not None and not how(picked[0].sentence):
        # asked how, a lead saying only that it can be done goes on with the first sentence of its paragraph
        # saying how: "You can upgrade at any time." with "To change tier, open the app and go to …", two
        # sentences on
        after = next((sentence for sentence in _rest_of_paragraph(picked[0]) if how(sentence)), after)
    if after is None or not gives(after):
        return picked
    # asked how, a lead saying only that it can or must be done ("회원카드는 수령 후 반드시 등록해야 사용할 수
    # 있습니다") goes on with the sentence saying how ("앱 [내 카드] > [카드 등록]에서 … 입력하면 …")
    told = gives(picked[0].sentence) and (how is None or how(picked[0].sentence) or not how(after))
    return picked if told else _lead_going_on_with(picked, evidence, after, most)


def _remark_after_the_answer(picked: list[Evidence]) -> list[Evidence]:
    """A note ("Note: …", "※ …", "참고: …", a footnote) remarks on what the page says elsewhere: chosen first for a
    question asking a kind of answer, it goes after the first other sentence chosen that holds that kind as well.
    "What does error code E60 mean?" is answered by the table's row, "Code: E60; What it means: Water is not
    heating", not by "Note: Codes E40, E51 and E60 that come back after a reset should always be checked by an
    engineer."; "야간 민원실은 언제 운영하나요?" by "야간 민원실: 매주 목요일 오후 6시 ~ 오후 8시", then the note on the
    weeks it is closed."""
    if len(picked) < 2 or not picked[0].asked_kind or not _NOTE.match(without_emphasis(picked[0].sentence)):
        return picked
    answer = next((item for item in picked[1:] if item.asked_kind >= picked[0].asked_kind
                   and not _NOTE.match(without_emphasis(item.sentence))), None)
    return picked if answer is None else [answer, *[item for item in picked if item is not answer]]


_NOTE = re.compile(r"\s*(?:(?:note|nb|n\.b\.|please note|tip|참고|유의\s*사항|알림)\s*[:：]|※|[¹²³⁴⁵⁶⁷⁸⁹†‡])",
                   re.IGNORECASE)


def _with_its_qualification(picked: list[Evidence], evidence: list[Evidence], most: int) -> list[Evidence]:
    """A lead goes on with the sentence right after it in its paragraph when that one qualifies it ("다만 …",
    "However, …"): "예약 시작 전에 앱에서 취소하면 불이익이 없습니다." is half the answer to what happens when a
    booking is missed without "다만 취소 없이 이용하지 않은 경우가 한 달에 2회 쌓이면 30일 동안 시설 예약이
    제한됩니다."; a lead that qualifies the sentence before it goes on with that one. The lead stays first here: what
    the confidence reads."""
    if not picked:
        return picked
    # "However, …" chosen first goes on with what it qualifies, which is written before it (`_antecedents_first`)
    qualifying = _qualifies(picked[0].sentence)
    other = _next_in_paragraph(picked[0], -1 if qualifying else 1)
    qualified = other is not None and (qualifying or _qualifies(other))
    return _lead_going_on_with(picked, evidence, other, most) if qualified else picked


def _qualifies(sentence: str) -> bool:
    return bool(_QUALIFIES.match(without_emphasis(sentence).lstrip(" *_>\"'")))


_QUALIFIES = re.compile(r"(?:however|but|except|unless|note that|please note)\b|다만|단[,\s]|하지만|그러나|그렇지만",
                        re.IGNORECASE)


def _paragraph_around(item: Evidence) -> tuple[list[str], int]:
    """The sentences of the evidence's paragraph and where its own is among them (-1 when it is not)."""
    paragraph = next((block for block in item.hit.text.split("\n\n") if item.sentence in block), "")
    sentences = split_sentences(paragraph)
    return sentences, sentences.index(item.sentence) if item.sentence in sentences else -1


def _next_in_paragraph(item: Evidence, step: int) -> str | None:
    """The sentence after (`step` 1) or before (-1) the evidence's own in its paragraph, if any."""
    sentences, at = _paragraph_around(item)
    at = at + step if at >= 0 else -1
    return sentences[at] if 0 <= at < len(sentences) else None


def _rest_of_paragraph(item: Evidence) -> list[str]:
    """The sentences after the evidence's own in its paragraph."""
    sentences, at = _paragraph_around(item)
    return sentences[at + 1:] if at >= 0 else []


def _lead_going_on_with(picked: list[Evidence], evidence: list[Evidence], after: str, most: int) -> list[Evidence]:
    """The picked evidence with the evidence of the sentence `after` the lead, in the lead's chunk, second."""
    lead = picked[0]
    found = next((item for item in evidence if item.sentence == after and item.hit.id == lead.hit.id), None)
    if found is None:
        return picked
    return [lead, found, *[item for item in picked[1:] if item is not found]][:most]


def _said_after(item: Evidence) -> str | None:
    """The sentence after the evidence's own in its chunk, if any."""
    sentences = split_sentences(item.hit.text)
    at = sentences.index(item.sentence) if item.sentence in sentences else -1
    return sentences[at + 1] if 0 <= at < len(sentences) - 1 else None


def _asks_on_the_page(line: str) -> bool:
    """Whether a line of a page is a question it asks itself (a FAQ's): it asks one, or a mark says it is one ("Q.
    결과서를 잃어버렸어요.", "질문: …"); what follows answers it."""
    line = without_emphasis(line).strip(" #*_>")
    return bool(_ASKS.search(line) or _ASKED_MARK.match(line))


def _needs_its_question(item: Evidence) -> bool:
    """Whether a sentence answering a question its page asks (a FAQ's) is written after that question: when it reads
    only with it ("Yes, on a Raspberry Pi 4 or 5 …", "네, 가능합니다.", "It is.", "That depends on the plan."), and
    when what it goes on with is its list item's opening. "Staff can give a holiday loan of up to 6 weeks for books
    only." answers on its own, and the page's "I will be away for a month. Can I get a longer loan?" before it would
    open the answer with another person's question. A question the section's heading asks ("Q. 주차가 되나요?") is
    written before a yes or no only: "It usually takes about forty minutes" reads under the question it was asked
    with, and a yes to it would read as a yes to any question."""
    if not _ASKS.search(item.item_opening):
        return True
    said = without_emphasis(item.sentence).lstrip(" *_>\"'")
    if item.item_opening not in item.hit.text:  # the section's heading
        return bool(_YES_OR_NO.match(said))
    return bool(_YES_OR_NO.match(said) or _REFERS_BACK.match(said)) or len(said.split()) <= SHORT_ANSWER_WORDS


def _with_procedure_words(terms: list[str], asked: list[str]) -> list[str]:
    """A text's terms, with the question's (`asked`) words for a procedure when the text says one: any word for a
    procedure is the others (`PROCEDURE_TERMS`)."""
    if not PROCEDURE_TERMS.intersection(terms):
        return terms
    return terms + [term for term in asked if term in PROCEDURE_TERMS and term not in terms]


def _with_compound_heads(terms: list[str], asked: list[str]) -> list[str]:
    """A text's terms, with each Korean noun of the question (`asked`) that one of them is a compound of, which
    Kiwi reads as one word: a compound ending with it is one of its kind ("진공청소기" holds the "청소기" of
    "세탁기나 청소기 돌리면 안 되나요?"), and one adding a syllable to it ("주차장", "장학금", "이용료") is about it
    ("주차장" holds the "주차" of "주차비"); a longer word opening with it is about something else ("신용카드" is no
    "신용점수")."""
    held = set(terms)
    compounds = [term for term in held if len(term) >= 3 and _ALL_HANGUL.match(term)]

    def compound_of(word: str, compound: str) -> bool:
        extra = len(compound) - len(word)
        return (0 < extra <= COMPOUND_HEAD_EXTRA and compound.endswith(word)) or (
            extra == 1 and compound.startswith(word))

    return terms + [term for term in dict.fromkeys(asked) if term not in held and len(term) >= 2
                    and _ALL_HANGUL.match(term) and any(compound_of(term, compound) for compound in compounds)]


_ALL_HANGUL = re.compile(r"^[가-힣]+$")
COMPOUND_HEAD_EXTRA = 2  # syllables a Korean compound puts before the noun it is a kind of ("진공" of "진공청소기")


def _procedure_in_order(evidence: list[Evidence]) -> list[Evidence]:
    """Asked how, the steps chosen from the lead's paragraph written in the order the page gives them, from the
    lead's place on: a procedure told in sentences ("Dip the test strip … Then switch the machine off … Press the
    1-cup button to change the level …") is done in that order, whichever step holds most of the question's words.
    Sentences naming commands and what each does ("`ragloop collections restrict 이름`을 실행하면 …", "`ragloop users
    grant 사용자 이름`은 …") are no steps of one procedure, and the one asked for leads."""
    if not evidence or not says_what_to_do(evidence[0].sentence):
        return evidence
    lead = evidence[0]
    block = next((block for block in lead.hit.text.split("\n\n") if lead.sentence in block), "")
    # the items of a bulleted list are rules of their own, not the steps of one procedure: "Ask for a hint by pressing
    # the blue button" leads, not "If something feels stuck, ask for a hint." of the item before it
    line = next((line for line in block.split("\n") if lead.sentence in line), "")
    bullet = LIST_ITEM.match(line)
    if bullet and not bullet["marker"][0].isdigit():
        block = line
    paragraph = split_sentences(block)
    steps = [item for item in evidence if item.hit.id == lead.hit.id and item.sentence in paragraph
             and says_what_to_do(item.sentence)]
    if len(steps) < 2:
        return evidence
    in_order = iter(sorted(steps, key=lambda item: paragraph.index(item.sentence)))
    return [next(in_order) if item in steps else item for item in evidence]


def _antecedents_first(evidence: list[Evidence]) -> list[Evidence]:
    """The evidence with a sentence that one opening with what it says of it ("This is usually much more than the
    price at a filling station", "이 경우 …") refers to written before that one, when both are chosen: "This" then
    reads as what it is about ("we charge a £20 refuelling service fee …"). So does one qualifying the sentence
    before it ("다만 …", "However, …"), unless it holds more of the question's terms than that one, by at least
    CASE_ASKED of them: "처음 내원하는 신환은 접수를 언제까지 해야 하나요?" asks of the case the "다만" names (holding all
    its terms, the rule before it a quarter), and is answered first. "It costs £4.99 a month" of the plan asked about
    reads on its own, and leads."""
    ordered = list(evidence)
    for item in evidence:
        if not (_SAYS_OF_THE_LAST.match(item.sentence) or _qualifies(item.sentence)):
            continue
        sentences = split_sentences(item.hit.text)
        at = sentences.index(item.sentence) if item.sentence in sentences else 0
        before = next((other for other in ordered if at and other.hit.id == item.hit.id
                       and other.sentence == sentences[at - 1]), None)
        asked_of_it = not _SAYS_OF_THE_LAST.match(item.sentence) and before is not None and (
            item.coverage >= before.coverage + CASE_ASKED)
        if before is not None and ordered.index(before) > ordered.index(item) and not asked_of_it:
            ordered.remove(before)
            ordered.insert(ordered.index(item), before)
    return ordered


def _with_what_it_refers_to(item: Evidence, chosen: set[str]) -> str:
    """The sentence, after the one before it in its chunk when it opens by referring back to it ("This script
    creates …", "이 스크립트는 …"), unless that one is in the answer already: alone, it would leave the reader asking
    which script. When both open with "it" or "they" ("Run the script. It creates … It also loads …"), the sentence
    that chain starts from is written instead: "It creates …" would leave the same question. Not past "This …",
    which refers to what the sentence before it says ("It then restarts the server. This drops …")."""
    if not _REFERS_BACK.match(item.sentence):
        return item.sentence
    sentences = split_sentences(item.hit.text)
    at = sentences.index(item.sentence) if item.sentence in sentences else 0
    while (at > 1 and _PRONOUN.match(sentences[at]) and sentences[at - 1] not in chosen
           and _PRONOUN.match(sentences[at - 1])):
        at -= 1
    before = sentences[at - 1] if at > 0 else None
    return item.sentence if before is None or before in chosen else f"{before} {item.sentence}"


def _in_another_language(theirs: str, ours: str) -> bool:
    """Whether a further sentence's passage is in another language (`theirs`) than the lead's (`ours`): an answer
    speaks one language. Over a knowledge base holding its pages in English and in Korean, the other page says the
    lead again, or more, in words the reader did not ask in. A passage's language, not the sentence's: a Korean
    passage's line of names and codes ("Wi-Fi: guest / 비밀번호 abc123") is Korean all the same; one of no letters
    (a table of numbers) is in none."""
    return bool(theirs and ours and theirs != ours)


def _in_the_question_language(evidence: list[Evidence], language: str, written_in: dict[str, str],
                              place: dict[str, int]) -> list[Evidence]:
    """A sentence from a passage in another language than the question's yields (OTHER_LANGUAGE_PENALTY) to one of a
    passage in the question's language that the search placed as high or higher and that holds as much of the
    question (some of it: across languages, a sentence holds none of the question's words and the embedder alone
    tells): a reader asking in English reads English. Over the user guide's pages in both languages, "How do I change
    the port?" was answered with the Korean page's "주소나 포트를 바꾸려면 … 실행하거나 …", an instruction, above the
    English page's "… `ragloop serve --host HOST --port PORT` … picks another address and port", which the search had
    found first. A passage of another language that holds more of the question still leads; one of no letters (a
    table of numbers) is in none."""
    own = [item for item in evidence if language and written_in[item.hit.id] == language]

    def yields(item: Evidence) -> bool:
        return _in_another_language(written_in[item.hit.id], language) and any(
            place[mine.hit.id] <= place[item.hit.id] and mine.coverage >= item.coverage and mine.coverage > 0
            for mine in own)

    return [replace(item, score=item.score - OTHER_LANGUAGE_PENALTY) if yields(item) else item for item in evidence]


def _on_the_point(evidence: Evidence) -> float:
    """How well a sentence answers the question apart from holding the kind of answer asked for: a further sentence
    is kept by this, so that the other prices of a page do not follow the one asked for ("A day pass costs 25 euros"
    after the Resident membership's price) on the strength of being prices too. Nor does the title's credit count:
    every sentence of the page has it, and the question's own words tell a further sentence on the point."""
    return evidence.relevance - evidence.asked_kind - evidence.context


def _asked_kind(question: str, sentence: str, leading: str | None, *, on_topic: float, step: bool = False) -> float:
    """ASKED_KIND_WEIGHT when a kind of answer leads (`_leading_kind`) and the sentence holds one, else 0; a number
    or a date counts COMMON_KIND_WEIGHT. What to do is told by an instruction (`instructs`) or a `step` of a
    numbered list ("누리집에 접속하여 … 메뉴를 선택합니다" reads as a statement but is step 1), and counts as far as the
    sentence, with its section heading, holds the question's terms (`_on_topic`): "Run the start script" tells the
    reader to do something, but not how to compute embeddings on a graphics card. So does a sentence saying what a
    word means (`defines`), for a question asking that. A number or a date counts in any sentence: "아침 몇 시쯤 집
    앞에 와 있나요?" is answered by "상품은 배송일 오전 7시 이전에 문 앞에 도착하며", which shares none of its words
    (requiring one refused it)."""
    if leading is None:
        return 0.0
    if leading == "steps":
        return ASKED_KIND_WEIGHT * max(instructs(sentence), float(step)) * on_topic
    if leading == "meaning":
        return ASKED_KIND_WEIGHT * defines(sentence) * on_topic
    if leading == "place":  # as far as it speaks of what is asked: many sentences name a room or a floor
        return ASKED_KIND_WEIGHT * holds_place(sentence) * on_topic
    if leading == "measure":
        return ASKED_KIND_WEIGHT * holds_measure(sentence)
    if leading == "frequency":  # as far as it speaks of what is asked: "open every day" is said of much
        return ASKED_KIND_WEIGHT * holds_frequency(sentence) * on_topic
    if leading == "common" and asks_duration(question):
        if holds_duration(sentence):
            return ASKED_KIND_WEIGHT  # how long: "Tours last about 60 minutes", not the tour's "11:00"
        sentence = without_prices(sentence)  # nor "(owing less than $15.00)": an amount of money is no length of time
    if leading == "common" and expected_kind(question) == "date" and holds_time_from_now(sentence):
        return COMMON_KIND_WEIGHT  # when: "Session tokens expire after 30 days"
    if leading == "common" and asks_clock_time(question) and holds_clock_time(sentence):
        return ASKED_KIND_WEIGHT  # opening hours: "Saturday: 10:00 to 16:00", not "open since 1998"
    if leading == "common" and holds_count_asked(question, sentence):
        return ASKED_KIND_WEIGHT  # "몇 점": "100점 만점 중 80점 이상", not the other numbers of the page
    if leading == "kind" and expected_kind(question) == "price" and not asks_reduction(question):
        sentence = without_reductions(sentence)  # the cost, not "you get £30 off a Full Fit"
    return (COMMON_KIND_WEIGHT if leading == "common" else ASKED_KIND_WEIGHT) * holds_kind(question, sentence)


def _on_topic(asked: list[str], held: list[str]) -> float:
    """How far a text speaks of what the question asks about, in [0, 1]: the share of the question's terms it holds,
    in full from half of them. "Add `--json` to get a machine-readable object" holds "add" of "How do I add a new
    user?", its verb, and tells the reader to do something, but not about users: as an instruction it counts two
    thirds, and the line naming the command that adds users, which holds two of the terms, leads."""
    return min(1.0, coverage(asked, held) / 0.5) if asked else 0.0


def places(scores: list[float], own_language: list[bool] | None = None) -> list[int]:
    """Each hit's place in the search's order (from 0), given the hits' scores in that order: the number of hits
    scoring more than PLACE_TIE (relative) above it. Two chunks the search scores alike stand in the same place,
    the order between them being noise: "대형 폐기물을 인터넷으로 신고하려면 어떻게 하나요?" found the page for those
    who cannot use the internet at 0.956 and the online steps at 0.955, and the first place's weight made a
    sentence of the first lead ("인터넷 사용이 어려우신 분은 … 방문하여") over the first step of the second. A chunk
    in the question's language (`own_language`, by hit) stands with one in another language up to LANGUAGE_TIE above
    it: of two pages saying the same in English and in Korean, the Korean one may score a hair above for an English
    question (1.0 and 0.987, its shorter chunk holding "License" as well), and its sentence led."""
    own = own_language or [False] * len(scores)

    def tie(i: int, j: int) -> float:
        return LANGUAGE_TIE if own[i] and not own[j] else PLACE_TIE

    return [sum(1 for j, other in enumerate(scores[:i]) if other > score + tie(i, j) * abs(other))
            for i, score in enumerate(scores)]


def _besides(terms: list[str], held: list[str]) -> list[str]:
    held = set(held)
    return [term for term in terms if term not in held]


def coverage(asked: list[str], terms: list[str], weights: dict[str, float] | None = None) -> float:
    """The share of the question's terms that a text's terms hold; with `weights`, each term counts by its weight."""
    wanted = set(asked)
    if not wanted:
        return 0.0
    if weights is None:
        return len(wanted & set(terms)) / len(wanted)
    return sum(weights[t] for t in wanted & set(terms)) / sum(weights[t] for t in wanted)


def distinguishing_weights(asked: list[str], candidates: list[list[str]]) -> dict[str, float]:
    """How much each of the question's terms tells the candidate sentences apart: 1 + log(n / the number holding
    it). In "Can I upload PowerPoint files?", "file" and "upload" are in many of the retrieved sentences and
    "PowerPoint" in one: the sentence that holds it answers, not "PDF files can be uploaded too"."""
    held = [set(terms) for terms in candidates]
    n = max(len(held), 1)
    return {term: 1.0 + math.log(n / max(sum(term in terms for terms in held), 1)) for term in set(asked)}


def quotes_question(sentence: str, sentence_terms: list[str], asked: list[str]) -> bool:
    """A sentence that quotes the question (an example, a FAQ line) restates it rather than answering it; not one
    that goes on past its question mark, as a FAQ sheet's row does with its answer ("질문: 취소 수수료가 있나요?; 답변:
    출고 전 주문 취소에는 수수료가 없습니다.")."""
    return (len(asked) >= 2 and "?" in sentence and len(sentence.rsplit("?", 1)[1]) <= QUOTED_QUESTION_TAIL
            and " ".join(asked) in " ".join(sentence_terms))
