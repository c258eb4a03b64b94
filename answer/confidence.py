"""Confidence in [0, 1] from the evidence, calibrated on labelled data, and the refusal threshold that goes with it.

The signals (`signals()`) describe how strong the evidence is: the dense similarity of the best chunk and sentence
and the margin to the runner-up, how much of the question's terms the best chunk (with its document's title and
heading path) and sentence hold and how many are missing, the same share with rare words weighing more, whether the
best sentence holds the kind of answer asked for (a date, a number, a name), whether the dense ranking agrees with
the fused one, and the share of the answer's sentences that their citations support. A logistic model maps them to
the probability that the answer is right. There are three variants: one with all the signals; a lexical one for
questions the embedder does not understand (an English-only model and a Korean question); and `across`, the dense
signals alone, for answers the shared words cannot judge (`words_cannot_judge`): from a passage in another language
than the question (a Korean question over English pages), which can share no word with it, or to a question asked
in one's own words, which shares few. `ragloop calibrate` fits all three on a SQuAD-format file or on the
approved golden set and rated answers; the fitted model is a small JSON file. The across variant is fitted on the
same questions, asked in their passage's language: the dense signals are read relative to the collection's
background for the question's language (`retrieval.background`), which already holds the lower cosines of a pair
of languages.

The refusal threshold comes from an explicit cost, `RAGLOOP_REFUSAL_COST`: how many withheld good answers one wrong
answer is worth. The threshold is the one with the lowest total cost on the calibration data (`cost_threshold`).
The data are what users meet: answerable questions and questions about things the knowledge base does not hold.
Questions written against an indexed passage that it does not answer (SQuAD 2.0's kind) are measured, not fitted:
the evidence signals cannot tell them from answerable ones, and fitting to them withholds most good answers.

Extractive answers and LLM answers hold the answer at very different rates on the same evidence, so a calibration
belongs to the kind of writer it was fitted with (`writer_kind`), and an answer is scored by the calibration of the
generator that actually wrote it (a fallback may differ from the configured one). It also belongs to the language
of the questions it was fitted on: the same term coverage means something else for Korean morphemes than for
English stems, and an English calibration scored correct Korean answers far too low. A question in a language
without a calibration of its own is scored by the default language's (`Calibrations.find`).

The calibrations shipped in the package (`SHIPPED`, fitted with the extractive generator on answerable questions
and questions about left-out articles: English on SQuAD 2.0 part A with distractors, Korean on KorQuAD 1.0, half the
articles left out of the index) serve both kinds of writer until one is fitted here (README, "Measured quality and
speed"). A deployment's own golden set and ratings refit them per collection and language (`eval.recalibrate`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from answer.answer_kinds import (PRICE_NAMES, acted_on, alternatives_asked_to_exist, deeds_asked, holds_kind, part_of,
                                 size_written, topics_asked)
from retrieval import ACRONYM_PLURAL, in_word_list, joined_words, language_of, rarity

if TYPE_CHECKING:
    from answer.extractive import Evidence

DENSE_SIGNALS = ("top_dense", "dense_margin", "best_similarity", "dense_agrees")
ABSOLUTE_DENSE_SIGNALS = ("top_dense", "best_similarity")  # read relative to the collection's dense background
# `support` (the share of the answer's sentences their citations back) is not a model input: extractive answers are
# always backed, so a model fitted on them learns nothing about it; the service weighs it separately.
# `rare_coverage`: the share of the question's terms the best chunk holds, each weighed by how rare it is in its
# language (`retrieval.frequencies`: a question's rare words name what it is about); `answer_kind`: whether the best
# sentence holds the kind of answer the question asks for (`answer.answer_kinds`).
LEXICAL_SIGNALS = ("chunk_coverage", "sentence_coverage", "missing_terms", "evidence_count", "rare_coverage",
                   "answer_kind")
SHIPPED = sorted(Path(__file__).parent.glob("calibration*.json"))
WRITER_KINDS = ("extractive", "llm")
DEFAULT_LANGUAGE = "en"
MISSING_TERMS_CAP = 5  # missing terms beyond this say nothing more
MIN_DENSE_ROWS = 100  # answers with dense signals needed to fit the dense variant
MIN_OWN_WORDS_RIGHT = 20  # right answers among them needed to fit the own-words variant (`_own_words`)
DEFAULT_REFUSAL_COST = 2.0
OWN_WORDS_COVERAGE = 1 / 3  # at most this share of the question's terms in the best chunk: the words cannot judge
STANDARD_LIMIT = 4.0  # a signal this many standard deviations from the fitting data's mean counts as that far
# A question naming a thing (`names_a_thing`) that no chunk of the knowledge base holds asks about something the
# knowledge base does not cover ("Does Bramblenote support LDAP authentication?"); its confidence is at most
# UNMENTIONED_CONFIDENCE. Measured on SQuAD 2.0 part A with distractors and half the articles left out of the index
# (the English calibration data): 138 questions name such a thing, 135 of them about a left-out article and 3 of the
# 617 about indexed ones (misspelt names). Lower-case words of the lists rarer than NAME_RARITY but not WORD_RARITY
# are often a question's own words for what its passage says in another (5 more questions about indexed articles,
# at 0.87-0.94), hence the two bounds.
NAME_RARITY = 0.5  # a word written as a name: "Redis", "Zapier", not "Google" or "Sunday"
WORD_RARITY = 0.95  # any word of the lists, however written: "ldap", "crèche", "kubernetes"
UNMENTIONED_CONFIDENCE = 0.1
# A question asking for one of these kinds of answer is answered only by a passage giving one: "계절학기 수강료는 학점당
# 얼마예요?" over pages giving no price was answered at 0.98 with the summer term's credit limit, "What phone number
# can I call?" over pages giving only email addresses with one of them. A number or a date is too common to tell; a
# web page or a way to get in touch is named by too many questions that ask for neither ("Which port does the web
# page listen on?"), and may be a chat or a form.
GIVEN_KINDS = ("price", "rate", "email", "phone")
# A price or a rate is of a thing: when the lead holds less than SUBJECT_APART of what the question asks the price of
# (`ExtractiveGenerator.subject_coverage`) while a sentence of the passages holds SUBJECT_NAMED of it, the pages
# name the thing but give its price nowhere ("How much does a child seat cost per day?": the only sentence naming
# child seats lists the extras one can add; the lead, the young drivers' surcharge per day, was answered at 0.95); so
# do they when no sentence holding SUBJECT_NAMED of it, nor the sentence after one, gives a price ("How much does an
# individual cremation cost?": the one sentence naming it says who carries it out and when the ashes come back).
# A question in one's own words names its thing in none of the passages' words, and is left to the confidence.
PRICED_KINDS = ("price", "rate")
SUBJECT_APART = 0.25
SUBJECT_NAMED = 0.5
# A word naming what a price is asked of that the knowledge base never holds, at least this rare in its language's
# list, is a thing the pages do not list (`unlisted_things`): "bass" 0.54, "2kg" 0.97, "비데" 0.77, not "much" 0.20
UNLISTED_RARITY = 0.4
MAX_NAMED = 5  # words of one question looked up in the collection
COMPOUND_PART_RARITY = 0.6  # the first part of a compound read as a kind of its last part: "전기" (0.40), not "커터"
# a word, its hyphenated parts together ("Wi-Fi"), a name apart from the Korean particle after it ("Redis를")
_NAME_TOKEN = re.compile(r"[^\W_가-힣]+(?:[-'’][^\W_가-힣]+)*|[가-힣]+")
_SENTENCE_END = re.compile(r"[.!?:;\n]+")
_HANGUL_WORD = re.compile(r"[가-힣]")
_POSSESSIVE = re.compile(r"['’]s$")
_OWNERS = {"my", "our", "your", "his", "her", "their"}  # "my grandad's": the person a thing belongs to
_ACRONYM = re.compile(r"\b[A-Z]{3,6}s?\b")  # "SSO", "LDAP", "GPUs"; two letters spell out too easily by chance
_INITIAL_WORD = re.compile(r"[^\W\d_]+")
_PHRASE_BREAK = re.compile(r"[^\w\s'’-]+")  # punctuation but a hyphen or an apostrophe ends a run of words


def overruled(values: dict[str, float | None]) -> bool:
    """Whether a rule refuses the question whatever the signals say: it names a thing the knowledge base never
    mentions (`unmentioned`, `names_a_thing`), it asks for a price, a rate, an email address or a phone number that
    no passage found gives (`kind_unheld`, `GIVEN_KINDS`) or the price of a thing they name without one
    (`kind_elsewhere`, `SUBJECT_APART`), the best passage shares only names with it (`names_alone`), or it is a
    follow-up whose passages hold none of its own words (`follow_up_unheld`: they answer the earlier question)."""
    return bool(values.get("unmentioned") or values.get("kind_unheld") or values.get("kind_elsewhere")
                or values.get("follow_up_unheld") or values.get("names_alone"))


def capped(values: dict[str, float | None], confidence: float) -> float:
    """The confidence, at most UNMENTIONED_CONFIDENCE when a rule refuses the question (`overruled`)."""
    return min(confidence, UNMENTIONED_CONFIDENCE) if overruled(values) else confidence


def answer_factor(values: dict[str, float | None]) -> float:
    """How much of the evidence's confidence a written answer keeps. `support`: the share of its sentences that
    their citations back (one unsupported sentence of four keeps 7/8, none supported keeps half); `addressed`:
    how well its best supported sentence answers the question, relative to the best evidence sentence (an LLM
    answer can cite a real passage and still talk past the question). Either is None when not measured."""
    factor = 1.0
    if values.get("support") is not None:
        factor *= 0.5 + 0.5 * float(values["support"])
    if values.get("addressed") is not None:
        factor *= max(0.0, min(1.0, float(values["addressed"])))
    return factor


def refuses(values: dict[str, float | None], evidence_confidence: float, threshold: float) -> bool:
    """The refusal rule: no answer was written, a rule refuses the question (`overruled`: at any threshold, so
    that the refusal can say why), or the evidence is below the threshold. It
    is decided on the evidence, before anything is shown; a weak written answer keeps a low confidence instead of
    being taken back."""
    return not values.get("answer_written", 1.0) or overruled(values) or evidence_confidence < threshold


def writer_kind(generator: str) -> str:
    """The kind of writer a calibration belongs to: "extractive", or "llm" for every LLM generator."""
    return "extractive" if generator == "extractive" else "llm"


def signals(*, question: str, hits, evidence: list[Evidence], asked_terms: list[str], chunk_terms: list[str],
            support: float | None, max_sentences: int, background: float | None = None,
            read: dict[str, float] | None = None) -> dict[str, float | None]:
    """The evidence signals of one answer; dense ones are None when the dense retriever took no part.
    `background`: the collection's dense background (`retrieval.background`), kept with the signals so that a
    calibration reads the dense similarities relative to it (`relative_to`). `other_language`: 1 when the best
    sentence is in another language than the question (a Korean question answered from an English page), where the
    term signals say nothing: no word can be shared. `read`: the hits' cosines read in the question's language
    (`retrieval.in_question_language`), as the evidence sentences' are; without it, their own."""
    read = read or {}
    dense = [read.get(h.id, h.dense_score) for h in hits if h.dense_score is not None]
    best = evidence[0] if evidence else None
    wanted = set(asked_terms)
    missing = len(wanted - set(chunk_terms)) if wanted else MISSING_TERMS_CAP
    has_dense = bool(dense) and best is not None and best.similarity is not None
    weight = {term: rarity(term) for term in wanted}
    return {
        "top_dense": dense[0] if has_dense else None,
        "dense_margin": (dense[0] - dense[1] if len(dense) > 1 else dense[0]) if has_dense else None,
        "best_similarity": best.similarity if has_dense else None,
        "dense_agrees": float(int(np.argmax(dense)) == 0) if has_dense else None,
        "chunk_coverage": len(wanted & set(chunk_terms)) / len(wanted) if wanted else 0.0,
        "sentence_coverage": best.coverage if best else 0.0,
        "missing_terms": min(missing, MISSING_TERMS_CAP) / MISSING_TERMS_CAP,
        "rare_coverage": (sum(weight[t] for t in wanted & set(chunk_terms)) / sum(weight.values())
                          if sum(weight.values()) else 0.0),
        "answer_kind": holds_kind(question, best.sentence) if best else 0.0,
        "support": support,
        "evidence_count": len(evidence) / max_sentences,
        "dense_background": background if has_dense else None,
        "other_language": float(best is not None and _languages_differ(question, best.sentence)),
    }


