"""A question's misspelt words read as the words its passages use.

People type fast: "support email adress" shares "support" and "email" with the support page but not "address", so
the lexical signals counted a third of the question missing and the answer was refused with the right page first.
The retrieved passages hold the word meant, one letter away. A question term is read as a passage term when:

- both are Latin words (stems, as the BM25 tokeniser gives them) of at least MIN_LENGTH letters, starting with the
  same letter, one edit apart (a letter added, dropped, changed, or two neighbours swapped);
- the question's term is not itself a word the passages hold; it is rarer than one word in a million
  (TYPO_RARITY, from `retrieval.rarity`: misspellings such as "adress", "recieve", "seperate" are, while "modal",
  "hostel" and "sabbatical" are not) and a tenth as frequent as the passage's term (MORE_COMMON), or neither is a
  known word (a product name typed with a letter missing). A word in common use is not a typo of another: "modal"
  stays "modal" beside "model", "hostel" beside "hotel".

Korean words are compared by their letters (jamo), as a Hangul slip changes a syllable's parts: a word of at least
HANGUL_MIN_SYLLABLES syllables no word list holds, starting with the same syllable and at most HANGUL_EDITS jamo
from a passage's word, is read as it ("스켈링" as "스케일링", "임플란느" as "임플란트"); shorter words are left as typed
(two syllables one jamo apart are mostly two words), as is a word the frequency lists know (the same rarities as
for English). People also shorten a noun the pages write in full: "헬스 1일권 가격" asks about the "헬스장" (gym) whose
prices the pages list, so a Korean noun the passages never write alone is read as their word that is it with one
syllable more (`_written_out`), and write a loanword as it sounds: "쇼파" for the "소파" the pages write, "쥬스" for
"주스" (`_sounding_alike`: ㅐ and ㅔ, and ㅑ ㅕ ㅛ ㅠ against ㅏ ㅓ ㅗ ㅜ after ㅅ ㅈ ㅊ, which sound the same), read as
the passages' word when that is no rarer. An English word's stem the passages do not hold is read as theirs of the
same family ("expiry" as "expire", `_same_family`), a span of the week as the days the passages name ("weekend" as
"Saturday Sunday", "주말" as "토요일 일요일", a day as the span they name, `week_meant`), an everyday verb as the
passages' word for the deed
("갈아야" as "교체해야", "돌려받을" as "환불할", "잃어버리면" as "분실하면", "book" as "reserve"), a plain noun as theirs
("애" as "아동", "강아지" as "반려동물", "pooch" as "pets": both `plain_word_meant`), and an everyday phrase as theirs
("money off" as "discount", "그만두면" as "퇴원하면", "통장에 들어오나요" as "입금되나요": `plain_phrases_meant`).

Only what the answer stage reads moves (term coverage, the sentences chosen, the confidence's signals); retrieval
searches the question as typed, where the embedder reads past a typo, and its keyword search also looks for the
knowledge base's own words for an everyday verb, phrase or span of the week it never uses (`everyday_search_words`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Container, Iterable

from rapidfuzz.distance import OSA

from retrieval import rarity

MIN_LENGTH = 5
MORE_COMMON = 0.2  # rarity is (7 - Zipf) / 5, so 0.2 is one Zipf step: ten times as frequent
TYPO_RARITY = 0.8  # Zipf 3: one word in a million
UNKNOWN = 1.0  # the rarity of a word the frequency lists do not hold
HANGUL_MIN_SYLLABLES = 3
HANGUL_EDITS = 2  # jamo added, dropped, changed or swapped
SHORT_FORM_SYLLABLES = 2
FAMILY_ENDINGS = ("i",)  # what a stem may add to another's of the same family (`_same_family`)


def as_the_passages_spell(asked: list[str], vocabulary: Iterable[str], *, strict: bool = False) -> list[str]:
    """The question's terms, each misspelt one replaced by the passage term it was meant to be. `strict`: only a
    term no word list holds, read as a known word (where a wrong reading costs more than a missed one: "harald" is
    not "harold", "placer" not "player")."""
    held = set(vocabulary)
    return [term if term in held else _meant(term, held, strict) for term in asked]


def _meant(term: str, held: set[str], strict: bool) -> str:
    if not strict and (longer := _written_out(term, held) or _without_its_district(term, held)
                       or _sounding_alike(term, held) or _same_family(term, held)):
        return longer
    if not _spellable(term):
        return term
    own = rarity(term)
    candidates = [word for word in held if _spellable(word) and word[0] == term[0] and _close(term, word)]
    fitting = [(rarity(word), word) for word in candidates]
    if strict:
        fitting = [(r, word) for r, word in fitting if own >= UNKNOWN and r < UNKNOWN]
    else:
        fitting = [(r, word) for r, word in fitting if _reads_as(own, r)]
    return min(fitting)[1] if fitting else term


# a span of the week that pages write as its days: "주말에 이사하면 돈을 더 내야 하나요?" over "토요일·일요일·공휴일: 100,000원
# 추가", "Are you open on weekends?" over "Saturday 9:00 to 13:00"
_DAYS_OF = {"weekend": ("saturday", "sunday"), "주말": ("토요일", "일요일"),
            "weekday": ("monday", "tuesday", "wednesday", "thursday", "friday"),
            "평일": ("월요일", "화요일", "수요일", "목요일", "금요일")}
_SPAN_OF = {day: (span,) for span, days in _DAYS_OF.items() for day in days}
SPANS_OF_THE_WEEK = frozenset(_DAYS_OF)


def week_meant(term: str, held: Container[str]) -> list[str]:
    """The days a term naming a span of the week stands for ("weekend": Saturday, Sunday; "평일": 월요일 … 금요일) that
    the passages name (`held`, their terms), when they never name the span itself; or the span a day falls in
    ("토요일": 주말), when they name the span and never the day: "토요일에 가면 표값이 얼마예요?" over "주말·공휴일
    19,000원" was refused at 0.02, "토요일" read as a thing the knowledge base never names. [] otherwise."""
    if term in held:
        return []
    days = [day for day in _DAYS_OF.get(term, ()) if day in held]
    return days or [span for span in _SPAN_OF.get(term, ()) if span in held]


