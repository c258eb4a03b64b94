"""Social turns: a greeting, thanks, a goodbye, "how are you?" or "are you a real person?" typed into the chat is not a
question about the documents. Searched like one, "thanks!" was answered from the sentence "Thank you for considering …"
at 0.90, and "hey how's your day going?" from "We love to hear how your day went."; "hi" was told "The documents don't
say". A message made only of such words (`social_turn`) gets a short reply in its language instead (`social_reply`):
nothing is searched, nothing cited, and it counts as no answer from the documents (refused, as the API says).

A message that also asks something is a question: "Hi, how do I reset my password?" is searched as asked.
"""

from __future__ import annotations

import re

from retrieval import language_of

GENERATOR = "social"  # the `generator` of a social reply, as stored with the answer

# phrases of each kind, as words in lower case; a message is social when its words are these and `_FILLER` only
_PHRASES: dict[str, tuple[str, ...]] = {
    "self": (
        "are you a bot", "are you a robot", "are you human", "are you a human", "are you a real person",
        "are you a person", "are you real", "are you ai", "are you an ai", "is this a bot", "is this a real person",
        "is this a human", "am i talking to a bot", "am i talking to a human", "am i talking to a real person",
        "am i talking to a person", "who are you", "what are you", "who am i talking to",
        "상담원이세요", "상담원이에요", "상담원인가요", "사람이세요", "사람이에요", "사람인가요", "로봇이에요", "로봇인가요",
        "챗봇이에요", "챗봇인가요", "챗봇이세요", "봇이에요", "누구세요", "누구예요"),
    "wellbeing": (
        "how are you", "how are you doing", "how are you today", "how are things", "how's it going",
        "how is it going", "how's your day", "how's your day going", "how is your day", "how is your day going",
        "how have you been", "how do you do", "what's up", "whats up", "sup", "how r u", "how ru",
        "잘 지내세요", "잘 지내", "잘 지내셨어요", "잘 지냈어요", "잘 지내요", "오늘 어때요", "기분 어때요", "뭐해", "뭐 해요",
        "뭐하세요"),
    "thanks": (
        "thanks", "thank you", "thankyou", "thx", "ty", "cheers", "much appreciated", "appreciate it",
        "감사합니다", "감사해요", "감사드립니다", "감사", "고맙습니다", "고마워요", "고마워", "땡큐", "ㄳ", "ㄱㅅ"),
    "farewell": (
        "bye", "goodbye", "good bye", "bye bye", "see you", "see ya", "see you later", "good night", "goodnight",
        "have a nice day", "have a good day", "take care", "that's all", "that is all",
        "안녕히 계세요", "안녕히 가세요", "수고하세요", "수고하셨습니다", "잘 있어요", "잘 있어", "좋은 하루 보내세요", "이만"),
    "greeting": (
        "hi", "hello", "hey", "hiya", "howdy", "heya", "yo", "greetings", "good morning", "good afternoon",
        "good evening", "morning", "hi there", "hello there", "hey there",
        "안녕", "안녕하세요", "안녕하십니까", "반가워요", "반갑습니다", "반가워", "하이", "ㅎㅇ", "처음 뵙겠습니다"),
    "acknowledgement": (
        "ok", "okay", "k", "got it", "great", "cool", "perfect", "awesome", "nice", "alright", "all right",
        "i see", "understood", "네", "넵", "예", "알겠습니다", "알겠어요", "알았어요", "좋아요", "오케이", "그렇군요", "아하"),
}
# words that change nothing around a social phrase: "thanks so much", "hi again", "정말 감사합니다"
_FILLER = frozenset((
    "so", "very", "much", "a", "lot", "again", "there", "all", "everyone", "guys", "then", "and", "oh", "ah", "well",
    "really", "for", "your", "help", "the", "you", "too", "bot", "ragloop", "that's", "thats", "that", "helps",
    "정말", "진짜", "너무", "많이", "대단히", "도움", "도움이", "됐어요", "되었어요", "됐습니다", "되었습니다", "그럼",
    "오늘도", "여러분"))
# the kind of a message holding several
_ORDER = ("self", "wellbeing", "thanks", "farewell", "greeting", "acknowledgement")
_LONGEST = max(len(phrase.split()) for phrases in _PHRASES.values() for phrase in phrases)
_KIND_OF = {tuple(phrase.split()): kind for kind, phrases in _PHRASES.items() for phrase in phrases}
_MAX_WORDS = 12  # a longer message is a question, whatever it opens with
# a mark, an emoticon or a laugh ("^^", "ㅎㅎ", "ㅋㅋ", ":)") says nothing more
_NOT_WORDS = re.compile(r"[^\w'\s]|[ㅎㅋㅠㅜ]{2,}|_")

REPLIES: dict[str, dict[str, str]] = {
    "self": {"en": "I'm an automatic assistant, not a person: I answer from the documents here and show where each "
                   "answer comes from. What would you like to know?",
             "ko": "저는 사람 상담원이 아니라 자동 안내입니다. 문서에서 답을 찾아 출처와 함께 알려 드려요. 무엇이 궁금하세요?"},
    "greeting": {"en": "Hello! Ask me a question about the documents, and I'll answer from them with the sources.",
                 "ko": "안녕하세요! 문서에 대해 물어보시면 문서에서 찾아 출처와 함께 답해 드립니다."},
    "wellbeing": {"en": "I'm well, thank you. What would you like to know from the documents?",
                  "ko": "네, 잘 지내요. 문서에서 무엇을 찾아 드릴까요?"},
    "thanks": {"en": "You're welcome! Ask again any time.",
               "ko": "천만에요. 더 궁금한 것이 있으면 언제든 물어보세요."},
    "farewell": {"en": "Goodbye! Come back with any question about the documents.",
                 "ko": "안녕히 가세요. 궁금한 것이 생기면 언제든 물어보세요."},
    "acknowledgement": {"en": "Ask another question any time.",
                        "ko": "궁금한 것이 있으면 언제든 물어보세요."},
}


def social_turn(text: str) -> str | None:
    """The kind of social turn (`_ORDER`) a message is when every word of it is one (`_PHRASES`, `_FILLER`), else
    None: "thanks so much!" is thanks, "hey how's your day going?" asks how one is, "thanks, where do I park?" is
    a question."""
    words = _NOT_WORDS.sub(" ", text.casefold().replace("’", "'")).split()
    if not words or len(words) > _MAX_WORDS:
        return None
    kinds, at = set(), 0
    while at < len(words):
        for size in range(min(_LONGEST, len(words) - at), 0, -1):
            kind = _KIND_OF.get(tuple(words[at:at + size]))
            if kind:
                kinds.add(kind)
                at += size
                break
        else:
            if words[at] not in _FILLER:
                return None
            at += 1
    return next((kind for kind in _ORDER if kind in kinds), None)


def social_reply(text: str) -> str | None:
    """The reply to a social turn, in the message's language (English unless it is Korean); None for a question."""
    kind = social_turn(text)
    return REPLIES[kind]["ko" if language_of(text) == "ko" else "en"] if kind else None