def names_a_thing(term: str, typed: str, *, capitalised_anyway: bool = False) -> bool:
    """Whether a question's term, `typed` as its word, names one thing: a word of its language's list rarer than
    WORD_RARITY, or a word written as a name rarer than NAME_RARITY, which a word no list holds is ("MariaDB",
    "Zapier"). Written as a name: a small letter and a capital one inside the word, or at its start unless every
    word there starts so (`capitalised_anyway`: a sentence's first word, a question in title case). Not counted: a
    word no list holds in small letters, a typo or an abbreviation ("wfh"), and one in capitals, an acronym's
    plural or with a digit ("SSO", "GPUs", "2FA"), the short form of what the pages may well write out."""
    if any(ch.isdigit() for ch in typed):
        return False
    rare = rarity(term)
    if in_word_list(term) and rare >= WORD_RARITY:
        return True
    shape = typed[:-1] if ACRONYM_PLURAL.fullmatch(typed) else typed
    capital_inside = shape[1:] != shape[1:].lower()
    written_as_name = shape != shape.upper() and (capital_inside or (shape[0].isupper() and not capitalised_anyway))
    return written_as_name and rare >= NAME_RARITY


def named_things(question: str, terms: Callable[[str], list[str]], asked: set[str], *,
                 latin_only: bool = False) -> dict[str, str]:
    """The question's `asked` terms that name a thing (`names_a_thing`), each with the word to show for it: the
    word as typed ("Wi-Fi" whole), a Korean one as its term, without its particle; at most MAX_NAMED. `latin_only`:
    only words in Latin letters, for passages in another language, which writes the question's Korean words in
    its own but a name such as "Redis" as it is. A Korean sentence has no capitals to excuse."""
    korean = language_of(question) == "ko"
    sentences = [_NAME_TOKEN.findall(sentence) for sentence in _SENTENCE_END.split(question)]
    title_case = _in_title_case(sentences, terms)
    found: dict[str, str] = {}
    for words in sentences:
        for n, token in enumerate(words):
            hangul = bool(_HANGUL_WORD.match(token))
            if latin_only and hangul:
                continue
            for part in token.split("-"):
                found_terms = _word_terms(part, terms)
                if (len(found_terms) == 1 and found_terms[0] in asked and found_terms[0] not in found
                        and names_a_thing(found_terms[0], part,
                                          capitalised_anyway=title_case or (n == 0 and not korean))):
                    found[found_terms[0]] = found_terms[0] if hangul else _POSSESSIVE.sub("", token)
    return dict(list(found.items())[:MAX_NAMED])


