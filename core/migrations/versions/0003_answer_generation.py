"""Answers record the prompt's name, the share of supported sentences and how the answer was generated
(attempts and fallbacks, guard events, citation checks, evidence signals).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("prompt_name", sa.String(100), nullable=False, server_default=""))
        batch.add_column(sa.Column("supported_share", sa.Float, nullable=True))
        batch.add_column(sa.Column("generation", JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        batch.drop_column("generation")
        batch.drop_column("supported_share")
        batch.drop_column("prompt_name")
