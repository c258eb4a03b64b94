"""Ingestion: load files, split them into chunks, embed them and write them into the vector index."""

from ingest.pipeline import IngestPipeline, IngestReport, document_id
from ingest.sources import Source, beir_sources, discover, squad_sources

__all__ = ["IngestPipeline", "IngestReport", "Source", "beir_sources", "discover", "document_id", "squad_sources"]