def _in_title_case(sentences: list[list[str]], terms: Callable[[str], list[str]]) -> bool:
    """Whether most of the words after a sentence's first, and most of its ordinary words, start with a capital ("Is
    There Wheelchair Access?"): then a capital says nothing of a name. A name of ordinary words is no title case:
    "What is the vertical drop of Silver Larch Mountain?"."""
    ordinary = [word for words in sentences for word in words[1:] if word.isascii()
                and len(its := terms(word)) == 1 and in_word_list(its[0]) and rarity(its[0]) < NAME_RARITY]
    every = [word for words in sentences for word in words[1:] if word.isascii() and word[:1].isalpha()]
    return (len(ordinary) >= 2 and sum(word[0].isupper() for word in ordinary) * 2 >= len(ordinary)
            and sum(word[0].isupper() for word in every) * 2 >= len(every))


def names_alone(question: str, terms: Callable[[str], list[str]], asked: list[str], held: list[str],
                everywhere: Callable[[list[str]], list[str]],
                unmentioned: Callable[[list[str]], list[str]]) -> list[str]:
    """The names a passage shares with the question (words written with a capital inside a sentence of a question
    not in title case, but a day's or a month's), when they are all it shares of the question's `asked` terms and
    the question asks of something more: "What's the weather forecast for Leamington Spa this weekend?" shares only
    "Leamington Spa" with the garage's address, "What time is the last train from Leamington Spa to London?" with the
    line on how to reach it by rail. Only when the knowledge base never speaks of at least half of what else the
    question asks (`unmentioned`: "weather", "forecast"): an encyclopedia's article about a place answers "In what
    country is Normandy located?" though it shares only "Normandy" with it. A name most of the collection's
    documents hold (`everywhere`: the product's own) is no such name: it tells no passage from another. Each run of
    names as written; [] when none, and for a Korean question, which writes no capitals."""
    if language_of(question) == "ko":
        return []
    sentences = [_NAME_TOKEN.findall(sentence) for sentence in _SENTENCE_END.split(question)]
    if _in_title_case(sentences, terms):
        return []
    names: dict[str, str] = {}  # each name's term, with the run of names it is written in ("Leamington Spa")
    for words in sentences:
        runs, run = [], []
        for n, word in enumerate(words):
            if n and word.isascii() and word[:1].isupper() and word.lower() not in _DAYS_AND_MONTHS:
                run.append(word)
            elif run:
                runs, run = [*runs, run], []
        for run in [*runs, run]:
            for term in (term for word in run for term in _word_terms(word, terms)):
                names.setdefault(term, " ".join(run))
    for term in everywhere(list(names)):
        names.pop(term, None)
    # a day or a month shared says when, not what: "this weekend" is read as the Saturday of the opening hours
    when = {term for words in sentences for word in words if word.lower() in _DAYS_AND_MONTHS for term in terms(word)}
    shared = set(asked) & set(held) - when
    others = [term for term in dict.fromkeys(asked) if term not in names]
    if not shared or not shared <= set(names) or not others or len(unmentioned(others)) * 2 < len(others):
        return []
    return list(dict.fromkeys(names[term] for term in asked if term in shared))