_QUITTING = ("퇴소", "퇴원", "해지", "탈퇴", "해약")  # the pages' words for leaving what one signed up for: "그만두다"
_CHILD = ("아이", "아동", "어린이", "자녀", "유아")  # the pages' words for a child: "애"
_CHARGE = ("요금", "비용", "금액")  # the pages' words for the money one pays: "돈 더 내야 돼요?"
# a verb people say where pages write a noun for the deed: "타이어를 언제 갈아야 하나요?" over "교체를 권장합니다",
# "돈을 돌려받을 수 있나요?" over "환불", "좀 깎아 주시나요?" over "할인", "몇 달 밀리면" over "체납", "가방을 잃어버리면" over
# "분실 시", "잠깐 멈춰 둘 수 있나요?" over "일시 정지"; where several words may be the pages', the one they write beside
# the question's other words (`plain_word_meant`)
_PLAIN_VERBS = {"갈": ("교체", "교환"), "바꾸": ("변경", "교체", "교환"), "고치": ("수리", "정비", "수선"),
                "빌리": ("대여", "대출", "대차", "렌트"), "돌려받": ("환불", "반환", "환급"), "돌려주": ("반납", "반환", "환불"),
                "깎": ("할인",), "물어내": ("배상", "변상", "보상"), "물어주": ("배상", "보상", "변상"), "미루": ("연기",),
                "맡기": ("보관", "위탁"), "떠나": ("출발",), "그만두": _QUITTING, "밀리": ("체납", "연체"),
                "끊기": ("단수", "정지", "중지"), "연달": ("연속",), "만들": ("발급", "개설"), "지어내": ("추측", "날조"),
                "빠지": ("결석",), "버리": ("배출", "폐기", "수거"), "지우": ("삭제",), "잃어버리": ("분실",), "잃": ("분실",),
                "망가지": ("파손", "손상", "고장"), "망가뜨리": ("파손", "손상"), "부서지": ("파손",), "깨지": ("파손",),
                "깨": ("해지", "파손"), "멈추": ("정지", "중지", "보류", "휴회", "휴원"), "데리": ("동반",), "데려오": ("동반", "방문"),
                "데려가": ("동반",), "다치": ("부상", "사고"), "보내": ("송금", "이체", "발송", "전송"),
                "늦": ("연체", "지연", "지각", "야간"), "쓰": ("이용", "사용", "작성"), "묵": ("숙박", "투숙"), "먹": ("식사", "섭취"),
                "마시": ("음주", "섭취"), "고르": ("선택",), "모으": ("적립",), "쌓": ("적립",), "갚": ("상환", "납부"),
                "내": ("납부", "결제", "지불", "부과", "제출"), "옮기": ("이전", "이동"), "태우": ("셔틀", "픽업"), "알아보": ("조회", "확인"),
                "닫": ("마감", "폐장", "휴관"), "끝나": ("종료", "마감"), "뽑": ("발치", "인출", "출력"),
                "쉬": ("휴무", "휴가", "휴관", "휴원", "휴강"), "떨어지": ("불합격", "탈락"),
                "들어가": ("입장", "출입", "포함"), "들어오": ("입장", "출입", "포함"), "긁히": ("상처", "부상"),
                "들여보내": ("입장", "출입"), "돌려보내": ("반품", "반송", "반납")}
