"""`ragloop nightly`, `ragloop golden import|export|pin`, `ragloop bench …` and `ragloop calibrate`."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from core.cli import print_json, reports_errors

if TYPE_CHECKING:
    from core.runtime import Runtime

golden_app = typer.Typer(no_args_is_help=True, help="Manage the golden set.")


@reports_errors
def nightly(report_dir: Annotated[Path | None, typer.Option(help="where the HTML report goes "
                                                            "(default: DATA_DIR/reports)")] = None,
            as_json: Annotated[bool, typer.Option("--json", help="print only a JSON summary")] = False) -> None:
    """Mine thumbs-down answers, evaluate the golden set, compare with the last run and the pinned baseline;
    exit 1 on a regression or when not every item could be scored, 75 when another run is in progress."""
    from rich.console import Console

    from core import ownership
    from core.errors import ErrorCode, RagloopError
    from core.runtime import runtime
    from eval import EX_TEMPFAIL, NightlyResult, run_nightly

    console = Console(stderr=True)
    try:
        with runtime() as built:
            owner = built.store_owner()
            if owner is not None:
                if not as_json:
                    console.print(f"a ragloop server ({owner.url}) owns the store: the evaluation runs there")
                body = {"report_dir": str(report_dir.resolve()) if report_dir else None}
                result = NightlyResult(**ownership.run_nightly(owner, body))
            else:
                with _golden_progress(built, console, as_json, "evaluating golden set") as advance:
                    result = run_nightly(built, report_dir=report_dir or built.settings.data_dir / "reports",
                                         on_progress=advance)
    except RagloopError as exc:
        if exc.code != ErrorCode.CONFLICT:
            raise
        typer.secho(f"error: {exc.message}", err=True, fg="yellow")
        raise typer.Exit(EX_TEMPFAIL) from None
    _finish(console, result, as_json)


@contextmanager
def _golden_progress(runtime: Runtime, console, as_json: bool, label: str):
    """A progress bar over the approved golden items; yields the function that advances it."""
    from rich.progress import Progress

    from eval import list_golden

    with runtime.session() as session:
        total = len(list_golden(session=session, status="approved"))
    with Progress(console=console, disable=as_json) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)


def _show(console, result: dict, as_json: bool, *, width: int) -> None:
    """A benchmark's figures: the JSON object alone, or one line per figure."""
    if as_json:
        print_json(result)
        return
    for name, value in result.items():
        console.print(f"  {name:<{width}} {value}")


def _finish(console, result, as_json: bool) -> None:
    if as_json:
        print_json(result.to_dict())
    else:
        _print_summary(console, result)
    if result.regressions or result.status == "partial":
        raise typer.Exit(1)


def _print_summary(console, result) -> None:
    console.print(f"run {result.run_id}: {result.items} items evaluated, {result.mined} candidates mined")
    if result.status == "empty":
        console.print("[yellow]nothing to evaluate: the golden set has no approved items[/yellow]")
    for problem in result.problems:
        console.print(f"[red]partial run: {problem}[/red]")
    for name, value in sorted(result.metrics.items()):
        delta = result.deltas.get(name)
        change = f" ({delta:+.4f})" if delta is not None else ""
        mark = "  [red]REGRESSION[/red]" if name in result.regressions else ""
        console.print(f"  {name:<22} {value:.4f}{change}{mark}")
    from eval import report_in

    korean = report_in(str(result.report), "ko") if result.report else None
    console.print(f"report: {result.report}" + (f" (in Korean: {korean})" if korean != str(result.report) else ""))


@golden_app.command("import")
@reports_errors
def golden_import(file: Annotated[Path, typer.Argument(help="JSONL file, SQuAD .json file or BEIR folder")]) -> None:
    """Import golden items from JSONL (question, reference_answer, reference_documents, answerable, origin, status,
    collection, language, tags), a SQuAD-format .json file (answerable and unanswerable questions) or a BEIR folder."""
    import getpass

    from core import audit
    from core.runtime import unit_of_work
    from eval import import_items, read_items

    items = read_items(file)
    with unit_of_work() as session:
        added, present = import_items(session=session, items=items)
        audit.record(session=session, actor=f"{audit.COMMAND}:{getpass.getuser()}", action="golden import",
                     target=file.name, added=added, present=present)
    typer.echo(f"imported {added} items, {present} already in the golden set")


