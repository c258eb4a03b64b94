"""The kind of answer a question asks for, and whether a sentence holds one: ways to get in touch (an email address,
a phone number, a web address) in English and Korean, asked for only when the question does not name the asker's
own or a channel."""

import pytest

from answer.answer_kinds import (asked_contact, asks_meaning, asks_steps, defines, expected_kind, holds_kind,
                                 in_range_of, instructs, price_words, tells_how)


@pytest.mark.parametrize("question, kind, naming", [
    ("support email adress", "email", "email adress"),
    ("What is the support e-mail address?", "email", "e-mail address"),
    ("What is your phone number?", "phone", "phone number"),
    ("고객센터 전화번호", "phone", "전화번호"), ("전화 예약 번호가 뭐예요?", "phone", "전화 예약 번호"),
    ("행정실 전번 좀 알려주세요", "phone", "전번"),  # as a phone number is called in speech
    ("Is there a helpline?", "phone", "helpline"),
    ("이메일 주소 알려 주세요", "email", "이메일 주소"),
    ("Is there a phone number for support?", "phone", "phone number"),
    ("고객센터 연락처", "contact", "연락처"),  # any way to get in touch
    ("회사 누리집 주소가 뭐예요?", "web", "누리집"),
    ("What support email do I write to?", "email", "email"), ("What website do you book on?", "web", "website"),
    ("Which department's phone number do I need?", "phone", "phone number"),
    ("Which number should I call for phone support?", "phone", "phone"), ("전번이 뭐예요?", "phone", "전번"),
    ("홈페이지 주소가 뭐예요?", "web", "홈페이지"),
    # reaching someone asks for any way to get in touch
    ("How can I reach you?", "contact", "reach you"), ("How do I get in touch with support?", "contact",
                                                      "get in touch"),
    ("Can I talk to a real person?", "contact", "talk to a real person"),
    ("How do I reach support by phone?", "contact", "reach support"),
    ("고객센터에 연락하려면 어떻게 하나요?", "contact", "연락하려면"), ("환불 문의는 어디로 하나요?", "contact", "문의는 어디"),
    ("What's the best way to contact you?", "contact", "contact you"), ("I need to speak to someone", "contact",
                                                                      "speak to someone"),
    ("어디로 연락해야 하나요?", "contact", "어디로 연락"), ("문의는 어떻게 하나요?", "contact", "문의는 어떻게 하"),
    ("How can I contact the office?", "contact", "contact the office"),
    # the main line's number, or a call centre's
    ("고객센터 대표번호는 무엇인가요?", "phone", "대표번호"), ("What is your main number?", "phone", "main number"),
    ("고객센터 번호 알려주세요", "phone", "고객센터 번호"),
])
def test_a_question_asking_for_a_way_to_get_in_touch(question, kind, naming):
    assert asked_contact(question) == (kind, naming)
    assert expected_kind(question) == kind


@pytest.mark.parametrize("question", ["Can I change my email address?", "How do I import notes by email?",
                                      "Can I reach the top shelf?", "How long is the free trial?",
                                      "Do I log in to the printer with my member email?",
                                      "How do I update the email address on my account?",
                                      "Where can I take phone calls?", "내 전화번호를 어떻게 바꾸나요?",
                                      # a phone as the way something is done, or a kind of something else
                                      "What is the booking fee per ticket for online and phone bookings?",
                                      "Is there a fee for phone payments?",
                                      # a channel: where or how something is done
                                      "Can I pay on the homepage?", "전화로 예약할 수 있나요?", "이메일로 보내도 되나요?",
                                      # which thing it asks for comes first: the web page is what it asks about
                                      "Which port does the web page use?", "What browsers does the website support?",
                                      # "전번" is also "last time"; and inside other words
                                      "전번에 빌린 책은 어디에 반납하나요?", "전번 회의 자료는 어디 있나요?",
                                      "카드 충전번호는 어디 있나요?", "전화 인증 번호가 안 와요",
                                      # reaching a thing, or a time to reach someone
                                      "How do I reach the second floor?", "When can I reach support?",
                                      "Does the app contact my bank?", "문의 사항이 처리되기까지 며칠 걸리나요?",
                                      "How do I reach the reception from the car park?",
                                      "Can I reach the support page offline?", "Will the courier contact you?",
                                      "연락할 수 없을 때는 어떻게 하나요?", "How do I reach you by car?",
                                      "How do I configure the bot to talk to someone?",
                                      "How do I cancel without having to speak to anyone?",
                                      "Does the API get in touch with my server?", "택배 기사가 연락하나요?",
                                      "결과는 어떻게 연락받나요?", "문의는 어떻게 처리되나요?"])
def test_a_question_naming_ones_own_address_or_a_channel_asks_for_none(question):
    assert asked_contact(question) is None


@pytest.mark.parametrize("question, sentence, holds", [
    ("support email adress", "Write to support@quillbase.example or open a chat.", 1.0),
    ("support email adress", "You can change your email address under Settings > Profile.", 0.0),
    ("고객센터 전화번호", "전화 상담은 1544-0000으로 하실 수 있습니다.", 1.0),
    ("What is the support phone number?", "Call us on +1 555 0100.", 1.0),  # at the end of a sentence
    ("고객센터 연락처", "help@x.example로 메일을 보내 주세요.", 1.0),
    ("고객센터 전화번호", "평일 오전 9시부터 오후 6시까지 운영합니다.", 0.0),
    ("What is the support phone number?", "The line closed on 2026-12-04.", 0.0),  # a date is no phone number
    ("What is the website?", "Sign up at app.quillbase.example with your email.", 1.0),
    ("What is the website?", "Version 2.1.3 shipped in 2019.", 0.0),
    ("When does the office open?", "It opens at 9 in March 2024.", 1.0),
    ("24개월 정기예금 금리", "가입 기간: 24개월; 한빛 정기예금: 연 3.25%", 1.0),
    ("24개월 정기예금 금리", "가입 기간: 6개월, 12개월, 24개월 중 선택", 0.0),  # a number, no rate
    ("How many backup codes do I get?", "Turn on 2FA under Settings > Security.", 0.0),  # a digit in a name
    ("How many cases were there?", "COVID19 rules changed; v2.1.3 shipped.", 0.0),
    ("When does the office open?", "You may book a desk online.", 0.0),  # "may", not May
    ("How many backup codes do I get?", "You get 10 backup codes.", 1.0),
    ("How much storage is there?", "Each user gets 10GB, reset at 9am.", 1.0),
    ("Why is the sky blue?", "Light scatters.", 0.5),
    # a word of the question is no answer to it, nor part of one in Korean: "무료" of "무료배송"
    ("무료배송 기준 금액은 얼마인가요?", "무료배송 기준 금액은 상품 금액으로 계산합니다.", 0.0),
    ("무료배송 기준 금액은 얼마인가요?", "7만 원 이상 사면 무료배송입니다.", 1.0),
    # a time of day and a date written with stops are dates; a version number is not
    ("York Riverside Saturday hours", "Branch: York Riverside; Saturday: 09:00–13:00", 1.0),
    ("When does it open?", "Doors open at 9am.", 1.0), ("수강철회 기간", "기간: 3. 24.(월) ~ 3. 28.(금)", 1.0),
    ("When was it released?", "The fix is in version 2.5. It is free.", 0.0),
    # a phone number opening like a year is no year; a range of years is
    ("고객센터 토요일 상담시간", "고객센터: 114 / 일반전화 1588-0114 (유료)", 0.0),
    ("고객센터 토요일 상담시간", "상담원 연결 시간: 평일 09:00~18:00, 토요일 09:00~13:00", 1.0),
    ("When was it founded?", "Call 1800-843-300.", 0.0), ("When did the rules change?", "In 2019-2020 they did.", 1.0),
])
def test_whether_a_sentence_holds_the_kind_asked_for(question, sentence, holds):
    assert holds_kind(question, sentence) == holds


