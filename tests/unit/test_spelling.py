"""A misspelt word in a question is read as the word the passages use, and only then: a known word is not taken for
a typo of another, and Korean, numbers and short words stay as typed."""

import pytest

from answer.spelling import as_the_passages_spell, one_edit_apart


@pytest.mark.parametrize("a, b, apart", [
    ("adress", "address", True),  # a letter added
    ("address", "adress", True),  # dropped
    ("colour", "colous", True),  # changed
    ("reciev", "receiv", True),  # two neighbours swapped
    ("receiv", "receiv", False),  # the same word
    ("normandi", "norman", False),  # two letters
    ("abcd", "badc", False),  # two swaps
])
def test_one_edit_apart(a, b, apart):
    assert one_edit_apart(a, b) is apart


def test_a_misspelt_word_is_read_as_the_passages_word():
    assert as_the_passages_spell(["support", "email", "adress"], ["support", "email", "address"]) == \
        ["support", "email", "address"]
    assert as_the_passages_spell(["transfer", "notebok"], ["notebook", "owner"]) == ["transfer", "notebook"]


def test_an_unknown_name_typed_with_a_letter_missing_is_the_passages_name():
    assert as_the_passages_spell(["quilbas"], ["quillbas", "plan"]) == ["quillbas"]


@pytest.mark.parametrize("typed, passages", [
    (["cost"], ["cast"]),  # too short to tell
    (["model"], ["modal"]),  # both words: a known word is no typo
    (["modal"], ["model"]),  # however much commoner the other is
    (["hostel"], ["hotel"]),
    (["planet"], ["plane", "plans"]),
    (["address"], ["adress"]),  # the question spells it right; the passage's typo is rarer
    (["x2000b"], ["x2000a"]),  # codes are not words
    (["연체료"], ["연체로"]),  # Korean is read by its morphemes as typed
])
def test_words_that_are_not_typos_stay_as_typed(typed, passages):
    assert as_the_passages_spell(typed, passages) == typed


def test_a_word_the_passages_hold_stays_as_typed_even_beside_a_near_one():
    assert as_the_passages_spell(["adress"], ["adress", "address"]) == ["adress"]


def test_a_question_is_read_with_its_misspelt_words_as_the_passages_write_them():
    from answer.extractive import ExtractiveGenerator
    from retrieval import Bm25Encoder

    reader = ExtractiveGenerator(embedder=None, terms=Bm25Encoder().terms)  # reading the words needs no embedder
    assert reader.as_the_passages_spell("How do I cancle my plan?", ["You can cancel at any time."]) == \
        "How do I cancel my plan?"
    # the words naming a way to get in touch are known even where the passage holding the address does not say them
    assert reader.as_the_passages_spell("contact emial", ["Write to hello@harborworks.example."]) == "contact email"
    assert reader.as_the_passages_spell("Which modal?", ["The model is new."]) == "Which modal?"
    # written as the passage writes the word, not as its stem ("releas" is no stem of itself)
    assert reader.as_the_passages_spell("When is the next relase?", ["The release ships in May."]) == \
        "When is the next release?"
    assert reader.as_the_passages_spell("support telephne number", ["Call +1 555 0100."]) == \
        "support telephone number"
    # compared as written where the stems do not meet: "imgae" stems to "imga", "encrption" is not cut as "encrypt"
    page = ["The official image is published on the registry.", "Archives are encrypted with age encryption."]
    assert reader.as_the_passages_spell("docker imgae name", page) == "docker image name"
    assert reader.as_the_passages_spell("backup encrption key", page) == "backup encryption key"
    # Korean by its letters (jamo), the particle kept; a short word is left as typed
    page = ["스케일링은 연 1회 보험이 적용됩니다.", "임플란트는 120만 원입니다."]
    assert reader.as_the_passages_spell("스켈링은 보험 몇 번 되나요?", page) == "스케일링은 보험 몇 번 되나요?"
    assert reader.as_the_passages_spell("임플란느 가격", page) == "임플란트 가격"
    assert reader.as_the_passages_spell("보엄 되나요?", page) == "보엄 되나요?"
    assert reader.as_the_passages_spell("스켈레톤 모형", page) == "스켈레톤 모형", "three jamo apart is another word"