_DAYS_AND_MONTHS = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april "
                             "may june july august september october november december".split())


def _word_terms(word: str, terms: Callable[[str], list[str]]) -> list[str]:
    """A word's terms; a name of words written together ("MariaDB", "PowerPoint") is one thing, the term of the whole
    name, though its words are terms of their own in the passages too (`retrieval.sparse.joined_words`)."""
    found = terms(word)
    return found[:1] if joined_words(word) else found


def unwritten_acronyms(question: str, terms: Callable[[str], list[str]], asked: set[str],
                       texts: list[str]) -> dict[str, str]:
    """The question's words in capitals ("SSO", "GPUs") among its `asked` terms that none of `texts` (the passages
    found for it) writes, as they are or out: no run of their words, within a phrase, has the acronym's letters as
    its initials ("single sign-on" for "SSO", a hyphen parting words, a comma ending the run). A short form is not
    a name (`names_a_thing` leaves it out, as the pages may write the long form); one the passages neither use nor
    spell out names something they do not speak of, when the knowledge base holds it nowhere either (the caller
    asks). Each with the word to show for it."""
    phrases = [_INITIAL_WORD.findall(phrase) for text in texts for phrase in _PHRASE_BREAK.split(text)]
    initials = ["".join(word[0].lower() for word in phrase) for phrase in phrases]
    written = {word.lower() for phrase in phrases for word in phrase}
    found: dict[str, str] = {}
    for word in _ACRONYM.findall(question):
        shape = (word[:-1] if ACRONYM_PLURAL.fullmatch(word) else word).lower()
        its = terms(word)
        if (len(its) == 1 and its[0] in asked and its[0] not in found and shape not in written
                and not any(shape in spelled for spelled in initials)):
            found[its[0]] = word
    return dict(list(found.items())[:MAX_NAMED])


def things_asked_to_exist(question: str, terms: Callable[[str], list[str]],
                          asked: set[str]) -> list[dict[str, str]]:
    """The `asked` terms of each thing whose existence the question asks about (`answer_kinds.
    alternatives_asked_to_exist`: "Is there an official mobile app for Bramblenote?", "도서관에 카페가 있나요?", "Is
    there a restaurant or cafeteria …?"), each with the word to show for it (a Korean one as its term, without its
    particle). Whether there is such a thing is for the documents to say; when the knowledge base holds one of its
    words nowhere, for every thing asked about (the caller asks), they do not say it: the passages found for "Is there
    an official mobile app?" were about the wiki's web pages, answered at 0.95."""
    things = []
    for words in alternatives_asked_to_exist(question):
        found: dict[str, str] = {}
        for word in words:
            its = _word_terms(word, terms)
            # a Korean noun is read as a part of its neighbour in the question ("전기차 충전기가": 충전), not alone
            if len(its) == 1 and (its[0] in asked or _HANGUL_WORD.match(word)) and its[0] not in found:
                found[its[0]] = its[0] if _HANGUL_WORD.match(word) else word
        things.append(dict(list(found.items())[:MAX_NAMED]))
    return things