# a noun people say for the pages' word, said by it: "이거 공짜예요?" over "무료", "애 하나 더 데려가면" over "아동 1인",
# "할머니" over "경로 우대", "강아지" over "반려동물 동반", "빨래" over "세탁물", "차를 가져가면" over "차량", "생일 혜택" over
# "생일 할인"
_PLAIN_NOUNS = {"공짜": ("무료",), "가입": ("등록",), "등록": ("가입",), "처분": ("수거", "폐기", "배출"),
                "애": _CHILD, "아이": _CHILD[1:], "애기": _CHILD, "아기": ("유아", "영아", "아동", "어린이"),
                **dict.fromkeys(("할머니", "할아버지", "어르신", "노인"), ("경로", "어르신", "노인")),
                "강아지": ("반려동물", "반려견"), "고양이": ("반려동물",), "빨래": ("세탁물", "세탁"), "차": ("차량", "자동차"),
                **dict.fromkeys(("폰", "핸드폰", "휴대폰"), ("휴대폰", "휴대전화", "모바일", "스마트폰")),
                "비번": ("비밀번호",), "술": ("음주", "주류"), "밥": ("식사", "식당"), "밥값": ("식비", "식대"),
                "표": ("티켓", "승차권", "입장권"), "통장": ("계좌",), "외국": ("해외",), "버스": ("차량", "셔틀"),
                "피": ("출혈",), "방": ("객실", "호실"), "혜택": ("할인", "무료", "적립", "우대"),
                "어른": ("성인", "대인")}
# English pages "reserve" what people "book", and write "police", "children", "power" and "pets" where people say
# "cops", "kids", "electricity" and "my pooch", "tear", "repair", "seniors", "membership" and "bus" where people say
# "rip", "mend", "pensioners", "subscription" and "public transport" (stems, as the keyword search reads words)
_PLAIN_ENGLISH = {"quit": ("cancel",), "book": ("reserv",), "reserv": ("book",), "hire": ("rent",), "fix": ("repair",),
                  "cop": ("polic",), "kid": ("child",), "toddler": ("child",), "electr": ("power",),
                  **dict.fromkeys(("dog", "puppi", "pooch", "cat", "kitten"), ("pet",)), "ticket": ("fine", "penalti"),
                  "cheap": ("discount", "concess", "reduc"), "car": ("vehicl",), "vehicl": ("car",),
                  "bike": ("bicycl", "cycl"), "bicycl": ("bike",), "sick": ("ill",), "rip": ("tear",),
                  "mend": ("repair",), "pension": ("senior",), "oap": ("senior",), "subscript": ("membership", "plan"),
                  **dict.fromkeys(("transport", "transit"), ("bus", "train", "tram"))}