@pytest.mark.parametrize("question, kind", [
    ("When is the phone line open?", "date"),
    ("How many email addresses can a workspace have?", "number"),
    ("고객센터 전화번호는 몇 번인가요?", "number"),
    ("How many backup codes do I get when I turn on two-factor authentication?", "number"),  # the first cue
    ("Who was king when the war began?", "name"),
    ("Which days of the week do you post chilled medicines?", "date"), ("What times is the pool open?", "date"),
    ("Once my prescription is approved, how quickly do you send it out?", "number"),
    ("How soon will I get a refund?", "number"),
    # a rate is a percentage, not an amount of money; a rate limit is a number
    ("12개월 정기예금 금리는 얼마인가요?", "rate"), ("24개월 적금 금리", "rate"), ("할인율은 몇 %예요?", "rate"),
    ("What is the interest rate on the savings account?", "rate"), ("What percentage of my fee do you keep?", "rate"),
    ("What is the API rate limit?", None), ("수수료는 얼마인가요?", "price"),
    ("월급에서 보험료로 몇 프로나 떼가요?", "rate"), ("코딩 수업은 몇 프로그램이 있나요?", "number"),
    # opening hours and a period or a schedule typed as a search ask for times and dates
    ("York Riverside Saturday hours", "date"), ("What are the opening hours?", "date"), ("수강철회 기간", "date"),
    ("접수 일정은?", "date"), ("도서관 이용 시간은?", "date"), ("How many hours do I get?", "number"),
    ("식사 인원 확정 기한", "date"), ("신청 기한은 어떻게 되나요?", "date"),
    ("고객센터 상담시간이 어떻게 되나요?", "date"), ("관람 시간", "date"), ("café hours Thursday", "date"),
    ("pool opening times on Sundays", "date"),
    # what a thing measures asks a number
    ("What is the dustbin capacity of the R5?", "number"), ("What's the weight limit for checked bags?", "number"),
    ("What is the name of the hall?", None),
    # a count of anything but money asks a number, though the question names a price
    ("청소년 요금제는 몇 세 이하만 가입할 수 있나요?", "number"), ("요금이 몇 만 원이에요?", "price"),
    ("5G 요금제는 얼마인가요?", "price"),
    # mail as a kind of something else asks for no address
    ("모바일 청구서나 이메일 청구서를 선택하면 할인되나요?", None), ("Can I turn off email notifications?", None),
])
def test_a_question_asking_when_or_how_many_asks_for_a_date_or_a_number(question, kind):
    assert asked_contact(question) is None
    assert expected_kind(question) == kind


@pytest.mark.parametrize("question, kind", [
    ("How much does the Resident membership cost?", "price"),
    ("What is the fee for a day pass?", "price"),
    ("What does a locker cost?", "price"),
    ("월 요금은 얼마인가요?", "price"),
    ("연체료는 얼마인가요?", "price"),
    ("How much paid time off can I take?", "number"),  # how much, but not money
    ("배송은 얼마나 걸리나요?", "number"),
    ("bike storage cost", "price"),  # typed as a search
    ("shower fee?", "price"),
    ("대관 요금", "price"), ("오늘도착 이용료", "price"), ("택배 배송비", "price"), ("자료", None),
    ("주차 요금은?", "price"),
    ("Does parking cost extra?", None),  # yes or no
    ("How do I cut costs?", "steps"),
    ("How much is the rabies vaccination?", "price"),  # a thing: what it costs
    ("How much are lockers?", "price"), ("How much is it to rent a locker for a month?", "price"),
    ("How much is the storage quota?", "number"), ("How much is left on my plan?", "number"),  # an amount of it
    ("타임팩 사용후 환불 금액", "price"), ("최소 주문 금액은 얼마인가요?", "price"),  # an amount of money
    # the fee first, the time after it: "when" opens a clause of the question, not the question
    ("What processing fee is added when an item is billed as lost?", "price"),
    ("What is the non-return fee if I don't send back my Hub?", "price"),
    # whether, its "when" a clause of it
    ("I'm 70 years old - do I still have to pay when I bring books back late?", None),
    ("Is there a fee when I cancel?", None), ("Do you know when the library opens?", "date"),
    ("Is there an optional second paper tray, and how much does it cost?", "price"),  # a question after it asks
    ("I dropped my season card. What do I have to pay to get a new one?", "price"),
    ("What should I pay attention to before I book?", None),
])
def test_a_question_asking_what_something_costs_asks_for_a_price(question, kind):
    assert (expected_kind(question) or ("steps" if asks_steps(question) else None)) == kind


@pytest.mark.parametrize("question, names", [
    ("How much does the Resident membership cost?", True), ("대관 요금", True), ("계절학기 수강료는 얼마예요?", True),
    ("등록금은 얼마예요?", True), ("배송비 얼마?", True), ("비밀번호 재설정 링크의 유효 시간은 얼마인가요?", False),
    ("최대 인원은 얼마인가요?", False), ("자료는 얼마나 있나요?", False), ("How many hours do I get?", False),
    ("How much is the rabies vaccination?", False),  # a price, asked without naming money
    ("택배 배송비", True),
])
def test_a_korean_question_asking_how_much_names_money_only_in_a_word_for_it(question, names):
    from answer.answer_kinds import names_money

    assert names_money(question) is names


def test_a_price_asked_for_is_given_by_an_amount_of_money_or_a_share_of_one():
    from answer.answer_kinds import gives_price

    question = "How much did the ticket price go up this year?"
    assert gives_price(question, "Ticket prices rose by about three percent in March.")
    assert gives_price(question, "They rose by 5% this year.") and gives_price(question, "A ticket cost £9.")
    assert not gives_price(question, "Tickets are sent by email within 10 minutes.")


@pytest.mark.parametrize("question, asks", [
    ("How long do the tours last?", True), ("배송은 얼마나 걸리나요?", True), ("보관 기간은 얼마인가요?", True),
    ("How long ago was it built?", False), ("When do the tours start?", False), ("몇 시에 여나요?", False),
    # typed as a search
    ("제주 배송 소요 기간", True), ("refund processing time", True), ("remember device duration", True),
    ("Once the pharmacist has okayed it, how quickly do you send it out?", True), ("How fast is the wifi?", False),
    ("여권 새로 만들면 나오기까지 며칠 걸려요?", True), ("가방이 깨져서 왔는데 며칠 안에 알려야 하나요?", True),
    ("운영 시간", False), ("새벽배송 배송 시간", False), ("Do you offer shorter waiting times for seniors?", False),
    # or asked what it is
    ("레벨테스트 소요 시간은 어떻게 되나요?", True), ("운영 시간은 어떻게 되나요?", False),
    ("정기검사 소요 시간은 약 얼마인가요?", True),  # not a price: "정기검사 …: 28,000원" led
    ("방문 상담은 신청하고 얼마나 기다려야 하나요?", True),
    # what a thing takes to do
    ("What is the charging time of the R5?", True), ("battery life", True), ("What are the delivery times?", False),
])
def test_a_question_asking_how_long(question, asks):
    from answer.answer_kinds import asks_duration

    assert asks_duration(question) is asks


@pytest.mark.parametrize("sentence, holds", [
    ("Tours last about 60 minutes.", True), ("Refunds take 3-5 working days.", True), ("It takes half an hour.", True),
    ("2주 동안 보관합니다.", True), ("3개월 이내에 신청하세요.", True), ("유효기간: 발급일로부터 1년", True),
    ("The tour starts at 11:00.", False), ("25일까지 납부하세요.", False), ("Room 14 is on the left.", False),
    ("2024년부터 시행합니다.", False), ("제주: D+2 (결항되면 늦어질 수 있음)", True), ("도서산간: D+14", True),
])
def test_a_length_of_time_is_no_time_of_day_or_date(sentence, holds):
    from answer.answer_kinds import holds_duration

    assert holds_duration(sentence) is holds


@pytest.mark.parametrize("question, words", [
    ("How much does the Resident membership cost?", "cost"), ("guest pass cost", "cost"),
    ("What are the fees for a day pass?", "fees"), ("헬스 1일권 가격", "가격"), ("주차 요금은 얼마인가요?", "요금"),
    ("Does parking cost extra?", ""),  # yes or no: no price asked for
    ("How do I cut costs?", ""),
])
def test_the_words_naming_the_price_asked_for(question, words):
    assert price_words(question) == words