def compound_kinds(question: str, terms: Callable[[str], list[str]]) -> list[tuple[str, str, str]]:
    """The Korean compound nouns of a question, each as (its first part, its last part, the whole), as the analyser
    parts them ("전기요금": 전기, 요금), both of two syllables or more, the first an everyday noun (`_everyday_noun`).
    When the knowledge base holds the last part and never the first, the question asks of another kind of the thing
    its pages speak of (the caller asks): "전기요금 누진제 구간이 어떻게 되나요?" over a water utility's pages, which give
    the tiers of 수도요금, was answered at 0.85 with them."""
    if language_of(question) != "ko":
        return []
    found = []
    for word in question.split():
        its = terms(word)
        found += [(whole[:i], whole[i:], whole) for whole in its for i in range(2, len(whole) - 1)
                  if whole[:i] in its and whole[i:] in its and _everyday_noun(whole[:i]) and in_word_list(whole[i:])]
    return found[:MAX_NAMED]


def _everyday_noun(term: str) -> bool:
    """A noun of the word list as common as "전기" or "교통": the analyser also parts names and misspelt words
    ("힌덴부르크", "깡철이", "커터칼"), whose parts are no kind of anything."""
    return in_word_list(term) and rarity(term) < COMPOUND_PART_RARITY


def things_acted_on(question: str, terms: Callable[[str], list[str]], asked: set[str], *,
                    part: bool = False) -> dict[str, str]:
    """The `asked` terms of the thing the question asks how to act on, or whether one may (`answer_kinds.acted_on`:
    "How do I renew my passport?", "Can I book a massage at the hotel?", "김치찌개는 어떻게 끓이나요?"), each with the
    word to show for it (every term of a Korean word: "신용점수" is 신용, 점수 and the word they make). When the
    knowledge base holds none of them (the caller asks), the documents do not tell how to act on it, whichever verb
    they share with it: "Student status must be renewed every 12 months" was the answer to the passport at 0.75,
    "To change tier, open the app" to "How do I change a flat tire on my car?" at 0.71. `part`: the words of what
    that thing is part of instead (`answer_kinds.part_of`: the router whose password "How do I reset the password on
    my home wifi router?" asks about), which the knowledge base must name as well."""
    found: dict[str, str] = {}
    for word in (part_of if part else acted_on)(question):
        for term in terms(word):
            if term in asked:
                found.setdefault(term, term if _HANGUL_WORD.match(word) else word)
    return found


def unlisted_things(question: str, subject: list[str], unheld: list[str],
                    terms: Callable[[str], list[str]], texts: list[str]) -> dict[str, str]:
    """Of the `subject` terms of what a price is asked of (`ExtractiveGenerator.priced_subject`), those the knowledge
    base never holds (`unheld`) that name a thing: a word of its language's list at least UNLISTED_RARITY rare, not a
    word for a price itself (`PRICE_NAMES`), a Korean one of two syllables or more (one syllable is as often a verb's
    stem, "긁" of "카드 긁으면"), not a size the passages (`texts`) write in other units ("2 kilo" for "2kg"), nor written
    apart there ("aircon" as "air conditioning", `written_apart`); each with the word to show for it. Asked beside words
    the pages do hold, it is a thing they do not list: "What is the monthly hire fee for a double bass?" of a table of
    instruments without one (answered at 0.71 with the cello's fee), "비데도 렌탈할 수 있나요? 월 요금은 얼마인가요?" of a water purifier
    rental (0.87). Not the person a thing belongs to ("What would it cost to repair my grandad's painting?"), nor
    an adverb ("Roughly what would it cost?")."""
    price_names = set(terms(PRICE_NAMES))
    named = [term for term in subject if term in unheld and term not in price_names and in_word_list(term)
             and rarity(term) >= UNLISTED_RARITY and not (_HANGUL_WORD.match(term) and len(term) < 2)]
    found: dict[str, str] = {}
    words = _NAME_TOKEN.findall(question)
    for before, word in zip(["", *words], words):
        if (before.casefold() in _OWNERS and _POSSESSIVE.search(word)) or _an_adverb(word, terms):
            continue  # whose it is, not what it is: "my grandad's old painting"; how, "Roughly what would it cost"
        for term in terms(word):
            if term in named and not size_written(word, texts) and not written_apart(word, texts):
                found.setdefault(term, term if _HANGUL_WORD.match(word) else _POSSESSIVE.sub("", word))
    return found


def _an_adverb(word: str, terms: Callable[[str], list[str]]) -> bool:
    """Whether an English word is an adverb of "-ly", which the stemmer reads as its adjective ("roughly": rough,
    "quickly"; not "family", "supply")."""
    its = terms(word) if word.isascii() and word.casefold().endswith("ly") else []
    return len(its) == 1 and its == terms(word[:-2])


