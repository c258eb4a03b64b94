import pytest

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
    # names from code read the same in every language: the words around them decide
    assert language_of("RAGLOOP_REFUSAL_COST는 무엇인가요?") == "ko"
    assert language_of("HTTP API 키는 어디서 받나요?") == "ko"
    assert language_of("What does RAGLOOP_PORT set?") == "en"


def test_a_term_is_as_rare_as_its_language_says_whatever_the_knowledge_base():
    from retrieval import rarity

    encoder = Bm25Encoder()
    english = {term: rarity(term) for term in encoder.terms("What is the ONNX graph of the first start")}
    assert english["onnx"] == 1.0  # a name no word list holds
    assert english["first"] < english["start"] < english["graph"] < english["onnx"]
    assert rarity(encoder.terms("France")[0]) < 0.5  # the stem "franc" is as common as "France", its commonest word
    korean = {term: rarity(term) for term in encoder.terms("재택근무는 한 주에 며칠까지 할 수 있나요?")}
    assert rarity("하") == 0.0 and korean["재택근무"] == 1.0
    assert 0.0 < korean["며칠"] < 1.0
    # a compound the list lacks is as common as the rarer of its known parts; "재택" is unknown, so "재택근무" is rare
    assert rarity("교육비") == max(rarity("교육"), rarity("비")) < 0.5


def test_possessives_contractions_and_accents_match_the_plain_word():
    terms = Bm25Encoder().terms
    assert terms("the agent's console") == terms("agents console") == ["agent", "consol"]
    assert terms("What's the Ögedei Khan’s capital?") == terms("ogedei khan capital")
    assert terms("Don't we're isn't") == [], "negated auxiliaries and pronouns' clitics are stop words"
    assert terms("O'Neill's café") == terms("ONeill cafe")
    assert terms("see example.com v1.2") == ["see", "example.com", "exampl", "com", "v1.2", "v1"]


def test_an_acronyms_plural_matches_the_acronym():
    # the stemmer leaves a word without a vowel as it is: "PDFs" found no page about "PDF" files
    terms = Bm25Encoder().terms
    assert terms("scanned PDFs, GPUs and APIs") == terms("a scanned PDF, GPU and API") == ["scan", "pdf", "gpu", "api"]
    assert terms("HTTPS, GPS and DNS") == ["https", "gps", "dns"], "an acronym in capitals ending in S is no plural"
    assert terms("PDFs를 올려도 되나요?")[0] == "pdf", "in a Korean sentence too"


def test_a_file_or_host_name_also_holds_its_words():
    # "How do I start it?" shared no term with "Run `bash scripts/start.sh`"
    terms = Bm25Encoder().terms
    assert set(terms("How do I start it?")) <= set(terms("Run `bash scripts/start.sh` from a fresh clone."))
    assert {"config", "start.sh"} <= set(terms("Edit config.toml, then run start.sh"))
    assert terms("e.g. the U.S. in 3.5 days") == ["e.g", "u.s", "3.5", "day"], "no abbreviation's letters or digits"
    hosts = terms("write to support@quillbase.io or https://quillbase.io")
    assert hosts == ["write", "support", "quillbase.io", "https", "quillbase.io"], "a host's name is no file's"


def test_a_name_of_words_written_together_also_holds_its_words():
    # "How do I install it on a Mac?" shared no term with the row "| macOS | Homebrew | brew install … |"
    terms = Bm25Encoder().terms
    assert set(terms("How do I install it on a Mac?")) <= set(terms("Install it on macOS with Homebrew"))
    assert set(terms("Open the PowerPoint file")) >= {"powerpoint", "power", "point"}
    assert set(terms("macOS 설치 방법")) >= {"mac", "os", "설치"}, "in a Korean text too"
    assert terms("iPhone and McDonald") == ["iphon", "mcdonald"], "one small letter before a capital opens no word"