def test_a_korean_short_form_is_read_as_the_word_the_passages_write_in_full():
    assert as_the_passages_spell(["헬스", "1일", "가격"], ["헬스장", "1일", "요금"]) == ["헬스장", "1일", "가격"]
    assert as_the_passages_spell(["수영"], ["수영", "수영장"]) == ["수영"], "the passages write it as asked"
    assert as_the_passages_spell(["헬스"], ["헬스장비대여"]) == ["헬스"], "one syllable more, no further"
    assert as_the_passages_spell(["책"], ["책상"]) == ["책"], "a word of one syllable is too short to tell"
    assert as_the_passages_spell(["헬스"], ["헬스장"], strict=True) == ["헬스"]


def test_a_korean_word_written_as_it_sounds_is_read_as_the_passages_write_it():
    # ㅛ for ㅗ after ㅅ and ㅠ for ㅜ after ㅈ sound the same, as do ㅐ and ㅔ
    assert as_the_passages_spell(["쇼파", "버리"], ["소파", "버리"]) == ["소파", "버리"]
    assert as_the_passages_spell(["쥬스"], ["주스", "메뉴"]) == ["주스"]
    assert as_the_passages_spell(["내일"], ["네일"]) == ["내일"], "a more common word is no misspelling of a rarer one"
    assert as_the_passages_spell(["소파"], ["쇼핑"]) == ["소파"], "another sound"
    assert as_the_passages_spell(["쇼파"], ["소파"], strict=True) == ["쇼파"]


def test_a_reviewed_question_is_read_strictly():
    # only a word no list holds, read as a known word: two names, or a rare word beside a common one, stay apart
    assert as_the_passages_spell(["pasword"], ["password"], strict=True) == ["password"]
    assert as_the_passages_spell(["harald"], ["harold"], strict=True) == ["harald"]
    assert as_the_passages_spell(["adress"], ["address"], strict=True) == ["adress"]  # listed, as a misspelling


def test_a_word_is_read_as_the_passages_word_of_its_family():
    from answer.spelling import as_the_passages_spell

    # the stemmer leaves a noun and its verb apart: "expiry" is "expiri", "expire" "expir"
    assert as_the_passages_spell(["password", "reset", "link", "expiri"], ["reset", "link", "expir", "hour"]) == [
        "password", "reset", "link", "expir"]
    assert as_the_passages_spell(["deliveri"], ["deliv"]) == ["deliveri"], "too far apart to be sure"
    assert as_the_passages_spell(["planet"], ["plane"]) == ["planet"], "another word, not its family"
    assert as_the_passages_spell(["summar"], ["summari"]) == ["summari"]
    # a Korean place's name written with its district after it
    assert as_the_passages_spell(["제주도", "배송"], ["제주", "도서", "산간", "배송"]) == ["제주", "배송"]
    assert as_the_passages_spell(["온도"], ["온"]) == ["온도"], "two syllables are no name and its district"


def test_a_span_of_the_week_is_read_as_the_days_the_passages_name():
    from answer.extractive import ExtractiveGenerator
    from retrieval import Bm25Encoder

    reader = ExtractiveGenerator(embedder=None, terms=Bm25Encoder().terms)
    page = ["The desk is open Monday to Friday from 9:00 to 18:00 and on Saturday from 10:00 to 14:00."]
    assert reader.as_the_passages_spell("Is the desk open at weekends?", page) == "Is the desk open at Saturday?"
    assert reader.as_the_passages_spell("Open on weekdays?", page) == "Open on Monday Friday?"
    assert reader.as_the_passages_spell("주말에 이사하면 돈을 더 내야 하나요?", ["토요일·일요일·공휴일: 100,000원 추가"]) == \
        "토요일 일요일에 이사하면 돈을 더 내야 하나요?"
    # pages naming the span itself are read in its word
    assert reader.as_the_passages_spell("Open at weekends?", ["Closed at weekends and on Sunday."]) == \
        "Open at weekends?"