def written_apart(word: str, texts: list[str]) -> bool:
    """Whether a Latin word is written in `texts` as two words in a row, the second whole or cut short: "aircon" as
    "air conditioning", "2kg" as "2 kg". Such a word is said, in other spelling."""
    shape = word.casefold()
    if not shape.isascii():
        return False
    for text in texts:
        words = re.findall(r"\w+", text.casefold())
        for first, second in zip(words, words[1:]):
            rest = shape[len(first):]
            if shape.startswith(first) and rest and second.startswith(rest):
                return True
    return False


def deeds_acted(question: str, terms: Callable[[str], list[str]], asked: set[str]) -> list[str]:
    """The nouns of the deeds a Korean question asks how, or whether one may, do (`answer_kinds.deeds_asked`:
    "생활관에 차 주차할 수 있나요?": 주차), each a noun the analyser reads as one term of the question (the word shown
    is the term). When the knowledge base never holds one (the caller asks), the documents do not tell of that deed: "책을
    기증하고 싶은데 받아 주나요?" was answered at 0.49 with the library's reservations, "다른 사람에게 구독을 선물할 수
    있나요?" at 0.72 with a discount's terms."""
    return [noun for noun in deeds_asked(question) if terms(noun) == [noun] and noun in asked]


def topics_named(question: str, terms: Callable[[str], list[str]], asked: set[str]) -> list[dict[str, str]]:
    """The `asked` terms of each topic of a Korean question of two terms or more (`answer_kinds.topics_asked`), each
    shown as itself. When the knowledge base holds none of a topic's terms (the caller asks), the documents do not
    speak of it: "신용카드로 결제하면 무이자 할부는 몇 개월까지 되나요?" over pages that never name 무이자 or 할부 was
    answered at 0.71 with "결제는 계좌이체와 신용카드 모두 가능합니다". One word alone is as often a person's own for
    what the pages name in theirs: "돈은" for 환불 금액, "매장은" for 지점."""
    topics = ({term: term for word in words if not any(ch.isdigit() for ch in word)
               for term in terms(word) if term in asked} for words in topics_asked(question))
    return [topic for topic in topics if len(topic) > 1]


def words_cannot_judge(values: dict[str, float | None]) -> bool:
    """Whether the term signals are out of their depth for this answer, so that the dense signals alone judge it
    (`Calibration.across`): its evidence is in another language than the question, or the best chunk holds at
    most a third of the question's terms (`OWN_WORDS_COVERAGE`). The calibration data's questions are written
    with their passage's words, so there a question sharing few of them is one whose passage is missing, and the
    full model learns to refuse it; a person asking in their own words shares few of them too ("제주도에 사는데
    받아 볼 수 있나요?" of "제주 및 도서산간 지역은 배송하지 않습니다"), and whether the passage means what was
    asked is what the embedder, not the shared words, can tell."""
    return bool(values.get("other_language")) or (values.get("chunk_coverage") or 0.0) <= OWN_WORDS_COVERAGE


def _languages_differ(question: str, sentence: str) -> bool:
    asked, written = language_of(question), language_of(sentence)
    return bool(asked and written and asked != written)


def relative_to(values: dict[str, float | None], background: float | None) -> dict[str, float | None]:
    """The signals as if asked of a collection whose dense background is `background`: the absolute dense
    similarities shift by the difference between the two backgrounds (margins and agreement do not change).
    Unchanged when either background is unknown."""
    own = values.get("dense_background")
    if background is None or own is None or values.get("top_dense") is None:
        return values
    shift = background - own
    return {**values, "dense_background": background,
            **{name: values[name] + shift for name in ABSOLUTE_DENSE_SIGNALS if values.get(name) is not None}}


@dataclass
class LogisticModel:
    features: list[str]
    coef: list[float]
    intercept: float
    mean: list[float]
    scale: list[float]

    def probability(self, values: dict[str, float | None]) -> float:
        x = (np.array([values.get(name) or 0.0 for name in self.features]) - self.mean) / self.scale
        x = np.clip(x, -STANDARD_LIMIT, STANDARD_LIMIT)  # far outside what it was fitted on: no wild extrapolation
        z = float(x @ np.array(self.coef)) + self.intercept
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def fit_logistic(rows: list[dict], labels: list[int], features: list[str], *, l2: float = 1.0,
                 steps: int = 50, weights: list[float] | None = None) -> LogisticModel:
    """L2-regularised logistic regression by Newton's method on standardised features; `weights`: how much each
    row counts (default 1)."""
    x = np.array([[row.get(name) or 0.0 for name in features] for row in rows], dtype=float)
    y = np.array(labels, dtype=float)
    r = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    x = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    penalty = np.diag([l2] * len(features) + [0.0])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -50, 50)))
        gradient = x.T @ (r * (p - y)) + penalty @ w
        hessian = (x * (r * p * (1 - p))[:, None]).T @ x + penalty + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return LogisticModel(list(features), w[:-1].tolist(), float(w[-1]), mean.tolist(), scale.tolist())