@pytest.mark.parametrize("sentence, holds", [
    ("Resident: a fixed desk of your own, every day of the month, 320 euros.", True),
    ("You can pause a Resident membership for up to two months a year.", False),  # a number, not a price
    ("Yoga classes are free for members.", True),
    ("Members print up to 50 pages for free.", True),
    ("Every new workspace can start a 14-day free trial of the Team plan.", False),  # what it costs is not said
    ("Quillbase has four plans: Free, Personal, Team and Enterprise.", False),  # a plan's name
    ("Flex members sit at any free desk.", False),
    ("1개월권은 8만 원입니다.", True),
    ("연체료는 받지 않습니다.", True),  # no fee is an answer to what it costs
    ("3개월 동안 쓸 수 있습니다.", False),
    ("Black and white: 5p per page; Colour: 20p per page", True), ("Printing costs 20 pence a page.", True),
    ("The 1080p projector is in room 4.", False),
    ("An A4 colour page costs 25p.", True), ("We record at 1080p for you.", False),
    ("It costs CHF 40 a night.", True), ("Wi-Fi is included in your membership.", True),
    ("Towels are complimentary.", True), ("추가 요금 없이 이용할 수 있습니다.", True),
    ("Wi-Fi is included with the desk.", False),  # included, but not said to cost nothing
    ("Weekend Special: Friday to Monday for the price of 2 days.", True),
    # a value under a price's label, as a sheet's row reads
    ("species: Dog; vaccine: Leptospirosis (L4); price_gbp: included with DHP; notes: given with DHP", True),
    ("품목: 수건; 요금 (1회): 별도 문의", True), ("species: Dog; price_gbp: -; notes: none", False),
    # a number under a column whose header gives its currency
    ("충전 구분: 초급속; 시간대: 최대부하; 비회원가(원/kWh): 530", True), ("항목: 스케일링; 비용 (원): 15,000", True),
    ("Bag: 23 kg; Fee (£): 35", True), ("충전 구분: 급속; 출력 (kW): 100", False),
    ("Plan: Plus; 정가: 12,000원", True),
    # none to pay
    ("출고 전 주문 취소에는 수수료가 없습니다.", True), ("There is no cancellation fee.", True),
    ("We do not charge late fees.", True), ("No bags are allowed in the cabin.", False),
    # free as in not taken, or free of a thing, is no price; travelling free is
    ("A permit lets you park in your zone's bays when a space is free.", False),
    ("Call us when you are free.", False), ("The bread is free from gluten.", False),
    ("Parking is free on Sundays.", True), ("Children under 5 travel free.", True),
    ("Registration is free of cost.", True), ("Use of the meeting room is free.", True),
    ("You can enter free text in the comments box.", False),
])
def test_a_price_is_an_amount_of_money_or_none_at_all(sentence, holds):
    assert holds_kind("How much does it cost? 얼마인가요?", sentence) == float(holds)


def _answers_over(tmp_path, embedder, page: str, *questions: str) -> list:
    """The answers to `questions` over a knowledge base of one page."""
    from core.runtime import runtime
    from tests.conftest import make_settings

    path = tmp_path / "docs" / "page.md"
    path.parent.mkdir()
    path.write_text(page, encoding="utf-8")
    with runtime(make_settings(tmp_path / "data"), embedder=embedder) as built:
        built.pipeline.run_paths([str(path.parent)], collection="default")
        return [built.answers.ask(question) for question in questions]


def test_the_sentence_holding_the_price_asked_for_leads_the_answer(tmp_path, embedder):
    page = ("# Memberships\n\nYou can pause a Resident membership for up to two months a year. "
            "Every new member can start a seven-day free trial of the Resident membership.\n\n"
            "- **Flex**: 10 days a month at any free desk, 145 euros.\n"
            "- **Resident**: a fixed desk of your own, every day of the month, 320 euros.\n\n"
            "A day pass costs 25 euros and can be bought at the front desk.\n\n"
            "Extra hours in a meeting room cost 15 euros an hour.\n")
    [answer] = _answers_over(tmp_path, embedder, page, "How much does the Resident membership cost?")
    assert answer.answer.startswith("Resident: a fixed desk of your own, every day of the month, 320 euros.")
    for other in ("145 euros", "25 euros", "15 euros"):
        assert other not in answer.answer, "other prices of the page do not follow the one asked for"


def test_a_question_about_a_thing_reads_the_whole_list_item_labelled_with_it(tmp_path, embedder):
    page = ("# Plans and pricing\n\nPrices are per user per month, in US dollars.\n\n"
            "## Plans at a glance\n\n"
            "- **Free** ($0): up to 3 notebooks and 7 days of version history.\n"
            "- **Team**: $12 per user per month, with a minimum of 3 users. 100 GB of storage per user, "
            "shared workspaces and the admin console.\n"
            "- **Enterprise**: $24 per user per month. Everything in Team plus SAML single sign-on.\n")
    included, price = _answers_over(tmp_path, embedder, page, "What's included in the Team plan?",
                                    "How much does the Team plan cost?")
    # the item's label names the thing asked about: its first sentence, and what the item goes on to say
    assert "$12 per user per month" in included.answer and "shared workspaces" in included.answer, included.answer
    # a price asked for is answered by the sentence that holds it, not the whole item
    assert price.answer.startswith("Team: $12 per user per month") and "shared workspaces" not in price.answer


def test_the_sentence_giving_what_is_asked_leads_before_a_note_and_its_items_opening(tmp_path, embedder):
    page = ("# Badges and error codes\n\n"
            "- Lost or stolen badges: if your badge is stolen, report it to the police and give us the crime "
            "reference number. A replacement badge costs £10.\n"
            "- Renewing: badges are not renewed automatically.\n\n"
            "Note: codes E40 and E60 that come back after a reset should always be checked by an engineer.\n\n"
            "| Code | What it means |\n|---|---|\n| E40 | The door is not locked |\n| E60 | Water is not heating |\n")
    price, meaning = _answers_over(tmp_path, embedder, page, "How much does a replacement badge cost?",
                                   "What does error code E60 mean?")
    # the sentence holding the price answers without its item's opening, which says nothing of one
    assert price.answer.startswith("A replacement badge costs £10."), price.answer
    # a note remarks on what the table says: the table's row answers first
    assert meaning.answer.startswith("Code: E60; What it means: Water is not heating"), meaning.answer


@pytest.mark.parametrize("question, asks", [
    ("What does the confidence score mean?", True), ("What is meant by a golden set?", True),
    ("신뢰도는 무슨 뜻인가요?", True), ("답변 옆의 퍼센트 숫자는 뭘 뜻하는 거예요?", True),
    ("What does the confidence score show?", False), ("신뢰도는 어디에 나오나요?", False),
])
def test_a_question_asking_what_a_word_means(question, asks):
    assert asks_meaning(question) is asks


def test_a_sentence_saying_what_a_word_means():
    for sentence in ("Every answer carries a confidence between 0 and 100 percent: the probability that it is right.",
                     "A refusal means the documents do not hold the answer.", "신뢰도는 답이 맞을 확률을 뜻합니다.",
                     "골든 세트란 평가에 쓰는 질문 목록입니다."):
        assert defines(sentence), sentence
    for sentence in ("Every answer cites its sources, shows a confidence score and says when the documents do not "
                     "answer.", "모든 답은 출처와 신뢰도를 함께 보여 줍니다."):
        assert not defines(sentence), sentence


def test_a_question_asking_what_a_word_means_is_answered_by_the_sentence_saying_it(tmp_path, embedder):
    # the first section names the confidence score in passing, with every word of the question
    page = ("# Getting started\n\nType a question on the chat page. Every answer cites its sources, shows a "
            "confidence score and says when the documents do not answer.\n\n## Confidence\n\nEvery answer carries "
            "a confidence between 0 and 100 percent: the probability that the answer is right. Answers below the "
            "threshold are refused.\n")
    [answer] = _answers_over(tmp_path, embedder, page, "What does the confidence score on an answer mean?")
    assert answer.answer.startswith("Every answer carries a confidence between 0 and 100 percent: the probability"), \
        answer.answer


def test_a_price_line_answers_a_terse_question_naming_the_price_and_a_short_form(tmp_path, embedder):
    # "1일권: 4,000원" holds neither "가격" nor "헬스", which the page writes in full as "헬스장"
    page = ("# 요금 안내\n\n## 수영장 요금\n\n- 자유수영 1회: 성인 5,000원, 청소년 3,500원\n"
            "- 자유수영 10회권: 성인 45,000원\n\n## 헬스장 요금\n\n- 1일권: 4,000원\n- 1개월권: 40,000원\n"
            "- 3개월권: 108,000원\n\n## 할인\n\n만 65세 이상은 헬스장 이용권을 30% 할인받을 수 있습니다. 1일권은 "
            "할인되지 않습니다.\n")
    [answer] = _answers_over(tmp_path, embedder, page, "헬스 1일권 가격")
    assert answer.confidence >= 0.75, "shown with a high confidence, as the same question naming the 헬스장 is"
    assert answer.answer.startswith("1일권: 4,000원"), answer.answer


