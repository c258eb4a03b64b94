"""A golden item and a content gap belong to the collection their question was asked of (NULL: the default
collection), so that an item is evaluated there and both are shown only to those who may read that collection.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("golden_items") as batch:
        batch.add_column(sa.Column("collection", sa.String(200), nullable=True))
        batch.create_index("ix_golden_items_collection", ["collection"])
    with op.batch_alter_table("content_gaps") as batch:
        batch.add_column(sa.Column("collection", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("content_gaps") as batch:
        batch.drop_column("collection")
    with op.batch_alter_table("golden_items") as batch:
        batch.drop_index("ix_golden_items_collection")
        batch.drop_column("collection")
