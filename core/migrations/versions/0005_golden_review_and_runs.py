"""Golden items get a language, tags, a stale flag and the feedback they were mined from; a content-gap list for
docs editors; runs get a status (complete, partial, empty), problems, a pinned baseline flag and the gate's findings;
results an error.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("golden_items") as batch:
        batch.add_column(sa.Column("language", sa.String(10), nullable=True))
        batch.add_column(sa.Column("tags", JSON, nullable=True))
        batch.add_column(sa.Column("feedback", JSON, nullable=True))
        batch.add_column(sa.Column("stale_reason", sa.Text, nullable=True))
        batch.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "content_gaps",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer_id", sa.String(36), nullable=True),
        sa.Column("comment", sa.Text, nullable=True),
        sa.Column("run_id", sa.Integer, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("eval_runs") as batch:
        batch.add_column(sa.Column("status", sa.String(20), nullable=False, server_default="complete"))
        batch.add_column(sa.Column("problems", JSON, nullable=True))
        batch.add_column(sa.Column("pinned", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("gate", JSON, nullable=True))
    with op.batch_alter_table("eval_results") as batch:
        batch.add_column(sa.Column("error", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("eval_results") as batch:
        batch.drop_column("error")
    with op.batch_alter_table("eval_runs") as batch:
        batch.drop_column("gate")
        batch.drop_column("pinned")
        batch.drop_column("problems")
        batch.drop_column("status")
    op.drop_table("content_gaps")
    with op.batch_alter_table("golden_items") as batch:
        for column in ("reviewed_at", "stale_reason", "feedback", "tags", "language"):
            batch.drop_column(column)
