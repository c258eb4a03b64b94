"""BM25 term weights as sparse vectors, with tokenisation per language.

Qdrant applies the IDF part itself (the sparse vector is declared with the IDF modifier), so documents carry only
the term-frequency part (saturation and length normalisation) and queries only term presence.

- English (and any Latin-script text): lower case, accents dropped ("Ögedei" is "ogedei", "café" matches "cafe"),
  possessives and contractions split at the apostrophe ("agent's" is "agent"; "what's" and "don't" are stop words),
  stop words dropped, an irregular form read as its word ("eaten" as "eat", "mice" as "mouse", from lemminflect's
  tables), Snowball's English stemmer (PyStemmer, the Snowball project's own C build: it loads at once and stems a
  word list several times faster than a Python one).
- Korean: morphemes from Kiwi; nouns, verb and adjective stems, roots, numbers and foreign words are kept and
  particles and endings dropped, so "서울에서" matches "서울"; the light verbs 하, 되 and 있 are stop words, as
  "do", "be" and "have" are in English.
- Mixed text: Kiwi reads the whole text and hands Latin-script words back to the English rules.
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_CODE_NAME = re.compile(r"[A-Za-z0-9]*(?:_|[A-Z]{2}|[0-9])[A-Za-z0-9_]*")  # snake_case, capitals, digits
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_LATIN_TOKEN = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*(?:['’][a-z]+)*", re.IGNORECASE)
_HYPHENED = re.compile(r"(?<![\w-])[a-z]+(?:-[a-z]+)+(?![\w-])", re.IGNORECASE)  # "re-gas", "Wi-Fi", not "COVID-19"
_JOINED_AT = re.compile(r"[a-z]{2}[A-Z]")  # where a name of words written together opens its next word ("macOS")
_JOINED_WORD = re.compile(r"[A-Z]*[a-z]+|[A-Z]+(?![a-z])")
# a phone number ("02-3142-7528", "0800 555 0199", "+44 20 7946 0958"), not a date ("2026-12-04"), and a mail address
PHONE_NUMBER = re.compile(r"(?<![0-9A-Za-z.])(?!\d{4}-\d{2}-\d{2}\b)\+?\d[\d ()-]{6,}\d(?![0-9A-Za-z]|\.\d)")
MAIL_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_APOSTROPHE = re.compile("['’]")
ACRONYM_PLURAL = re.compile(r"\b([A-Z]{2,}[0-9]*)s\b")  # "PDFs", "GPUs": the plural of "PDF", "GPU"
_CLITICS = frozenset({"s", "re", "ve", "ll", "d", "m"})
COUNTED_TAGS = {"NNG", "NNB", "NNP"}  # a noun written on to a number: what it counts ("2학기", "3층", "2월")
KOREAN_TAGS = {"NNG", "NNP", "NR", "VV", "VA", "XR", "SN", "SH", "SL", "NF", "VV-I", "VA-I", "VV-R", "VA-R"}
STOPWORDS = frozenset("""a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having he
her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not of
off on once only or other our ours ourselves out over own same she should so some such than that the their theirs
them themselves then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself yourselves""".split())
# The Korean counterparts of "do", "be" and "have": verbs that carry grammar, not topic ("신청할 수 있나요",
# "어떻게 되나요"), and the question words Kiwi tags as content (어떻/어떠 "how", 얼마 "how much"), as how/what are
# stop words in English; 무엇/누구/언제/어디 are pronouns, which are not indexed at all. "없" (there is no) stays: it
# is as often the point of a question as its grammar.
KOREAN_STOPWORDS = frozenset({"하", "되", "있", "어떻", "어떠", "얼마"})
KEPT_TERM_IDS = 4096


@dataclass(frozen=True)
class SparseVector:
    indices: list[int]
    values: list[float]


def language_of(text: str) -> str:
    """'ko' when at least 30 % of the letters are Hangul, 'en' for other text with letters, '' when there are none.
    Names from code (RAGLOOP_PORT, HTTP, E-7731) are left out: they read the same in every language."""
    text = _CODE_NAME.sub(" ", text)
    letters = len(_LETTER.findall(text))
    if not letters:
        return ""
    return "ko" if len(_HANGUL.findall(text)) / letters >= 0.3 else "en"


def term_id(term: str) -> int:
    """A stable 32-bit id per term (collisions are rare enough not to matter for ranking)."""
    return int.from_bytes(hashlib.blake2b(term.encode(), digest_size=4).digest(), "little")


_stemmer = threading.local()  # a PyStemmer stemmer is not safe to share across threads


def _english_stemmer():
    if not hasattr(_stemmer, "english"):
        import Stemmer

        _stemmer.english = Stemmer.Stemmer("english")
    return _stemmer.english


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    # Words repeat across chunks; stemming each once makes document encoding faster still.
    return _undoubled(_english_stemmer().stemWord(_regular(word))) if word.isalpha() else word


def _stem_all(words: list[str]) -> list[str]:
    """`_stem` of each word, in one call to the stemmer (a word list of 100,000 in a fraction of a second)."""
    stems = _english_stemmer().stemWords([_regular(word) for word in words])
    return [_undoubled(stem) if word.isalpha() else word for word, stem in zip(words, stems)]


def _undoubled(stem: str) -> str:
    """A stem ending in a doubled r as its verb's: the stemmer leaves "deferral" as "deferr" and "defer" as "defer"
    ("referral", "transferral" alike), and "deferral fee" found no line on deferring."""
    return stem[:-1] if len(stem) >= 5 and stem.endswith("rr") else stem


@lru_cache(maxsize=200_000)
def _regular(word: str) -> str:
    """An irregular form of a word as the word itself, from lemminflect's tables: "eaten" and "ate" as "eat", "lost"
    as "lose", "paid" as "pay", "mice" as "mouse", which the stemmer leaves apart from the forms it does read ("eats",
    "losing"): "What if my dog has eaten rat poison?" asks what the page on a pet that "eats something poisonous"
    says. A form that is a word of its own too ("left", "found", "saw"), or one of several words ("media"), stays."""
    from lemminflect import getAllLemmas

    lemmas = {lemma for found in getAllLemmas(word).values() for lemma in found}
    return lemmas.pop() if len(lemmas) == 1 and word not in lemmas else word


def _without_accents(text: str) -> str:
    """Latin letters without their accents ("Ögedei" -> "Ogedei"); other scripts as they are."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def _file_name_parts(word: str) -> list[str]:
    """The words of a file's name, besides the name itself: "start.sh" is also "start" and "sh", "config.toml"
    "config" and "toml", so that "How do I start it?" finds "Run `bash start.sh`". Not an abbreviation's letters
    ("e.g", "u.s"), a number's parts ("3.5"), a name of more parts ("app.quillbase.example") nor a host's
    (`_latin_terms`): the product's name in every mail address made any sentence holding one look like it spoke of
    the product."""
    parts = word.split(".")
    if len(parts) != 2 or not 1 <= len(parts[1]) <= 5:
        return []
    return [part for part in parts if len(part) >= 2 and _LETTER.search(part) and part not in STOPWORDS]