_PLAIN_WORDS = {**_PLAIN_VERBS, **_PLAIN_NOUNS, **_PLAIN_ENGLISH}


# a phrase people say where pages write one word for the deed: "Can I get my money back?" over "Day Passes cannot be
# refunded", "If I call off my lesson …" over "Lessons cancelled 24 hours ahead …", "do i get money off" over "Multi-pet
# discount", "Will it work with no internet connection?" over "ragloop works offline", "그만두면 환불" over "퇴원 시
# 환불", "며칠 만에 통장에 들어오나요?" over "5영업일 이내에 입금됩니다", "터미널로 데리러 와 주시나요?" over "무료 픽업
# 서비스", "책을 늦게 갖다주면" over "반납이 늦으면", "돈 더 내야 돼요?" (not "돈이 아깝다") over "추가 요금"; each with
# that word's term and what to say instead (a Korean verb's ending kept: `_KO_ENDINGS`); where several words may be the
# pages', the first they hold
_PLAIN_PHRASES = ((re.compile(r"\b(?:(?:my|our|your|the|their)\s+)?money\s+back\b", re.IGNORECASE), "refund",
                   "a refund"),
                  (re.compile(r"\b(?:get|gets|got|getting)\s+(?:anything|something|any|some)\s+back\b", re.IGNORECASE),
                   "refund", "get a refund"),
                  (re.compile(r"\b(?:(?:any|some)\s+)?money\s+off\b", re.IGNORECASE), "discount", "a discount"),
                  (re.compile(r"\b(?:call|calls|called|calling)\s+(?:(?:it|this|that|them)\s+)?off\b", re.IGNORECASE),
                   "cancel", "cancel"),
                  (re.compile(r"\b(?:pass|passes|passed|passing)\s+away\b", re.IGNORECASE), "die", "die"),
                  (re.compile(r"\b(?:a\s+)?(?:big\s+|large\s+)?(?:bunch|lot|lots|crowd|gang)\s+of\s+us\b",
                              re.IGNORECASE), "group", "a group of us"),
                  (re.compile(r"\b(?:with\s+no|without(?:\s+an?)?|no)\s+(?:internet|network|wi-?fi)"
                              r"(?:\s+(?:connection|access))?\b", re.IGNORECASE), "offlin", "offline"),
                  (re.compile(r"\b(?:make|makes|made|making)\s+(?:(?:things|stuff|something|anything|answers|it)\s+)?"
                              r"up\b", re.IGNORECASE), "invent", "invent"),
                  *((re.compile(r"\b(?:sign|signs|signed|signing)\s+up\b", re.IGNORECASE), term, said)
                    for term, said in (("regist", "register"), ("enrol", "enrol"))),
                  (re.compile(r"\b(?:get|gets|got|getting)\s+(?:in\s+touch|hold\s+of)\b", re.IGNORECASE), "contact",
                   "contact"),
                  (re.compile(r"\b(?:pick|picks|picked|picking)\s+up\b", re.IGNORECASE), "collect", "collect"),
                  (re.compile(r"\b(?:put|puts|putting)\s+off\b", re.IGNORECASE), "postpon", "postpone"),
                  (re.compile(r"\b(?:hand|hands|handed|handing)\s+in\b", re.IGNORECASE), "submit", "submit"),
                  (re.compile(r"\b(?:fill|fills|filled|filling)\s+(?:in|out)\b", re.IGNORECASE), "complet", "complete"),
                  (re.compile(r"\b(?:run|runs|ran|running)\s+out\b(?!\s+of)", re.IGNORECASE), "expir", "expire"),
                  (re.compile(r"\b(?:bring|brings|brought|bringing)\s+(?:(?:it|them|this|that|these|those)\s+)?back\b",
                              re.IGNORECASE), "return", "return"),
                  (re.compile(r"\b(?:run|runs|ran|running)\s+(?:(?:a\s+(?:bit|little)|(?:a\s+)?(?:few|\d+|ten|five)"
                              r"\s+minutes)\s+)?behind\b", re.IGNORECASE), "late", "late"),
                  (re.compile(r"\b(?:leave|leaves|left|leaving)"
                              r"(?=\s+(?:my|our|your|the|a)\s+(?:car|van|vehicle|motorbike)\b)", re.IGNORECASE),
                   "park", "park"),
                  *((re.compile(r"그만\s*(두(?=[고면며려는시지])|둘|둬|뒀)"), noun, noun) for noun in _QUITTING),
                  (re.compile(r"못\s*(가(?=[는면게고])|갈|가서|갔)"), "결석", "결석"),
                  (re.compile(r"(?<=[에로])\s*(?:돈이?\s*)?(들어오|들어와|들어올|들어왔)"), "입금", "입금"),
                  (re.compile(r"늦게\s*(오(?=[는면게고])|올|와서|왔)"), "지각", "지각"),
                  *((re.compile(r"쉬는\s*날"), noun, noun) for noun in ("휴무", "휴관", "휴일", "휴장")),
                  (re.compile(r"(?<=차)를?\s*(세우(?=[고면려는지])|세울|세워|세웠)"), "주차", "주차"),
                  (re.compile(r"싸게\s*(해|하(?=[고면려는지])|할)"), "할인", "할인"),
                  (re.compile(r"(날아가(?=[요나는면지])|날아갈|날아갔)"), "소멸", "소멸"),
                  *((re.compile(r"돈(?=(?:을|이|은)?\s*(?:(?:좀|더|또|다|따로|안)\s*)*(?:내|낼|냅|받|물|들(?!어\s*[오와올왔])|드))"),
                     word, word) for word in _CHARGE),
                  (re.compile(r"데리러\s*(오(?=[는면게고])|와|올|왔)"), "픽업", "픽업"),
                  (re.compile(r"갖다\s*(주(?=[고면려는지시])|줄|줘|준)"), "반납", "반납"))