@pytest.mark.parametrize("question, asks", [
    ("How do I add documents?", True), ("How can we cancel a booking?", True), ("설치는 어떻게 하나요?", True),
    ("신청 방법은?", True), ("환불 정책은 어떻게 되나요?", False),  # what the policy is, not what to do
    ("How did the empire fall?", False), ("How much does it cost to add a seat?", False),  # a price
    ("How do I reset my password when I forget it?", True),  # what to do, not when
    ("When should I renew?", False),
    ("My notes don't sync to my phone. What should I try?", True),  # asked after saying what happened
    ("사용자를 추가하려면?", True),  # what it wants to do, and nothing more
    ("가입하려면 얼마가 드나요?", False), ("환불받으려면 며칠 안에 신청해야 하나요?", False),  # a price, a number
    ("환불 신청 절차가 어떻게 되나요?", True), ("등록하는 법 좀 알려줘", True), ("이 법은 언제 시행되나요?", False),
    # the website is where it is done, not the address asked for
    ("홈페이지에서 할인 자격 등록하는 방법 알려주세요", True), ("How do I register on the website?", True),
    ("What are the steps to connect my laptop to eduroam?", True), ("What's the process for a refund?", True),
    ("Walk me through setting up two-factor sign-in", True), ("Which steps of the tour are accessible?", False),
    ("음식물 쓰레기는 어떤 식으로 내놓아야 하나요?", True), ("어떤 순서로 진행하나요?", True),
    ("어떤 식품이 금지되나요?", False), ("What do I need to do to take a holiday?", True),
    ("What do I need to bring?", False),
])
def test_a_question_asking_what_to_do(question, asks):
    assert asks_steps(question) is asks


@pytest.mark.parametrize("sentence, tells", [
    ("Open the Documents page, choose files and press Upload.", True),
    ("To downgrade, open Settings > Billing.", True), ("Then run the script again.", True),
    ("You can pay by credit card.", True), ("마이페이지에서 해지하세요.", True), ("1층에서 발급받을 수 있습니다.", True),
    ("A progress bar shows each file as it is processed.", False), ("Pay day is the 25th.", False),
    ("Sign-in takes a minute.", False), ("Reset links expire after 24 hours.", False),
    ("Annual plans are billed up front.", False),
    # what to do in a case the sentence names first
    ("If every dock at a station is taken, tap \"Station Full\" in the app.", True),
    ("When the battery is low, return the bike to a hub.", True),
    ("If the battery runs out, the bike becomes a normal bike.", False), ("If you don't, the ride goes on.", False),
    ("If you pay, the receipt is emailed.", False), ("When the light turns green the bike is ready to use.", False),
    # a Korean page tells the reader what to do by what follows when they do it, addressed to them ("회신하시면")
    ("문자에 '1'을 회신하시면 예약이 확정됩니다.", True), ("비가 오면 운행하지 않습니다.", False),
    # the command that does it, named first
    ("`ragloop users grant USER NAME` gives a user access.", True), ("`ragloop users add 이름`은 사용자를 추가합니다.", True),
    ("`config.toml` holds the settings.", False),  # a file, not a command with its arguments
    # what it takes
    ("Cancellations require one full calendar month's notice, given by email.", True),
    ("Notice must be given in writing.", True),
    # a way through menus
    ("홈페이지 로그인 → 마이페이지 > 결제대기 목록에서 해당 강좌 선택 후 카드 결제", True),
    ("If x > 5 the check fails.", False), ("① 추첨 접수 → ② 전산 추첨 → ③ 당첨 발표", False),
    # where it is done, then what to do; a table's column named like a verb is no instruction
    ("Next to the assignment, select Request extension.", True), ("In the app, tap Settings.", True),
    ("Type: Standard extension; Length: 7 days; How many: Up to 2 per course", False),
    ("On weekdays, the office opens at 9.", False),
    # a guide's list in plain forms: a verb made a noun, "…할 것"; not a noun that ends the same way
    ("종이박스: 테이프와 택배 송장을 떼고 납작하게 펼치기", True), ("외출 시 뚜껑을 꼭 닫을 것", True),
    ("폐건전지: 아파트 단지의 전용 충전기", False), ("수거할 물건이 많은 것", False),
    # a condition on what the page does is no instruction
    ("We can't backdate a cancellation unless you can show you had other cover.", False),
    ("If you are ill, you must call us.", True), ("If you need to cancel your booking, ring the office.", True),
    # a manual's verbs, and a step said always or never to be done; a noun that a finite verb follows is none
    ("Dip the test strip in tap water for 1 second.", True), ("Rinse the jug and wipe the steam wand.", True),
    ("Never leave a pet in a parked car.", True), ("Always unplug the machine before cleaning.", True),
    ("Wait times are shown on the screen.", False), ("Clean water is available on deck 2.", False),
    # where, then how: "On a paddleboard, simply climb back on" (not "On weekdays, the office opens")
    ("On a paddleboard, simply climb back on from the side, kneeling first.", True),
    ("Stand-up paddleboards cost $20.", False), ("Walk-in customers are welcome.", False),
])
def test_a_sentence_telling_the_reader_what_to_do(sentence, tells):
    assert instructs(sentence) == float(tells)


def test_the_word_asking_for_a_quantity_is_no_term_of_the_answer():
    from answer.answer_kinds import without_quantity_word

    assert without_quantity_word("How long are export files stored?") == "How are export files stored?"
    assert without_quantity_word("how many seats are left") == "how seats are left"
    assert without_quantity_word("Is the file long?") == "Is the file long?"


@pytest.mark.parametrize("question, about", [
    ("지하철로 가는 방법을 알려 주세요.", "지하철로 가는"),
    ("환불 받는 법 좀 알려줘", "환불 받는"),
    ("Could you please tell me about the refund policy?", "the refund policy?"),
    ("I'd like to know the opening hours", "the opening hours"),
    ("Who told me the price?", "Who told me the price?"),
    # asking what a word means is about the word
    ("What does the confidence score mean?", "What does the confidence score ?"),
    ("What is meant by a golden set?", "a golden set?"), ("골든 세트는 무슨 뜻인가요?", "골든 세트는 인가요?"),
    ("What is the mean temperature?", "What is the mean temperature?"),
    ("What does it mean for my data?", "What does it mean for my data?"),
    ("What’s meant by a chunk?", "a chunk?"), ("청크의 의미가 뭔가요?", "청크의 가요?"),
    ("What are the steps to book a room?", "book a room?"),
    ("What do I need to do to take a holiday?", "to take a holiday?"),
])
def test_the_words_asking_to_be_told_are_no_terms_of_the_question(question, about):
    from answer.answer_kinds import without_request_words

    assert " ".join(without_request_words(question).split()) == about


def test_a_question_of_nothing_but_asking_words_keeps_its_own():
    from answer.extractive import ExtractiveGenerator
    from retrieval import Bm25Encoder

    writer = ExtractiveGenerator(embedder=None, terms=Bm25Encoder().terms)
    assert writer.asked_terms("What does it mean?") == writer.terms("What does it mean?") != []
    assert writer.asked_terms("What does the confidence score mean?") == writer.terms("confidence score")


def test_a_question_asking_for_a_way_to_get_in_touch_in_its_own_words_also_searches_for_the_pages_words():
    from answer.answer_kinds import words_to_search
    from retrieval import Bm25Encoder

    terms = Bm25Encoder().terms
    assert words_to_search("How can I reach you?", terms) == "contact call phone email write"
    assert words_to_search("What is the support phone number?", terms) == "call contact"  # not its own "phone"
    assert words_to_search("환불 문의는 어디로 하나요?", terms) == "연락 전화 이메일"  # not its own "문의"
    assert words_to_search("How long is the free trial?", terms) == ""


def test_the_keyword_search_drops_the_words_that_only_ask_and_adds_the_pages_words_for_a_contact():
    from answer import search_keywords
    from retrieval import Bm25Encoder

    terms = Bm25Encoder().terms
    assert terms(search_keywords("What does the confidence score mean?", terms)) == terms("confidence score")
    assert search_keywords("How can I reach you?", terms).endswith("contact call phone email write")
    assert search_keywords("What is the free trial?", terms) is None  # searched as asked
    assert search_keywords("Can you tell me?", terms) is None  # nothing left to search for but the question
    # the word asking for a quantity names the kind of answer, not the topic: "how long each one takes" in a page's
    # opening put it above the table row giving the Quick program's 29 minutes
    assert terms(search_keywords("How long does the Quick program take?", terms)) == terms("Quick program take")
    assert search_keywords("How old do you have to be?", terms) is None, "an answer says \"18 years old\""