def joined_words(token: str) -> list[str]:
    """The words of a name written as one with capitals inside it, besides the name itself: "macOS" is also "mac"
    and "os", "PowerPoint" "power" and "point", so that "How do I install it on a Mac?" finds the row for macOS. Not
    a name with one small letter before its capital ("iPhone", "McDonald"), nor a word of one letter."""
    if not _JOINED_AT.search(token):
        return []
    return [word for found in _JOINED_WORD.findall(token)
            if len(word := found.lower()) >= 2 and word not in STOPWORDS]


def _word(token: str) -> str | None:
    """A token without its clitic: "agent's" -> "agent", "we're" -> "we"; a negated auxiliary ("don't", "isn't")
    is a stop word, as "not" is; apostrophes inside a name join its parts ("O'Neill's" -> "oneill")."""
    parts = _APOSTROPHE.split(token)
    if len(parts) == 2 and parts[1] == "t" and parts[0].endswith("n"):
        return None
    if len(parts) > 1 and parts[-1] in _CLITICS:
        parts = parts[:-1]
    return "".join(parts)


_KIWI_LOCK = threading.Lock()  # one Kiwi instance is not safe to share across threads


@lru_cache(maxsize=1)
def _kiwi():
    """Kiwi's Korean model, loaded once per process and shared by every encoder: loading it and its first analysis
    take about 3 s, which every answer service built (a server's, the playground's, a test's) paid again."""
    from kiwipiepy import Kiwi

    return Kiwi()