def test_a_day_is_read_as_the_span_of_the_week_the_passages_name():
    from answer.extractive import ExtractiveGenerator
    from retrieval import Bm25Encoder

    reader = ExtractiveGenerator(embedder=None, terms=Bm25Encoder().terms)
    prices = ["아동 이용료: 평일 15,000원, 주말·공휴일 19,000원 (2시간 기준)"]
    assert reader.as_the_passages_spell("토요일에 가면 아이 표값이 얼마예요?", prices) == "주말에 가면 아이 표값이 얼마예요?"
    assert reader.as_the_passages_spell("화요일에도 하나요?", prices) == "평일에도 하나요?"
    assert reader.as_the_passages_spell("Is it dearer on a Sunday?", ["Weekend prices: £19 a session."]) == \
        "Is it dearer on a weekend?"
    # pages naming the day keep it
    assert reader.as_the_passages_spell("토요일에 가면 얼마예요?", ["토요일 19,000원, 주말 할인 없음"]) == "토요일에 가면 얼마예요?"


def test_an_everyday_verb_is_read_as_the_passages_word_for_the_deed():
    from answer.extractive import ExtractiveGenerator
    from retrieval import Bm25Encoder

    reader = ExtractiveGenerator(embedder=None, terms=Bm25Encoder().terms)
    tyres = ["트레드 깊이가 3mm 이하로 남으면 교체를 권장합니다."]
    assert reader.as_the_passages_spell("타이어는 언제 갈아야 하나요?", tyres) == "타이어는 언제 교체해야 하나요?"
    assert reader.as_the_passages_spell("바꾸려면 어떻게 하나요?", tyres) == "교체하려면 어떻게 하나요?"
    assert reader.as_the_passages_spell("돈을 돌려받을 수 있나요?", ["수강료를 환불해 드립니다."]) == "돈을 환불할 수 있나요?"
    assert reader.as_the_passages_spell("차를 고쳐 주나요?", ["정비는 예약제입니다."]) == "차를 정비해 주나요?"
    assert reader.as_the_passages_spell("How do I book a campsite?", ["Reserve a campsite online."]) == \
        "How do I reserve a campsite?"
    # pages using the verb itself are read in it
    assert reader.as_the_passages_spell("Can I book a room?", ["Book a room online, or reserve by phone."]) == \
        "Can I book a room?"
    assert reader.as_the_passages_spell("칼을 갈아 주나요?", ["주방 칼 연마 서비스"]) == "칼을 갈아 주나요?"
    assert reader.as_the_passages_spell("몇 달 밀리면 물이 끊기나요?", ["3개월분 이상 체납되면 단수합니다."]) == \
        "몇 달 체납하면 물이 단수하나요?"
    assert reader.as_the_passages_spell("how quickly must I tell the cops?", ["Report it to the police."]) == \
        "how quickly must I tell the police?"
    assert reader.as_the_passages_spell("Do kids eat free?", ["Children under 4 eat free."]) == "Do children eat free?"
    # an everyday phrase, read as the pages' word where they hold it
    passes = ["Day Passes cannot be refunded once the first ride has started."]
    assert reader.as_the_passages_spell("can i get my money back on a day pass?", passes) == \
        "can i get a refund on a day pass?"
    assert reader.as_the_passages_spell("If I call off my ski lesson, what happens?", ["Lessons cancelled late …"]) == \
        "If I cancel my ski lesson, what happens?"
    assert reader.as_the_passages_spell("Can I get my money back?", ["A money-back guarantee."]) == \
        "Can I get my money back?"
    assert reader.as_the_passages_spell("do i get money off if i insure two dogs?", ["Multi-pet discount: 10% off"]) \
        == "do i get a discount if i insure two pet?"
    assert reader.as_the_passages_spell("Our dog passed away, do we get anything back?", ["If your pet dies, we "
                                        "refund unused premium."]) == "Our pet die, do we get a refund?"
    assert reader.as_the_passages_spell("Does it work with no internet connection?", ["It works offline."]) == \
        "Does it work offline?"
    # a Korean verb's ending kept: "그만두면" as "퇴원하면", "통장에 들어오나요" as "통장에 입금되나요"
    refund = ["퇴원 후 환불은 신청일로부터 5영업일 이내에 입금됩니다."]
    assert reader.as_the_passages_spell("그만두면 며칠 만에 통장에 들어오나요?", refund).split() == \
        "퇴원하면 며칠 만에 통장에 입금되나요?".split()
    assert reader.as_the_passages_spell("학원 못 가는 날은 언제까지 알려야 해요?", ["결석은 수업 1시간 전까지 알려 주세요."]) \
        .split() == "학원 결석하는 날은 언제까지 알려야 해요?".split()
    assert reader.as_the_passages_spell("How do I sign up for a course?", ["Register online by 1 May."]) == \
        "How do I register for a course?"
    assert reader.as_the_passages_spell("Where do I pick up my tickets?", ["Collect tickets at the desk."]) == \
        "Where do I collect my tickets?"
    assert reader.as_the_passages_spell("What if my voucher runs out?", ["Vouchers expire after 18 months."]) == \
        "What if my voucher expire?"
    assert reader.as_the_passages_spell("We ran out of time", ["Vouchers expire."]) == "We ran out of time"
    assert reader.as_the_passages_spell("수업에 늦게 오면 어떻게 돼요?", ["지각 3회는 결석 1회로 봅니다."]).split() == \
        "수업에 지각하면 어떻게 돼요?".split()
    assert reader.as_the_passages_spell("쉬는 날이 언제예요?", ["매주 월요일은 휴관입니다."]) == "휴관이 언제예요?"
    assert reader.as_the_passages_spell("냉장고를 처분하고 싶은데 돈을 내야 하나요?", ["대형 가전제품은 무상으로 방문 수거해 "
                                        "드립니다."]) == "냉장고를 수거하고 싶은데 돈을 내야 하나요?"
    assert reader.as_the_passages_spell("같은 강좌를 연달아 들을 수 있어요?", ["연속 4학기까지만 수강할 수 있습니다."]) == \
        "같은 강좌를 연속해 들을 수 있어요?"
    assert reader.as_the_passages_spell("Can I bring back a box of pasta I never opened?", ["Unopened goods may be "
                                        "returned within 30 days."]) == "Can I return a box of pasta I never opened?"
    assert reader.as_the_passages_spell("Where can I leave my car?", ["Park & Ride at the Exhibition Centre."]) == \
        "Where can I park my car?"
    assert reader.as_the_passages_spell("Can I leave my bag here?", ["Park & Ride."]) == "Can I leave my bag here?"
    assert reader.as_the_passages_spell("사장님이 리뷰를 지워버릴 수 있나요?", ["사장님은 리뷰를 삭제할 수 없습니다."]) == \
        "사장님이 리뷰를 삭제해버릴 수 있나요?"
    assert reader.as_the_passages_spell("차를 세워도 되나요?", ["2시간까지 무료로 주차할 수 있습니다."]).split() == \
        "차 주차해도 되나요?".split()
    assert reader.as_the_passages_spell("표값 싸게 해 주나요?", ["경로 할인은 7,000원입니다."]).split() == \
        "표값 할인해 주나요?".split()
    assert reader.as_the_passages_spell("포인트는 언제 날아가요?", ["포인트는 1년 후 소멸됩니다."]).split() == \
        "포인트는 언제 소멸되요?".split()


