"""Long Korean pages, as a manual's PDF pages are, written as a BEIR folder from a SQuAD-format file (KorQuAD 1.0):
consecutive paragraphs of one article joined into pages of at least `PAGE_CHARS` characters, titled by the article,
each question relevant to the page its paragraph is on. And the reference retrieval is measured against: plain
BM25 over the same Kiwi morphemes on whole pages (Lucene's k1 0.9 and b 0.4), no chunks, no embedder.

    python -m eval.korean_pages write --squad ../shared/benchmarks/korquad_v1/KorQuAD_v1.0_dev.json DIR
    ragloop bench retrieval --beir DIR --limit 1000 --modes dense,sparse,hybrid --json
    python -m eval.korean_pages reference DIR --limit 1000
"""

from __future__ import annotations

import argparse
import json
import math
from collections import Counter
from pathlib import Path

from eval.bench import ndcg_at, recall_at
from retrieval import build_sparse_encoder

PAGE_CHARS = 1800  # about a page of a Korean manual


def pages_of(articles: list[dict]) -> tuple[list[dict], dict[str, str]]:
    """Pages ({_id, title, text}) and, for every question id, the id of the page that holds its paragraph."""
    pages, page_of = [], {}
    for article in articles:
        text, questions, number = "", [], 0

        def close() -> None:
            nonlocal text, questions, number
            if text:
                page_id = f"{article['title']} p.{number + 1}"
                pages.append({"_id": page_id, "title": article["title"], "text": text})
                page_of.update({question: page_id for question in questions})
                text, questions, number = "", [], number + 1

        for paragraph in article["paragraphs"]:
            text = f"{text}\n\n{paragraph['context']}" if text else paragraph["context"]
            questions += [str(qa["id"]) for qa in paragraph["qas"] if not qa.get("is_impossible")]
            if len(text) >= PAGE_CHARS:
                close()
        close()
    return pages, page_of


def write(squad: Path, folder: Path) -> Path:
    """corpus.jsonl, queries.jsonl and qrels/test.tsv under `folder`."""
    articles = json.loads(squad.read_text(encoding="utf-8"))["data"]
    pages, page_of = pages_of(articles)
    (folder / "qrels").mkdir(parents=True, exist_ok=True)
    with (folder / "corpus.jsonl").open("w", encoding="utf-8") as corpus:
        corpus.writelines(json.dumps(page, ensure_ascii=False) + "\n" for page in pages)
    with (folder / "queries.jsonl").open("w", encoding="utf-8") as queries:
        for article in articles:
            for paragraph in article["paragraphs"]:
                queries.writelines(json.dumps({"_id": str(qa["id"]), "text": qa["question"]}, ensure_ascii=False)
                                   + "\n" for qa in paragraph["qas"] if str(qa["id"]) in page_of)
    rows = "".join(f"{question}\t{page}\t1\n" for question, page in page_of.items())
    (folder / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\n" + rows, encoding="utf-8")
    return folder


def reference(folder: Path, *, limit: int | None = None, k1: float = 0.9, b: float = 0.4) -> dict:
    """Plain BM25 on whole pages over the first `limit` judged questions: nDCG@10 and recall@10."""
    from core.settings import Settings

    terms = build_sparse_encoder(Settings(_env_file=None)).terms
    pages = [json.loads(line) for line in (folder / "corpus.jsonl").open(encoding="utf-8")]
    counts = {page["_id"]: Counter(terms(f"{page['title']}\n\n{page['text']}")) for page in pages}
    lengths = {page: sum(c.values()) for page, c in counts.items()}
    average = sum(lengths.values()) / len(lengths)
    frequency = Counter(term for c in counts.values() for term in c)
    idf = {term: math.log(1 + (len(counts) - n + 0.5) / (n + 0.5)) for term, n in frequency.items()}
    relevant: dict[str, dict[str, int]] = {}
    for line in (folder / "qrels" / "test.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        question, page, grade = line.split("\t")
        relevant.setdefault(question, {})[page] = int(grade)
    questions = [json.loads(line) for line in (folder / "queries.jsonl").open(encoding="utf-8")]
    questions = [q for q in questions if q["_id"] in relevant][:limit]
    ndcg = recall = 0.0
    for question in questions:
        asked = set(terms(question["text"]))
        scores = {page: sum(idf[t] * c[t] * (k1 + 1) / (c[t] + k1 * (1 - b + b * lengths[page] / average))
                            for t in asked if t in c) for page, c in counts.items()}
        ranking = sorted(scores, key=lambda page: -scores[page])
        ndcg += ndcg_at(ranking, relevant[question["_id"]], 10)
        recall += recall_at(ranking, relevant[question["_id"]], 10)
    return {"ndcg@10": round(ndcg / len(questions), 4), "recall@10": round(recall / len(questions), 4),
            "queries": len(questions), "pages": len(pages), "k1": k1, "b": b}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m eval.korean_pages")
    commands = parser.add_subparsers(dest="command", required=True)
    writing = commands.add_parser("write", help="write the BEIR folder")
    writing.add_argument("--squad", type=Path, required=True)
    writing.add_argument("folder", type=Path)
    scoring = commands.add_parser("reference", help="plain whole-page BM25 over the folder's questions")
    scoring.add_argument("folder", type=Path)
    scoring.add_argument("--limit", type=int)
    scoring.add_argument("--k1", type=float, default=0.9)
    scoring.add_argument("--b", type=float, default=0.4)
    arguments = parser.parse_args()
    if arguments.command == "write":
        print(write(arguments.squad, arguments.folder))
    else:
        print(json.dumps(reference(arguments.folder, limit=arguments.limit, k1=arguments.k1, b=arguments.b)))


if __name__ == "__main__":
    main()
