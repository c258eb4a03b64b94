from ingest.chunking import Chunk, Chunker
from ingest.loaders import LoadedDocument, Section


def test_korean_text_is_cut_at_sentence_ends_within_the_token_budget(embedder):
    sentences = [f"{n}번째 문단에서 서울의 인구와 교통에 관한 내용을 자세히 설명합니다." for n in range(60)]
    chunker = Chunker(chunk_size=120, chunk_overlap=20, count_tokens=embedder.count_tokens,
                      max_tokens=embedder.max_tokens)
    chunks = chunker.split(LoadedDocument(title="서울", sections=[Section(" ".join(sentences))]))
    assert len(chunks) > 3
    assert all(embedder.count_tokens(c.text) <= 120 for c in chunks)
    assert all(c.text.endswith("니다.") for c in chunks), "every chunk ends at a sentence end"
    assert chunks[1].text.split(" ")[0] != sentences[0].split(" ")[0], "chunks move forward"


def test_budget_leaves_room_for_title_and_heading_path():
    chunker = Chunker(chunk_size=500, chunk_overlap=50, count_tokens=lambda text: len(text.split()), max_tokens=256)
    assert chunker.chunk_size == 256 - 48
    chunk = Chunk(text="body", heading_path="Install > Linux", page=None, title="Guide")
    assert chunk.embedding_text() == "Guide > Install > Linux\n\nbody"