@golden_app.command("export")
@reports_errors
def golden_export(file: Annotated[Path, typer.Argument(help="JSONL file to write")]) -> None:
    """Export the golden set as JSONL."""
    from core.runtime import unit_of_work
    from eval import export_jsonl

    with unit_of_work() as session:
        count = export_jsonl(session=session, path=file)
    typer.echo(f"exported {count} items to {file}")


@golden_app.command("pin")
@reports_errors
def golden_pin(run_id: Annotated[int, typer.Argument(help="the evaluation run to keep as the baseline")]) -> None:
    """Pin an evaluation run as the baseline: every nightly run is also compared with it."""
    from core.runtime import unit_of_work
    from eval import pin_baseline

    with unit_of_work() as session:
        pin_baseline(session=session, run_id=run_id)
    typer.echo(f"run {run_id} is the baseline now")


tuning_app = typer.Typer(no_args_is_help=True, help="The retrieval fusion the nightly job tuned per language.")


@tuning_app.command("show")
@reports_errors
def tuning_show(as_json: Annotated[bool, typer.Option("--json", help="print only JSON")] = False) -> None:
    """Every tuning applied, newest last: language, fusion, what it replaced, its figures, and its status (active,
    replaced by a newer one, or reverted)."""
    from core.runtime import unit_of_work
    from retrieval import tuning_history

    with unit_of_work() as session:
        rows = [{"id": r.id, "language": r.language, "status": r.status, "fusion": r.fusion, "replaced": r.replaced,
                 "figures": r.figures, "created_at": r.created_at.isoformat()} for r in tuning_history(session=session)]
    if as_json:
        print_json(rows)
        return
    if not rows:
        typer.echo("no tuning applied: every language uses the settings' fusion")
    for r in rows:
        typer.echo(f"#{r['id']} {r['language']} {r['status']:<8} {r['fusion']} (replaced {r['replaced']}), "
                   f"held-out MRR {r['figures'].get('before', {}).get('held_out')} → "
                   f"{r['figures'].get('after', {}).get('held_out')}")


@tuning_app.command("revert")
@reports_errors
def tuning_revert(language: Annotated[str, typer.Option(help="the language whose newest tuning is taken back, "
                                                          "e.g. en or ko")]) -> None:
    """Take back the newest tuning of a language: the fusion it replaced is in force again (servers pick it up
    within half a minute)."""
    from core.errors import ErrorCode, RagloopError
    from core.runtime import unit_of_work
    from retrieval import revert_tuning

    with unit_of_work() as session:
        reverted = revert_tuning(session=session, language=language)
        if reverted is None:
            raise RagloopError(ErrorCode.NOT_FOUND, f"no tuning in force for {language!r}")
        typer.echo(f"reverted tuning #{reverted.id} for {language}: {reverted.replaced} is in force again")


eval_app = typer.Typer(no_args_is_help=True, help="Experiments on the golden set.")


@eval_app.command("compare")
@reports_errors
def eval_compare(config: Annotated[list[Path], typer.Option(help="a settings file (KEY=value lines or JSON); "
                                                             "give two or more")],
                 report_dir: Annotated[Path | None, typer.Option(help="where the HTML report goes "
                                                                 "(default: DATA_DIR/reports)")] = None,
                 limit: Annotated[int | None, typer.Option(min=1, help="only the first N approved items")] = None,
                 as_json: Annotated[bool, typer.Option("--json", help="print only a JSON summary")] = False) -> None:
    """Answer the approved golden set under each configuration and write a side-by-side report of score,
    latency and cost per item."""
    from rich.console import Console
    from rich.progress import Progress

    from core.errors import ErrorCode, RagloopError
    from core.runtime import runtime
    from eval import list_golden
    from eval.compare import Arm, read_config, run_compare, write_compare_report
    from eval.judge import build_judge
    from eval.metrics import ReferenceContexts

    if len(config) < 2:
        raise RagloopError(ErrorCode.BAD_INPUT, "give at least two --config files to compare")
    console = Console(stderr=True)
    with runtime() as built:
        base = built.settings
        arms = [Arm(path.stem, read_config(path)) for path in config]
        with built.session() as session:
            items = list_golden(session=session, status="approved")[:limit]
        if not items:
            raise RagloopError(ErrorCode.BAD_INPUT, "the golden set has no approved items to compare on")
        services = [built.answer_service(base.with_overrides(arm.overrides, label=arm.name)) for arm in arms]
        judge = build_judge(base, built.embedder)
        try:
            with Progress(console=console, disable=as_json) as progress:
                task = progress.add_task("answering under each configuration", total=len(items) * len(arms))
                run_compare(arms=arms, services=services, items=items, embedder=built.embedder, k=base.top_k,
                            contexts=ReferenceContexts(session_factory=built.session_factory, index=built.index),
                            judge=judge, on_progress=lambda: progress.advance(task))
        finally:
            if judge is not None:
                judge.close()
    name = "compare-" + "-vs-".join(arm.name for arm in arms) + ".html"
    report = write_compare_report(arms=arms, items=items, path=(report_dir or base.data_dir / "reports") / name)
    summary = {"configs": [arm.name for arm in arms], "items": len(items),
               "metrics": {arm.name: arm.metrics for arm in arms},
               "pairwise": {arm.name: arm.pairwise for arm in arms if arm.pairwise}, "report": str(report),
               "problems": judge.record.problems() if judge else []}
    if as_json:
        print_json(summary)
        return
    for problem in summary["problems"]:
        console.print(f"[yellow]{problem}[/yellow]")
    for metric in sorted({m for arm in arms for m in arm.metrics}):
        values = "  ".join(f"{arm.name}={arm.metrics[metric]:.4f}" if metric in arm.metrics else f"{arm.name}=–"
                           for arm in arms)
        console.print(f"  {metric:<22} {values}")
    console.print(f"report: {report}")


