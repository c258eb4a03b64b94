"""Splitting documents into chunks the embedder can take, with llama-index's sentence-aware splitter.

Sections (headings, PDF pages) are split separately so no chunk straddles two of them. Sizes are counted in the
embedder's own tokens, leaving room for the title and heading path that are embedded with every chunk.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from core.tables import Table, table_blocks
from ingest.loaders import LoadedDocument
from retrieval import indexed_text

PREFIX_TOKENS = 48  # room kept for "title > heading path" in front of each chunk
# Sentence ends in English and Korean (and CJK full-width marks) for the splitter's fallback regex.
SENTENCE_REGEX = r"[^,.;。？！?!]+[,.;。？！?!]?|[,.;。？！?!]"


def _point_tiktoken_at_bundled_files() -> None:
    # llama-index loads a tiktoken encoding at import; its BPE files ship inside llama-index-core.
    import importlib.util

    spec = importlib.util.find_spec("llama_index.core")
    if spec and spec.origin:
        os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(Path(spec.origin).parent / "_static" / "tiktoken_cache"))


@dataclass(frozen=True)
class Chunk:
    text: str
    heading_path: str
    page: int | None
    title: str

    def embedding_text(self) -> str:
        """What gets embedded: the chunk with its title and heading path in front."""
        return indexed_text(title=self.title, heading_path=self.heading_path, text=self.text)


class Chunker:
    def __init__(self, *, chunk_size: int, chunk_overlap: int, count_tokens, max_tokens: int):
        _point_tiktoken_at_bundled_files()
        from llama_index.core.node_parser import SentenceSplitter

        size = max(32, min(chunk_size, max_tokens - PREFIX_TOKENS))
        self.chunk_size = size
        self._count_tokens = count_tokens
        self._splitter = SentenceSplitter(chunk_size=size, chunk_overlap=min(chunk_overlap, size // 2),
                                          tokenizer=lambda text: range(count_tokens(text)),
                                          secondary_chunking_regex=SENTENCE_REGEX, paragraph_separator="\n\n")

    def split(self, document: LoadedDocument) -> list[Chunk]:
        return [Chunk(text.strip(), section.heading_path, section.page, document.title)
                for section in document.sections for text in self._split(section.text) if text.strip()]

    def _split(self, text: str) -> list[str]:
        # A section that fits needs no splitting (most short documents, most FAQ answers).
        if self._count_tokens(text) <= self.chunk_size:
            return [text]
        blocks = [block for block in table_blocks(text) if isinstance(block, Table) or block.strip()]
        if not any(isinstance(block, Table) for block in blocks):
            return self._splitter.split_text(text)
        pieces = []
        for at, block in enumerate(blocks):
            if isinstance(block, Table):
                # a short paragraph introducing the table goes with its first rows
                lead = pieces.pop() if pieces and not isinstance(blocks[at - 1], Table) and (
                    self._count_tokens(pieces[-1]) <= self.chunk_size // 4) else ""
                pieces += self._table_pieces(block, lead)
            else:
                pieces += self._splitter.split_text(block)
        return pieces

    def _table_pieces(self, table: Table, lead: str) -> list[str]:
        """A table in whole rows, each piece under the table's header and rule (the first after `lead`): a row says
        what its cells are only under its header (`answer.sentences`), and the splitter, finding no sentence end in
        a table, cut rows in two."""
        pieces, group = [], []
        size = self._count_tokens(f"{lead}\n\n{table.header}" if lead else table.header)
        for row in table.rows:
            tokens = self._count_tokens(row)
            if group and size + tokens > self.chunk_size:
                pieces.append("\n".join([table.header, *group]))
                group, size = [], self._count_tokens(table.header)
            group.append(row)
            size += tokens
        pieces.append("\n".join([table.header, *group]))
        return [f"{lead}\n\n{pieces[0]}" if lead else pieces[0], *pieces[1:]]
