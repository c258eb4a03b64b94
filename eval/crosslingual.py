"""A small labelled cross-language set: 24 short policy documents (12 English, 12 Korean), 24 Korean questions about
the English ones and 24 English questions about the Korean ones.

For retrieval it is a BEIR folder, with qrels for both directions together (test.tsv) and each alone (ko-en.tsv,
en-ko.tsv):

    python -m eval.crosslingual DIR
    ragloop bench retrieval --beir DIR [--qrels DIR/qrels/ko-en.tsv] --modes dense,sparse,hybrid --json

For answers it is two small knowledge bases, one per language, each asked in the other language: the questions
about its pages (answerable) and, in the same language, questions about the other knowledge base's policies
(`NOT_HELD`: on its topic, not in it), as `ragloop bench kb` reads them:

    python -m eval.crosslingual kbs DIR
    ragloop bench kb --docs DIR/en-pages/docs --questions DIR/en-pages/questions.jsonl --json   # Korean questions
    ragloop bench kb --docs DIR/ko-pages/docs --questions DIR/ko-pages/questions.jsonl --json   # English questions
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

# document id -> (title, text)
DOCUMENTS = {
    'en-parking': ('Parking',
        'Employees park in the underground garage on level B2. A parking permit costs 45 euros a month and is deducted from the salary. Visitors get a free two-hour ticket at the reception desk.'),
    'en-laptop': ('Laptop replacement',
        'Company laptops are replaced every three years. If a laptop breaks earlier, open a ticket with the IT service desk and bring the device to room 214; a loaner is handed out the same day.'),
    'en-travel': ('Business travel',
        'Business trips must be approved by your manager at least ten days in advance. Train travel is preferred for distances under 600 kilometres, and hotel costs are reimbursed up to 150 euros per night.'),
    'en-vacation': ('Vacation days',
        'Full-time employees receive 28 vacation days per year. Up to five unused days can be carried over to the next year, but they expire on March 31.'),
    'en-gym': ('Gym membership',
        'The company pays half of a gym membership, up to 30 euros a month. Submit the invoice through the expense portal once a quarter.'),
    'en-wifi': ('Guest Wi-Fi',
        'Guests connect to the network called Northwind-Guest. The password changes every Monday and is printed on the card at the reception desk.'),
    'en-canteen': ('Canteen',
        'The canteen on the ground floor serves lunch from 11:30 to 14:00. A vegetarian dish is offered every day, and meals are paid with the employee badge.'),
    'en-printer': ('Printing',
        'Print jobs are released at any printer by holding your badge against the reader. Colour printing must be requested from the office manager.'),
    'en-remote': ('Remote work',
        'Employees may work from home up to three days a week. Working from abroad requires approval from human resources and is limited to twenty days per year.'),
    'en-bike': ('Bike leasing',
        'Through the bike leasing programme employees can lease an e-bike for 36 months. The monthly rate is taken from the gross salary, which lowers the tax.'),
    'en-fire': ('Fire drill',
        'A fire drill takes place twice a year. When the alarm sounds, leave the building by the nearest staircase and gather at the assembly point in the north car park.'),
    'en-mentoring': ('Mentoring',
        'Every new employee is paired with a mentor from another team for the first six months. Mentor and mentee meet at least once every two weeks.'),
    'ko-sick': ('병가',
        '몸이 아파 출근하지 못하는 날에는 오전 9시 전까지 팀장에게 알려야 합니다. 병가가 사흘을 넘으면 의사 소견서를 인사팀에 제출해야 합니다.'),
    'ko-salary': ('급여일',
        '급여는 매달 25일에 지급됩니다. 25일이 주말이나 공휴일이면 그 직전 영업일에 지급되며, 급여 명세서는 사내 포털에서 확인할 수 있습니다.'),
    'ko-wedding': ('경조사 휴가',
        '본인이 결혼하면 유급 휴가 5일과 축하금 50만 원을 받습니다. 부모님이 돌아가시면 5일의 유급 휴가가 주어집니다.'),
    'ko-education': ('교육비 지원',
        '직무와 관련된 외부 교육이나 자격증 취득 비용은 한 해 200만 원까지 회사가 지원합니다. 교육을 마친 뒤 수료증과 영수증을 제출하면 됩니다.'),
    'ko-security': ('출입 보안',
        '사무실 출입은 사원증으로만 가능합니다. 사원증을 잃어버리면 즉시 보안팀에 신고하고, 재발급 비용 1만 원을 내야 합니다.'),
    'ko-meeting': ('회의실 예약',
        '회의실은 사내 캘린더에서 최대 2주 앞까지 예약할 수 있습니다. 예약하고 15분 안에 아무도 오지 않으면 예약이 자동으로 취소됩니다.'),
    'ko-shuttle': ('통근 버스',
        '통근 버스는 강남역과 수원역에서 오전 7시 30분에 출발합니다. 퇴근 버스는 오후 6시 20분에 회사 정문에서 출발합니다.'),
    'ko-health': ('건강검진',
        '모든 직원은 해마다 한 번 종합 건강검진을 무료로 받을 수 있습니다. 검진 날은 유급 휴가로 처리되며 배우자 검진 비용도 절반을 지원합니다.'),
    'ko-referral': ('추천 채용',
        '지인을 추천해 그 사람이 입사하고 3개월을 근무하면 추천한 직원에게 보상금 100만 원을 드립니다.'),
    'ko-overtime': ('초과 근무',
        '초과 근무는 미리 팀장의 승인을 받아야 합니다. 밤 10시 이후 퇴근하면 택시비를 회사가 부담합니다.'),
    'ko-dress': ('복장 규정',
        '평소에는 자유로운 복장으로 근무합니다. 고객을 만나는 날에는 정장을 입어야 하며, 반바지와 슬리퍼는 피해야 합니다.'),
    'ko-pet': ('반려동물 동반',
        '금요일에는 반려견과 함께 출근할 수 있습니다. 반려견은 예방 접종을 마쳐야 하며 3층 지정 구역에만 머물 수 있습니다.'),
}
# question id -> (question, the document that answers it); ids start with the direction
QUESTIONS = {
    'ko-en-parking-1': ('주차권은 한 달에 얼마인가요?', 'en-parking'),
    'ko-en-parking-2': ('방문객 주차는 어떻게 하나요?', 'en-parking'),
    'ko-en-laptop-1': ('회사 노트북은 몇 년마다 교체되나요?', 'en-laptop'),
    'ko-en-laptop-2': ('노트북이 고장 나면 어떻게 해야 하나요?', 'en-laptop'),
    'ko-en-travel-1': ('출장은 며칠 전에 승인받아야 하나요?', 'en-travel'),
    'ko-en-travel-2': ('출장 때 호텔비는 얼마까지 지원되나요?', 'en-travel'),
    'ko-en-vacation-1': ('연차는 1년에 며칠인가요?', 'en-vacation'),
    'ko-en-vacation-2': ('쓰지 않은 휴가를 다음 해로 넘길 수 있나요?', 'en-vacation'),
    'ko-en-gym-1': ('헬스장 비용을 회사가 지원하나요?', 'en-gym'),
    'ko-en-gym-2': ('운동 시설 회원권 영수증은 어디에 제출하나요?', 'en-gym'),
    'ko-en-wifi-1': ('손님용 와이파이 비밀번호는 어디서 알 수 있나요?', 'en-wifi'),
    'ko-en-wifi-2': ('방문객은 어떤 무선 네트워크에 접속하나요?', 'en-wifi'),
    'ko-en-canteen-1': ('구내식당은 몇 시에 점심을 주나요?', 'en-canteen'),
    'ko-en-canteen-2': ('채식 메뉴가 있나요?', 'en-canteen'),
    'ko-en-printer-1': ('인쇄물은 어떻게 출력하나요?', 'en-printer'),
    'ko-en-printer-2': ('컬러 인쇄는 누구에게 요청하나요?', 'en-printer'),
    'ko-en-remote-1': ('재택근무는 일주일에 며칠까지 할 수 있나요?', 'en-remote'),
    'ko-en-remote-2': ('해외에서 원격 근무를 해도 되나요?', 'en-remote'),
    'ko-en-bike-1': ('전기 자전거를 리스할 수 있나요?', 'en-bike'),
    'ko-en-bike-2': ('자전거 리스 기간은 얼마나 되나요?', 'en-bike'),
    'ko-en-fire-1': ('화재 경보가 울리면 어디로 모이나요?', 'en-fire'),
    'ko-en-fire-2': ('소방 훈련은 1년에 몇 번 하나요?', 'en-fire'),
    'ko-en-mentoring-1': ('신입 사원에게 멘토가 배정되나요?', 'en-mentoring'),
    'ko-en-mentoring-2': ('멘토와는 얼마나 자주 만나나요?', 'en-mentoring'),
    'en-ko-sick-1': ('Who do I tell when I am too sick to come to work?', 'ko-sick'),
    'en-ko-sick-2': ("When do I need a doctor's note for sick leave?", 'ko-sick'),
    'en-ko-salary-1': ('On which day is the salary paid?', 'ko-salary'),
    'en-ko-salary-2': ('Where can I see my payslip?', 'ko-salary'),
    'en-ko-wedding-1': ('How many days off do I get for my wedding?', 'ko-wedding'),
    'en-ko-wedding-2': ('Is there paid leave when a parent dies?', 'ko-wedding'),
    'en-ko-education-1': ('Does the company pay for external training courses?', 'ko-education'),
    'en-ko-education-2': ('How much of a certification fee is covered per year?', 'ko-education'),
    'en-ko-security-1': ('What should I do if I lose my employee badge?', 'ko-security'),
    'en-ko-security-2': ('How do I get into the office building?', 'ko-security'),
    'en-ko-meeting-1': ('How far ahead can I book a meeting room?', 'ko-meeting'),
    'en-ko-meeting-2': ('What happens to a room booking if nobody shows up?', 'ko-meeting'),
    'en-ko-shuttle-1': ('When does the commuter bus leave Gangnam station?', 'ko-shuttle'),
    'en-ko-shuttle-2': ('Is there a shuttle bus home after work?', 'ko-shuttle'),
    'en-ko-health-1': ('Is the annual health check-up free?', 'ko-health'),
    'en-ko-health-2': ("Does the company pay for my spouse's medical check-up?", 'ko-health'),
    'en-ko-referral-1': ('Is there a bonus for referring a friend who gets hired?', 'ko-referral'),
    'en-ko-referral-2': ('How long must a referred hire stay before the reward is paid?', 'ko-referral'),
    'en-ko-overtime-1': ('Who approves overtime?', 'ko-overtime'),
    'en-ko-overtime-2': ('Does the company pay for a taxi when I work late?', 'ko-overtime'),
    'en-ko-dress-1': ('Is there a dress code?', 'ko-dress'),
    'en-ko-dress-2': ('What should I wear when meeting a client?', 'ko-dress'),
    'en-ko-pet-1': ('Can I bring my dog to the office?', 'ko-pet'),
    'en-ko-pet-2': ("Which floor is for employees' dogs?", 'ko-pet'),
}

# Questions in each document's own language, about it: asked of the other language's pages, they are not held there.
NOT_HELD = {
    'ko-sick': '아파서 출근을 못 하면 언제까지 누구에게 알려야 하나요?',
    'ko-salary': '월급은 매달 며칠에 들어오나요?',
    'ko-wedding': '결혼하면 유급 휴가를 며칠 받나요?',
    'ko-education': '자격증 취득 비용을 회사가 얼마까지 지원하나요?',
    'ko-security': '사원증을 잃어버리면 재발급 비용이 얼마인가요?',
    'ko-meeting': '회의실은 얼마나 앞서 예약할 수 있나요?',
    'ko-shuttle': '통근 버스는 강남역에서 몇 시에 출발하나요?',
    'ko-health': '건강검진은 무료인가요?',
    'ko-referral': '지인을 추천해서 입사하면 보상금이 있나요?',
    'ko-overtime': '밤늦게 퇴근하면 택시비를 회사가 내 주나요?',
    'ko-dress': '고객을 만나는 날에는 무엇을 입어야 하나요?',
    'ko-pet': '반려견과 함께 출근할 수 있나요?',
    'en-parking': 'How much does a parking permit cost per month?',
    'en-laptop': 'How often are company laptops replaced?',
    'en-travel': 'How far in advance must a business trip be approved?',
    'en-vacation': 'How many vacation days do full-time employees get?',
    'en-gym': 'How much of a gym membership does the company pay?',
    'en-wifi': 'What is the guest Wi-Fi network called?',
    'en-canteen': 'When does the canteen serve lunch?',
    'en-printer': 'How do I release a print job at the printer?',
    'en-remote': 'How many days a week can I work from home?',
    'en-bike': 'How long does a bike lease last?',
    'en-fire': 'Where do we gather during a fire drill?',
    'en-mentoring': 'How often do mentor and mentee meet?',
}


def write_kbs(folder: Path) -> Path:
    """`en-pages` and `ko-pages` under `folder`, each with docs/ (one Markdown file per document) and
    questions.jsonl: the other language's questions about its pages, and NOT_HELD's in that language."""
    for language, other in (("en", "ko"), ("ko", "en")):
        docs = folder / f"{language}-pages" / "docs"
        docs.mkdir(parents=True, exist_ok=True)
        for key, (title, text) in DOCUMENTS.items():
            if key.startswith(f"{language}-"):
                (docs / f"{key}.md").write_text(f"# {title}\n\n{text}\n", encoding="utf-8")
        rows = [{"question": text, "answerable": True, "file": f"{document}.md", "kind": "other language"}
                for key, (text, document) in QUESTIONS.items() if key.startswith(f"{other}-{language}-")]
        rows += [{"question": text, "answerable": False, "file": None, "kind": "not held"}
                 for key, text in NOT_HELD.items() if key.startswith(f"{other}-")]
        (docs.parent / "questions.jsonl").write_text(
            "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return folder


def write_beir(folder: Path) -> Path:
    """corpus.jsonl, queries.jsonl and qrels/{test,ko-en,en-ko}.tsv under `folder`."""
    (folder / "qrels").mkdir(parents=True, exist_ok=True)
    with (folder / "corpus.jsonl").open("w", encoding="utf-8") as corpus:
        for key, (title, text) in DOCUMENTS.items():
            corpus.write(json.dumps({"_id": key, "title": title, "text": text}, ensure_ascii=False) + "\n")
    with (folder / "queries.jsonl").open("w", encoding="utf-8") as queries:
        for key, (text, _) in QUESTIONS.items():
            queries.write(json.dumps({"_id": key, "text": text}, ensure_ascii=False) + "\n")
    for name, prefix in (("test", ""), ("ko-en", "ko-en-"), ("en-ko", "en-ko-")):
        rows = [f"{key}\t{document}\t1" for key, (_, document) in QUESTIONS.items() if key.startswith(prefix)]
        (folder / "qrels" / f"{name}.tsv").write_text("query-id\tcorpus-id\tscore\n" + "\n".join(rows) + "\n",
                                                      encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> Path:
    """`python -m eval.crosslingual [DIR]` writes the BEIR folder, `python -m eval.crosslingual kbs [DIR]` the two
    knowledge bases; `--help` says so (instead of becoming a folder's name)."""
    parser = argparse.ArgumentParser(prog="python -m eval.crosslingual", description="Write the cross-language set: "
                                     "a BEIR folder for `ragloop bench retrieval`, or with `kbs` two knowledge bases "
                                     "for `ragloop bench kb`.")
    parser.add_argument("what", nargs="*", metavar="[kbs] [DIR]", help="kbs for the knowledge bases; the folder")
    args = parser.parse_args(argv).what
    kbs = args[:1] == ["kbs"]
    rest = args[1:] if kbs else args
    if len(rest) > 1:
        parser.error("give at most one folder")
    if kbs:
        return write_kbs(Path(rest[0] if rest else "crosslingual-kbs"))
    return write_beir(Path(rest[0] if rest else "crosslingual"))


if __name__ == "__main__":
    print(main())