def test_an_everyday_korean_word_is_read_as_the_pages_word_of_the_same_meaning():
    from answer.extractive import ExtractiveGenerator
    from retrieval import Bm25Encoder

    reader = ExtractiveGenerator(embedder=None, terms=Bm25Encoder().terms)

    def read(question, page):
        return reader.as_the_passages_spell(question, [page]).split()

    # a native verb for what pages write as a Sino-Korean noun, its ending kept
    assert read("가방을 잃어버리면 물어내야 돼요?", "포근백 분실 시 5,000원이 청구됩니다.") == \
        "가방을 분실하면 물어내야 돼요?".split()
    assert read("카드를 잃어버리면 물어내야 돼요?", "분실한 카드는 배상하지 않습니다.") == "카드를 분실하면 배상해야 돼요?".split()
    assert read("한 달 동안 잠깐 멈춰 둘 수 있나요?", "구독은 최대 30일까지 일시 정지할 수 있습니다.") == \
        "한 달 동안 잠깐 정지해 둘 수 있나요?".split()
    assert read("강아지 데리고 가도 돼요?", "반려동물 동반 객실은 2개입니다.") == "반려동물 동반하고 가도 돼요?".split()
    assert read("터미널로 데리러 와 주시나요?", "시외버스터미널에서 무료 픽업 서비스를 운영합니다.") == \
        "터미널로 픽업해 주시나요?".split()
    assert read("책을 늦게 갖다주면 어떻게 돼요?", "반납이 하루 늦을 때마다 대출이 정지됩니다.") == \
        "책을 늦게 반납하면 어떻게 돼요?".split()
    # an everyday noun for the pages' word: "애" over "아동", "할머니" over "경로", "빨래" over "세탁물"
    assert read("애 하나 더 데려가면 돈 더 내야 돼요?", "아동 1인 추가 요금은 15,000원입니다.") == \
        "아동 하나 더 데려가면 요금 더 내야 돼요?".split()
    # money paid is the pages' charge; money in general is not
    assert read("털이 붙은 옷은 따로 돈 더 들어요?", "반려동물 털 제거 요금: 품목당 2,000원") == \
        "털이 붙은 옷은 따로 요금 더 들어요?".split()
    assert read("그동안 돈이 아깝지 않게 할 방법이 있나요?", "남은 기간의 요금을 돌려드립니다.") == \
        "그동안 돈이 아깝지 않게 할 방법이 있나요?".split()
    assert read("돈이 언제 들어와요?", "요금은 3일 안에 돌려드립니다.") == "돈이 언제 들어와요?".split()
    assert read("할머니는 얼마나 싸게 해 주나요?", "경로 우대: 만 65세 이상 30% 할인") == "경로는 얼마나 할인해 주나요?".split()
    assert read("빨래는 언제 가져가요?", "세탁물은 밤 10시부터 수거합니다.") == "세탁물는 언제 가져가요?".split()
    assert read("어른은 얼마예요?", "성인 기본 요금은 1시간에 4,000원입니다.") == "성인은 얼마예요?".split()
    assert read("강아지 데리고 들어가도 되나요?", "반려동물과 함께 입장하실 수 없습니다.") == "반려동물 데리고 입장해도 되나요?".split()
    # parking said plainly, of a car: "대면", "세워둘" (not a meeting in person, "대면 상담")
    parking = "주차: 망원시장 공영주차장을 이용해 주세요."
    assert read("차 끌고 가려는데 어디에 대면 돼요?", parking) == "차 끌고 가려는데 어디에 주차하면 돼요?".split()
    assert read("가게에 차 끌고 가도 세워둘 데 있어요?", parking) == "가게에 차 끌고 가도 주차할 데 있어요?".split()
    assert read("대면 상담도 되나요?", parking + " 대면 상담은 예약제입니다.") == "대면 상담도 되나요?".split()
    # a benefit is what the pages name it: "생일 혜택" was refused as a thing they never name
    assert read("생일 혜택이 있나요?", "생일 할인: 생일 당일에 방문하시면 기본 요금이 무료입니다.") == "생일 할인이 있나요?".split()
    # of the pages' words for it, the one written beside the question's other words
    pages = ["회원 정보 변경은 앱에서 합니다.", "도복은 받은 날로부터 7일 이내에 교환할 수 있습니다."]
    assert reader.as_the_passages_spell("도복이 안 맞으면 며칠 안에 바꿔야 돼요?", pages).split() == \
        "도복이 안 맞으면 며칠 안에 교환해야 돼요?".split()
    assert reader.as_the_passages_spell("이름을 바꾸려면 어떻게 해요?", pages[:1] + ["도복 교환 안내"]).split() == \
        "이름을 변경하려면 어떻게 해요?".split()
    pages = ["월 회비는 자동이체로 납부합니다.", "신청서는 안내 데스크에 제출해 주세요."]
    assert reader.as_the_passages_spell("신청서는 어디에 내요?", pages).split() == "신청서는 어디에 제출해요?".split()
    # a page writing the everyday word is read in it
    assert read("강아지 데리고 가도 돼요?", "강아지와 함께 오시는 분은 반려동물 동반 객실을 예약하세요.") == \
        "강아지 동반하고 가도 돼요?".split()
    assert read("빨래는 언제 가져가요?", "빨래와 세탁물을 나누어 담아 주세요.") == "빨래는 언제 가져가요?".split()


