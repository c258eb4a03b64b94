"""A content gap is one question, however many users asked it: its normalised form, how many times it was asked,
and the answers it was asked in. Gaps come from "the document is missing" ratings and from the refused questions of
topics whose refusals rose (`eval.topics`).

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None
JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def _key(question: str) -> str:
    return " ".join(question.casefold().split()).strip(" ?.!")[:500]  # as eval.store.question_key


def upgrade() -> None:
    with op.batch_alter_table("content_gaps") as batch:
        batch.add_column(sa.Column("question_key", sa.String(500), nullable=True))
        batch.add_column(sa.Column("count", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("answer_ids", JSON, nullable=True))
        batch.create_index("ix_content_gaps_question_key", ["question_key"])
    gaps = sa.table("content_gaps", sa.column("id", sa.Integer), sa.column("question", sa.Text),
                    sa.column("question_key", sa.String), sa.column("answer_id", sa.String),
                    sa.column("answer_ids", JSON))
    connection = op.get_bind()
    for gap_id, question, answer_id in connection.execute(sa.select(gaps.c.id, gaps.c.question, gaps.c.answer_id)):
        connection.execute(gaps.update().where(gaps.c.id == gap_id).values(
            question_key=_key(question), answer_ids=[answer_id] if answer_id else []))


def downgrade() -> None:
    with op.batch_alter_table("content_gaps") as batch:
        batch.drop_index("ix_content_gaps_question_key")
        batch.drop_column("answer_ids")
        batch.drop_column("count")
        batch.drop_column("question_key")