@pytest.mark.parametrize("sentence, holds", [
    ("Session tokens expire after 30 days.", True), ("Refunds arrive within 5 working days.", True),
    ("Register at least 48 hours before your first appointment.", True),
    ("Tours last about 60 minutes.", False), ("It took 3 years to build.", False),
])
def test_a_length_of_time_from_something_says_when(sentence, holds):
    from answer.answer_kinds import holds_time_from_now

    assert holds_time_from_now(sentence) is holds



def test_asked_how_long_an_amount_of_money_is_no_length_of_time():
    from answer.extractive import ASKED_KIND_WEIGHT, COMMON_KIND_WEIGHT, _asked_kind

    question = "How long is my library card good for?"
    credit = [_asked_kind(question, sentence, "common", on_topic=1.0) for sentence in (
        "Your card is valid for three years.",
        "You must have a valid library card in good standing (owing less than $15.00) to book a room.",
        "A card holds up to 40 items.")]
    assert credit == [ASKED_KIND_WEIGHT, 0.0, COMMON_KIND_WEIGHT], "a length of time, no amount of money, a number"


def test_a_korean_count_is_answered_by_a_number_with_its_counter():
    from answer.extractive import ASKED_KIND_WEIGHT, COMMON_KIND_WEIGHT, _asked_kind

    question = "기능시험 합격 기준은 몇 점인가요?"
    assert [_asked_kind(question, sentence, "common", on_topic=1.0) for sentence in (
        "합격 기준: 100점 만점 중 80점 이상", "환불 금액: 도로주행교육 6시간에 해당하는 금액")] == [
        ASKED_KIND_WEIGHT, COMMON_KIND_WEIGHT], "80점 answers 몇 점; 6시간 is a number of something else"
    # counters that count the same thing
    assert _asked_kind("스터디룸은 몇 명까지 쓸 수 있나요?", "6인실 1개가 있습니다.", "common", on_topic=1.0) == ASKED_KIND_WEIGHT
    assert _asked_kind("몇 번까지 연장할 수 있나요?", "최대 2회 연장할 수 있습니다.", "common", on_topic=1.0) == ASKED_KIND_WEIGHT
    # "며칠" counts days: "최소 3일부터" answers it, "4주 정기권" another question
    assert [_asked_kind("일시정지 기간은 최소 며칠부터 최대 며칠까지인가요?", sentence, "common", on_topic=1.0) for sentence in (
        "기간은 최소 3일부터 최대 7일까지입니다.", "일시정지는 4주 정기권만 가능합니다.")] == [
        ASKED_KIND_WEIGHT, COMMON_KIND_WEIGHT]
    # "몇 시" asks a time of day: "오전 8시" or "09:00" answers it, "2시간" or "2일 전" another question
    question = "이사하는 날 아침 몇 시쯤 오시나요?"
    assert [_asked_kind(question, sentence, "common", on_topic=1.0) for sentence in (
        "오전 8시: 팀장이 도착합니다.", "작업은 09:00에 시작합니다.", "작업은 2시간 걸립니다.", "이사일 2일 전까지 알려 주세요.")] == [
        ASKED_KIND_WEIGHT, ASKED_KIND_WEIGHT, COMMON_KIND_WEIGHT, COMMON_KIND_WEIGHT]


def test_a_word_for_a_procedure_is_any_of_them(tmp_path, embedder):
    page = ("# 시설 안내 및 입퇴실\n\n## 2. 입실 및 퇴실 시간\n\n※ 조기 입실은 불가하며, 22시 이후 도착 예정인 경우 관리사무소로 "
            "사전 연락해 주십시오.\n\n## 3. 입실 절차\n\n1. 정문 옆 관리사무소를 방문하여 예약자 성함을 알려 주십시오.\n"
            "2. 예약자 신분증을 제시합니다.\n3. 차량 출입증과 사이트 배정표를 받습니다.\n\n## 4. 퇴실 절차\n\n"
            "1. 쓰레기를 분리해 버립니다.\n2. 관리사무소에 출입증을 반납합니다.\n")
    [answer] = _answers_over(tmp_path, embedder, page, "도착하면 입실 수속은 어떻게 하나요?")
    assert not answer.refused and answer.answer.startswith("1. 정문 옆 관리사무소를 방문하여"), answer.answer


def test_a_sentence_saying_something_of_the_one_before_comes_after_it(tmp_path, embedder):
    page = ("# Fuel policy\n\nCars are handed over with a full tank. If the car comes back with less than a full tank, "
            "we charge a £20 refuelling service fee plus the missing fuel. This is usually much more than the price "
            "at a filling station, so filling up before return saves you money.\n")
    [answer] = _answers_over(tmp_path, embedder, page, "What happens if I bring the car back without filling up?")
    assert answer.answer.index("we charge a £20 refuelling") < answer.answer.index("This is usually much more"), (
        answer.answer)


def test_a_price_asked_of_a_table_is_given_by_the_cell_under_its_price_column(tmp_path, embedder):
    page = ("# Vaccination schedule\n\n| species | vaccine | booster | price_gbp |\n|---|---|---|---|\n"
            "| Dog | DHP | every 3 years | 48.00 |\n| Dog | Leptospirosis (L4) | every year | included with DHP |\n"
            "| Cat | Rabies | every 3 years | 65.00 |\n")
    [answer] = _answers_over(tmp_path, embedder, page, "What is the price of the Leptospirosis (L4) vaccine?")
    assert not answer.refused and "included with DHP" in answer.answer, (answer.confidence, answer.answer)


def test_a_line_labelling_a_list_does_not_label_the_paragraph_after_the_list():
    from answer.sentences import item_openings

    page = ("Exhibition tickets are non-refundable.\n\nTo change your slot online:\n\n"
            "1. Open your booking confirmation email.\n2. Confirm the change.\n\n"
            "If the museum has to close an exhibition, we will refund your ticket in full.\n\n"
            "By phone:\nCall the box office. Have your booking reference ready.\n")
    openings = item_openings(page)
    assert "If the museum has to close an exhibition, we will refund your ticket in full." not in openings, (
        "\"To change your slot online:\" opened a refund it does not speak of")
    assert openings["Have your booking reference ready."] == "By phone:", "a label's own text stays labelled"


def test_an_item_of_a_list_nested_in_an_item_goes_on_with_that_item(tmp_path, embedder):
    from answer.sentences import item_openings

    page = ("# 장학금 종류\n\n"
            "1) 가계곤란장학금\n   - 대상: 학자금 지원구간 3구간 이하\n   - 지원 금액: 학기당 최대 200만원\n\n"
            "2) 한빛드림 생활비장학금\n   - 대상: 기초생활수급자 및 차상위계층 재학생\n"
            "   - 지원 금액: 월 30만원 × 6개월\n")
    assert item_openings(page)["지원 금액: 월 30만원 × 6개월"] == "한빛드림 생활비장학금"
    assert item_openings(page)["지원 금액: 학기당 최대 200만원"] == "가계곤란장학금"
    [answer] = _answers_over(tmp_path, embedder, page, "한빛드림 생활비장학금 지원 금액은 얼마인가요?")
    assert not answer.refused and answer.answer.startswith("한빛드림 생활비장학금 지원 금액: 월 30만원"), answer.answer
    assert "200만원" not in answer.answer, "the other scholarship's amount is not this one's"