def test_an_everyday_english_word_is_read_as_the_pages_word():
    from answer.extractive import ExtractiveGenerator
    from retrieval import Bm25Encoder

    reader = ExtractiveGenerator(embedder=None, terms=Bm25Encoder().terms)

    def read(question, page):
        return reader.as_the_passages_spell(question, [page])

    assert read("I'm travelling with my pooch - how much extra?", "Pets stay for £15.") == \
        "I'm travelling with my pets - how much extra?"
    assert read("How do I challenge a parking ticket?",
                "Challenge a Penalty Charge Notice (PCN), a fine for parking.") == "How do I challenge a parking fine?"
    assert read("Can I bring my dog?", "Dogs are welcome; other pets are not.") == "Can I bring my dog?"
    # a tear is mended, seniors are pensioners, a membership is what a club calls a subscription, a bus is the
    # public transport a page names
    prices = "Tear repair on canvas: from £150 per tear"
    assert read("My painting has a rip in it. What would it cost to mend?", prices) == \
        "My painting has a tear in it. What would it cost to repair?"
    assert read("Do pensioners pay less?", "Seniors (65+): 10% off") == "Do seniors pay less?"
    assert read("Can I pause my subscription?", "You can freeze your membership.") == "Can I pause my membership?"
    assert read("Can I get to you by public transport?", "The number 22 bus stops outside the Garden Centre.") == \
        "Can I get to you by public bus?"
    assert read("Is there public transport?", "Public transport: bus 22.") == "Is there public transport?"
    # a phrase with its object inside: signing a child up is enrolling, putting a membership on hold freezing it
    assert read("How do I sign my child up for a course?", "Steps to enrol a child in a junior course") == \
        "How do I enrol my child up for a course?"
    assert read("Can I put my membership on hold?", "You can freeze your membership.") == \
        "Can I freeze my membership on hold?"
    assert read("Can I put it on hold?", "Holds are placed at the desk.") == "Can I put it on hold?"
    # pages saying it in the question's own words are read in them
    assert read("How do I sign my child up?", "How to sign up: enrol online.") == "How do I sign my child up?"
    # running behind is being late, where the pages say so
    assert read("If I'm running a few minutes behind, can I still get into my class?",
                "Late arrivals cannot be admitted.") == "If I'm late, can I still get into my class?"


