"""Reviewed answers are served back: a golden item records who reviewed it and whether its answer may be served to
questions that mean the same; an answer served from an item records which one, so that its ratings reach it.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("golden_items") as batch:
        batch.add_column(sa.Column("reviewed_by", sa.String(100), nullable=True))
        batch.add_column(sa.Column("serve", sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("golden_id", sa.Integer(), nullable=True))
        batch.create_index("ix_answers_golden_id", ["golden_id"])


def downgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        batch.drop_index("ix_answers_golden_id")
        batch.drop_column("golden_id")
    with op.batch_alter_table("golden_items") as batch:
        batch.drop_column("serve")
        batch.drop_column("reviewed_by")