def test_a_korean_compound_holds_the_noun_it_is_written_from(tmp_path, embedder):
    page = ("# 신규회원 추첨 안내\n\n## 접수 방법\n\n- 홈페이지에서 '추첨 접수' 버튼을 누릅니다.\n"
            "- 접수 내역은 마이페이지에서 확인합니다.\n\n## 당첨자 결제 방법\n\n"
            "- 홈페이지 로그인 → 마이페이지 > 결제대기 목록에서 해당 강좌 선택 후 카드 결제\n"
            "- 결제 기한이 지나면 당첨이 자동 취소되며, 대기자에게 문자로 안내합니다.\n\n## 야간 정숙시간\n\n"
            "- 야간 정숙시간 : 밤 10시 ~ 다음 날 오전 6시\n- 이 시간에는 세탁기, 진공청소기 사용을 삼가 주십시오.\n")
    paying, quiet = _answers_over(tmp_path, embedder, page, "추첨에 당첨되면 결제는 어떻게 하면 되나요?",
                                  "밤에 몇 시부터 세탁기나 청소기 돌리면 안 되나요?")
    # "당첨자 결제 방법" names the "당첨" asked about, and a way through menus tells what to do
    assert paying.answer.startswith("홈페이지 로그인 → 마이페이지 > 결제대기 목록"), paying.answer
    # "진공청소기" is a "청소기"
    assert not quiet.refused and "밤 10시" in quiet.answer, (quiet.confidence, quiet.answer)


def test_a_sentence_qualifying_the_lead_goes_on_from_it(tmp_path, embedder):
    page = ("# 자주 묻는 질문\n\n**Q. 스터디룸은 몇 명까지 쓸 수 있나요?**\n\nA. 4인실 2개와 6인실 1개가 있습니다.\n\n"
            "**Q. 예약해 놓고 못 가면 불이익이 있나요?**\n\nA. 예약 시작 전에 앱에서 취소하면 불이익이 없습니다. "
            "다만 취소 없이 이용하지 않은 경우가 한 달에 2회 쌓이면 30일 동안 시설 예약이 제한됩니다.\n\n"
            "**Q. 주차는 몇 시간 무료인가요?**\n\nA. 방문 차량은 2시간까지 무료입니다.\n")
    [answer] = _answers_over(tmp_path, embedder, page, "커뮤니티 시설 예약해 놓고 못 가면 무슨 불이익 있어요?")
    lead, rest = answer.answer.split("[1]", 1)
    assert "취소하면 불이익이 없습니다" in lead, answer.answer
    assert rest.lstrip().startswith("다만 취소 없이 이용하지 않은 경우가"), "what the lead holds only in part follows"


def test_a_question_about_the_case_a_qualification_names_is_answered_by_it_first(tmp_path, embedder):
    page = ("# 진료 시간\n\n평일 진료는 09:30부터 18:30까지입니다.\n\n## 접수 마감\n\n"
            "진료 접수는 진료 종료 30분 전에 마감됩니다. "
            "다만 처음 내원하시는 신환 환자분은 구강검진과 파노라마 촬영이 필요하므로 진료 종료 1시간 전까지 "
            "접수해 주세요.\n\n## 주차\n\n건물 지하 주차장을 2시간 무료로 이용하실 수 있습니다.\n")
    first, everyone = _answers_over(tmp_path, embedder, page, "처음 내원하는 신환은 접수를 언제까지 해야 하나요?",
                                    "진료 접수는 언제 마감되나요?")
    # the case the question names leads; the rule it qualifies follows
    assert first.answer.startswith("다만 처음 내원하시는 신환 환자분은"), first.answer
    assert "30분 전에 마감됩니다" in first.answer
    # asked of everyone, the rule leads and its qualification follows
    assert everyone.answer.startswith("진료 접수는 진료 종료 30분 전에 마감됩니다."), everyone.answer


@pytest.mark.parametrize("question, sentence, holds", [
    ("We're a company of around 60 staff. What does it cost per person?", "Tier: Team Scale; Seats: 50-249", True),
    ("We're a company of around 60 staff. What does it cost per person?", "Tier: Team Starter; Seats: 2-9", False),
    ("My suitcase weighs 35 kilos, will you take it?", "Bags over 32 kg must be sent as cargo.", True),
    ("My suitcase weighs 35 kilos, will you take it?", "Bags between 23 kg and 32 kg pay a charge.", False),
    ("battery shows 10% - why won't it unlock?", "Bikes with less than 15% battery cannot be unlocked.", True),
    ("만 70세인 어머니도 할인되나요?", "65세 이상 어르신은 50% 할인됩니다.", True),
    ("10일 전에 샀는데 환불되나요?", "구매 후 14일 이내에 환불할 수 있습니다.", True),
    ("My 8 year old is flying alone", "Children aged 5 to 11 must use the escort service.", True),
    # a length of time in days on both sides; a bound from below and one from above make one range
    ("입사하고 2주 만에 나가면 환불 얼마나 돼요?", "입사 후 30일 이내: 잔여 기간 생활관비의 80% 환불", True),
    ("입사하고 2주 만에 나가면 환불 얼마나 돼요?", "입사 후 30일 초과 60일 이내: 잔여 기간 생활관비의 50% 환불", False),
    ("I stayed 3 weeks. Do I get the long-stay rate?", "Stays of up to 14 days pay the nightly rate.", False),
    ("I stayed 10 days. Do I get the long-stay rate?", "Stays of up to 2 weeks pay the nightly rate.", True),
    ("We stay 3 weeks. Is there a discount?", "Stays of 5 to 20 days get 10% off.", False),  # its unit said once
    # the number written in the sentence is matched as a word; a year, an ordinal, a time and money are no bound
    ("3인용 소파는 얼마인가요?", "소파: 3인 이상 15,000원", False),
    ("Is the 2025 price the same?", "Valid for 2000 to 2030.", False),
    ("Do employees get a 13th-month salary?", "Staff working at least 2 days a week get an allowance.", False),
    ("Can I come at 10:30?", "Groups of 5 to 12 people", False),
    ("We are 60 people. Which plan?", "Annual price: From $33 to $360 per user", False),
    # a time of day's hours span no count; a number naming a thing counts nothing
    ("인천공항 1터미널 로밍센터 운영시간", "공항: 인천국제공항 제2여객터미널; 운영 시간: 06:00~21:00", False),
    ("How much is a permit for a Band 3 vehicle?", "Band: Band 2; CO2 emissions: 1 to 120 g/km", False),
])
def test_a_range_holding_the_number_the_question_tells_of(question, sentence, holds):
    assert in_range_of(question, sentence) is holds


def test_the_row_whose_range_holds_the_number_asked_leads(tmp_path, embedder):
    page = ("# Team pricing\n\n| Tier | Seats | Monthly billing (per user per month) | Annual billing (per user per "
            "year) | Notes |\n|---|---|---|---|---|\n"
            "| Team Starter | 2-9 | $40 | $420 | Pay by card only; seats can be added at any time |\n"
            "| Team Growth | 10-49 | $36 | $396 | Invoice available |\n"
            "| Team Scale | 50-249 | $33 | $360 | Invoice available |\n\n"
            "Larger organisations can ask for a quote.\n")
    [answer] = _answers_over(tmp_path, embedder, page,
                             "We're a company of around 60 staff. If we pay once a year, what's the cost per person?")
    assert answer.answer.startswith("Tier: Team Scale; Seats: 50-249"), answer.answer



@pytest.mark.parametrize("sentence, how", [
    ("앱 [내 카드] > [카드 등록]에서 카드 뒷면의 16자리 카드번호를 입력하면 즉시 활성화됩니다.", True),
    ("마이페이지에서 해지하세요.", True), ("Open Settings and choose Billing.", True),
    ("`ragloop backup DIR` backs up all of ragloop's data.", True),
    ("[자동이체 설정]을 켜고 납입일과 금액을 정하면 됩니다.", True),
    # that it can or must be done, not how
    ("회원카드는 수령 후 반드시 등록해야 사용할 수 있습니다.", False), ("You can pay by credit card.", False),
])
def test_a_sentence_telling_how_to_do_it(sentence, how):
    assert tells_how(sentence) is how


def test_a_lead_saying_it_must_be_done_goes_on_with_how(tmp_path, embedder):
    page = ("# 회원카드 안내\n\n## 카드 신청\n\n1) 앱에 로그인합니다.\n2) [마이페이지] > [회원카드 신청] 메뉴를 선택합니다.\n"
            "3) 등록된 결제카드를 확인한 후 [신청 완료]를 누릅니다.\n\n"
            "회원카드는 신청 후 5~7일 이내에 등기우편으로 배송됩니다.\n\n## 카드 등록 (사용 전 필수)\n\n"
            "회원카드는 수령 후 반드시 등록해야 사용할 수 있습니다. 앱 [내 카드] > [카드 등록]에서 카드 뒷면의 16자리 "
            "카드번호를 입력하면 즉시 활성화됩니다. 등록하지 않은 카드를 태그하면 충전이 시작되지 않습니다.\n\n"
            "## 결제카드 변경\n\n등록된 결제카드의 유효기간이 만료되면 미리 새 카드로 변경해 주십시오.\n")
    [answer] = _answers_over(tmp_path, embedder, page, "우편으로 받은 회원카드는 어떻게 등록해야 쓸 수 있나요?")
    assert "16자리 카드번호를 입력하면" in answer.answer, answer.answer


