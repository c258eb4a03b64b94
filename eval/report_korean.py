"""The nightly report in Korean: every text of `templates/report.html.j2`, keyed by its English, with the metrics'
names (`eval.report.METRIC_LABELS`) and the values the report shows through `t()` (statuses, topic flags, feedback
reasons, A/B tests). The run writes the report in both languages; a page shows its reader's (`web.routes.quality`)."""

from __future__ import annotations

KOREAN: dict[str, str] = {
    "ragloop quality report · run {id}": "ragloop 품질 보고서 · 실행 {id}",
    "Quality report · run {id}": "품질 보고서 · 실행 {id}",
    "{count} approved golden items": "승인된 골든 항목 {count}개",
    "from thumbs-down answers: {candidates} new candidates, {merged} merged as duplicates, {linked} linked to "
    "existing items, {gaps} content gaps":
        "싫어요를 받은 답변에서: 새 후보 {candidates}개, 중복으로 합친 것 {merged}개, 기존 항목에 연결한 것 {linked}개, "
        "콘텐츠 공백 {gaps}개",
    "Nothing was evaluated: the golden set has no approved items. Import some with":
        "평가한 것이 없습니다. 골든 세트에 승인된 항목이 없습니다. 다음 명령으로 가져오거나",
    "or approve candidates.": "후보를 승인하세요.",
    "Partial run: {problems}. The numbers below are over the items that were scored; this run is not used as the "
    "baseline for the next one.":
        "일부만 실행됨: {problems}. 아래 수치는 채점된 항목만의 것이며, 이 실행은 다음 실행의 비교 기준이 되지 않습니다.",
    "Regression: a gated metric dropped by more than {margin}.": "회귀: 게이트 지표가 {margin}보다 많이 떨어졌습니다.",
    "against the previous run {id}": "이전 실행 {id} 대비",
    "against the pinned baseline {id}": "고정한 기준 실행 {id} 대비",
    "most affected:": "가장 많이 떨어진 항목:",
    "No gated metric dropped by more than {margin} since run {id}.":
        "실행 {id} 이후 {margin}보다 많이 떨어진 게이트 지표가 없습니다.",
    "No gated metric dropped by more than {margin} (first run: nothing to compare with).":
        "{margin}보다 많이 떨어진 게이트 지표가 없습니다 (첫 실행: 비교할 대상이 없음).",
    "Headline numbers": "주요 수치",
    "metric": "지표",
    "this run": "이번 실행",
    "change since the last run, on the items both scored": "지난 실행 대비 변화 (두 실행이 모두 채점한 항목 기준)",
    "Per language": "언어별",
    "Per collection": "컬렉션별",
    "items": "항목",
    "Trend over runs": "실행별 추이",
    "metrics over runs": "실행별 지표",
    "Weakest items": "가장 약한 항목",
    "question": "질문",
    "answer": "답변",
    "scores": "점수",
    "refused": "답변 거절",
    "Most changed since the last run": "지난 실행 이후 가장 많이 바뀐 항목",
    "change": "변화",
    "No item changed.": "바뀐 항목이 없습니다.",
    "No item changed (no earlier run).": "바뀐 항목이 없습니다 (이전 실행 없음).",
    "Items that could not be scored": "채점하지 못한 항목",
    "error": "오류",
    "New candidates from thumbs-down answers": "싫어요를 받은 답변에서 나온 새 후보",
    "disliked answers": "싫어요를 받은 답변",
    "None this run.": "이번 실행에는 없습니다.",
    "Stale items (a reference document changed or is gone)": "오래된 항목 (참조 문서가 바뀌었거나 없어짐)",
    "why": "이유",
    "None.": "없습니다.",
    "Content gaps (the document is missing, or refused in a topic that got worse)":
        "콘텐츠 공백 (문서가 없거나, 나빠진 주제에서 답변을 거절함)",
    "asked": "질문 수",
    "comment": "의견",
    "when": "날짜",
    "Topics of the last {days} days": "최근 {days}일의 주제",
    "Recent questions grouped by meaning, each compared with the {days} days before. Flagged: refusals or "
    "thumbs-down up by {points} points or more, or a new topic mostly refused ({count} questions at least).":
        "최근 질문을 의미로 묶고, 각각 그 전 {days}일과 비교합니다. 표시 기준: 답변 거절이나 싫어요가 {points}%p 이상 늘었거나, "
        "새 주제가 대부분 거절됨 (질문 {count}개 이상).",
    "topic (its most typical question)": "주제 (가장 대표적인 질문)",
    "collection": "컬렉션",
    "language": "언어",
    "questions (before)": "질문 (이전)",
    "refused (before)": "거절 (이전)",
    "thumbs down (before)": "싫어요 (이전)",
    "flag": "표시",
    "refusals rising": "거절 증가",
    "down rising": "싫어요 증가",
    "new with refusals": "거절이 많은 새 주제",
    "No questions in the period.": "이 기간에 질문이 없습니다.",
    "A/B test in production since {when}": "{when} 이후 운영 중인 A/B 테스트",
    "arm": "변형",
    "answers": "답변",
    "rated": "평가됨",
    "thumbs down": "싫어요",
    "refusals": "거절",
    "cost USD": "비용 USD",
    "down share of ratings": "평가 중 싫어요 비율",
    "refusal rate": "거절 비율",
    "not enough data to call a difference": "차이를 판단하기에 데이터가 부족합니다",
    "a real difference": "의미 있는 차이",
    "no significant difference": "유의한 차이 없음",
    "Confidence calibration": "신뢰도 보정",
    "The confidence is refitted for each collection and language from the approved golden set and rated answers "
    "(each question once: a rated question in the golden set is labelled by its item), and applied only when it does "
    "better on answers it was not fitted on (decision cost per answer: a wrong answer shown counts the refusal cost, "
    "a right one withheld 1).":
        "신뢰도는 컬렉션과 언어마다 승인된 골든 세트와 평가된 답변으로 다시 맞춥니다 (질문마다 한 번: 골든 세트에 있는 평가된 "
        "질문은 그 항목으로 판정합니다). 맞출 때 쓰지 않은 답변에서 더 나을 때만 적용합니다 (답변당 결정 비용: 보여 준 틀린 "
        "답변은 거절 비용, 보류한 맞는 답변은 1).",
    "labelled (right)": "판정됨 (맞음)",
    "outcome": "결과",
    "threshold before → after": "임계값 이전 → 이후",
    "cost per answer before → after (held out)": "답변당 비용 이전 → 이후 (검증용)",
    "ECE before → after (held out)": "ECE 이전 → 이후 (검증용)",
    "decisions changed": "바뀐 결정",
    "new calibration applied": "새 보정을 적용함",
    "current one kept (the new one would withhold {share} % of the answers rated helpful)":
        "현재 보정 유지 (새 보정은 도움이 된다고 평가된 답변의 {share} %를 보류함)",
    "current one kept (the new one would answer {share} % of the refusals users confirmed: the document is missing)":
        "현재 보정 유지 (새 보정은 사용자가 확인한 거절(필요한 문서가 없음)의 {share} %에 답함)",
    "current one kept (as good or better held out)": "현재 보정 유지 (검증용 답변에서 같거나 더 나음)",
    "better held out, not applied: partial run": "검증용 답변에서 더 낫지만 적용하지 않음: 일부만 실행됨",
    "waiting: {labelled} of {needed} labelled answers, at least {each} right and {each} wrong, {golden} of "
    "{needed_golden} from the golden set":
        "대기 중: 판정된 답변 {needed}개 중 {labelled}개, 맞음과 틀림 각각 {each}개 이상, 골든 세트에서 {needed_golden}개 중 "
        "{golden}개",
    "No labelled answers yet: approve golden items with reference documents or answers, or let users rate answers.":
        "아직 판정된 답변이 없습니다. 참조 문서나 답변이 있는 골든 항목을 승인하거나, 사용자가 답변을 평가하게 하세요.",
    "Retrieval fusion tuning": "검색 결합 조정",
    "For each language with at least {count} approved items that name their reference documents, a grid of fusion "
    "settings is scored by MRR on half of the items; the best is applied only when it also gains {margin} or more "
    "on the other half, and never on a partial run.":
        "참조 문서를 지정한 승인 항목이 {count}개 이상인 언어마다, 결합 설정의 격자를 항목의 절반에서 MRR로 채점합니다. 가장 "
        "좋은 설정은 나머지 절반에서도 {margin} 이상 나아질 때만 적용하며, 일부만 실행된 경우에는 적용하지 않습니다.",
    "takes it back.": "명령으로 되돌릴 수 있습니다.",
    "fusion in force → best (dense, BM25 weight; candidates; RRF k)": "현재 결합 → 최선 (밀집, BM25 가중치; 후보 수; RRF k)",
    "MRR fit before → after": "MRR 학습용 이전 → 이후",
    "MRR held out before → after": "MRR 검증용 이전 → 이후",
    "applied": "적용함",
    "kept (no gain held out)": "유지 (검증용 항목에서 나아지지 않음)",
    "not tuned: only BM25 is asked in this language": "조정하지 않음: 이 언어는 BM25만 사용함",
    "waiting: {count} of {needed} items": "대기 중: 항목 {needed}개 중 {count}개",
    "Held-out items whose first reference moved (reciprocal rank before → after):":
        "첫 참조 문서의 순위가 바뀐 검증용 항목 (역순위 이전 → 이후):",
    "No approved items with reference documents.": "참조 문서가 있는 승인 항목이 없습니다.",
    "Configuration": "설정",
    "Past runs": "지난 실행",
    "run": "실행",
    "status": "상태",
    "regressions": "회귀",
    "baseline": "기준",
    "none": "없음",
    "complete": "완료",
    "partial": "일부",
    "empty": "비어 있음",
    "wrong answer": "틀린 답",
    "wrong citation": "출처가 틀리거나 없음",
    "outdated": "오래된 내용",
    "missing document": "필요한 문서가 없음",
    "other": "기타",
    # the metrics (`eval.report.METRIC_LABELS`)
    "Right to answer or refuse": "답변과 거절의 판단이 맞음",
    "A reference document retrieved (recall@k)": "참조 문서를 검색함 (recall@k)",
    "Rank of the first reference document (MRR)": "첫 참조 문서의 순위 (MRR)",
    "Reference passages retrieved": "참조 구절을 검색함",
    "Retrieved passages that are relevant": "검색한 구절 중 관련 있는 것",
    "Wording of the reference answer": "참조 답변의 표현",
    "Reference answer contained": "참조 답변을 포함함",
    "Meaning of the reference answer": "참조 답변의 의미",
    "Answer backed by its sources (judge)": "출처가 뒷받침하는 답변 (평가 모델)",
    "Answer on the question (judge)": "질문에 맞는 답변 (평가 모델)",
    "Latency, median": "지연 시간, 중앙값",
    "Latency, 95th percentile": "지연 시간, 95번째 백분위수",
    "Cost of the run": "실행 비용",
}


def translator(language: str):
    """`t(text, **values)` for the report: the Korean of `text` when `language` is "ko" and it has one, else the
    English; `values` filled in either way."""

    def t(text: str, **values) -> str:
        written = KOREAN.get(text, text) if language == "ko" else text
        return written.format(**values) if values else written

    return t