# a phrase with its object inside ("sign my child up", "put my membership on hold"), said in the pages' word where
# they hold it and never write the phrase itself (its last pattern): "How do I sign my child up for a junior coaching
# course?" over "To enrol a child …" was refused at 0.38; over pages headed "How to sign up" it stays as asked
_SIGNED_UP = re.compile(r"\bsign(?:s|ed|ing)?\s+up\b", re.IGNORECASE)
_ON_HOLD = re.compile(r"\bon\s+hold\b", re.IGNORECASE)
_PLAIN_PHRASES_APART = (*((re.compile(r"\b(?:sign|signs|signed|signing)(?=\s+(?:me|us|him|her|them|(?:my|our|his|their)"
                                      r"(?:\s+\w+){1,2})\s+up\b)", re.IGNORECASE), term, said, _SIGNED_UP)
                          for term, said in (("enrol", "enrol"), ("regist", "register"))),
                        *((re.compile(r"\b(?:put|puts|putting)(?=\s+(?:\w+\s+){1,3}on\s+hold\b)", re.IGNORECASE), term,
                           said, _ON_HOLD)
                          for term, said in (("freez", "freeze"), ("paus", "pause"), ("suspend", "suspend"))))
_KO_ENDINGS = {"두": "하", "둘": "할", "둬": "해", "뒀": "했", "가": "하", "갈": "할", "가서": "해서", "갔": "했",
               "들어오": "되", "들어와": "돼", "들어올": "될", "들어왔": "됐", "오": "하", "올": "할", "와서": "해서",
               "왔": "했", "세우": "하", "세울": "할", "세워": "해", "세웠": "했", "해": "해", "하": "하", "할": "할",
               "날아가": "되", "날아갈": "될", "날아갔": "됐", "와": "해", "주": "하", "줄": "할", "줘": "해", "준": "한",
               "대": "하", "댈": "할", "대도": "해도", "대야": "해야", "세워두": "하", "세워둘": "할", "세워둬": "해"}


