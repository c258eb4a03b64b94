"""Evaluation: the golden set, mining of disliked answers, the nightly run with its gate and report, the
calibration refit, and the benchmarks. RAGAS loads only when an evaluation runs."""

from eval.golden import (STATUSES, export_jsonl, flag_stale, import_items, pin_baseline, promote_answer, read_items,
                         review_item, stale_reasons)
from eval.nightly import NightlyResult, run_nightly
from eval.recalibrate import calibrate_golden
from eval.report import metric_label, metric_value, report_in
from eval.reviewed import ReviewedAnswers, reopen_disliked
from eval.single_run import EX_TEMPFAIL, RunInProgress
from eval.store import EvalRun, GoldenItem, Hidden, content_gaps, find_golden, get_golden, get_run, list_golden, list_runs

__all__ = ["EX_TEMPFAIL", "STATUSES", "RunInProgress", "EvalRun", "GoldenItem", "Hidden", "NightlyResult",
           "ReviewedAnswers", "calibrate_golden", "content_gaps", "export_jsonl", "find_golden", "flag_stale",
           "get_golden", "get_run", "import_items", "list_golden", "list_runs", "metric_label", "metric_value",
           "pin_baseline", "promote_answer", "read_items", "reopen_disliked", "report_in", "review_item",
           "run_nightly", "stale_reasons"]