def _korean_tokens(text: str) -> list:
    with _KIWI_LOCK:
        return _kiwi().tokenize(text)


def korean_proper_nouns(text: str) -> list[str]:
    """The words Kiwi reads as proper nouns (NNP) in a Korean text, as written: places and names ("부산", "서면" and
    "송도점" of "부산 서면 쪽에도 지점이 있나요?" and "송도점 운영 시간"), a branch's 점 written on to its place's name
    whether Kiwi reads it so or apart ("송도", "점")."""
    tokens = _korean_tokens(text)
    return [token.form + ("점" if n + 1 < len(tokens) and tokens[n + 1].form == "점"
                          and tokens[n + 1].start == token.start + token.len else "")
            for n, token in enumerate(tokens) if token.tag == "NNP" or _branch_read_whole(token)]


def _branch_read_whole(token) -> bool:
    """A branch's name Kiwi reads whole as a common noun, its place's name and 점 ("강남점", "잠실점"; not
    "백화점", "편의점", "문제점")."""
    if token.tag != "NNG" or len(token.form) < 3 or not token.form.endswith("점") or token.form == "백화점":
        return False
    place = _korean_tokens(token.form[:-1])
    return len(place) == 1 and place[0].tag == "NNP"


def korean_topics(text: str) -> list[str]:
    """The topics of a Korean text as written: each run of nouns Kiwi reads right before the topic particle 은/는
    ("무이자 할부" of "결제하면 무이자 할부는 몇 개월까지 되나요?"; not "엘베 없는", a verb's)."""
    tokens, topics = _korean_tokens(text), []
    for n, token in enumerate(tokens):
        if token.tag != "JX" or token.form not in ("은", "는") or not n:
            continue
        start = n
        while start and tokens[start - 1].tag in ("NNG", "NNP", "SL", "SN", "XSN", "XPN", "NR"):
            start -= 1
        if start < n and tokens[n - 1].tag != "XPN":
            topics.append(text[tokens[start].start:tokens[n - 1].start + tokens[n - 1].len])
    return topics


def korean_everyday_word(word: str) -> bool:
    """Whether Kiwi reads a Korean word as an everyday one, not a name: one common noun ("전문가"), one built with a
    prefix or a suffix ("최고급", "신입생"), or anything but nouns ("우승한", a verb's form; "한국의", a noun and its
    particle); not "김태호", nor "한지민" read as two nouns."""
    tokens = _korean_tokens(word)
    return bool(tokens) and ((len(tokens) == 1 and tokens[0].tag == "NNG")
                             or any(token.tag not in ("NNG", "NNP") for token in tokens))


@lru_cache(maxsize=8192)
def compound_parts(word: str) -> tuple[str, ...]:
    """The two nouns Kiwi knows that a word it took for an unknown name (NNP) is written from, or (): "증명사진" in a
    table's cell ("| 증명사진 | 3매 |") is one such word, while "증명사진은 몇 매가 필요한가요?" reads "증명" and "사진",
    and the two shared no term. Only words of four syllables or more, split into halves of two or more, each one
    noun: "김은영" and "서울" stay whole."""
    if len(word) < 4 or not all("가" <= char <= "힣" for char in word):
        return ()
    for cut in range(2, len(word) - 1):
        halves = (word[:cut], word[cut:])
        read = [_korean_tokens(half) for half in halves]
        if all(len(tokens) == 1 and tokens[0].tag == "NNG" and tokens[0].form == half
               for tokens, half in zip(read, halves)):
            return halves
    return ()


_NOUN_TAGS = {"NNG", "NNP"}
# a determiner ("한", "다른") is written apart from the noun it goes with: one Kiwi reads on to a noun is the word's
# first part ("월간 한입패스" reads "한", "입", "패스")
_OPENING_TAGS = {*_NOUN_TAGS, "MM"}
JOINED_WEIGHT = 0.5  # a question's word of nouns written together, beside its nouns (`Bm25Encoder.encode_query`)