# of a question speaking of a car ("차 끌고 가려는데", "차를 가져가면"), "대다" and "세워 두다" are parking: "어디에 대면
# 돼요?", "세워둘 데 있어요?" over "주차: 망원시장 공영주차장을 이용해 주세요" (not "대면 상담", with no car)
_BY_CAR = re.compile(r"(?<![가-힣])(?:차|자동차|차량)(?:를|로|는|도|가|랑)?(?![가-힣])")
_PARKED = re.compile(r"(?<![가-힣])(대(?=[면고려는지])|댈|대도|대야|세워\s*두(?=[면고려는지])|세워\s*둘|세워\s*둬)")


def plain_phrases_meant(question: str, held: Container[str], texts: Iterable[str] = ()) -> str:
    """The question with each everyday phrase for a deed said in the passages' word, where they hold its term
    (`held`): "get my money back" as "get a refund", "call off my class" as "cancel my class", "그만두면" as
    "퇴원하면"; one with its object inside where the passages (`texts`) never write it (`_PLAIN_PHRASES_APART`);
    parking said plainly of a car (`_BY_CAR`, `_PARKED`) as "주차"."""
    for phrase, term, said in _PLAIN_PHRASES:
        if term in held:
            question = phrase.sub(lambda found, said=said: (" " + said + _KO_ENDINGS[found.group(1)]
                                                            if found.groups() else said), question)
    texts = list(texts)
    for phrase, term, said, own in _PLAIN_PHRASES_APART:
        if term in held and not any(own.search(text) for text in texts):
            question = phrase.sub(said, question)
    if "주차" in held and _BY_CAR.search(question):
        question = _PARKED.sub(lambda found: "주차" + _KO_ENDINGS["".join(found.group(1).split())], question)
    return question


def plain_word_meant(term: str, held: Container[str], *, fit: Callable[[str], int]) -> str | None:
    """The passages' word for the deed a question's everyday verb names ("갈" of "갈아야": "교체"; "book": "reserve"),
    or for the thing its plain noun names ("애": "아동"), when they never use the question's word (`held`, their
    terms), or None. Of several they hold, the one that fits best (`fit`: how many passages hold it beside the
    question's other words; "도복이 안 맞으면 며칠 안에 바꿔야 돼요?" over pages that speak of "변경" elsewhere and of
    "교환" beside "도복"), the first listed of those that fit as well."""
    if term in held:
        return None
    words = [word for word in _PLAIN_WORDS.get(term, ()) if word in held]
    return max(words, key=fit) if words else None


def everyday_search_words(question: str, terms: list[str],
                          unmentioned: Callable[[list[str]], list[str]]) -> list[str]:
    """The knowledge base's words for a question's everyday verbs, phrases and spans of the week (`_PLAIN_WORDS`,
    `_PLAIN_PHRASES`, `_DAYS_OF`), as terms, where it never uses the question's own (`unmentioned`: those of some
    terms no chunk holds): what the keyword search looks for besides. "do we have to pay for meals for our toddlers?"
    found the booking pages, none of which held "children", so the line "Children under 4 eat free" was never read;
    "Will it still work on a machine that has no internet connection?" never found "ragloop works offline"."""
    found = []
    for term in dict.fromkeys(terms):
        meant = _PLAIN_WORDS.get(term, ()) + _DAYS_OF.get(term, ()) + _SPAN_OF.get(term, ())
        if meant and unmentioned([term]):
            missing = set(unmentioned(list(meant)))
            found += [word for word in meant if word not in missing]
    said = list(dict.fromkeys([*(term for phrase, term, _ in _PLAIN_PHRASES if phrase.search(question)),
                               *(["주차"] if _BY_CAR.search(question) and _PARKED.search(question) else [])]))
    missing = set(unmentioned(said)) if said else set()
    return list(dict.fromkeys([*found, *(term for term in said if term not in missing)]))