UNINDEXED_SHARE_HELP = ("leave this share of the articles out of the index: their questions become ones the "
                        "documents don't answer (for data without unanswerable questions, such as KorQuAD)")
LEFT_OUT_PARAGRAPHS_HELP = ("leave this share of each indexed article's paragraphs out of the index: their "
                            "questions become ones on a subject the documents speak of but don't answer")
bench_app = typer.Typer(no_args_is_help=True, help="Measure quality and speed on benchmark data.")


@bench_app.command("retrieval")
@reports_errors
def bench_retrieval(beir: Annotated[Path | None, typer.Option(help="a BEIR folder (corpus, queries, qrels)")] = None,
                    qrels: Annotated[Path | None, typer.Option(help="qrels file (default: qrels/test.tsv, "
                                                               "dev.tsv or train.tsv)")] = None,
                    squad: Annotated[Path | None, typer.Option(help="a SQuAD-format file, e.g. KorQuAD")] = None,
                    limit: Annotated[int | None, typer.Option(min=1, help="evaluate the first N queries")] = None,
                    modes: Annotated[str | None, typer.Option(help="also compare these modes, e.g. "
                                                              "dense,sparse,hybrid")] = None,
                    as_json: Annotated[bool, typer.Option("--json", help="print only the metrics as JSON")] = False,
                    ) -> None:
    """nDCG@10, Recall@10/100, MRR@10 and query latency of the configured retrieval on BEIR or SQuAD data.

    With --modes, the JSON also holds `modes`: the same figures for each mode named."""
    from rich.console import Console
    from rich.progress import Progress

    from core.runtime import runtime
    from eval.bench import index_corpus, run_retrieval_bench
    from eval.datasets import load_beir, load_squad
    from retrieval import build_retriever

    if (beir is None) == (squad is None):
        raise typer.BadParameter("give exactly one of --beir DIR or --squad FILE")
    compared = [m.strip() for m in (modes or "").split(",") if m.strip()]
    if set(compared) - {"dense", "sparse", "hybrid"}:
        raise typer.BadParameter("modes are dense, sparse and hybrid")
    dataset = load_beir(beir, qrels=qrels) if beir else load_squad(squad)
    questions = [q for q in dataset.questions if q.relevant][:limit]
    collection = f"bench-{dataset.name}"
    console = Console(stderr=True)
    with runtime() as built:
        settings, embedder = built.settings, built.embedder
        with Progress(console=console, disable=as_json) as progress:
            index_corpus(settings, embedder=embedder, index=built.index, session_factory=built.session_factory,
                         sources=dataset.sources, collection=collection, progress=progress,
                         label=f"indexing {dataset.name}")
            retriever = build_retriever(settings, embedder=embedder, index=built.index, tracer=built.tracer)
            runs = {}
            for mode in [settings.retrieval_mode] + [m for m in compared if m != settings.retrieval_mode]:
                task = progress.add_task(f"querying ({mode})", total=len(questions))
                runs[mode] = run_retrieval_bench(retriever, questions, collection=collection, mode=mode,
                                                 on_progress=lambda task=task: progress.advance(task))
            result = dict(runs[settings.retrieval_mode])
            if compared:
                result["modes"] = {mode: runs[mode] for mode in compared}
    if as_json:
        print_json(result)
        return
    console.print(f"{dataset.name}: {result['queries']} queries, embedder {embedder.name}")
    for mode, figures in runs.items():
        console.print(f"  {mode:<8} " + "  ".join(f"{name} {value}" for name, value in figures.items()
                                                 if name != "queries"))