@dataclass
class Calibration:
    dense: LogisticModel
    lexical: LogisticModel
    threshold: float  # refuse below this confidence, at the refusal cost it was fitted for
    fitted_on: dict = field(default_factory=dict)  # data set, questions, embedder, generator, cost, figures
    across: LogisticModel | None = None  # the dense signals alone, where the words cannot judge (words_cannot_judge)
    own_words: LogisticModel | None = None  # the same, fitted on the answers whose words cannot judge (`_own_words`)

    def threshold_for(self, refusal_cost: float) -> float:
        """The refusal threshold at a cost: the fitted one at the cost it was fitted for; at another cost, the fitted
        one moved as the optimum of a calibrated probability moves. That optimum is cost / (1 + cost), whose
        log-odds are log(cost), so the fitted threshold's log-odds shift by log(cost / fitted cost): a dearer wrong
        answer always refuses more, and a threshold fitted at cost / (1 + cost) stays on that curve. (Taking
        cost / (1 + cost) itself would jump away from a fitted threshold below it: 0.39 at the fitted 2 became 0.50
        at 1, refusing more where a wrong answer was said to cost less.)"""
        fitted_cost = float(self.fitted_on.get("refusal_cost", DEFAULT_REFUSAL_COST))
        if math.isclose(refusal_cost, fitted_cost):
            return self.threshold
        if self.threshold <= 0.0 or self.threshold >= 1.0:  # refuses nothing, or everything: no odds to move
            return self.threshold
        log_odds = math.log(self.threshold / (1.0 - self.threshold)) + math.log(refusal_cost / fitted_cost)
        return 1.0 / (1.0 + math.exp(-log_odds))

    @property
    def kind(self) -> str:
        return writer_kind(self.fitted_on.get("generator", "extractive"))

    @property
    def language(self) -> str:
        return self.fitted_on.get("language") or DEFAULT_LANGUAGE

    @property
    def collection(self) -> str | None:
        """The knowledge collection it was fitted for (from its golden set and ratings); None serves every one."""
        return self.fitted_on.get("collection")

    @property
    def dense_background(self) -> float | None:
        """The dense background of the data it was fitted on (`retrieval.background`); None: read as is."""
        value = self.fitted_on.get("dense_background")
        return float(value) if value is not None else None

    def evidence_confidence(self, values: dict[str, float | None]) -> float:
        """The probability that an answer from this evidence is right, known before anything is written."""
        if values.get("top_dense") is None:
            return capped(values, self.lexical.probability(values))
        return capped(values, self._model(values).probability(relative_to(values, self.dense_background)))

    def _model(self, values: dict[str, float | None]) -> LogisticModel:
        """The model for an answer with dense signals: where the words cannot judge, the one fitted on such answers
        for a question asked in its passage's language (`own_words`), else the dense signals alone (`across`); the
        full model otherwise."""
        if not words_cannot_judge(values):
            return self.dense
        if self.own_words and not values.get("other_language"):
            return self.own_words
        return self.across or self.dense

    def confidence(self, values: dict[str, float | None]) -> float:
        """The probability that the written answer is right: the evidence's, weighed by how the answer held up."""
        return self.evidence_confidence(values) * answer_factor(values)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "Calibration":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(LogisticModel(**data["dense"]), LogisticModel(**data["lexical"]), float(data["threshold"]),
                   data.get("fitted_on", {}), LogisticModel(**data["across"]) if data.get("across") else None,
                   LogisticModel(**data["own_words"]) if data.get("own_words") else None)


class Calibrations:
    """The calibrations at hand, by kind of writer, language and collection; one added later replaces an earlier
    one of the same key."""

    def __init__(self):
        self._by_key: dict[tuple[str, str, str | None], Calibration] = {}

    def add(self, calibration: Calibration, *, kinds: tuple[str, ...] = ()) -> "Calibrations":
        """`kinds`: the kinds of writer it serves, when not only its own (a shipped calibration serves all)."""
        for kind in kinds or (calibration.kind,):
            self._by_key[(kind, calibration.language, calibration.collection)] = calibration
        return self

    def find(self, writer: str, language: str, collection: str | None = None) -> Calibration | None:
        """The calibration for answers by `writer` (a generator name) to a question in `language` asked of
        `collection`: the collection's own, else the language's, else the default language's."""
        kind = writer_kind(writer)
        for key in ((kind, language, collection), (kind, language, None), (kind, DEFAULT_LANGUAGE, collection),
                    (kind, DEFAULT_LANGUAGE, None)):
            if key in self._by_key:
                return self._by_key[key]
        return None


def refusal_scores(refused: list[bool], unanswerable: list[bool]) -> dict[str, float]:
    """Precision, recall and F1 of refusing, unanswerable questions being the positives."""
    hits = sum(r and u for r, u in zip(refused, unanswerable))
    precision = hits / sum(refused) if any(refused) else 0.0
    recall = hits / sum(unanswerable) if any(unanswerable) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"refusal_precision": precision, "refusal_recall": recall, "refusal_f1": f1}


def decision_cost(*, refused: list[bool], correct: list[bool], refusal_cost: float) -> float:
    """What the refusal decisions cost: each wrong answer shown counts `refusal_cost`, each right one withheld 1."""
    return sum(refusal_cost * (not r and not c) + (r and c) for r, c in zip(refused, correct))