def _written_together(nouns: list) -> list[str]:
    """Nouns written together as one word, as that word too: Kiwi reads a word it does not know in one sentence as
    one name and in another as pieces ("북부분소는" is "북부분소", while "북부분소 운영시간은" is "북", "부분", "소"),
    and the two then shared no term; the word whole is the term both hold ("운영시간" as well as "운영", "시간"). A
    determiner written on to the nouns opens the word: "월간 한입패스" reads "한" (one), "입", "패스", and "한입패스" alone
    is one name."""
    return ["".join(token.form for token in nouns).lower()] if len(nouns) > 1 else []


_VERB_TAGS = {"VV", "VX", "XSV", "VV-I", "VV-R"}
_CLOSING_TAGS = {"SF", "SP", "SS", "SE", "SO", "SW"}  # punctuation and signs after a sentence's last word


@lru_cache(maxsize=4096)
def korean_instruction(sentence: str) -> bool:
    """Whether a Korean sentence tells what to do in the plain forms of a guide's lists: a verb made a noun at its
    end ("테이프와 송장을 떼고 납작하게 펼치기") or "…할 것" ("뚜껑을 꼭 닫을 것"). An action said as done ("신분증을
    지참하고 방문합니다") is not one: a page says so of what its staff do as well."""
    if not _HANGUL.search(sentence):
        return False
    tokens = [token for token in _korean_tokens(sentence) if token.tag not in _CLOSING_TAGS]
    if len(tokens) < 2:
        return False
    before, last = tokens[-2], tokens[-1]
    if last.tag == "ETN" and last.form == "기":
        return before.tag in _VERB_TAGS
    return last.tag == "NNB" and last.form == "것" and before.tag == "ETM" and before.form in ("을", "ᆯ")


def joined_at_hyphens(text: str) -> list[str]:
    """The terms of a document's words written with a hyphen that are words written as one too: "re-gas" is found
    by "regas", "check-out" by "checkout", "e-mail" by "email"; "cell-mediated" and "high-fat" are no words of their
    own. A question's are not: "check-in" asked would find a page writing "check-in" before one writing "check in"."""
    from retrieval.frequencies import in_word_list  # which imports this module

    joined = (_stem(found.group(0).replace("-", "").lower()) for found in _HYPHENED.finditer(text))
    return [term for term in joined if in_word_list(term)]


