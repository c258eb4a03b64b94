"""Ingestion: load files, split them into chunks, embed them and write them into the vector index."""

from ingest.pipeline import IngestPipeline, IngestReport, discover, document_id

__all__ = ["IngestPipeline", "IngestReport", "discover", "document_id"]
