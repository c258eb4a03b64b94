"""Answers record the generator's token counts, what the answer cost, and the A/B arm that answered.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("model", sa.String(200), nullable=True))
        batch.add_column(sa.Column("prompt_tokens", sa.Integer, nullable=True))
        batch.add_column(sa.Column("completion_tokens", sa.Integer, nullable=True))
        batch.add_column(sa.Column("cost_usd", sa.Float, nullable=True))
        batch.add_column(sa.Column("ab_arm", sa.String(120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        for column in ("ab_arm", "cost_usd", "completion_tokens", "prompt_tokens", "model"):
            batch.drop_column(column)