def test_a_clause_opening_with_a_command_tells_how_without_being_an_instruction():
    from answer.answer_kinds import instructs, tells_how

    sentence = ("The web page listens on port 8000 of 127.0.0.1 by default; `ragloop serve --host HOST --port PORT` "
                "picks another address and port.")
    assert tells_how(sentence), "it says how to pick another port"
    assert not instructs(sentence), "but tells first what is: it is no instruction"
    assert instructs("`ragloop serve --port PORT` picks another port.")
    assert not tells_how("The web page listens on port 8000; the start script opens it.")


def test_the_deed_asked_and_the_deeds_a_heading_names():
    from answer.answer_kinds import acted_on, asked_verb, task_heading, task_verbs

    assert asked_verb("How do I cancel my booking online?") == "cancel"
    assert asked_verb("How can I get my money back?") is None, "a light verb names no deed"
    assert asked_verb("What does the Team plan cost?") is None
    assert [word.casefold() for word in task_verbs("Changing your booking")] == ["changing", "booking"]
    assert task_verbs("To cancel:") == ["cancel"]
    assert task_verbs("Payment methods") == []
    # a heading names a deed to do when it reads as one, not when its first word names a thing
    assert [heading for heading in ("How to Reserve Online", "Changing Your Reservation", "Booking a class",
                                    "To cancel:", "Booking Window and Length of Stay", "Cancellations and refunds")
            if task_heading(heading)] == ["How to Reserve Online", "Changing Your Reservation", "Booking a class",
                                          "To cancel:"]
    # two deeds, one of them the one asked
    assert [heading for heading in ("Changing or cancelling an order", "Cancel or change a booking",
                                    "Booking and payment", "Terms and conditions") if task_heading(heading)] == [
        "Changing or cancelling an order", "Cancel or change a booking"]
    # a word saying when, not which thing: the driver is the thing added
    assert acted_on("How can I add another driver partway through my rental?") == ["driver"]


def test_a_run_of_label_lines_is_one_sentence_each():
    from answer.sentences import split_sentences

    text = ("[고객센터 운영 안내]\n\n대표번호: 1577-4829\n운영 시간: 평일 오전 9시 ~ 오후 6시, 토요일 오전 9시 ~ 오후 1시\n"
            "점심시간: 낮 12시 ~ 오후 1시 (이 시간에는 상담 연결이 늦어질 수 있습니다)\n"
            "청각·언어장애인 문자 상담: 010-5577-4829\n")
    assert split_sentences(text)[1:] == ["운영 시간: 평일 오전 9시 ~ 오후 6시, 토요일 오전 9시 ~ 오후 1시",
                                         "점심시간: 낮 12시 ~ 오후 1시 (이 시간에는 상담 연결이 늦어질 수 있습니다)",
                                         "청각·언어장애인 문자 상담: 010-5577-4829"]
    # a hard-wrapped paragraph still reads as one sentence, a label opening it or not
    assert split_sentences("Opening hours: nine to five on weekdays, except on bank holidays and the\n"
                           "week between Christmas and New Year, when we close.") == [
        "Opening hours: nine to five on weekdays, except on bank holidays and the week between Christmas and New "
        "Year, when we close."]


def test_a_labelled_instruction_is_an_instruction():
    # first-aid pages and help pages label what each instruction is for: "How do I stop a wound bleeding …?" was
    # answered with "Do not bath your pet …" over "Bleeding: press firmly on the wound …"
    from answer.answer_kinds import instructs

    assert instructs("Bleeding: press firmly on the wound with a clean cloth.")
    assert instructs("Online or in the app: open Settings and tap Pause.")
    assert not instructs("Type: Standard extension; lasts 7 days")
    assert not instructs("Sunday: closed")
    assert not instructs("Direct claims: for treatment costing more than £250, we can claim directly from Petwise.")


def test_a_bound_the_question_sets_is_met_by_the_same_bound_not_the_other_side_of_it():
    from answer.answer_kinds import in_range_of

    question = "ATM으로 딴 은행에 10만 원 넘게 보내면 수수료 얼마 떼가요?"
    assert in_range_of(question, "구분: 타행 이체 (10만 원 초과); 창구: 1,200원; 인터넷·모바일: 면제; ATM: 800원")
    assert not in_range_of(question, "구분: 타행 이체 (10만 원 이하); 창구: 600원; 인터넷·모바일: 면제; ATM: 500원")
    assert in_range_of("Is shipping free on orders over $50?", "Orders over $50 ship free.")
    assert not in_range_of("Is shipping free on orders over $50?", "Orders up to $50 cost $4.99 to ship.")


@pytest.mark.parametrize("question, asks", [
    ("Where are the log files?", True), ("여권 신청은 어디에서 접수하나요?", True), ("빨래는 어디서 해요?", True),
    ("청소년문화의집 위치", True), ("어디서나 쓸 수 있나요?", False),  # anywhere: whether, not where
    ("Is there a place where I can park?", False), ("How do I rent skis?", False),
    # a street address, not a way to write or a page to open
    ("What is the address of the South Beach Kiosk?", True), ("성수점 주소가 어떻게 되나요?", True),
    ("What is the email address for support?", False), ("홈페이지 주소 알려주세요", False),
    ("What is the IP address of the server?", False),
])
def test_a_question_asking_where(question, asks):
    from answer.answer_kinds import asks_place

    assert asks_place(question) is asks


@pytest.mark.parametrize("sentence, says", [
    ("The Rental Shop is on the lower level of the Base Lodge.", True), ("Visit us at 2200 Tamarack Peak Road.", True),
    ('Delete your account under Profile > "Privacy".', True), ("Logs are written to `/var/log/app/server.log`.", True),
    ("세탁실은 각 동 지하 1층에 있으며 24시간 이용할 수 있습니다.", True), ("본관 2층 여권민원실에서 접수합니다.", True),
    ("신청 접수: 평일 09:00~18:00", False), ("Tours last about 60 minutes.", False), ("3일 안에 찾아가세요.", False),
    # how far from somewhere: "Where can I leave my car?" is answered by the car park "a 3-minute walk away"
    ("The nearest car park is St Aldhelm's Yard car park, a 3-minute walk away.", True),
    ("Buses stop at Market Cross, about 2 minutes' walk.", True), ("Allow 20 minutes for parking.", False),
])
def test_a_sentence_saying_where(sentence, says):
    from answer.answer_kinds import holds_place

    assert holds_place(sentence) is says


@pytest.mark.parametrize("question, asks", [
    ("기내 휴대 수하물의 무게 제한은 얼마인가요?", True), ("What is the weight limit for hand luggage?", True),
    ("How big can my suitcase be?", True), ("What is the maximum file size?", True),
    ("이용료는 얼마인가요?", False), ("How long is the tour?", False),  # a price, a length of time
])
def test_a_question_asking_a_measure(question, asks):
    from answer.answer_kinds import asks_measure

    assert asks_measure(question) is asks


@pytest.mark.parametrize("sentence, gives", [
    ("무게는 10kg 이하, 크기는 세 변의 합 115cm 이하여야 합니다.", True), ("Files up to 2 GB can be uploaded.", True),
    ("모든 운임의 승객은 기내 휴대 수하물 1개를 무료로 가지고 탈 수 있습니다.", False), ("Open at 9 am.", False),
])
def test_a_sentence_giving_a_measure(sentence, gives):
    from answer.answer_kinds import holds_measure

    assert holds_measure(sentence) is gives


@pytest.mark.parametrize("question, asks", [
    ("How often is mail forwarded?", True), ("Can you send my letters on, and how often?", True),
    ("How many times a week can I book the court?", True), ("셔틀버스는 얼마나 자주 다니나요?", True),
    ("정기 점검 주기는 어떻게 되나요?", True),
    ("How many desks are there?", False), ("How long does forwarding take?", False), ("점검은 언제 하나요?", False),
])
def test_a_question_asking_how_often(question, asks):
    from answer.answer_kinds import asks_frequency

    assert asks_frequency(question) is asks