def said_with_noun(word: str, stem: str, noun: str) -> str:
    """A Korean verb as typed with its stem said by a noun and 하다, its ending kept: "갈아야" as "교체해야", "바꾸려면" as
    "변경하려면", "고쳐" as "수리해", "돌려받을" as "환불할", "물어내야" as "배상해야"; a noun (a word of `_PLAIN_NOUNS`) as the other noun, what
    follows it kept: "처분하고" as "수거하고", "공짜인가요" as "무료인가요"."""
    if stem in _PLAIN_NOUNS and word.startswith(stem):
        return noun + word[len(stem):]
    if not word.startswith(stem):  # the stem's vowel joined with the ending's: "바꿔서", "고쳐"
        return noun + "해" + word[len(stem):]
    rest = word[len(stem):]
    if rest[:1] in ("아", "어"):
        return noun + "해" + rest[1:]
    if rest[:1] in _AFTER_JOINED_VOWEL and _ends_in_a_vowel_it_joins(stem):  # "물어내야", "보내도": 어야, 어도
        return noun + "해" + rest
    return noun + ("할" + rest[1:] if rest[:1] == "을" else "하" + rest)


_AFTER_JOINED_VOWEL = ("야", "요", "서", "도")  # what is left of 어야, 어요, 어서, 어도 joined with a stem's last vowel
_JOINING_VOWELS = ("\u1161", "\u1162", "\u1165", "\u1166")  # ㅏ ㅐ ㅓ ㅔ, which take 어 into them ("내어야" is "내야")


def _ends_in_a_vowel_it_joins(stem: str) -> bool:
    """Whether the stem's last syllable ends in a vowel that takes an ending's 어 into it ("내", "보내", "서")."""
    last = unicodedata.normalize("NFD", stem[-1:])
    return len(last) == 2 and last[1] in _JOINING_VOWELS


def word_meant(word: str, term: str, written: dict[str, str]) -> str | None:
    """The passages' word that a misspelt Latin `word` (its term `term`) was meant to be, compared as written rather
    than as stems: a stem can be too short ("imgae" gives "imga") or cut elsewhere than the word meant's
    ("encrption" against "encrypt"). `written`: the passages' words, in lower case, with their terms. The same
    rarities decide as for terms; None when no word fits."""
    word = word.lower()
    if not (len(word) >= MIN_LENGTH and word.isascii() and word.isalpha()):
        return None
    own = rarity(term)
    fitting = [(rarity(theirs), other) for other, theirs in written.items()
               if other[0] == word[0] and one_edit_apart(word, other)]
    fitting = [(r, other) for r, other in fitting if _reads_as(own, r)]
    return min(fitting)[1] if fitting else None


def _reads_as(own: float, theirs: float) -> bool:
    """Whether a word of rarity `own` is read as one of rarity `theirs`: it is rare and the other far more common, or
    neither is a known word."""
    return (own >= TYPO_RARITY and own - theirs >= MORE_COMMON) or (own >= UNKNOWN and theirs >= UNKNOWN)


def _same_family(term: str, held: set[str]) -> str | None:
    """The passages' English word of the same family as a question's: their stems differ by the ending the stemmer
    leaves of a noun in -y (`FAMILY_ENDINGS`: "expiri" of "expiry", "expir" of "expire"; "summari", "summar"), the
    shorter of at least MIN_LENGTH letters; not "planet" and "plane". The most common when several are."""
    if not (term.isascii() and term.isalpha() and len(term) >= MIN_LENGTH):
        return None
    family = [word for word in held if word.isascii() and word.isalpha() and min(len(word), len(term)) >= MIN_LENGTH
              and (word[len(term):] in FAMILY_ENDINGS if word.startswith(term) else
                   term.startswith(word) and term[len(word):] in FAMILY_ENDINGS)]
    return min(family, key=lambda word: (rarity(word), word)) if family else None


