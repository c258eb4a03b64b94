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


def test_a_long_table_is_chunked_in_whole_rows_each_chunk_under_the_tables_header(embedder):
    from answer.sentences import split_sentences

    rows = "\n".join(f"| Room {n} | {n + 2} people | floor {n % 4} |" for n in range(60))
    section = f"The rooms are listed below.\n\n| Room | Seats | Floor |\n|---|---|---|\n{rows}\n"
    chunker = Chunker(chunk_size=120, chunk_overlap=0, count_tokens=embedder.count_tokens,
                      max_tokens=embedder.max_tokens)
    chunks = chunker.split(LoadedDocument(title="Rooms", sections=[Section(section)]))
    assert len(chunks) > 3
    assert chunks[0].text.startswith(
        "The rooms are listed below.\n\n| Room | Seats | Floor |\n|---|---|---|\n| Room 0 |")
    assert all(chunk.text.split("\n")[:2] == ["| Room | Seats | Floor |", "|---|---|---|"] for chunk in chunks[1:])
    assert all(embedder.count_tokens(chunk.text) <= 120 for chunk in chunks)
    sentences = [sentence for chunk in chunks for sentence in split_sentences(chunk.text)]
    assert sentences == ["The rooms are listed below.",
                         *[f"Room: Room {n}; Seats: {n + 2} people; Floor: floor {n % 4}" for n in range(60)]]


def test_a_long_section_is_cut_between_its_paragraphs_not_inside_one(embedder):
    faq = [(f"**Q. {n}번 시설을 예약해 놓고 못 가면 불이익이 있나요?**",
            f"A. 예약 시작 전에 앱에서 취소하면 불이익이 없습니다. 다만 노쇼가 한 달에 2회 쌓이면 {n}일 동안 예약이 "
            "제한됩니다.") for n in range(12)]
    section = "\n\n".join(part for pair in faq for part in pair)
    chunker = Chunker(chunk_size=120, chunk_overlap=20, count_tokens=embedder.count_tokens,
                      max_tokens=embedder.max_tokens)
    chunks = chunker.split(LoadedDocument(title="FAQ", sections=[Section(section)]))
    assert len(chunks) > 3
    paragraphs = {part for pair in faq for part in pair}
    # a question's answer is not cut after its first sentence, to go on in the next chunk
    assert all(set(chunk.text.split("\n\n")) <= paragraphs for chunk in chunks), [c.text for c in chunks]
    assert all(embedder.count_tokens(c.text) <= 120 for c in chunks)
