"""Collections with access: a restricted collection is read only by the users granted it (and admins); grants may
also allow writing (uploads, deletes, re-ingests).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "restricted_collections",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("restricted_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "collection_grants",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("collection", sa.String(200), nullable=False),
        sa.Column("can_write", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("user_id", "collection", name="uq_collection_grants_user_collection"),
    )


def downgrade() -> None:
    op.drop_table("collection_grants")
    op.drop_table("restricted_collections")