def test_the_keyword_search_also_looks_for_the_knowledge_bases_word_for_an_everyday_one():
    from answer.spelling import everyday_search_words
    from retrieval import Bm25Encoder

    terms = Bm25Encoder().terms
    held = set(terms("Children under 4 eat free. Saturday 09:00 to 13:00. Reserve a table. 3개월분 이상 체납되면"))

    def unmentioned(asked):
        return [term for term in asked if term not in held]

    def besides(question):
        return everyday_search_words(question, terms(question), unmentioned)

    assert besides("do we pay for meals for our toddlers?") == ["child"]
    assert besides("Are you open at the weekend?") == ["saturday"]
    assert besides("몇 달 밀리면 끊기나요?") == ["체납"]
    assert besides("Can I book a table?") == ["reserv"]
    # the knowledge base's own word, or none of its words for it: nothing more to look for
    assert besides("Can I reserve a table for my kids?") == ["child"]
    assert besides("Can I hire a bike?") == []
    # an everyday phrase: its word, where the knowledge base holds it
    held.update([*terms("ragloop works offline."), *terms("무료로 쓸 수 있습니다.")])
    assert besides("Will it still work on a machine that has no internet connection?") == ["offlin"]
    assert besides("이거 공짜예요?") == ["무료"]
    assert besides("Do I get money off for a second pet?") == [], "no discount in the knowledge base"
