"""Users with roles and API tokens; answers remember who asked, in which conversation, and the standalone query
a follow-up question was rewritten into.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=True),
        sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("session_epoch", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
    )
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("asked_by", sa.String(100), nullable=True))
        batch.add_column(sa.Column("conversation_id", sa.String(64), nullable=True))
        batch.add_column(sa.Column("search_query", sa.Text, nullable=True))
        batch.create_index("ix_answers_conversation_id", ["conversation_id"])


def downgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        batch.drop_index("ix_answers_conversation_id")
        batch.drop_column("search_query")
        batch.drop_column("conversation_id")
        batch.drop_column("asked_by")
    op.drop_table("api_tokens")
    op.drop_table("users")