@bench_app.command("ingest")
@reports_errors
def bench_ingest(beir: Annotated[Path, typer.Option(help="a BEIR folder: its corpus.jsonl is ingested")],
                 limit: Annotated[int | None, typer.Option(min=1, help="use the first N documents")] = None,
                 as_json: Annotated[bool, typer.Option("--json", help="print only the figures as JSON")] = False,
                 ) -> None:
    """Ingestion throughput, against the bare model and LlamaIndex's IngestionPipeline, and the unchanged re-run."""
    from rich.console import Console

    from core.runtime import Runtime
    from eval.ingest_bench import run_ingest_bench
    from ingest import beir_sources

    built = Runtime()
    sources = beir_sources(beir)[:limit]
    console = Console(stderr=True)
    if not as_json:
        console.print(f"ingesting {len(sources)} documents three ways (ragloop, bare model, LlamaIndex)…")
    result = run_ingest_bench(built.settings, embedder=built.embedder, sources=sources)
    _show(console, result, as_json, width=22)


@bench_app.command("scale")
@reports_errors
def bench_scale(chunks: Annotated[int, typer.Option(min=1000, help="synthetic chunks in the store")] = 100_000,
                queries: Annotated[int, typer.Option(min=10, help="questions to time")] = 200,
                as_json: Annotated[bool, typer.Option("--json", help="print only the figures as JSON")] = False,
                ) -> None:
    """Query latency (embed + search, the configured mode) over a synthetic store of CHUNKS chunks with HNSW built."""
    from rich.console import Console
    from rich.progress import Progress

    from core.runtime import Runtime
    from eval.scale_bench import run_scale_bench

    built = Runtime()
    console = Console(stderr=True)
    with Progress(console=console, disable=as_json) as progress:
        task = progress.add_task("writing synthetic chunks", total=chunks)
        result = run_scale_bench(built.settings, embedder=built.embedder, chunks=chunks, queries=queries,
                                 on_progress=lambda n: progress.advance(task, n))
    _show(console, result, as_json, width=16)


@bench_app.command("load")
@reports_errors
def bench_load(url: Annotated[list[str], typer.Option(help="the running server, e.g. http://127.0.0.1:8000; give it "
                                                              "again for each replica of one deployment")],
               token: Annotated[str | None, typer.Option(help="an API token (`ragloop users token NAME`); none: "
                                                         "anonymous, if the server allows it")] = None,
               concurrency: Annotated[int, typer.Option(min=1, max=500, help="clients at once")] = 20,
               duration: Annotated[float, typer.Option(min=1, help="seconds of load")] = 30.0,
               as_json: Annotated[bool, typer.Option("--json", help="print only the figures as JSON")] = False,
               ) -> None:
    """Clients asking and rating in a loop against a running server (or its replicas, in turn); then every
    confirmed rating is read back. Exit 1 on any error or lost rating."""
    from rich.console import Console
    from rich.progress import Progress

    from eval.load_bench import run_load

    console = Console(stderr=True)
    with Progress(console=console, disable=as_json) as progress:
        task = progress.add_task(f"{concurrency} clients asking and rating", total=duration)
        result = run_load([u.rstrip("/") for u in url], token=token, concurrency=concurrency, duration_s=duration,
                          on_tick=lambda done: progress.update(task, completed=done))
    if as_json:
        print_json(result)
    else:
        for name, value in result.items():
            if name != "error_samples":
                console.print(f"  {name:<16} {value}")
        for sample in result["error_samples"]:
            console.print(f"[red]error[/red] {sample}", highlight=False)
    if result["errors"] or result["lost_ratings"]:
        raise typer.Exit(1)