class Bm25Encoder:
    """BM25 term weights. `signature` names everything that decides a document's vector: a collection encoded
    under another one is encoded again (`retrieval.factory`)."""

    # v3: Snowball English as the Snowball project writes it today (PyStemmer); v4: "PDFs"; v5: "2학기"; v6: "start.sh";
    # v7: a phone number or a mail address is also the word for it; v8: an unknown name's two nouns ("증명사진");
    # v9: a name of words written together ("macOS") is also its words; v10: an irregular form is its word ("paid");
    # v11: a document's word written with a hyphen is also the word written as one ("re-gas" is "regas"); v12: nouns
    # written together are also the word they make ("북부분소"); v13: with a determiner written on to them ("한입패스"),
    # and a stem ending in a doubled r is its verb's ("deferral")
    name = "bm25-kiwi-v13"

    def __init__(self, *, k1: float = 1.2, b: float = 0.75, avg_len: float = 60.0):
        self.k1, self.b, self.avg_len = k1, b, avg_len
        self.signature = f"{self.name} k1={k1:g} b={b:g} avg_len={avg_len:g}"
        self._kept_term_ids: dict[str, frozenset[int]] = {}

    def _korean_reading(self, text: str) -> tuple[list[str], set[str]]:
        """Kiwi's morphemes of the kinds in KOREAN_TAGS; each number with the noun written on to it ("2학기",
        "2월", "3층"): the number alone would make the second term (2학기) of "2학기 입사 일정은 언제인가요?" the
        same word as February (2월) in "1학기: 2월 26일", and the first term's dates the answer; and the nouns
        written together as one word (`_written_together`). With the terms read apart: all but those words."""
        terms: list[tuple[str, bool]] = []  # each term, and whether it is nouns written together
        before = None
        together: list = []  # the nouns of the word being read, written one after another
        for token in _korean_tokens(text):
            if token.tag == "SL":
                terms += [(term, False) for term in self._latin_terms(token.form)]
            elif token.tag in KOREAN_TAGS and token.form not in KOREAN_STOPWORDS:
                terms.append((token.form.lower(), False))
                if token.tag == "NNP":
                    terms += [(part, False) for part in compound_parts(token.form)]
            if (before is not None and before.tag == "SN" and token.tag in COUNTED_TAGS
                    and before.start + before.len == token.start):
                terms.append((before.form + token.form, False))
            if token.tag in _NOUN_TAGS and together and together[-1].start + together[-1].len == token.start:
                together.append(token)
            else:
                terms += [(word, True) for word in _written_together(together)]
                together = [token] if token.tag in _OPENING_TAGS else []
            before = token
        terms += [(word, True) for word in _written_together(together)]
        return [term for term, _ in terms], {term for term, joined in terms if not joined}

    @staticmethod
    def _latin_terms(text: str) -> list[str]:
        """Stemmed words without stop words. An acronym's plural is the acronym ("PDFs" is "pdf"): the stemmer
        leaves a word without a vowel as it is, and one written all in capitals ("HTTPS", "GPS") is no plural."""
        text = _without_accents(ACRONYM_PLURAL.sub(r"\1", text))
        lowered = text.lower()  # the tokens are found in `text`, whose capitals say where a joined name's words part
        terms = []
        for found in _LATIN_TOKEN.finditer(text):
            word = _word(found.group(0).lower())
            if word and word not in STOPWORDS:
                terms.append(_stem(word))
                if not lowered.endswith(("@", "://", "www."), 0, found.start()):  # a mail or web address's host
                    terms += [_stem(part) for part in _file_name_parts(word)]
                terms += [_stem(part) for part in joined_words(found.group(0))]
        return terms

    def terms(self, text: str) -> list[str]:
        return self._korean_reading(text)[0] if _HANGUL.search(text) else self._latin_terms(text)

    def _contact_terms(self, text: str) -> list[str]:
        """The words for the ways to get in touch a text holds: a phone number is also "phone" and "전화번호", a mail
        address "email" and "이메일", so that "전화번호 알려주세요" finds "전화 예약: 02-3142-7528", which shares no
        word with it but "전화" with every sentence on calling, and "What's the support email?" the line with the
        address."""
        words = [kind for kind, found in (("phone 전화번호", PHONE_NUMBER), ("email 이메일", MAIL_ADDRESS))
                 if found.search(text)]
        return self.terms(" ".join(words)) if words else []

    def encode_document(self, text: str) -> SparseVector:
        counts = Counter(self.terms(text) + self._contact_terms(text) + joined_at_hyphens(text))
        length = sum(counts.values())
        norm = self.k1 * (1 - self.b + self.b * length / self.avg_len)
        weights: dict[int, float] = {}
        for term, tf in counts.items():
            index = term_id(term)
            weights[index] = weights.get(index, 0.0) + tf * (self.k1 + 1) / (tf + norm)
        return SparseVector(list(weights), list(weights.values()))

    def term_ids(self, text: str) -> frozenset[int]:
        """A document's term ids, kept (up to `KEPT_TERM_IDS` documents): the fusion reads the best BM25 chunk's
        again and again (`retrieval.fusion`). A plain dictionary, so that nothing refers back to the encoder."""
        found = self._kept_term_ids.get(text)
        if found is None:
            if len(self._kept_term_ids) >= KEPT_TERM_IDS:
                self._kept_term_ids.clear()
            found = self._kept_term_ids[text] = frozenset(self.encode_document(text).indices)
        return found

    def encode_query(self, text: str) -> SparseVector:
        """Each term of the question once; a word of nouns written together (`_written_together`) beside its nouns
        counts JOINED_WEIGHT, as a phrase of them would: "무인민원발급기로 증명서를 발급받는 방법" found the FAQ asking
        whether foreigners may use the machine, short and holding the word, before the steps of using it."""
        terms, apart = self._korean_reading(text) if _HANGUL.search(text) else (self._latin_terms(text), None)
        weights: dict[int, float] = {}
        for term in terms:
            index = term_id(term)
            weights[index] = max(weights.get(index, 0.0), 1.0 if apart is None or term in apart else JOINED_WEIGHT)
        indices = sorted(weights)
        return SparseVector(indices, [weights[index] for index in indices])
