"""The generator the settings name, wrapped in its fallback chain (LLM endpoints in order, then extractive)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from answer.extractive import ExtractiveGenerator
from answer.guards import Guards
from answer.llm import ChatGenerator, Endpoint, FallbackChain, OpenAITransport
from answer.prompts import PromptSource
from core.errors import ErrorCode, RagloopError

if TYPE_CHECKING:
    from core.db import SessionFactory
    from core.settings import Settings
    from core.tracing import Tracer


def endpoints(settings: Settings) -> list[Endpoint]:
    """The primary OpenAI-compatible endpoint, then the fallbacks (RAGLOOP_LLM_FALLBACKS, a JSON list)."""
    found = [Endpoint("primary", settings.llm_base_url, settings.llm_model,
                      settings.llm_api_key.get_secret_value())] if settings.llm_base_url else []
    try:
        extra = json.loads(settings.llm_fallbacks.get_secret_value() or "[]")
        found += [Endpoint(e.get("name") or f"fallback-{i}", e["base_url"], e.get("model") or settings.llm_model,
                           e.get("api_key", "")) for i, e in enumerate(extra, start=1)]
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise RagloopError(ErrorCode.BAD_INPUT, f"RAGLOOP_LLM_FALLBACKS is not a JSON list of "
                           f"{{name, base_url, model, api_key}} objects ({exc})") from exc
    return found


def build_generator(settings: Settings, extractive: ExtractiveGenerator, *, tracer: Tracer | None = None,
                    prompt_sessions: SessionFactory | None = None):
    """`prompt_sessions`: where prompt versions saved in the database are read."""
    if settings.generator == "extractive":
        return extractive
    guards = Guards(pii_policy=settings.pii_policy, injection_policy=settings.injection_policy)
    prompts = PromptSource(tracer=tracer, label=settings.prompt_label, cache_s=settings.prompt_cache_s,
                           session_factory=prompt_sessions, version=settings.prompt_version)
    chain = []
    if settings.generator == "llamacpp":
        from answer.local_llm import LlamaCppTransport

        chain.append(ChatGenerator(name="llamacpp", transport=LlamaCppTransport.from_settings(settings),
                                   prompts=prompts, prompt_name=settings.prompt_name, guards=guards, guarded=False,
                                   deadline_s=settings.llm_deadline_s))
    else:
        if not settings.llm_base_url:
            raise RagloopError(ErrorCode.BAD_INPUT, "RAGLOOP_GENERATOR=openai needs RAGLOOP_LLM_BASE_URL")
        for endpoint in endpoints(settings):
            transport = OpenAITransport(endpoint, timeout_s=settings.llm_timeout_s,
                                        max_retries=settings.llm_max_retries, backoff_s=settings.llm_backoff_s,
                                        max_tokens=settings.llm_max_tokens, temperature=settings.llm_temperature)
            chain.append(ChatGenerator(name=f"openai:{endpoint.name}", transport=transport, prompts=prompts,
                                       prompt_name=settings.prompt_name, guards=guards,
                                       guarded=endpoint.host not in settings.trusted_llm_hosts,
                                       deadline_s=settings.llm_deadline_s))
    if settings.llm_fallback_extractive:
        chain.append(extractive)
    return FallbackChain(chain)