@bench_app.command("loop")
@reports_errors
def bench_loop(squad: Annotated[Path, typer.Option(help="a SQuAD-format file (SQuAD 2.0, KorQuAD)")],
               distractors: Annotated[Path | None, typer.Option(help="SQuAD-format file whose paragraphs are "
                                                                "added to make retrieval harder")] = None,
               limit: Annotated[int | None, typer.Option(min=2, help="use the first N questions")] = None,
               unindexed_share: Annotated[float, typer.Option(min=0.0, max=0.9, help=UNINDEXED_SHARE_HELP)] = 0.3,
               as_json: Annotated[bool, typer.Option("--json", help="print only the figures as JSON")] = False,
               ) -> None:
    """A season of the loop on an empty data directory: ask half the questions as users and rate them by the gold
    answers, let the nightly job mine them and stand-in agents approve them, then measure the same questions
    before and after."""
    from rich.console import Console
    from rich.progress import Progress

    from core.runtime import runtime
    from eval.loop_bench import run_loop

    console = Console(stderr=True)
    with runtime() as built, Progress(console=console, disable=as_json) as progress:
        result = run_loop(built, squad=squad, distractors=distractors, limit=limit, unindexed_share=unindexed_share,
                          report_dir=built.settings.data_dir / "reports", progress=progress)
    if as_json:
        print_json(result)
        return
    for name in ("before", "after"):
        console.print(f"  {name:<7} " + ", ".join(f"{k} {v}" for k, v in result[name].items()))
    console.print(f"  reviewed answers served after the season: {result['served_verified']}")
    for change in result["applied"]:
        console.print(f"  applied: {change}")


@bench_app.command("reviewed")
@reports_errors
def bench_reviewed(squad: Annotated[Path, typer.Option(help="a SQuAD-format file (SQuAD 2.0, KorQuAD)")],
                   limit: Annotated[int | None, typer.Option(min=1, help="use the first N questions")] = None,
                   as_json: Annotated[bool, typer.Option("--json", help="print only the figures as JSON")] = False,
                   ) -> None:
    """How often a reviewed answer would be served to another question about the same paragraph: by the
    embedder's similarity alone, and by the whole check serving uses (with the share of those that are the same
    question asked twice, by their gold answers)."""
    from rich.console import Console
    from rich.progress import Progress

    from core.runtime import runtime
    from eval.reviewed_bench import same_paragraph_matches

    console = Console(stderr=True)
    with runtime() as built, Progress(console=console, disable=as_json) as progress:
        task = progress.add_task("comparing questions about the same paragraph", total=None)
        result = same_paragraph_matches(built, squad=squad, limit=limit, on_progress=lambda: progress.advance(task))
    _show(console, result, as_json, width=20)



@bench_app.command("kb")
@reports_errors
def bench_kb(docs: Annotated[Path, typer.Option(help="a folder of documents: the knowledge base")],
             questions: Annotated[Path, typer.Option(help="JSON lines {question, answerable, file, kind}; file is "
                                                          "the document that answers it, relative to --docs")],
             as_json: Annotated[bool, typer.Option("--json", help="print only the figures as JSON")] = False,
             ) -> None:
    """A small knowledge base as a newcomer meets it: answerable questions answered from the right file, the rest
    refused. Runs on a throwaway store with the configured embedder, calibrations and costs."""
    import tempfile

    from rich.console import Console
    from rich.progress import Progress

    from core.runtime import runtime
    from core.settings import Settings
    from eval.kb_bench import kb_scores, load_questions, run_kb

    if not docs.is_dir():
        raise typer.BadParameter(f"{docs} is not a folder", param_hint="--docs")
    asked = load_questions(questions)
    console = Console(stderr=True)
    with tempfile.TemporaryDirectory(prefix="ragloop-kb-") as folder:
        settings = Settings(data_dir=Path(folder), database_url="", qdrant_url="")
        with runtime(settings) as built, Progress(console=console, disable=as_json) as progress:
            result = kb_scores(run_kb(built, docs=docs, questions=asked, progress=progress))
    if as_json:
        print_json(result)
        return
    for name in ("questions", "answered_rate", "cited_rate", "held_rate", "led_rate", "refusal_recall",
                 "refused_answer_shown"):
        console.print(f"  {name:<20} {result[name]}")
    for kind, figures in result["per_kind"].items():
        console.print(f"  {kind:<20} " + ", ".join(f"{k} {v}" for k, v in figures.items() if v is not None))
    for miss in result["misses"]:
        what = "refused" if miss["refused"] else f"cited {miss['cited']}"
        if miss.get("answer_in_sources"):
            what += ", the answer shown in its sources"
        if miss.get("held") is False:
            what += ", without the answer"
        console.print(f"  miss: {miss['question']!r} ({miss['kind']}, {what} at {miss['confidence']:.2f}; "
                      f"expected {miss['expected']})")