def test_a_documents_word_written_with_a_hyphen_is_also_found_without_it():
    # "aircon regas price" shared no term with the row "Air conditioning re-gas: 79.00", and "regas" was a word
    # the knowledge base never mentions
    encoder = Bm25Encoder()

    def found(query: str, document: str) -> bool:
        return bool(set(encoder.encode_query(query).indices) & set(encoder.encode_document(document).indices))

    assert found("regas", "Air conditioning re-gas, price 79.00")
    assert found("checkout", "A late check-out fee applies.")
    assert found("wifi", "Free Wi-Fi in every room")
    assert not found("covid19", "COVID-19 rules"), "a number's hyphen joins nothing"
    # a question's hyphen joins nothing: "check-in" finds "check in" as much as "check-in"
    assert encoder.terms("When does online check-in open?") == encoder.terms("When does online check in open?")


def test_an_irregular_form_is_the_word_it_is_a_form_of():
    # "What should I do if my dog has eaten rat poison?" shared "poison" alone with "What to do if your pet eats
    # something poisonous"
    terms = Bm25Encoder().terms
    assert terms("my dog has eaten rat poison") == terms("my dog eats rat poison")
    assert terms("I lost my card and paid twice") == terms("I lose my card and pay twice")
    assert terms("children and mice") == terms("child and mouse")
    assert terms("turn left at the lost and found") == ["turn", "left", "lose", "found"], (
        "a form that is a word of its own too stays")


def test_a_noun_in_rral_is_its_verb():
    # the stemmer leaves "deferral" as "deferr": "deferral fee" shared only "fee" with "defer your entry for €25"
    terms = Bm25Encoder().terms
    assert terms("deferral fee") == terms("defer fee") == ["defer", "fee"]
    assert terms("referrals") == terms("referred") == ["refer"]
    assert terms("err") == ["err"], "a short stem stays"


def test_a_phone_number_or_a_mail_address_is_also_the_word_for_it():
    # "전화번호 알려주세요" shared only "전화" with the line holding the number, and every sentence on calling holds it
    encoder = Bm25Encoder()
    assert "전화번호" in encoder.terms("전화번호 알려주세요")
    line = encoder.encode_document("전화 예약: 02-3142-7528 (평일 오전 9시 30분 ~ 오후 6시)").indices
    calling = encoder.encode_document("예약 변경은 전화 또는 카카오톡으로 알려 주세요.").indices
    assert term_id("전화번호") in line and term_id("전화번호") not in calling
    assert term_id("email") in encoder.encode_document("Write to support@quillbase.example.").indices
    assert term_id("phone") in encoder.encode_document("Call 0800 555 0199 any day.").indices
    for other in ("Released on 2026-12-04.", "It costs 1,450,000원.", "Version 3.4.1 is out."):
        assert term_id("phone") not in encoder.encode_document(other).indices, other
    assert "phone" not in encoder.terms("Call 0800 555 0199"), "the words of the text are its own; only its vector"


def test_a_korean_number_is_also_a_term_with_the_noun_it_counts():
    # "2학기" (the second term) is no "2월" (February): the number alone made the first term's dates the answer
    terms = Bm25Encoder().terms
    asked = set(terms("2학기 입사 일정은 언제인가요?"))
    first, second = set(terms("1학기: 2월 26일 ~ 2월 28일")), set(terms("2학기: 8월 27일 ~ 8월 29일"))
    assert {"2학기", "학기", "2"} <= asked and "2학기" in second and "2학기" not in first
    assert len(asked & second) > len(asked & first)
    assert "3층" in terms("세탁실은 지하 3층에 있습니다") and "1998년" in terms("1998년에 세워졌다")
    assert "2" in terms("2 학기") and "2학기" not in terms("2 학기"), "only a noun written on to the number"


def test_a_compound_kiwi_takes_for_an_unknown_name_also_holds_the_nouns_it_is_written_from():
    # in a table's cell Kiwi reads "증명사진" as one unknown name; in a question, as "증명" and "사진"
    terms = Bm25Encoder().terms
    asked = set(terms("등록할 때 증명사진은 몇 매가 필요한가요?"))
    cell = set(terms("| 증명사진 | 컬러 사진 3매 |"))
    assert {"증명", "사진"} <= asked and {"증명사진", "증명", "사진"} <= cell
    assert set(terms("김은영 주임")) == {"김은영", "주임"}, "a person's name stays whole"


