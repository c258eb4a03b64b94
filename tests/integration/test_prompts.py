"""Prompt templates: the repository's versioned file, replaced by Langfuse's production prompt when there is one,
and back to the repository's quickly when Langfuse is missing the prompt or does not answer."""

import time
import uuid

import pytest

from answer.prompts import PromptSource, repository_prompt
from core.errors import RagloopError
from core.tracing import Tracer
from tests.conftest import make_settings
from tests.integration.langfuse_receiver import LangfuseReceiver


@pytest.fixture
def receiver():
    server = LangfuseReceiver()
    yield server
    server.close()


def _tracer(tmp_path, receiver, **overrides):
    # The SDK keeps one client (and its prompt cache) per public key: a key per test keeps tests apart.
    return Tracer(make_settings(tmp_path, langfuse_host=receiver.url, langfuse_public_key=f"pk-{uuid.uuid4().hex}",
                                langfuse_secret_key="sk-test", **overrides))


def test_repository_prompt_renders_its_variables_and_refuses_missing_ones():
    template = repository_prompt("rag-answer")
    assert (template.name, template.version, template.origin) == ("rag-answer", "1", "repository")
    system, user = template.render(question="Q?", sources='<source n="1">x</source>')
    assert system["role"] == "system" and "{{" not in user["content"]
    assert "Q?" in user["content"] and '<source n="1">' in user["content"]
    with pytest.raises(RagloopError, match="sources"):
        template.render(question="Q?")


def test_production_prompt_from_langfuse_wins_and_is_cached(tmp_path, receiver):
    receiver.prompts[("rag-answer", "production")] = (7, [{"role": "system", "content": "Be brief."},
                                                          {"role": "user", "content": "{{sources}} / {{question}}"}])
    source = PromptSource(tracer=_tracer(tmp_path, receiver), cache_s=60)
    template = source.get("rag-answer")
    assert (template.version, template.origin) == ("7", "langfuse")
    assert template.render(question="Q", sources="S")[1]["content"] == "S / Q"
    source.get("rag-answer")
    assert len(receiver.prompt_requests) == 1, "the second call is served from the cache"


def test_missing_prompt_in_langfuse_falls_back_to_the_repository(tmp_path, receiver):
    template = PromptSource(tracer=_tracer(tmp_path, receiver)).get("rag-answer")
    assert (template.origin, template.version) == ("repository", "1")
    assert receiver.prompt_requests


def test_a_hanging_langfuse_costs_one_short_wait(tmp_path, receiver):
    receiver.prompts[("rag-answer", "production")] = (2, [{"role": "user", "content": "{{question}}"}])
    receiver.prompt_delay_s = 5.0
    source = PromptSource(tracer=_tracer(tmp_path, receiver, langfuse_timeout_s=0.5), cache_s=60)
    started = time.monotonic()
    assert source.get("rag-answer").origin == "repository"
    assert source.get("rag-answer").origin == "repository"
    assert time.monotonic() - started < 2.0


def test_without_langfuse_the_repository_prompt_is_used(tmp_path):
    source = PromptSource(tracer=Tracer(make_settings(tmp_path)))
    assert source.get("rag-answer").origin == "repository"
