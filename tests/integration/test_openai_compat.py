"""An existing OpenAI client (the official SDK) talks to ragloop's /v1/chat/completions as to any model."""

import openai
import pytest
from fastapi.testclient import TestClient

from core.db import session_scope
from feedback import get_answer
from tests.integration.conftest import make_user


@pytest.fixture
def sdk(client):
    token = make_user(client.app, "svc", "user", password=None)
    return openai.OpenAI(base_url="http://testserver/v1", api_key=token, max_retries=0,
                         http_client=TestClient(client.app))


def test_a_chat_client_gets_a_cited_answer(sdk, client):
    completion = sdk.chat.completions.create(
        model="ragloop", messages=[{"role": "system", "content": "Be brief."},
                                   {"role": "user", "content": "Which port does the agent listen on?"}])
    text = completion.choices[0].message.content
    assert "7311" in text and "Sources:" in text and "kb/install.md" in text
    assert completion.choices[0].finish_reason == "stop"
    extra = completion.model_extra
    assert extra["citations"][0]["source"].endswith("kb/install.md") and not extra["ragloop"]["refused"]
    assert extra["ragloop"]["verified"] is None, "written from the documents, not a reviewed answer"
    with session_scope(client.app.state.runtime.session_factory) as session:
        assert get_answer(session=session, answer_id=extra["ragloop"]["answer_id"]).asked_by == "svc"


def test_earlier_user_messages_make_a_follow_up_standalone(sdk, client):
    completion = sdk.chat.completions.create(model="ragloop", messages=[
        {"role": "user", "content": "How do I install the agent?"},
        {"role": "assistant", "content": "With the package manager."},
        {"role": "user", "content": [{"type": "text", "text": "Which port does it listen on?"}]}])
    with session_scope(client.app.state.runtime.session_factory) as session:
        stored = get_answer(session=session, answer_id=completion.model_extra["ragloop"]["answer_id"])
    assert "agent" in stored.search_query and "7311" in completion.choices[0].message.content


def test_streaming_sends_the_checked_answer_in_chunks(sdk):
    stream = sdk.chat.completions.create(model="ragloop", stream=True, messages=[
        {"role": "user", "content": "Which port does the agent listen on?"}])
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert len(chunks) > 3 and "7311" in text and "Sources:" in text
    assert chunks[-1].choices[0].finish_reason == "stop" and chunks[-1].model_extra["citations"]


def test_bad_requests_are_4xx_errors_the_sdk_understands(sdk, client):
    with pytest.raises(openai.UnprocessableEntityError):
        sdk.chat.completions.create(model="ragloop", messages=[{"role": "assistant", "content": "hi"}])
    with pytest.raises(openai.UnprocessableEntityError):
        sdk.chat.completions.create(model="ragloop", messages=[])
    with pytest.raises(openai.AuthenticationError):
        openai.OpenAI(base_url="http://testserver/v1", api_key="wrong", max_retries=0,
                      http_client=TestClient(client.app)).chat.completions.create(
            model="ragloop", messages=[{"role": "user", "content": "Which port?"}])


def test_models_list_the_pipeline_and_each_readable_collection_which_the_model_name_selects(sdk, client, tmp_path):
    from web.auth import restrict

    runtime = client.app.state.runtime
    for name, text in (("hr", "# Pay\n\nPay day is the 25th of each month.\n"),
                       ("ops", "# Backups\n\nBackups run at 02:00 every night.\n")):
        folder = tmp_path / name
        folder.mkdir()
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
        runtime.pipeline.run_paths([str(folder)], collection=name)
    with session_scope(runtime.session_factory) as session:
        restrict(session=session, collection="hr")
    assert [m.id for m in sdk.models.list()] == ["ragloop", "ragloop:default", "ragloop:ops"]

    completion = sdk.chat.completions.create(model="ragloop:ops", messages=[
        {"role": "user", "content": "When do backups run?"}])
    assert "02:00" in completion.choices[0].message.content
    with pytest.raises(openai.PermissionDeniedError):
        sdk.chat.completions.create(model="ragloop:hr", messages=[{"role": "user", "content": "When is pay day?"}])


def test_usage_counts_the_tokens_read_and_written(sdk, client):
    completion = sdk.chat.completions.create(model="ragloop", messages=[
        {"role": "user", "content": "Which port does the agent listen on?"}])
    count = client.app.state.runtime.embedder.count_tokens
    usage = completion.usage
    assert usage.prompt_tokens == count("Which port does the agent listen on?") > 0
    assert usage.completion_tokens == count(completion.choices[0].message.content) > usage.prompt_tokens
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens


def test_a_second_client_library_langchain_gets_the_answer_and_the_token_counts(client):
    """LangChain's OpenAI chat model, as a team's existing chain would call ragloop."""
    from langchain_core.messages import HumanMessage, SystemMessage
    from langchain_openai import ChatOpenAI

    token = make_user(client.app, "chain", "user", password=None)
    model = ChatOpenAI(model="ragloop", base_url="http://testserver/v1", api_key=token, max_retries=0,
                       http_client=TestClient(client.app))
    reply = model.invoke([SystemMessage("Be brief."), HumanMessage("Which port does the agent listen on?")])
    assert "7311" in reply.content and "kb/install.md" in reply.content
    usage = reply.usage_metadata
    assert usage["input_tokens"] > 0 and usage["output_tokens"] > 0
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    assert reply.response_metadata["model_name"] == "ragloop"