def test_nouns_written_together_are_also_the_word_they_make_so_a_question_finds_the_name_read_whole():
    # Kiwi reads "북부분소" whole in the page's sentence and as "북", "부분", "소" in the question
    encoder = Bm25Encoder()
    asked, page = encoder.terms("북부분소 운영시간은 어떻게 되나요?"), encoder.terms("북부분소는 한빛시 북구에 있습니다.")
    assert "북부분소" in set(asked) & set(page)
    assert {"운영", "시간", "운영시간"} <= set(asked)
    assert "운영시간" not in encoder.terms("운영 시간은 어떻게 되나요?"), "words apart are not joined"
    north = encoder.encode_document("구분: 북부분소; 운영시간: 매주 화·목요일 10:00~17:00")
    main = encoder.encode_document("구분: 본센터; 운영시간: 평일 09:00~18:00")
    query = encoder.encode_query("북부분소 운영시간은 어떻게 되나요?")

    def score(document):
        weights = dict(zip(document.indices, document.values))
        return sum(weights.get(index, 0.0) * value for index, value in zip(query.indices, query.values))

    assert score(north) > score(main)
    from retrieval.sparse import JOINED_WEIGHT, term_id

    weights = dict(zip(query.indices, query.values))
    assert weights[term_id("운영시간")] == JOINED_WEIGHT and weights[term_id("운영")] == 1.0, "no phrase counts twice"


def test_a_determiner_read_on_to_a_noun_opens_the_word_so_a_name_read_whole_is_found():
    # after "월간" Kiwi reads "한입패스" as the determiner "한" (one) and "입", "패스"; alone it is one name
    encoder = Bm25Encoder()
    row = encoder.terms("요금제: 월간 한입패스; 이용 요금: 월 4,900원")
    assert "한입패스" in set(encoder.terms("한입패스 월 요금")) & set(row)
    assert "다른사람" not in encoder.terms("다른 사람에게 양도할 수 있나요?"), "a determiner written apart stays apart"


def test_the_signature_changes_with_anything_that_changes_a_documents_vector():
    assert Bm25Encoder().signature == Bm25Encoder().signature
    assert Bm25Encoder(k1=0.9).signature != Bm25Encoder().signature
    assert Bm25Encoder(avg_len=80).signature != Bm25Encoder().signature


def test_a_word_list_stems_in_one_call_as_word_by_word():
    from retrieval.sparse import _stem, _stem_all

    words = ["universities", "running", "agent's", "ogedei", "v2", "7311", "connected", "generously", "deferral"]
    assert _stem_all(words) == [_stem(w) for w in words]
    assert _stem("connected") == _stem("connection") == "connect" and _stem("7311") == "7311"


def test_the_frequency_tables_are_kept_built_and_read_back_in_the_next_process(tmp_path, monkeypatch):
    """A process told where to keep them builds the tables once; the next reads them back instead of stemming
    wordfreq's lists again, and a damaged file is built again."""
    from retrieval import frequencies

    monkeypatch.setattr(frequencies, "_kept_in", None)
    frequencies._zipf_table.cache_clear()
    built = frequencies._zipf_table("en")
    frequencies.keep_tables_in(tmp_path)
    monkeypatch.setattr(frequencies, "_built_table", lambda language: built)  # as the first process builds it
    try:
        frequencies._zipf_table.cache_clear()
        assert frequencies._zipf_table("en") == built
        kept = list(tmp_path.glob("zipf-en-*.marshal"))
        assert len(kept) == 1
        monkeypatch.setattr(frequencies, "_built_table", lambda language: pytest.fail("built again"))
        frequencies._zipf_table.cache_clear()  # the next process
        assert frequencies._zipf_table("en") == built
        kept[0].write_bytes(b"\x00 not a table")
        monkeypatch.setattr(frequencies, "_built_table", lambda language: {"rebuilt": 5.0})
        frequencies._zipf_table.cache_clear()
        assert frequencies._zipf_table("en") == {"rebuilt": 5.0}
    finally:
        frequencies._zipf_table.cache_clear()  # the tests after this one build their own
