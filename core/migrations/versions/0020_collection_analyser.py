"""Vector collections record the BM25 analyser their sparse vectors were encoded with, so that a changed analyser
(or BM25 setting) encodes them again instead of matching nothing. Existing collections were encoded with the first
analyser.

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("vector_collections") as batch:
        batch.add_column(sa.Column("analyser", sa.String(300), nullable=False,
                                   server_default="bm25-kiwi-v1 k1=1.2 b=0.75 avg_len=60"))


def downgrade() -> None:
    with op.batch_alter_table("vector_collections") as batch:
        batch.drop_column("analyser")
