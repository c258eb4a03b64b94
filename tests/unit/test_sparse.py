from retrieval.sparse import Bm25Encoder, language_of, term_id


def test_korean_particles_and_endings_are_dropped():
    encoder = Bm25Encoder()
    assert "서울" in encoder.terms("서울에서 만나요")
    assert set(encoder.terms("서울에서")) == set(encoder.terms("서울은")) == {"서울"}
    assert encoder.encode_query("서울에서").indices == encoder.encode_query("서울의").indices


def test_english_is_stemmed_and_stopwords_dropped():
    terms = Bm25Encoder().terms("The invoices were being encrypted by the agents")
    assert terms == ["invoic", "encrypt", "agent"]


def test_mixed_text_keeps_latin_words_and_codes():
    terms = Bm25Encoder().terms("Qdrant는 ERR-4021 오류를 반환합니다")
    assert {"qdrant", "err", "4021", "오류", "반환"} <= set(terms)


def test_document_weights_saturate_and_normalise_by_length():
    encoder = Bm25Encoder(k1=1.2, b=0.75, avg_len=10)
    once = dict(zip(*vars(encoder.encode_document("refund policy")).values()))
    many = dict(zip(*vars(encoder.encode_document("refund " * 20 + "policy")).values()))
    refund = term_id("refund")
    assert many[refund] > once[refund] and many[refund] < 1.2 + 1, "saturates below k1 + 1"
    assert many[term_id("polici")] < once[term_id("polici")], "a longer chunk weighs each term less"
    assert encoder.encode_query("refund refund policy").values == [1.0, 1.0]


def test_language_detection():
    assert language_of("환불은 언제 되나요?") == "ko"
    assert language_of("When is the refund paid?") == "en"
    assert language_of("Qdrant 설치 방법") == "ko"
    assert language_of("?!… 🙂") == ""
