"""Initial schema: documents, answers, ratings, golden items, eval runs and results.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("collection", sa.String(200), nullable=False, index=True),
        sa.Column("source", sa.String(2000), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("chunk_count", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        ts("created_at"), ts("updated_at"),
        sa.UniqueConstraint("collection", "source", name="uq_documents_collection_source"),
    )
    op.create_table(
        "answers",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("citations", JSON, nullable=False),
        sa.Column("retrieved", JSON, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("refused", sa.Boolean, nullable=False),
        sa.Column("collection", sa.String(200), nullable=False),
        sa.Column("prompt_version", sa.String(100), nullable=False),
        sa.Column("generator", sa.String(100), nullable=False),
        sa.Column("embedder", sa.String(300), nullable=False),
        sa.Column("latency_ms", sa.Float, nullable=False),
        sa.Column("trace_id", sa.String(64), nullable=True),
        ts("created_at"),
    )
    op.create_index("ix_answers_created_at", "answers", ["created_at"])
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("answer_id", sa.String(36), sa.ForeignKey("answers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("rater", sa.String(200), nullable=False),
        sa.Column("rating", sa.String(4), nullable=False),
        sa.Column("reason", sa.String(100), nullable=True),
        sa.Column("comment", sa.Text, nullable=True),
        ts("created_at"), ts("updated_at"),
        sa.UniqueConstraint("answer_id", "rater", name="uq_ratings_answer_rater"),
    )
    op.create_index("ix_ratings_answer_id", "ratings", ["answer_id"])
    op.create_index("ix_ratings_created_at", "ratings", ["created_at"])
    op.create_table(
        "golden_items",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("question_key", sa.String(500), nullable=False, unique=True),
        sa.Column("reference_answer", sa.Text, nullable=True),
        sa.Column("reference_documents", JSON, nullable=False),
        sa.Column("answerable", sa.Boolean, nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("source_answer_id", sa.String(36), nullable=True),
        ts("created_at"),
    )
    op.create_table(
        "eval_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        ts("started_at"), ts("finished_at", nullable=True),
        sa.Column("items", sa.Integer, nullable=False),
        sa.Column("mined", sa.Integer, nullable=False),
        sa.Column("metrics", JSON, nullable=False),
        sa.Column("deltas", JSON, nullable=False),
        sa.Column("regressions", JSON, nullable=False),
        sa.Column("config", JSON, nullable=False),
        sa.Column("report_path", sa.Text, nullable=True),
    )
    op.create_table(
        "eval_results",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("eval_runs.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("golden_item_id", sa.Integer, sa.ForeignKey("golden_items.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("refused", sa.Boolean, nullable=False),
        sa.Column("retrieved_documents", JSON, nullable=False),
        sa.Column("metrics", JSON, nullable=False),
        sa.Column("latency_ms", sa.Float, nullable=False),
    )


def downgrade() -> None:
    for table in ("eval_results", "eval_runs", "golden_items", "ratings", "answers", "documents"):
        op.drop_table(table)