@bench_app.command("qa")
@reports_errors
def bench_qa(squad: Annotated[Path, typer.Option(help="a SQuAD-format file (SQuAD 2.0, KorQuAD)")],
             distractors: Annotated[Path | None, typer.Option(help="SQuAD-format file whose paragraphs are "
                                                              "added to make retrieval harder")] = None,
             limit: Annotated[int | None, typer.Option(min=1, help="ask the first N questions")] = None,
             unindexed_share: Annotated[float, typer.Option(min=0.0, max=0.9, help=UNINDEXED_SHARE_HELP)] = 0.0,
             left_out_paragraphs: Annotated[float, typer.Option(min=0.0, max=0.9, help=LEFT_OUT_PARAGRAPHS_HELP)]
             = 0.0,
             outcomes_file: Annotated[Path | None, typer.Option("--outcomes", help="also write each question's "
                                                                "decision, confidence and evidence signals to this "
                                                                "file as JSON lines, for analysis")] = None,
             as_json: Annotated[bool, typer.Option("--json", help="print only the figures as JSON")] = False,
             ) -> None:
    """Answer quality end to end: F1, exact match, citation accuracy, refusal precision/recall/F1, ECE, latency."""
    from rich.console import Console
    from rich.progress import Progress

    from core.runtime import runtime
    from eval.qa_bench import qa_scores, run_squad, write_outcomes

    console = Console(stderr=True)
    with runtime() as built, Progress(console=console, disable=as_json) as progress:
        outcomes = run_squad(built, squad=squad, distractors=distractors, limit=limit,
                             unindexed_share=unindexed_share, left_out_paragraphs=left_out_paragraphs,
                             progress=progress)
    if outcomes_file:
        write_outcomes(outcomes, outcomes_file)
    result = qa_scores(outcomes, refusal_cost=built.settings.refusal_cost)
    _show(console, result, as_json, width=18)


@reports_errors
def calibrate(squad: Annotated[Path | None, typer.Option(help="a SQuAD-format file with answerable questions (and "
                                                         "with --unindexed-share, questions about articles left "
                                                         "out of the index)")] = None,
              distractors: Annotated[Path | None, typer.Option(help="SQuAD-format file whose paragraphs are "
                                                               "added to make retrieval harder")] = None,
              limit: Annotated[int | None, typer.Option(min=1, help="use the first N questions")] = None,
              unindexed_share: Annotated[float, typer.Option(min=0.0, max=0.9, help=UNINDEXED_SHARE_HELP)] = 0.0,
              left_out_paragraphs: Annotated[float, typer.Option(min=0.0, max=0.9, help=LEFT_OUT_PARAGRAPHS_HELP)]
              = 0.0,
              golden: Annotated[bool, typer.Option("--golden", help="refit from the approved golden set and rated "
                                                   "answers instead, per collection and language, as the nightly "
                                                   "job does")] = False,
              collection: Annotated[str | None, typer.Option(help="with --golden: only this collection; with "
                                                          "--revert: its collection (default: the default one)")]
              = None,
              revert: Annotated[bool, typer.Option("--revert", help="take back the newest refit (by --golden or "
                                                   "the nightly job) of --language in --collection")] = False,
              language: Annotated[str | None, typer.Option(help="with --revert: the language, e.g. en or ko")] = None,
              output: Annotated[Path | None, typer.Option(help="where the calibration goes (default: "
                                                          "RAGLOOP_CALIBRATION_FILE or "
                                                          "DATA_DIR/calibration-KIND-LANGUAGE.json)")] = None,
              as_json: Annotated[bool, typer.Option("--json", help="print only a JSON summary")] = False) -> None:
    """Fit the answer confidence to labelled questions; the refusal threshold is the one with the lowest cost at
    RAGLOOP_REFUSAL_COST. The calibration serves answers by the configured kind of generator to questions in the
    data's language (and, with --golden, to the collection's)."""
    from core.errors import ErrorCode, RagloopError

    if revert:
        _revert_calibration(language, collection)
        return
    if golden == (squad is not None):
        raise RagloopError(ErrorCode.BAD_INPUT, "give either --squad FILE or --golden (or --revert)")
    if golden:
        _calibrate_golden(collection, as_json)
        return
    _calibrate_squad(squad, distractors, limit, unindexed_share, left_out_paragraphs, output, as_json)


