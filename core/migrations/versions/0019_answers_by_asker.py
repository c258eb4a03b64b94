"""Answers by who asked them: the chat page lists a person's conversations on every visit.

Revision ID: 0019
Revises: 0018
"""

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_answers_asked_by_created_at", "answers", ["asked_by", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_answers_asked_by_created_at", table_name="answers")
