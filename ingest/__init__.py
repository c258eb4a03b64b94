"""Ingestion: load files, split them into chunks, embed them and write them into the vector index."""

from ingest.chunking import Chunk, Chunker
from ingest.jobs import Job, JobRunner, paths_spec, reingest_spec
from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.passages import document_passages
from ingest.pipeline import IngestPipeline, IngestReport, document_id
from ingest.sources import UPLOAD_PREFIX, Source, beir_sources, discover, location_of, squad_sources
from ingest.store import (Document, collection_names, content_hashes, document_ids, document_sources, get_document,
                          indexed_span, last_indexed, list_documents, sources_at)
from ingest.uploads import MAX_FILES_PER_UPLOAD, Uploads

__all__ = ["MAX_FILES_PER_UPLOAD", "SUPPORTED_SUFFIXES", "UPLOAD_PREFIX", "Chunk", "Chunker", "Document", "IngestPipeline", "IngestReport",
           "Job", "JobRunner", "Source", "Uploads", "beir_sources", "collection_names", "content_hashes", "discover", "document_id",
           "document_ids", "document_passages", "document_sources", "get_document", "indexed_span", "last_indexed",
           "list_documents", "location_of", "paths_spec", "reingest_spec", "sources_at", "squad_sources"]