def _revert_calibration(language: str | None, collection: str | None) -> None:
    from core.errors import ErrorCode, RagloopError
    from core.settings import Settings
    from eval.recalibrate import revert_calibration

    if not language:
        raise RagloopError(ErrorCode.BAD_INPUT, "--revert needs --language (en, ko, …)")
    settings = Settings()
    typer.echo(revert_calibration(settings, language=language, collection=collection or settings.default_collection)
               + "; running servers use it from their next start")


def _calibrate_golden(collection: str | None, as_json: bool) -> None:
    from rich.console import Console

    from core.errors import ErrorCode, RagloopError
    from core.runtime import runtime
    from eval import calibrate_golden

    console = Console(stderr=True)
    with runtime() as built:
        if built.store_owner() is not None:
            raise RagloopError(ErrorCode.CONFLICT, "a ragloop server owns the store: stop it first, or let its "
                                                   "nightly job refit the confidence")
        with _golden_progress(built, console, as_json, "answering the golden set") as advance:
            refits = calibrate_golden(built, collection=collection, on_progress=advance)
    summary = {"refits": [r.to_dict() for r in refits]}
    if as_json:
        print_json(summary)
        return
    if not refits:
        console.print("no labelled answers yet: approve golden items with reference documents or answers, or "
                      "collect ratings")
    for r in refits:
        console.print(_refit_line(r))


def _refit_line(refit) -> str:
    """One collection and language's refit, as a sentence."""
    def figures(f: dict) -> str:
        return f"threshold {f.get('threshold', '-')}, cost per answer {f['cost_per_answer']}, ECE {f['ece']}"

    head = f"  {refit.collection}/{refit.language}, {refit.labelled} labelled answers ({refit.right} right): "
    current = f"current {figures(refit.before)}" if refit.before else "no current calibration"
    if refit.status == "waiting":
        needed = refit.to_dict()["needed"]
        return (head + f"waiting for more (at least {needed['labelled']}, {needed['each']} right and "
                f"{needed['each']} wrong); {current}")
    outcome = f"applied ({refit.path})" if refit.status == "applied" else "kept the current one"
    return (head + f"{outcome}; {current}; new, held out, {figures(refit.after)}; "
            f"{refit.changed} decisions change")


def _calibrate_squad(squad: Path, distractors: Path | None, limit: int | None, unindexed_share: float,
                     left_out_paragraphs: float, output: Path | None, as_json: bool) -> None:
    from collections import Counter

    from rich.console import Console
    from rich.progress import Progress

    from answer import DEFAULT_LANGUAGE, calibration_path
    from core.errors import ErrorCode, RagloopError
    from core.runtime import runtime
    from eval.qa_bench import calibrate_on, run_squad
    from retrieval import language_of

    console = Console(stderr=True)
    with runtime() as built, Progress(console=console, disable=as_json) as progress:
        settings = built.settings
        outcomes = run_squad(built, squad=squad, distractors=distractors, limit=limit,
                             unindexed_share=unindexed_share, left_out_paragraphs=left_out_paragraphs,
                             progress=progress)
    if not outcomes:
        raise RagloopError(ErrorCode.BAD_INPUT, f"{squad} holds no questions to calibrate on")
    languages = Counter(language_of(o.question.text) or DEFAULT_LANGUAGE for o in outcomes)
    about = {"squad": squad.name, "distractors": distractors.name if distractors else None,
             "unindexed_share": unindexed_share, "left_out_paragraphs": left_out_paragraphs,
             "questions": len(outcomes), "embedder": settings.embedding_model,
             "generator": settings.generator, "language": languages.most_common(1)[0][0]}
    fitted = calibrate_on(outcomes, about=about, refusal_cost=settings.refusal_cost)
    path = output or calibration_path(settings, fitted)
    fitted.save(path)
    summary = {"path": str(path), "language": fitted.language, "threshold": round(fitted.threshold, 4),
               "in_sample": fitted.fitted_on["in_sample"], "held_out": fitted.fitted_on.get("held_out"),
               "held_out_across": fitted.fitted_on.get("held_out_across")}
    if as_json:
        print_json(summary)
        return
    for name, value in summary.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        console.print(f"  {name:<10} {value}")