def _written_out(term: str, held: set[str]) -> str | None:
    """The passages' word that a Korean noun of at least SHORT_FORM_SYLLABLES syllables is the short form of: the
    same with one syllable more ("헬스장" of "헬스", "수영장" of "수영"), the most common when several are; None
    when they hold none."""
    if len(term) < SHORT_FORM_SYLLABLES or not all(_is_hangul(letter) for letter in term):
        return None
    longer = [word for word in held if len(word) == len(term) + 1 and word.startswith(term) and _is_hangul(word[-1])]
    return min(longer, key=lambda word: (rarity(word), word)) if longer else None


_DISTRICTS = ("도", "시", "군", "구")  # what a Korean place's name may end with, or go without: "제주도", "제주"


def _without_its_district(term: str, held: set[str]) -> str | None:
    """The passages' name of a Korean place that a question's word writes with its district after it: "제주도" of
    "제주 및 도서산간 지역은 배송하지 않습니다", "서울시" of "서울"; None when they hold no such name. Of three syllables
    or more, two left: "온도" is no "온"."""
    if len(term) < 3 or not all(_is_hangul(letter) for letter in term) or not term.endswith(_DISTRICTS):
        return None
    return term[:-1] if term[:-1] in held else None


# vowels written differently that sound the same (conjoining jamo): ㅔ as ㅐ, ㅖ as ㅒ, ㅞ and ㅚ as ㅙ
_SAME_VOWEL = str.maketrans({"\u1166": "\u1162", "\u1168": "\u1164", "\u1170": "\u116b", "\u116c": "\u116b"})
_HISSING = "\u1109\u110a\u110c\u110d\u110e"  # ㅅ ㅆ ㅈ ㅉ ㅊ, after which ㅑ ㅕ ㅛ ㅠ sound as ㅏ ㅓ ㅗ ㅜ
_GLIDE = {"\u1163": "\u1161", "\u1167": "\u1165", "\u116d": "\u1169", "\u1172": "\u116e"}


def _sounding_alike(term: str, held: set[str]) -> str | None:
    """The passages' Korean word that `term` sounds the same as, written with another vowel ("쇼파" and "소파",
    "쥬스" and "주스"), when it is no rarer than `term`; None when they hold none."""
    if len(term) < SHORT_FORM_SYLLABLES or not all(_is_hangul(letter) for letter in term):
        return None
    sound = _sound(term)
    alike = [word for word in held if len(word) == len(term) and word != term and _is_hangul(word[0])
             and _sound(word) == sound]
    fitting = [(rarity(word), word) for word in alike if rarity(word) <= rarity(term)]
    return min(fitting)[1] if fitting else None


def _sound(word: str) -> str:
    letters = unicodedata.normalize("NFD", word).translate(_SAME_VOWEL)
    return "".join(_GLIDE.get(letter, letter) if at and letters[at - 1] in _HISSING else letter
                   for at, letter in enumerate(letters))


def _spellable(term: str) -> bool:
    return ((len(term) >= MIN_LENGTH and term.isascii() and term.isalpha())
            or (len(term) >= HANGUL_MIN_SYLLABLES and all(_is_hangul(letter) for letter in term)))


def _is_hangul(letter: str) -> bool:
    return "가" <= letter <= "힣"


def _close(term: str, word: str) -> bool:
    """One edit apart in Latin letters; at most HANGUL_EDITS jamo apart in Hangul (a word of the other script never)."""
    if _is_hangul(term[0]) != _is_hangul(word[0]):
        return False
    if _is_hangul(term[0]):
        return OSA.distance(unicodedata.normalize("NFD", term), unicodedata.normalize("NFD", word)) <= HANGUL_EDITS
    return one_edit_apart(term, word)


def one_edit_apart(a: str, b: str) -> bool:
    """Whether `b` is `a` with one letter added, dropped or changed, or two neighbouring letters swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differ = [i for i in range(len(a)) if a[i] != b[i]]
        return len(differ) == 1 or (len(differ) == 2 and differ[1] == differ[0] + 1
                                    and a[differ[0]] == b[differ[1]] and a[differ[1]] == b[differ[0]])
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    i = next((i for i in range(len(shorter)) if shorter[i] != longer[i]), len(shorter))
    return shorter[i:] == longer[i + 1:]