def cost_threshold(confidences: list[float], correct: list[bool], *, refusal_cost: float,
                   written: list[bool] | None = None, weights: list[float] | None = None) -> float:
    """The refusal threshold with the lowest decision cost (the lowest such threshold on a tie, which withholds
    the fewest answers). `written`: whether each question got an answer at all (one without is refused anyway);
    `weights`: how much each answer counts (default 1)."""
    written = written if written is not None else [True] * len(confidences)
    order = np.argsort(confidences, kind="stable")
    conf = np.asarray(confidences, dtype=float)[order]
    good = np.asarray(correct, dtype=bool)[order]
    shown = np.asarray(written, dtype=bool)[order]
    weight = (np.ones(len(conf)) if weights is None else np.asarray(weights, dtype=float))[order]
    # Refusing the first i answers (the i least confident): withheld good ones below, wrong ones shown above.
    withheld = np.concatenate([[0], np.cumsum(weight * (good & shown))])
    wrong_above = np.concatenate([[0], np.cumsum((weight * (~good & shown))[::-1])])[::-1]
    costs = withheld + refusal_cost * wrong_above
    # A threshold must separate equal confidences the same way: only cut between distinct values.
    cuts = [0] + [i for i in range(1, len(conf) + 1) if i == len(conf) or conf[i] > conf[i - 1]]
    best = min(cuts, key=lambda i: (round(float(costs[i]), 9), i))
    if best == 0:
        return 0.0
    return float(conf[best]) if best < len(conf) else float(conf[-1]) + 1e-6


def expected_calibration_error(confidences: list[float], correct: list[bool], bins: int = 10,
                               weights: list[float] | None = None) -> float:
    """The weighted mean gap between confidence and accuracy over equal-width bins (`weights`: how much each
    answer counts, default 1)."""
    weights = weights if weights is not None else [1.0] * len(confidences)
    total, error = sum(weights), 0.0
    for b in range(bins):
        members = [i for i, c in enumerate(confidences)
                   if (b / bins <= c < (b + 1) / bins) or (b == bins - 1 and c == 1.0)]
        mass = sum(weights[i] for i in members)
        if mass:
            gap = abs(sum(weights[i] * confidences[i] for i in members) / mass
                      - sum(weights[i] * correct[i] for i in members) / mass)
            error += mass / total * gap
    return error if total else 0.0


def _own_words(rows: list[dict], labels: list[int], weights: list[float]) -> LogisticModel | None:
    """The dense signals fitted on the answers whose words cannot judge (`words_cannot_judge`) to a question in
    its passage's language, when there are MIN_DENSE_ROWS of them with MIN_OWN_WORDS_RIGHT right ones; else None.
    Fitted on every answer, as `across` is, the dense signals read such answers as the rest: of KorQuAD's 1,905
    (half the articles left out of the index), 2 % are right and `across` gave them 0.12 on average (ECE 0.097 among
    them); on the small Korean knowledge bases, answers it gave 0.45 to 0.90 were right 8 times in 27."""
    own = [i for i, row in enumerate(rows) if row.get("top_dense") is not None and words_cannot_judge(row)
           and not row.get("other_language")]
    if len(own) < MIN_DENSE_ROWS or sum(labels[i] for i in own if weights[i]) < MIN_OWN_WORDS_RIGHT:
        return None
    return fit_logistic([rows[i] for i in own], [labels[i] for i in own], list(DENSE_SIGNALS),
                        weights=[weights[i] for i in own])


def fit_calibration(rows: list[dict], correct: list[bool], *, about: dict,
                    refusal_cost: float = DEFAULT_REFUSAL_COST, weights: list[float] | None = None) -> Calibration:
    """Both variants on the same answers (the lexical one as if no dense signal existed), then the threshold with
    the lowest decision cost. With too few answers that had dense signals (Korean questions and an English-only
    embedder), the dense variant is the lexical one: a handful of rows would teach it nothing but noise. Answers a
    rule refuses (`overruled`) teach the models nothing: the rule decides them whatever their evidence, which
    often looks strong; they count for the threshold."""
    labels = [int(c) for c in correct]
    weights = weights if weights is not None else [1.0] * len(rows)
    fitted = [0.0 if overruled(row) else weight for row, weight in zip(rows, weights)]
    backgrounds = [row["dense_background"] for row in rows if row.get("dense_background") is not None]
    background = round(float(np.median(backgrounds)), 4) if backgrounds else None
    rows = [relative_to(row, background) for row in rows]  # answers from several collections, on one scale
    if background is not None:
        about = {**about, "dense_background": background}
    lexical = fit_logistic(rows, labels, list(LEXICAL_SIGNALS), weights=fitted)
    with_dense = [i for i, row in enumerate(rows) if row.get("top_dense") is not None]
    dense, across = lexical, None
    if len(with_dense) >= MIN_DENSE_ROWS:
        dense_rows, dense_labels = [rows[i] for i in with_dense], [labels[i] for i in with_dense]
        dense_weights = [fitted[i] for i in with_dense]
        dense = fit_logistic(dense_rows, dense_labels, [*DENSE_SIGNALS, *LEXICAL_SIGNALS], weights=dense_weights)
        across = fit_logistic(dense_rows, dense_labels, list(DENSE_SIGNALS), weights=dense_weights)
    calibration = Calibration(dense, lexical, 0.5, {**about, "refusal_cost": refusal_cost}, across,
                              _own_words(rows, labels, fitted))
    confidences = [calibration.confidence(row) for row in rows]
    written = [bool(row.get("answer_written", 1.0)) for row in rows]
    calibration.threshold = round(cost_threshold(confidences, correct, refusal_cost=refusal_cost,
                                                 written=written, weights=weights), 6)
    return calibration
