"""Interface text in English and Korean. The language comes from the `lang` cookie (set by the switch in the
page header), else from the browser's Accept-Language; English when neither says."""

from __future__ import annotations

from fastapi import Request

LANGUAGES = ("en", "ko")
LANG_COOKIE = "ragloop_lang"

MESSAGES: dict[str, dict[str, str]] = {
    "tagline": {"en": "answers from your documents, with sources", "ko": "문서에서 찾은 답변과 출처"},
    "nav.ask": {"en": "Ask", "ko": "질문하기"},
    "nav.documents": {"en": "Documents", "ko": "문서"},
    "nav.review": {"en": "Review", "ko": "검토"},
    "nav.users": {"en": "Users", "ko": "사용자"},
    "nav.golden": {"en": "Golden set", "ko": "골든 세트"},
    "nav.monitoring": {"en": "Monitoring", "ko": "모니터링"},
    "nav.reports": {"en": "Reports", "ko": "보고서"},
    "nav.signin": {"en": "Sign in", "ko": "로그인"},
    "nav.signout": {"en": "Sign out", "ko": "로그아웃"},
    "ask.label": {"en": "Your question", "ko": "질문"},
    "ask.placeholder": {"en": "Ask anything the documents cover", "ko": "문서에 담긴 내용을 물어보세요"},
    "ask.button": {"en": "Ask", "ko": "질문"},
    "ask.new": {"en": "New conversation", "ko": "새 대화"},
    "ask.thinking": {"en": "Searching the documents…", "ko": "문서를 찾는 중…"},
    "ask.followup": {"en": "Follow-up questions use this conversation.", "ko": "이어지는 질문은 이 대화의 맥락을 씁니다."},
    "answer.searched": {"en": "Searched for", "ko": "검색한 내용"},
    "answer.sources": {"en": "Sources", "ko": "출처"},
    "answer.nearest": {"en": "Nearest sources", "ko": "가장 가까운 출처"},
    "answer.refused": {"en": "The documents don't say.", "ko": "문서에 답이 없습니다."},
    "answer.writing": {"en": "Writing the answer…", "ko": "답변을 작성하는 중…"},
    "confidence": {"en": "Confidence", "ko": "신뢰도"},
    "confidence.high": {"en": "high", "ko": "높음"},
    "confidence.medium": {"en": "medium", "ko": "보통"},
    "confidence.low": {"en": "low", "ko": "낮음"},
    "why.refused": {"en": "The passages found do not back an answer well enough, so none is given.",
                    "ko": "찾은 구절이 답을 충분히 뒷받침하지 않아 답하지 않았습니다."},
    "why.supported": {"en": "{supported} of the sentences are backed by the cited passages; the best passage "
                            "matches the question {match}.",
                      "ko": "문장의 {supported}가 인용한 구절로 뒷받침되며, 가장 가까운 구절이 질문과 {match} 일치합니다."},
    "match.strong": {"en": "strongly", "ko": "강하게"},
    "match.fair": {"en": "fairly well", "ko": "어느 정도"},
    "match.weak": {"en": "weakly", "ko": "약하게"},
    "rate.question": {"en": "Was this helpful?", "ko": "도움이 되었나요?"},
    "rate.up": {"en": "Helpful", "ko": "도움됨"},
    "rate.down": {"en": "Not helpful", "ko": "도움 안 됨"},
    "rate.why": {"en": "What was wrong?", "ko": "무엇이 문제였나요?"},
    "rate.comment": {"en": "Comment (optional)", "ko": "의견 (선택)"},
    "rate.send": {"en": "Send", "ko": "보내기"},
    "rate.thanks": {"en": "Thanks, noted", "ko": "감사합니다. 반영했습니다"},
    "rate.change": {"en": "Change", "ko": "바꾸기"},
    "rated.up": {"en": "You found this helpful.", "ko": "도움이 되었다고 평가했습니다."},
    "rated.down": {"en": "You found this not helpful", "ko": "도움이 안 되었다고 평가했습니다"},
    "reason.wrong_answer": {"en": "Wrong answer", "ko": "틀린 답"},
    "reason.wrong_citation": {"en": "Wrong or missing citation", "ko": "출처가 틀리거나 없음"},
    "reason.outdated": {"en": "Outdated", "ko": "오래된 내용"},
    "reason.missing_document": {"en": "The document is missing", "ko": "필요한 문서가 없음"},
    "reason.other": {"en": "Other", "ko": "기타"},
    "login.title": {"en": "Sign in", "ko": "로그인"},
    "login.name": {"en": "Name", "ko": "이름"},
    "login.password": {"en": "Password", "ko": "비밀번호"},
    "source.title": {"en": "Source", "ko": "출처"},
    "source.page": {"en": "page", "ko": "페이지"},
    "error.title": {"en": "Something is not right", "ko": "문제가 생겼습니다"},
}
REASONS = ("wrong_answer", "wrong_citation", "outdated", "missing_document", "other")


def language(request: Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"


def translator(lang: str):
    def t(key: str, **values) -> str:
        entry = MESSAGES.get(key)
        text = entry.get(lang) or entry["en"] if entry else key
        return text.format(**values) if values else text

    return t


def confidence_level(confidence: float) -> str:
    return "high" if confidence >= 0.75 else ("medium" if confidence >= 0.5 else "low")


def confidence_reason(t, *, refused: bool, signals: dict | None, supported_share: float | None) -> str:
    """One line saying why the confidence is what it is."""
    if refused:
        return t("why.refused")
    signals = signals or {}
    similarity = signals.get("best_similarity", signals.get("top_dense", 0.0)) or 0.0
    match = "strong" if similarity >= 0.6 else ("fair" if similarity >= 0.4 else "weak")
    return t("why.supported", supported=f"{round((supported_share or 0.0) * 100)}%", match=t(f"match.{match}"))