@pytest.mark.parametrize("sentence, says", [
    ("Mail is forwarded every Thursday by first class post.", True), ("Towels are changed daily.", True),
    ("Filters are replaced twice a year.", True), ("The bus runs every 20 minutes.", True),
    ("우편물은 매주 목요일에 발송합니다.", True), ("필터는 3개월마다 교체합니다.", True), ("주 2회 방문합니다.", True),
    ("The Mail Plan costs £35 per month.", False), ("Forwarding starts next Thursday.", False),
    ("3일 안에 찾아가세요.", False),
])
def test_a_sentence_saying_how_often(sentence, says):
    from answer.answer_kinds import holds_frequency

    assert holds_frequency(sentence) is says


def test_how_often_is_answered_by_a_sentence_saying_how_often_without_a_number():
    from answer.answer_kinds import holds_kind

    assert holds_kind("How often is mail forwarded?", "Mail is forwarded every Thursday.") == 1.0
    assert holds_kind("How often is mail forwarded?", "Forwarding starts from the next Thursday.") == 0.0


@pytest.mark.parametrize("question, asks", [
    ("What is the name of the head roaster?", True), ("Who is the harbour master?", True),
    ("What's the head teacher's name?", True), ("Who is the executive director of the clinic?", True),
    ("관장님 이름이 무엇인가요?", True), ("대표이사는 누구인가요?", True), ("고객지원 팀장은 누구인가요?", True),
    ("Who can join the club?", False), ("Who do I call after hours?", False), ("Who approves overtime?", False),
    ("What is the name of the Wi-Fi network?", False), ("컬러 인쇄는 누구에게 요청하나요?", False),
    ("대표 전화번호는 무엇인가요?", False), ("What is the name of your head office?", False),
    ("Who owns the copyright of photos I upload?", False), ("카드 주인 이름을 입력해야 하나요?", False),
    ("누가 창업 지원을 받을 수 있나요?", False), ("팀장 이름으로 예약할 수 있나요?", False),
    ("신촌점 매니저님 성함이 어떻게 되나요?", True), ("담당자 이름이 뭐예요?", True), ("매니저 상주 시간은 언제인가요?", False)])
def test_a_person_is_asked_for_by_the_role_held_not_by_who_may_do_a_thing(question, asks):
    from answer.answer_kinds import asks_for_a_person

    assert asks_for_a_person(question) is asks


@pytest.mark.parametrize("question, texts, variant", [
    ("샘물 아이스 WP-650의 월 렌탈료는 얼마인가요?", ["모델명: WP-520; 월 39,900원", "모델명: WP-300; 월 29,900원"], "WP-650"),
    ("WP-520 렌탈료는?", ["모델명: WP-520; 월 39,900원", "모델명: WP-300; 월 29,900원"], None),
    ("How much does a 2kg bag cost?", ["Bag size: 1kg; £32.00", "Bag size: 250g; £9.95"], "2kg"),
    ("How much does a 2kg bag cost?", ["- 250g bag: £9.95", "- 1kg bag: £32.00"], "2kg"),  # bullets, no span
    ("How much is a 1000g bag?", ["Bag size: 1kg; £32.00", "Bag size: 250g; £9.95"], None),  # the same size
    ("How much is a bag over 2kg?", ["Bag size: 1kg; £32.00", "Bag size: 250g; £9.95"], None),  # a bound of its own
    ("How much to send a 3kg parcel?", ["Parcels up to 5 kg: £4.00; 5-10 kg: £6.50"], None),  # in a listed range
    ("How much to post a 750g parcel?", ["Small parcel up to 2kg £3.50; Medium parcel up to 20kg £6"], None),
    ("How much for a 32 inch TV mount?", ["TVs 32-55 inch £89", "TVs 56-85 inch £129"], None),  # priced by range
    ("32평 아파트 청소 비용은 얼마인가요?", ["20평대 15만원", "30평대 20만원", "40평대 25만원"], None),
    ("How much is parking for 3 hours?", ["1 hour £2.00; 2 hours £3.50"], None)])  # a price counted by the hour
def test_a_model_or_size_the_passages_list_others_of_and_not_it_is_unlisted(question, texts, variant):
    from answer.answer_kinds import unlisted_variant

    assert unlisted_variant(question, texts) == variant


@pytest.mark.parametrize("question, places", [
    ("부산 서면 쪽에도 지점이 있나요?", ["부산", "서면"]), ("광주에도 매장이 있나요?", ["광주"]),
    ("송도점 운영 시간이 궁금해요.", ["송도"]),  # a branch, by its name
    ("강남점 영업시간이 어떻게 되나요?", ["강남"]), ("잠실점 주소 알려주세요", ["잠실"]),  # (read whole by the analyser)
    ("백화점 안에 매장이 있나요?", []), ("편의점 옆 지점은 어디인가요?", []),  # everyday words ending in 점
    ("제주 서비스센터 운영 시간은?", ["제주"]),
    ("부산에서 가입할 수 있나요?", []),  # no branch, office or place asked about
    ("Is there a branch in Leeds?", [])])  # (a name in Latin letters is written with a capital)
def test_the_places_a_korean_question_asks_a_branch_or_an_office_at(question, places):
    from answer.answer_kinds import places_asked

    assert places_asked(question) == places


@pytest.mark.parametrize("question, people", [
    ("김태호 플로리스트는 어떤 일을 맡고 있나요?", ["김태호"]), ("박지민 매니저 연락처 알려주세요", ["박지민"]),
    ("전문가 상담사와 통화할 수 있나요?", []),  # an everyday noun before a role
    ("한지민 강사 수업이 있나요?", ["한지민"]),  # (read by the analyser as two nouns, still a name)
    ("김민지 미용사님한테 예약할 수 있나요?", ["김민지"]), ("최유진 헤어디자이너 예약돼요?", ["최유진"]),
    ("Who is Sarah Kim?", [])])
def test_the_people_a_korean_question_names_by_their_role(question, people):
    from answer.answer_kinds import people_named

    assert people_named(question) == people


@pytest.mark.parametrize("question, topics", [
    ("신용카드로 결제하면 무이자 할부는 몇 개월까지 되나요?", [["무이자", "할부"]]),
    ("엘베 없는 4층 빌라는 추가 요금이 있나요?", [["4층", "빌라"]]),  # not "엘베 없는", a verb's
    ("저는 학생인데요", []), ("How much is the Team plan?", [])])
def test_the_topics_of_a_korean_question(question, topics):
    from answer.answer_kinds import topics_asked

    assert topics_asked(question) == topics


@pytest.mark.parametrize("question, asks", [
    ("What are the Saturday opening hours of the Canal Street Workshop?", True),
    ("What time does the café close?", True),
    ("How late is the pool open on Fridays?", True), ("홍대점은 몇 시까지 하나요?", True), ("영업시간이 어떻게 되나요?", True),
    ("When was the workshop founded?", False), ("몇 시간 걸려요?", False), ("How long does framing take?", False),
])
def test_a_question_asking_for_a_time_of_day(question, asks):
    from answer.answer_kinds import asks_clock_time

    assert asks_clock_time(question) == asks


@pytest.mark.parametrize("sentence, holds", [
    ("Saturday: 10:00 to 16:00", True), ("Open until 9pm on Thursdays.", True), ("입장 마감은 오후 7시입니다.", True),
    ("Canal Street is our original workshop, open since 1998.", False), ("24시간 운영합니다.", False),
    ("Tear repair costs £1.50 per cm.", False),
])
def test_a_sentence_giving_a_time_of_day(sentence, holds):
    from answer.answer_kinds import holds_clock_time

    assert holds_clock_time(sentence) == holds


@pytest.mark.parametrize("question, word", [
    ("Will it rain in Manchester tomorrow afternoon?", "forecast"),
    ("What's the weather like in Ashbury this weekend?", "forecast"), ("이번 주말에 서울 비 온대요?", "예보"),
    ("내일 서울 날씨 어때요?", "예보"), ("What is the climate of Fresno like?", None), ("Is it cold in the pool?", None),
    ("What happens to my tee time if the weather is bad tomorrow?", None), ("주말에 비 오면 환불되나요?", None),
    ("비 오는 날에도 운영하나요?", None),
])
def test_a_question_asking_the_weather_on_a_day_to_come(question, word):
    from answer.answer_kinds import forecast_word

    assert (forecast_word(question) or (None,))[0] == word
