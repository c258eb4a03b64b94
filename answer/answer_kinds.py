"""The kind of answer a question asks for (a date, a number, a name, a way to get in touch) and whether a sentence
holds one.

"When did the guild ban night markets?" wants a date: a passage whose best sentence holds no date (other than one the
question gave) may share the question's words but does not answer it. This is a signal of the confidence
(`answer.confidence.signals`), English and Korean; a question that asks for no particular kind is neutral.
Korean has no capital letters, so a Korean "who" question is neutral too.

A way to get in touch (an email address, a phone number, a web address, or any of them for
"연락처") is asked for when the question names it other than as the asker's own, a channel or a thing to change
("the support email", "고객센터 전화번호"; not "my member email", "by email", "change the email address", "제
전화번호", "phone calls"), and does not ask when or how many. Such an answer is a string no other sentence holds by
chance, so it also leads the choice of sentences (`answer.extractive`): "support email address" is answered by "write
to support@quillbase.example", which shares only "support" with it, rather than by "change your email address under
Settings".

A question asking what to do ("How do I add documents?", "설치는 어떻게 하나요?") is answered by a sentence that tells
the reader to do something ("Open the Documents page, choose files and press Upload", "To downgrade, open Settings",
"You can pay by card", "…신청하세요"), not by one that shares its words in passing ("a summary counts the documents
added"). That too leads the choice of sentences, and is not a confidence signal.

A question whether there is a thing ("Is there an official mobile app?", "카페가 있나요?") names it
(`asked_to_exist`): whether it exists is for the documents to say, and a knowledge base that never names it does not
say (`answer.confidence.things_asked_to_exist`). So does a question how to act on a thing, or whether one may ("How do
I renew my passport?", "신용점수를 조회할 수 있나요?": `acted_on`), when the knowledge base names none of its words
(`answer.confidence.things_acted_on`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from core.pii import korean_names
from retrieval import (MAIL_ADDRESS, PHONE_NUMBER, korean_everyday_word, korean_instruction,
                       korean_proper_nouns, korean_topics, language_of)

# typed as a search rather than asked: "guest pass cost", "York Riverside Saturday hours" (no question word first)
_TYPED_AS_SEARCH = (r"^\W*(?!(?:how|what|when|who|why|where|which|is|are|do|does|did|can|could|will|would|should"
                    r"|may|must)\b)[^?]{0,60}?\b")
_EN_DATE = re.compile(r"\bwhen\b|\b(?:what|which) (?:years?|dates?|days?|months?|century|centuries|decades?|times?)\b"
                      r"|\bhow long ago\b|\bopening (?:hours|times)\b|"
                      + _TYPED_AS_SEARCH + r"(?:hours|times|dates?|deadlines?)"
                      r"(?:\s+(?:on\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)days?|weekends?|weekdays"
                      r"|today))?\W*$",
                      re.IGNORECASE)
_EN_QUANTITY_WORD = re.compile(r"\bhow (?:many|much|long|far|old|large|big|tall|high|often|fast|quickly|soon|heavy)\b",
                               re.IGNORECASE)
_UNSAID_QUANTITY = re.compile(r"\bhow (?:long|many|much|often|soon)\b", re.IGNORECASE)
# a question asking whether, its clause opening with the verb ("Do I still have to pay …", "… - is there a fee …"),
# not "Do you know when …", which asks when
_EN_YES_OR_NO = re.compile(r"(?:^|[.!?,;:]\s+|\s[-–—]\s+)\W*(?:do|does|did|can|could|is|are|was|were|will|would|should"
                           r"|must|may|am|have|has|shall)\s+(?!(?:you|u)\s+(?:know|tell|say|remember|explain|let)\b)"
                           r"(?:i|we|you|they|it|he|she|my|our|your|the|this|that|these|those|there|a|an|any)\b",
                           re.IGNORECASE)
# "how many", "what size", and what a thing measures: "What is the dustbin capacity of the R5?"
_EN_NUMBER = re.compile(_EN_QUANTITY_WORD.pattern + r"|\bwhat (?:percentage|percent|number|amount|size|price)\b"
                        r"|\bwhat(?:'s|\s+is|\s+are)\s+the\s+(?:[\w-]+\s+){0,3}?"
                        r"(?:capacity|weight|dimensions|voltage|wattage|temperature|load limit)\b", re.IGNORECASE)
# words asking to be told: "Could you please tell me …", "I'd like to know …", "What are the steps to …", "… 방법 좀
# 알려 주세요", "… 알고 싶어요"
_REQUEST_WORDS = re.compile(r"\b(?:(?:can|could|would|will)\s+you\s+)?(?:please\s+)?(?:tell|show|explain(?:\s+to)?)"
                            r"\s+me(?:\s+about)?\b|\bplease\b|\bI(?:'d| would) like to know(?:\s+about)?\b"
                            r"|\bI want to know\b"
                            r"|\bwhat(?:'s| is| are)?\s+(?:the\s+)?(?:steps|process|procedure|instructions)"
                            r"(?:\s+(?:to|for))?\b|\b(?:walk|take)\s+(?:me|us)\s+through\b"
                            # "What do I need to do to take a holiday?" asks about a holiday, not a need
                            r"|\bwhat\s+(?:do|does|should|must|would)\s+(?:i|we|you)\s+(?:need|have|ought)\s+to\s+do\b"
                            r"|(?:방법|법)?(?:을|를|이)?\s*(?:좀\s*)?(?:알려\s*(?:주|줘)\S*|알고\s*싶\S*)",
                            re.IGNORECASE)
# asking what a word means: "What does the confidence score mean?", "What is meant by a golden set?", "X는 무슨
# 뜻인가요?" ask about the confidence score and X; "mean" and "뜻" are how they ask
_MEANING_WORDS = re.compile(r"^(\W*what\s+(?:does|do|did)\b.*?)\bmean(?=\W*$)|\bwhat(?:['’]s|\s+is)\s+meant\s+by\b"
                            r"|(?:무슨|어떤)\s*(?:뜻|의미)|(?:뜻|의미)(?:이|가)?\s*(?:뭐|뭔|무엇)"
                            r"|(?:뭘|뭐를|무엇을)\s*(?:뜻|의미)(?:하|해)\S*", re.IGNORECASE)
# a sentence saying what a word means: "…, a confidence between 0 and 100 percent: the probability that …", "X means
# …", "답이 맞을 확률을 뜻하며"
_DEFINES = re.compile(r"\b(?:means|meaning|refers?\s+to|stands?\s+for|is\s+defined\s+as)\b|\w:\s+\S"
                      r"|(?:뜻|의미)(?:하|합|해)|[가-힣](?:이)?란\s", re.IGNORECASE)
_EN_NAME = re.compile(r"\bwho(?:m|se)?\b", re.IGNORECASE)
# A person's name asked for by the role held ("What is the name of the head roaster?", "Who is the harbour master?",
# "관장님 이름이 무엇인가요?"); not who may do a thing or whom to ask ("Who can join?", "누구에게 요청하나요?"), which a
# team, a desk or a rule answers
_EN_ROLES = (r"(?:owner|(?:co-?)?founder|director|manager|head|president|chair(?:man|woman|person)?|ceo|principal|"
             r"head\s?teacher|headmaster|headmistress|teacher|instructor|coach|tutor|trainer|captain|harbou?r\s?master|"
             r"doctor|dentist|vet|veterinarian|pharmacist|chef|roaster|curator|conductor|secretary|treasurer|"
             r"coordinator|supervisor|leader|mayor|warden|landlord|proprietor|librarian)s?")
# (the role ends what is named: not "the name of your head office", "the manager app")
_ROLE_ENDS = r"(?=\s*(?:[?.!,;:]|$|(?:of|for|at|in|on|who|that|and)\b))"
_EN_PERSON = re.compile(rf"\bname\s+of\s+(?:the|your|our|its|their|this|that)\s+(?:[\w'’&-]+\s+){{0,4}}?{_EN_ROLES}"
                        rf"{_ROLE_ENDS}|\b{_EN_ROLES}['’]s\s+(?:full\s+)?name\b"
                        rf"|\bwho(?:['’]s|\s+is|\s+are|\s+was|\s+were)\s+(?:the|your|our|its|their)\s+"
                        rf"(?:[\w'’&-]+\s+){{0,3}}?{_EN_ROLES}{_ROLE_ENDS}|\bwho\s+founded\b", re.IGNORECASE)
# (a name asked, not one to be typed: "카드 주인 이름을 입력해야 하나요?")
_KO_PERSON = re.compile(r"(?:대표이사|대표|사장|회장|이사장|원장|관장|센터장|지점장|점장|소장|교장|학장|총장|팀장|부장|과장|"
                        r"실장|국장|강사|코치|감독|선생님|주인|설립자|창업자|셰프|지휘자|매니저|담당자)(?:님)?\s*(?:의\s*)?(?:은|는|이|가)?\s*"
                        r"(?:누구|(?:성함|이름|존함)\s*(?:이|은|는|을|좀)?\s*(?:뭐|무엇|어떻게|알려|궁금|[?？]|$))"
                        r"|누가\s*(?:설립|창업)(?:했|하였|한)")
# a rate, answered by a percentage: "What is the interest rate?", "What percentage do you keep?" (not a rate limit)
_EN_RATE = re.compile(r"\b(?:interest|tax|vat|discount|commission|cashback|savings|deposit)\s+rates?\b"
                      r"|\bwhat\s+(?:percentage|percent)\b|\bhow many percent\b", re.IGNORECASE)
_HANGUL = re.compile(r"[가-힣]")
# "언제", "몇 시", opening hours, or a search for a period, a schedule or a deadline: "수강철회 기간", "접수 일정은?",
# "환불 기한", "신청 기한은 어떻게 되나요?"
_KO_DATE = re.compile(r"언제|몇\s*년도|연도|몇\s*월|무슨\s*요일|몇\s*시"
                      r"|(?:운영|영업|이용|진료|개관|개장|상담|접수|업무|관람|면회)\s*시간"
                      r"|(?:기간|일정|날짜|마감일?|기한)(?:은|는|이)?요?\s*(?:[?？]?\s*$|어떻게\s*되)")
_KO_NUMBER = re.compile(r"몇|얼마|며칠")
# how much, of money: "얼마예요?", "몇 만 원" (not "얼마나 걸리나요"); a count of anything else asks a number, though the
# question names a price ("청소년 요금제는 몇 세 이하만 가입할 수 있나요?" asks an age)
_KO_HOW_MUCH_WORD = r"얼마(?!\s*나|\s*동안|\s*간)"
_KO_HOW_MUCH = re.compile(_KO_HOW_MUCH_WORD + r"|몇\s*(?:천|만|십만|백만)?\s*(?:원|달러|유로)")
_KO_COUNTED = re.compile(r"몇\s*(?!천|만|십만|백만|원|달러|유로|%|프로|퍼센트)[가-힣]|며칠")
# a price: "How much does the Team plan cost?", "What is the fee?", "월 요금은 얼마인가요?" (not "얼마나 걸리나요")
# what "how much is …" asks an amount of, not a price
_AMOUNTS = ("storage", "space", "memory", "data", "time", "weight", "allowance", "limit", "limits", "quota",
            "bandwidth", "luggage", "baggage", "left", "needed", "required", "allowed", "enough", "traffic", "usage")
_EN_PRICE = re.compile(r"\bhow much\b.*\b(?:cost|costs|charge|charged|pay|fee|fees|price)\b"
                       r"|\bwhat (?:does|do|did|will|would)\b.*\bcost\b"
                       # "What do I have to pay to get a new one?"
                       r"|\bwhat (?:do|does|did|will|would|should) (?:i|we|you|he|she|they) (?:(?:have|need) to )?pay\b"
                       r"(?!\s+attention)"
                       r"|\bwhat(?:'s| is| are)\b(?:\s+[\w'’-]+){0,4}\s+(?:price|prices|fee|fees|cost|costs)\b"
                       # "What processing fee is added when …?", "What fee do you charge for …?"
                       r"|^\W*what(?!\s+(?:percentage|percent|proportion|share|part|kinds?|types?|sorts?)\b)"
                       r"(?:\s+[\w-]+){0,3}\s+(?:price|prices|fee|fees|charge|charges|cost|costs)\s+"
                       r"(?:is|are|was|were|do|does|did|will|would|applies|apply)\b"
                       # typed as a search: "guest pass cost", "locker price?" (not "Does it cost extra?")
                       r"|" + _TYPED_AS_SEARCH + r"(?:price|prices|cost|costs|fee|fees)\W*$"
                       # "How much is the rabies vaccination?": a thing, not an amount of it ("… storage quota")
                       r"|^\W*how much (?:is|are|was|were) (?!.*\b(?:" + "|".join(_AMOUNTS) + r")\b)"
                       r"[\w'’-]+(?:\s+[\w'’-]+){0,5}\s*\?*\s*$|^\W*how much (?:is|would) it (?:be )?to\b",
                       re.IGNORECASE)
# an English question names money with one of these; "How much is the rabies vaccination?" asks a price without
_EN_MONEY = re.compile(r"\b(?:costs?|charged?|charges|pay|paid|fees?|prices?|priced)\b", re.IGNORECASE)
_PRICE_WORD = re.compile(r"\b(?:prices?|costs?|fees?|charges?)\b|요금|가격|비용|수수료", re.IGNORECASE)
_KO_PRICE = re.compile(_KO_HOW_MUCH_WORD + r"|요금|가격|비용|수수료|금액|값")
# a Korean question naming money, not only asking "얼마" ("유효 시간은 얼마인가요?" asks how long): a word for a price or
# a charge, a fee's "-료" ("수강료", not "자료" or "무료"), "-비" or "-금" right before "얼마" ("등록금은 얼마예요?")
_KO_MONEY = re.compile(r"요금|가격|비용|수수료|값|[가-힣](?<![자재무완종진치음원연동유사])료"
                       r"|[가-힣](?:비|금)(?=[은는이가을를도]?\s*얼마)")
# typed as a search, ending with a word for a price: "임플란트 가격", "주차 요금은?", "오늘도착 이용료", "택배 배송비"
_KO_TERSE_PRICE = re.compile(r"(?:요금|가격|비용|수수료|금액|[가-힣](?<![자재무완종진치음원연동유사])료"
                             r"|(?:배송|관리|교통|회|참가|입장|등록|주차|숙박|식|진료|검사|수리|설치|택배|운송)비)"
                             r"(?:은|는)?요?\s*[?？]?\s*$")
# a rate asks for a percentage, not an amount of money: "12개월 금리는 얼마인가요?", "적립률", "24개월 정기예금 금리"
_KO_RATE = re.compile(r"금리|이율|[율률](?=\s|$|[은는이가을를도의?？])|퍼센트|몇\s*(?:%|프로(?!그램|젝트|필|세스|모션))")
_KO_TERSE_RATE = re.compile(r"(?:금리|이율|[율률])(?:은|는)?요?\s*[?？]?\s*$")
# what is free when it is not taken, not when it costs nothing: each a fixed-width look behind, singular and plural
_NOT_AVAILABLE = "".join(rf"(?<!\b{word} )(?<!\b{word}s )" for word in (
    "space", "seat", "slot", "place", "bay", "spot", "line", "court", "lane", "machine", "agent", "you", "we", "they",
    "i", "he", "she"))
_PRICE = re.compile(r"\d[\d,.]*\s*(?:(?:million|billion|thousand|hundred)\s+)?(?:(?:euros?|eur|dollars?|usd|cents?"
                    r"|pounds?|pence|won|krw|yen|yuan|francs?|rupees?|roubles?|rubles?|pesos?)\b"
                    r"|(?:만|천|억|조)?\s*(?:원|달러|유로|엔(?!진|터|트|딩)|위안|파운드|프랑|마르크|루블|페소))"
                    # pence: "5p per page", "an A4 colour page costs 25p"
                    r"|\b\d+p (?:per|a|each)\b|\b(?:costs?|charges?|charged|pay|pays|paid|at|for)\s+\d{1,2}p\b"
                    r"|[$€£₩¥₹]\s*\d|\b(?:USD|EUR|KRW|GBP|JPY|CNY|CHF|AUD|CAD|INR|NZD|SGD|HKD|Rs\.?)\s*\d"
                    r"|\d\s*(?:JPY|CNY|CHF|AUD|CAD|INR|NZD|SGD|HKD|GBP)\b|\bcosts nothing\b"
                    # none to pay: "no cancellation fee", "We do not charge late fees", "수수료가 없습니다"
                    r"|\bno (?:\w+ ){0,2}(?:charges?|costs?|fees?)\b"
                    r"|\b(?:do|does|will) not charge\b|\bdon['’]t charge\b"
                    r"|(?:요금|료|비용|금액)(?:은|는|이|가|도)?\s*(?:없습니다|없어요|없으며|없고|없음)"
                    # free of charge, not a free trial, a free desk or a plan named Free; nor a place or a person
                    # that is free ("when a space is free", "if you are free on Friday"), nor free of or from a thing
                    r"|\bfree\s+(?:of\s+charge|for|to\s+use)\b|\bfor\s+free\b"
                    r"|" + _NOT_AVAILABLE + r"\b(?:is|are|be|stays?|remains?)\s+(?:\w+\s+)?free\b"
                    r"(?!\s+(?:of|from)\s+(?!(?:any\s+)?(?:charge|cost)))|\b(?:travel|ride|park|eat|fly)s?\s+free\b"
                    # nothing more to pay: "at no extra cost", "included in your membership", "complimentary"
                    r"|\bat no (?:extra |additional )?(?:cost|charge)\b|\bcomplimentary\b"
                    r"|\bincluded in (?:the|your|every|all|each) (?:\w+ )?(?:price|fee|rate|membership|plan|pass)\b"
                    # priced as something else: "Friday to Monday for the price of 2 days"
                    r"|\b(?:for|at) the (?:price|cost) of\b|\bhalf[- ]price\b"
                    # a value under a price's label, as a sheet's row reads: "price_gbp: included with DHP"
                    r"|\b(?:price|fee|cost|charge)s?(?:[_ ][a-z]{3})?(?:\s*\([^)]{1,12}\))?\s*:\s*(?=\w)"
                    r"|(?:요금|가격|비용|수수료|이용료|단가|정가|판매가|할인가|회원가)(?:\s*\([^)]{1,12}\))?\s*:\s*(?=\w)"
                    # a number under a column whose header gives its currency: "비회원가(원/kWh): 530", "Fee (£): 12"
                    r"|\((?:원|만\s*원|천\s*원|달러|유로|파운드|엔|usd|eur|gbp|krw|jpy|[$€£₩¥])(?:\s*/\s*[^)]{1,12})?\)"
                    r"\s*:\s*[$€£₩¥]?\d"
                    r"|추가\s*(?:요금|비용|금액)\s*없이|무료|(?:요금|료|비용|금액)(?:은|는|을|를|이|가)?\s*(?:받지|내지|들지)\s*않",
                    re.IGNORECASE)

# a time of day asked for: "What are the Saturday opening hours?", "What time does the café close?", "몇 시에 문을
# 닫나요?", "영업시간이 어떻게 되나요?"; and a time of day given ("10:00 to 16:00", "9am", "오후 7시"), not a year or a date
_ASKS_CLOCK_TIME = re.compile(r"\b(?:opening|closing|business|office|visiting|trading)\s+(?:hours|times)\b"
                              r"|\bwhat\s+time\b|\bhow\s+(?:late|early)\b|몇\s*시(?!간)"
                              r"|(?:운영|영업|이용|개관|개장|관람|면회)\s*시간", re.IGNORECASE)
_CLOCK_TIME = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}(?:\.\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)|\b(?:noon|midnight)\b"
                         r"|\d{1,2}\s*시(?![간대즌험])|정오|자정", re.IGNORECASE)
_ASKS_DURATION = re.compile(r"\bhow long\b(?!\s+ago)|얼마나\s*(?:걸리|걸려|걸립|오래|지속|유지|기다려|기다리|빨리)"
                            r"|며칠\s*(?:걸리|걸려|걸립|동안|안에|만에|이내|내로)"
                            r"|몇\s*(?:시간|일|분)\s*(?:걸리|걸려|걸립|안에|만에|이내)"
                            # "How fast do I have to tell you?": within 24 hours; not a speed ("How fast is the wifi?")
                            r"|\bhow (?:quickly|soon|fast(?!\s+(?:is|are|was|can)\b))\b"
                            r"|(?:기간|시간)(?:은|이)?\s*(?:(?:약|대략|보통|평균|총)\s*)?얼마"
                            # typed as a search for how long a thing takes: "제주 배송 소요 기간", "refund processing time";
                            # or asked what it is: "레벨테스트 소요 시간은 어떻게 되나요?"
                            r"|(?:(?:소요|처리|발급|환불|수리|대기)\s*(?:기간|시간|일수)|배송\s*(?:기간|일수))(?:은|이|는)?"
                            r"\s*(?:[?？]?\s*$|어떻게\s*되)"
                            r"|\b(?:processing|turnaround|lead|transit)\s+times?\b|\bduration\b"
                            # what a thing takes to do: "What is the charging time of the R5?"
                            r"|\b(?:charging|recharging|drying|cooking|brewing|heating|warm-up|cooling|boot)\s+times?\b"
                            r"|\b(?:runtime|run time|battery life)\b", re.IGNORECASE)
_DURATION = re.compile(r"\b\d+(?:[.,]\d+)?(?:\s*(?:-|–|to)\s*\d+)?\s*(?:working\s+|business\s+|calendar\s+)?"
                       r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?)\b"
                       r"|\b(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|half an?)\s+"
                       r"(?:minutes?|hours?|days?|nights?|weeks?|months?|years?)\b"
                       r"|\d+\s*(?:시간|분(?!기)|개월|주일?)|\d+\s*(?:일|년)\s*(?:동안|이내|간|정도|안에|후|뒤|이상|이하)"
                       r"|(?:로|으로)?부터\s*\d+\s*(?:일|년)"  # "발급일로부터 1년"
                       r"|\bD\s*\+\s*\d{1,2}\b",  # days after the day it starts: "제주: D+2"
                       re.IGNORECASE)
_FROM_NOW = re.compile(r"\b(?:after|within|in|before|every|up to|no later than|at least|at most)\s+"
                       r"(?:about\s+|around\s+|roughly\s+)?$", re.IGNORECASE)  # what goes before such a length
_MONTHS = ("january|february|march|april|(?-i:May)|june|july|august|september|october|november|december|"
           "monday|tuesday|wednesday|thursday|friday|saturday|sunday")  # "May", not "you may"
# a date or a time of day: a year, a month or a weekday, "3. 24.(월)", "09:00", "9am", "오전 9시"; no year opens a
# phone number ("1588-0114", "1800-843-300"), though one opens a range of years ("2019-2020", "2019-20")
_DATE = re.compile(rf"\b(?<![\d-])(?:1\d{{3}}|20\d{{2}})s?\b(?![-‐](?!(?:1\d{{3}}|20\d{{2}}|\d{{2}})\b)\d)"
                   rf"|\b(?:{_MONTHS})\b|\d+\s*(?:년|월|일|세기|시|분기)"
                   r"|(?<![\d.])\d{1,2}\.\s\d{1,2}\.(?!\d)|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?(?:am|pm|a\.m\.|p\.m\.)"
                   r"|[월화수목금토일]요일|매주|매일|매달|매년|오전|오후|점심|아침|저녁", re.IGNORECASE)
# a number, not a digit inside a name ("2FA", "A4", "COVID19"; "9am", "10GB" and "5 km" are numbers)
# (not the number of a model's name: "LX-4200dw")
_NUMBER = re.compile(r"(?<![A-Za-z\d.,])(?<![A-Za-z]-)\d[\d,.]*+(?!(?-i:(?!GB|MB|KB|TB|AM|PM)[A-Z]{2}))"
                     r"|\b(?:one|two|twice|three|thrice|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                     r"forty|fifty|hundred|thousand|million|billion|dozen|half)\b"
                     r"|(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|스무)\s?(?:명|개|번|회|달|시간|가지|곳|살|주)", re.IGNORECASE)
_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w'’-]+")
_RATE = re.compile(r"\d[\d,.]*\s*(?:%|퍼센트|프로\b|percent\b|per\s?cent\b)", re.IGNORECASE)
_SHARE_IN_WORDS = re.compile(r"\b[a-z]+(?:-[a-z]+)?\s+(?:percent|per\s?cent)\b|(?:절반|[일이삼사오육칠팔구십]+\s*퍼센트)",
                             re.IGNORECASE)  # "two percent", "절반"
# a way to get in touch: how a question names it, and what a sentence holding one contains
_ASKED_CONTACT = {
    # not mail as a kind of something else: "email notifications", "이메일 청구서"
    "email": re.compile(r"\be-?mail(?:\s+\w*dd?res+)?\b(?!\s+(?:notifications?|alerts?|bills?|invoices?|statements?"
                        r"|receipts?|newsletters?|digests?|reminders?|updates?|verification|subscriptions?|login)\b)"
                        r"|이메일(?:\s*주소|(?!\s*(?:청구서|고지서|명세서|영수증|알림|인증|수신|구독|뉴스레터|로그인|발송)))"
                        r"|메일\s*주소", re.IGNORECASE),
    # not a phone as the way something is done or a kind of something else: "phone bookings", "phone bills"
    "phone": re.compile(r"\b(?:tele)?phone(?:\s+number)?\b(?!\s+(?:calls?|booths?|apps?|chargers?|cases?|bookings?"
                        r"|orders?|payments?|sales?|reservations?|plans?|bills?|contracts?|insurance|repairs?"
                        r"|screens?|banking)\b)"
                        # "전화번호", and the number of a line named between ("전화 예약 번호"), not a code sent
                        # by phone ("전화 인증 번호")
                        r"|\b(?:hot|help)line\b|전화\s*(?:(?!인증)[가-힣]{2,3}\s+)?번호"
                        # the main line, or a call centre's number ("대표번호", "고객센터 번호")
                        r"|대표\s*(?:전화\s*)?번호|(?:고객|콜|상담)\s*센터\s*번호|\bmain\s+number\b"
                        # "전번" as a phone number is said, not "전번에" (last time) or "충전번호"
                        r"|(?<![가-힣])전번(?=\s*(?:좀|알려|이|가|을|은|는|뭐|$|[?!.]))", re.IGNORECASE),
    # any way to get in touch, asked for as one ("contact details", "연락처", "연락 방법", "문의는 어디로"); not how
    # someone else gets in touch ("택배 기사가 연락하나요?") or how the asker is told ("결과는 어떻게 연락받나요?")
    "contact": re.compile(r"연락처|\bcontact\s+(?:details|information|info)\b|연락\s*방법|어디로\s*연락(?!받)"
                          r"|연락(?:하려면|하면\s*되|은\s*어(?:디|떻게)|을\s*어(?:디|떻게)\s*하)"
                          r"|문의(?:처|\s*방법|는\s*어디|는\s*어떻게\s*하|하려면|할\s*곳)", re.IGNORECASE),
    "web": re.compile(r"\bweb\s*(?:site|address|page)\b|\burl\b|\bhomepage\b|누리집|홈페이지|웹\s*사이트",
                      re.IGNORECASE),
}
# reaching someone, by the asker ("How can I reach you?", "the best way to contact support", "I need to speak to
# someone", "I'd like to get in touch"): a question for any way to get in touch; not reaching a place ("reach the
# reception from the car park", "reach the support page", "reach you by car"), nor someone else's doing ("Will the
# courier contact you?", "configure the bot to talk to someone")
_REACHING = re.compile(r"(?:\b(?:i|we)\s+(?:\w+\s+)?|\b(?:way|how|where|want|need|like|have|try|trying|able)\s+to\s+)"
                       r"(?P<said>(?:reach|contact|get\s+hold\s+of|talk\s+to|speak\s+(?:to|with))\s+(?:you|us|support"
                       r"|customer\s+(?:service|support|care)|(?:the\s+)?(?:support|help|service|customer\s+service)"
                       r"\s+(?:team|desk|line)|the\s+(?:office|front\s+desk|reception|staff|team)|staff|someone"
                       r"|somebody|anyone|an?\s+(?:real\s+)?(?:person|human|agent))\b|get\s+in\s+touch\b)"
                       r"(?!\s+(?:page|site|area|station|article|docs?|forum|portal|from|on\s+foot"
                       r"|by\s+(?:car|bus|train|bike|bicycle|taxi))\b)", re.IGNORECASE)
# the asker's own, or a channel: "my member email", "by email", "on the website", "change the email address",
# "제 전화번호"
_NOT_ASKED = re.compile(r"\b(?:my|our|their|his|her|by|via|through|per|to|from|on|in|at)\s+(?:\w+\s+){0,2}$"
                        r"|\b(?:change|update|edit|verify|confirm|add|remove)\s+(?:\w+\s+){0,3}$"
                        r"|(?:^|\s)(?:내|제|저의|우리)\s*$", re.IGNORECASE)
# a channel in Korean, named by the particle after it: "홈페이지에서 신청하는 방법" (on the website), "전화로 예약할 수
# 있나요?" (by phone), "이메일을 통해"
_KO_CHANNEL = re.compile(r"\s*(?:주소)?\s*(?:에서|으로|로|[을를]\s*통해)")
_CONTACT = {
    "email": MAIL_ADDRESS,
    "phone": PHONE_NUMBER,  # not a date written with hyphens ("2026-12-04")
    "web": re.compile(r"\bhttps?://\S+|\bwww\.\S+|(?<![@\w.-])[a-z][\w-]*(?:\.[\w-]+)+\.[a-z]{2,}\b",
                      re.IGNORECASE),
}
# any way to reach a person: an address to write to or a number to call; a web address is a page to read ("Open
# http://127.0.0.1:8000 in a browser" is no answer to "How can I reach you?"), asked for by its own name ("website")
_CONTACT["contact"] = re.compile(f"{_CONTACT['email'].pattern}|{_CONTACT['phone'].pattern}", re.IGNORECASE)
# the English words that name them, known even when no passage uses them (a misspelt one is read as one of these)
CONTACT_WORDS = "email e-mail address phone telephone number hotline helpline website homepage url"
# what a price is counted per ("£14.50 per day", "월 45,000원"): not what the price is of
PRICE_UNITS = ("per each day days night nights week weeks month months year years hour hours person people user users "
               "item items page pages sheet sheets 하루 일 주 달 월 년 시간 박 명 인 회 장 통 개 건")
# the words for a price itself, whichever the pages use ("비용" asked of pages saying "수수료")
PRICE_NAMES = "price cost fee charge rate 요금 가격 비용 수수료 금액 값 돈"

_WORD = re.compile(r"\w+")
# the words pages write near a way to get in touch, by kind and language: a question asking for one in its own words
# ("How can I reach you?", "What is the helpline?") also searches for them (`words_to_search`)
_NEAR_CONTACT = {
    "en": {"email": "email write contact", "phone": "phone call contact", "web": "website", "contact":
           "contact call phone email write"},
    "ko": {"email": "이메일 메일 연락", "phone": "전화 연락", "web": "홈페이지 누리집", "contact": "연락 전화 이메일 문의"},
}

# what to do: "How do I …?", "How can we …?", "How to …", "What should I do …?"; "어떻게 하나요/신청하나요", "방법"
# (not "어떻게 되나요", which asks what something is: "환불 정책은 어떻게 되나요?")
_EN_STEPS = re.compile(r"(?:^|[.!?]\s+)\W*(?:how (?:do|can|should|could|would|may|will) (?:i|we|you|one)\b|how to\b"
                       r"|what (?:should|do|must|can) (?:i|we) (?:(?:need|have|ought) to )?(?:do|try)\b"
                       # "What are the steps to …?", "What's the procedure for …?", "Walk me through …"
                       r"|what(?:'s| is| are)? (?:the )?(?:steps|process|procedure|instructions)\b"
                       r"|(?:walk|take) (?:me|us) through\b)", re.IGNORECASE)
# "어떻게 하나요?", "방법", and a question that ends on what it wants to do ("사용자를 추가하려면?": "to add a user?")
_KO_STEPS = re.compile(r"어떻게(?!\s*(?:되|돼|됩|된))|어떤\s*(?:식|방식|순서)으?로|방법|절차|는\s*법(?:[을이은도]|\s|$|[?？])|려면\s*[?？]?\s*$")
# whether a thing exists or is offered: "Is there an official mobile app for X?", "Does X have a referral program
# that …?", "Do you have cargo bikes?", "Do you sell refurbished appliances?", "Do you rent out kayaks?", "도서관에
# 카페가 있나요?"; the thing runs to the first word that is no part
# of it (a preposition, a conjunction, a relative pronoun, or the start of a clause of its own: "a database
# Tallowiki needs", "a plan my team can use")
_THING_STOP = (r"(?:for|in|at|on|to|of|if|while|when|where|that|which|who|near|with|without|or|and|but|so|from"
               r"|by|after|before|during|like|than|is|are|can|could|would|will|i|we|you|they|the|my|your|our"
               r"|their|his|her|its|it|them|this|these|those|around|along|into|onto|through|across|past)\b")
# after a thing's first word, "round" goes round something ("bring my dog round the course"); first, it is one
_THING_WORDS = (rf"((?:(?!{_THING_STOP})[\w'’-]+)(?:\s+(?!{_THING_STOP}|round\b)"
                rf"(?-i:(?![A-Z][\w'’-]*\s+(?!{_THING_STOP})[\w'’-]))[\w'’-]+){{0,2}})")
_EN_EXISTS = re.compile(rf"(?:^|[.!?]\s+)\W*(?:(?:is|are)\s+there|(?:does|do)\s+(?:[\w'’-]+\s+){{1,3}}?"
                        rf"(?:have|offer|sell|stock|carry|provide|accept|rent|lend|install|repair|service|host|teach"
                        rf"|run|organi[sz]e|arrange|make|give)"
                        rf"(?:\s+out)?)"
                        rf"\s+(?:(?:a|an|any|some)\s+)?{_THING_WORDS}", re.IGNORECASE)
# whether a plan, policy or price takes a thing in: "Are the solar panels on my roof covered?", "Does the Standard
# plan include legal cover?", "Will you pay for the special kibble my vet prescribed?", "태양광 패널도 보상되나요?"; the
# documents that never name it do not say
_EN_COVERED = re.compile(rf"(?:^|[.!?]\s+)\W*(?:is|are|will|would)\s+(?:(?:the|my|our|a|an|any)\s+)?{_THING_WORDS}"
                         rf"(?:\s+(?:on|in|at|of|from|inside|outside)(?:\s+[\w'’-]+){{1,3}}?)?\s+(?:also\s+)?"
                         rf"(?:be\s+)?(?:covered|included|insured)\b", re.IGNORECASE)
_EN_COVERS = re.compile(rf"\b(?:does|do|will|would)\s+(?:[\w'’-]+\s+){{1,3}}?"
                        rf"(?:cover|include|insure|pay\s+(?:for|towards?|out\s+for))\s+"
                        rf"(?:(?:the|my|our|a|an|any)\s+)?{_THING_WORDS}", re.IGNORECASE)
_KO_COVERED = re.compile(r"([가-힣A-Za-z0-9]+(?:이|가|도|은|는))\s*(?:(?:보험|보상|보장)\s*)?(?:보장|보상|포함|적용)"
                         r"(?:되나요|돼요|되나|됩니까|될까요|되어요|되는지|받을\s*수)")
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|tonight"
# a way to pay, asked whether it is taken: "Can I pay for a repair in monthly installments?", "Can I pay with Apple
# Pay?", "수강료를 신용카드 무이자 할부로 결제할 수 있나요?"; not when or how much ("pay in full", "pay by Friday")
_EN_PAY_WITH = re.compile(rf"\bpay(?:ing)?\s+(?:[\w'’-]+\s+){{0,5}}?(?:with|using|via|in|by)\s+"
                          rf"(?:(?:a|an|my|our)\s+)?"
                          rf"(?!(?:full|advance|person|store|total|part|parts|time|{_WEEKDAYS}|{_MONTHS})\b|\d)"
                          rf"{_THING_WORDS}", re.IGNORECASE)
_KO_PAY_WITH = re.compile(r"((?:[가-힣A-Za-z0-9]+\s+){0,2}[가-힣A-Za-z0-9]+?)(?:으로|로)\s*(?:(?:결제|지불|납부|계산)\s*가능"
                          r"|(?:결제|지불|납부|계산|내)(?:하|할|해|가|도|되|돼|는|나|면))")
# a service asked whether it is offered too: "치매 선별검사도 받을 수 있나요?", "온라인 화상 수업도 따로 운영하나요?", "개인
# PT도 가능한가요?"; the words before it that belong to no other clause, and not a span or a place ("주말에도")
_KO_OFFERED = re.compile(r"((?:[가-힣A-Za-z0-9]+\s+){0,2}[가-힣A-Za-z0-9]*[가-힣A-Za-z0-9](?<![에서로지와과고면])도)\s*"
                         r"(?:따로\s*|별도로\s*)?(?:받을\s*수\s*있|(?:운영|진행|제공)(?:하|되|돼)|가능)")
_KO_TOPIC_OR_OBJECT = re.compile(r"(?:을|를|은|는|가|에|에서|도|의)$")  # a word of its own clause, not the way to pay
# another thing asked about in the same breath: "Is there a restaurant or cafeteria in the lodge?"
_EN_OR_THING = re.compile(rf"\s+or\s+(?:(?:a|an|any|some)\s+)?{_THING_WORDS}", re.IGNORECASE)
# a Korean thing is the word before 있나요 (있어요, 있습니까, 있을까요), with the subject's particle, or before a word
# saying that it is set up there ("충전기가 설치되어 있나요?", "유아 의자가 마련돼 있나요?"), or before 되나요 ("단체 할인이
# 되나요?"), with the words before it of no other clause (`_KO_OWN_CLAUSE`: "출장 검사 서비스도"); a question may follow
# ("출장 검사 서비스도 있나요? 있으면 비용은 얼마인가요?")
_KO_EXISTS = re.compile(r"((?:[가-힣A-Za-z0-9]+\s+){0,2}[가-힣A-Za-z0-9]+(?:이|가|도))\s*"
                        r"(?:(?:설치|마련|비치|구비|준비)(?:되어|돼)\s*)?"
                        r"(?:있(?:나요|어요|습니까|을까요|나)|(?<=[이가]\s)(?:되나요|돼요|됩니까|될까요)"
                        r"|(?<=[이가])(?:되나요|돼요|됩니까|될까요))\s*(?:[?？]|$)")
# a question about a branch, an office or where a place is
_KO_PLACE_WORDS = re.compile(r"지점|매장|점포|지사|사무소|사무실|영업소|대리점|분점|본점|직영점|가맹점|센터|쇼룸|전시장"
                             r"|캠퍼스|주소")
# a cut in a price, and for whom it is ("a discount for seniors or pensioners")
_PRICE_CUTS = frozenset("discount discounts concession concessions reduction reductions".split())
_EN_FOR_WHOM = re.compile(rf"\s+for\s+(?:(?:the|a|an|any|all)\s+)?{_THING_WORDS}", re.IGNORECASE)
# a discount asked of those it is for, in Korean: "대학생이면 꽃다발 할인받을 수 있나요?", "군인도 할인되나요?" (not
# "주말에는", a time; nor an amount, "두 명 이상이면")
_KO_CUT_FOR = re.compile(r"(?<![가-힣])([가-힣]{2,}?)(?<![에서로터지])(?<!이상|이하|미만|초과)(?:이면|이라면|은|는|도)\s+"
                         r"(?:[가-힣A-Za-z0-9]+\s+){0,2}?(할인)"
                         # or a noun before it, as a discount's name: "군인 할인 되나요?", "조조할인 있어요?" (not how
                         # much, nor "주말에는 할인", "가면 할인")
                         r"|(?<![가-힣])(?!(?:추가|중복|최대|최소|별도|얼마|무슨|어떤)\s*할인)([가-힣]{2,}?)"
                         r"(?<![에서로터지면나고는은을를도의])\s*(할인)(?:이|은|도|가)?\s*(?:되|돼|가능|있|받|적용)")
# a discount asked of those it is for, in English: "Do pensioners get any money off?", "Can students get a
# discount?", "I'm a nurse - do I get a discount?" (not "Do I get a discount?", which asks of no one)
_CUTS_SAID = r"(?:(?:a|an|any|some)\s+)?(discount|concession|reduction|money\s+off)"
_EN_CUT_FOR = re.compile(rf"\b(?:do|does|can|could|will|would)\s+(?:(?:the|all|your)\s+)?"
                         rf"(?P<who>(?!(?:i|we|you|they|he|she|it|me|us)\b)[a-z][\w'’-]*)\s+(?:also\s+)?"
                         rf"(?:get|receive|qualify\s+for)\s+{_CUTS_SAID}"
                         rf"|\bI(?:'m|’m|\s+am)\s+(?:a|an)\s+(?P<one>[a-z][\w'’-]*)\b[^?]*?"
                         rf"\b(?:do|can|could|will|would)\s+I\s+(?:get|receive|qualify\s+for)\s+{_CUTS_SAID}",
                         re.IGNORECASE)
# a thing asked for "as such": "대학생 할인 같은 거 있나요?"
_KO_SUCH_AS = re.compile(r"((?:[가-힣A-Za-z0-9]+\s+){0,2}[가-힣A-Za-z0-9]+)\s+같은\s*(?:거|게|것이|것도|건)\s*"
                         r"(?:있|되|돼|가능)")
# a word ending a clause of its own before a thing asked whether there is: a particle, or a verb's ending
_KO_OWN_CLAUSE = re.compile(r"(?:을|를|은|는|가|에|에서|도|의|이나|에게|하면|으면|려면|는데|은데|인데|해서|니까|지만)$")
# a second question after it, which asks of the thing ("…, and when is it open?"), not what follows from a condition
_FOLLOW_ON = re.compile(r",?\s+and\s+(?=(?:when|what|where|which|how|who)\b)", re.IGNORECASE)
# what the question asks how to do, or whether one may do, to a thing: "How do I renew my passport?", "Can I book a
# massage at the hotel?", "여권은 어떻게 갱신하나요?", "신용점수를 조회할 수 있나요?"; the verb, a particle of it
# ("set up"), then the thing as above. A light verb makes an idiom of what follows ("get my money back", "take a day
# off") rather than name a thing acted on; an adverb between is passed over ("can I still grab").
_PARTICLES = r"(?:up|in|out|off|back|down|over|away)\b"  # of a phrasal verb, before its object or after it
_PARTICLE = re.compile(_PARTICLES, re.IGNORECASE)
_DETERMINERS = r"(?:a|an|the|my|our|your|his|her|their|its|some|any|this|that|these|those)"
_EN_ACTS = re.compile(rf"\b(?:how (?:do|can|should|could|would|may|will) (?:i|we|you|one)|how to|(?:can|could|may) "
                      rf"(?:i|we)|(?:am i|are we) (?:allowed|able) to|is it possible to)\s+"
                      rf"(?:(?:still|also|just|even|ever|really|actually|then|now|only|\w+ly)\s+)*(?P<verb>[a-z]+)\s+"
                      rf"(?:{_PARTICLES}\s+)?(?:{_DETERMINERS}\s+)?(?!{_PARTICLES})(?P<thing>{_THING_WORDS})",
                      re.IGNORECASE)
_LIGHT_VERBS = frozenset("get do have take make go be come let see keep give put".split())
# the role a person or a thing is put in, which is what the pages speak of: "How do I register my husband as a live-in
# guardian?", "남편을 상주 보호자로 등록하려면 어떻게 해요?" ask how to register a live-in guardian
_EN_AS_ROLE = re.compile(rf"\bas\s+(?:{_DETERMINERS}\s+)?{_THING_WORDS}", re.IGNORECASE)
# a deed a Korean question asks how, or whether one may, do, said as a noun and 하다: "생활관에 차 주차할 수 있나요?",
# "책을 기증하고 싶은데 받아 주나요?", "리스트를 정렬하려면?"; not one said as a condition ("이사하면") or a time ("퇴근하고 …")
_KO_DEED_ASKED = re.compile(r"(?<![가-힣])([가-힣]{2,}?)(?:하려면|할\s*수\s*(?:있|없)|해도\s*(?:되|돼)|하고\s*싶|하는\s*방법"
                            r"|할\s*방법)")
# and one said as the condition of a question asking what follows from it: "회원 탈퇴하면 남은 포인트는 어떻게 되나요?"
_KO_CONDITION = re.compile(r"(?<![가-힣])([가-힣]{2,}?)(?:하|되)면(?![가-힣])")
_KO_WHAT_FOLLOWS = re.compile(r"어떻게\s*(?:되|돼|될)")
_KO_AS_ROLE = re.compile(r"([가-힣A-Za-z0-9]+?)(?:으로|로)\s+(?:등록|지정|추가)")
# words after a thing, or after the verb, that say when, where or how it is done, not which thing: "renew my loans
# online", "apply online" (so does a word ending in -ly: "quickly", "remotely")
_WHEN_OR_WHERE = frozenset("""later online today tomorrow tonight now again instead together abroad first soon early
    yet too also anymore ahead here there ever remotely partway halfway midway overnight offline afterwards
    beforehand""".split())
# a Korean question's deed: the topic or object before 어떻게, the noun of 하다 before -려면, or the one after 어떻게
_KO_DEED = re.compile(r"([가-힣A-Za-z0-9]+?)(?:은|는|을|를)\s+어떻게|([가-힣]{2,}?)(?:하려면|하는\s*(?:방법|법))"
                      r"|어떻게\s+([가-힣]{2,}?)하(?:나요|면|죠|지|는|니|세요|나|고|여)")
# what a thing is part of: "the password on my home wifi router", "the oil in my car", "the lid of the blender"
_PART_OF = re.compile(rf"\s+(?:on|in|of)\s+(?:my|your|our|the|a|an|this|that)\s+(?P<whole>{_THING_WORDS})",
                      re.IGNORECASE)
# ways of doing a thing, which pages name in words of their own ("in the app" for "on my phone")
_CHANNELS = frozenset("""phone mobile cellphone smartphone iphone android computer laptop tablet pc mac browser app
    website site web account profile device portal""".split())
_KO_CHANNELS = frozenset("앱 어플 온라인 인터넷 홈페이지 모바일 전화 웹 웹사이트 사이트 키오스크".split())
_KO_WHICH = re.compile(r"무슨|어떤|어느|무엇|뭐|몇")  # asks which thing, not how to act on one
# a Korean thing is the word before the topic's particle ahead of 어떻게 and its verb, or before the object's ahead
# of a verb "to do" (…하려면) or "may one" (…할 수 있나요); not that of a light verb, whose topic or object is the deed
# or an idiom ("입실 수속은 어떻게 하나요?" asks how to check in, where the pages say 절차; "돈을 돌려받을 수 있나요?" asks
# for a refund)
_KO_LIGHT = r"(?:돌려)?(?:받|하|할|해|주|줄|내|낼|보|볼|쓰|쓸|가|갈|오|올)"
_KO_ACTS = re.compile(rf"([가-힣A-Za-z0-9]+?)(?:은|는)\s+어떻게\s+(?!되|돼|됩|된|{_KO_LIGHT})[가-힣]+\s*[?？]?\s*$"
                      r"|([가-힣A-Za-z0-9]+?)(?:을|를)\s+(?:[가-힣A-Za-z0-9]+\s+){0,2}"
                      rf"(?!{_KO_LIGHT}(?:을|으려면|려면|\s))[가-힣]+(?:려면|\s+수\s+있(?:나요|어요|습니까|을까요))")
# A question that asks which ("무슨 불이익이 있나요?") or what follows from a condition ("수업에 자꾸 안 나가면
# 불이익이 있나요?", "If I cancel late, is there a fee?") names the thing in its own word for what the pages tell
# another way ("2주 동안 예약할 수 없습니다"): it asks what there is, not whether.
_ASKS_WHICH_OR_AFTER = re.compile(rf"{_KO_WHICH.pattern}|[가-힣]면[\s,]|\b(?:what|which|if|when|once|whenever)\b",
                                  re.IGNORECASE)
# words that stand for no thing in particular: "Is there anywhere to leave my car?" asks about a place, in any words;
# "반값택배로 물건을 보내려면?" about any goods, which pages selling them call "상품"
_HANGUL_END = re.compile(r"[가-힣]$")
_INDEFINITE = frozenset("""anywhere anything anyone anybody somewhere something someone somebody everything way ways
    other others else more thing things one ones kind kinds sort sorts place places option options mind item items
    stuff 방법 곳 데 것 거 수 때 게 다른 뭔가 일부 일부분 전부 전체 절반 나머지 대부분 물건 물품""".split())
# what a thing asked for is like, not which thing: "Is there a cheaper option for me?" asks for a price the pages may
# give as "20 percent off" without the word
_QUALITIES = frozenset("""cheap cheaper cheapest better best faster quicker easier simpler bigger larger smaller longer
    shorter newer lower higher less good nice calmer quieter busier safer warmer cooler closer nearer earlier
    later proper decent actual special regular normal usual""".split())
# a bound on an amount, which pages write as the amount ("Is there a limit on how much I can pay in cash?": "Cash (up
# to GBP 500 per visit)"; "인원 제한이 있나요?": "최대 4명")
_BOUNDS = frozenset("""limit limits maximum minimum max cap caps ceiling restriction restrictions 제한 한도 상한 하한
    최대 최소""".split())
# the verbs instructions open with in manuals, handbooks and help pages
_INSTRUCTION_VERBS = frozenset("""
    add apply ask attach book bring call cancel change check choose click close contact copy create delete disable
    download drag drop email enable enter export fill find follow go import install invite keep leave log make mark
    move open paste pay pick place press print put read register remove renew reply report request reserve reset
    restart return run save scan search select send set share show sign start stop submit switch tap tell turn
    type update upload use visit write
    adjust align allow arrive attend avoid clean collect complete confirm connect continue cut descale detach dip
    disconnect discard dispose do drain dry empty ensure fasten fit fold give hang hold insert lift lock loosen measure
    mount navigate plug pour prepare proceed provide pull push raise reboot reconnect refill repeat replace rinse
    rotate screw scroll secure separate shake slide soak squeeze stay swap take tick tighten tilt twist uninstall
    unlock unplug unscrew verify wait wear weigh wipe wrap
    blow climb grab kneel lean sit stand swim walk wave""".split())
# an instruction's opening verb, after "First", "Then", "To cancel," or a condition ("If every dock is taken, tap …");
# not a noun phrase that a finite verb follows
# ("Pay day is the 25th", "Reset links expire after a day", "Sign-in takes a minute")
_INSTRUCTS_EN = re.compile(r"^\W*(?:(?:"
                           # where it is done: "Next to the assignment, select …", "In the app, tap …"
                           r"(?:in|on|from|under|next to|beside|via|inside)\s[^,;]{1,60},"
                           r"|(?:first|then|next|finally|now|just|simply|please|always|never|to\s[^,;]{1,60}),?"
                           r"|(?:if|when|once|whenever|after|before)\s[^,;]{1,80},"
                           # what it is for, labelled: "Bleeding: press firmly on the wound …", "Online: open the app …"
                           r"|[A-Za-z][^:;,.!?`]{0,40}:)\s+)?"
                           r"(?:(?:just|simply|then|first|now|always|never)\s+)?"  # "On a board, simply climb back on …"
                           # a column's or a label's name is no verb: "Type: Standard extension; …"
                           r"(?P<verb>[A-Za-z]+)\b(?![-'’:])(?!(?:\s+\w+)?\s+(?:is|are|was|were|has|have|had|will|can|"
                           r"may|must|should|expires?|takes?|stays?|remains?|opens?|closes?)\b)", re.IGNORECASE)
# a command with its arguments, in inline code, opening the sentence or a clause after a semicolon: "The web page
# listens on port 8000 by default; `ragloop serve --host HOST --port PORT` picks another address and port" says how
# to change the port (`tells_how`), but is no instruction (`instructs`): it tells first what is, and "How do I start
# it?" is answered by "Run `bash scripts/start.sh` …"
_OPENS_WITH_COMMAND = re.compile(r"\s*`[^`\s]+\s[^`]*`")
_CLAUSE_OPENS_WITH_COMMAND = re.compile(r"(?:[^`;]*;\s+)?\s*`[^`\s]+\s[^`]*`")
# A Korean page also tells the reader what to do by what follows when they do it, addressed to them with the
# honorific: "문자에 '1'을 회신하시면 예약이 확정되고" answers "예약을 확정하려면 어떻게 하나요?" (an English page
# says "Reply 1 to confirm"); "비가 오면 운행하지 않습니다" is about the rain, not the reader.
# what to do, said so: asked for ("…신청하세요"), or a way through menus ("마이페이지 > 결제대기 목록에서 …",
# "Settings › Account")
_TELLS_HOW = (r"(?:세요|십시오|주세요|면 됩니다)[.!]?\s*(?:\[\d+\])?\s*$"
              r"|[^\W\d_][\])」』]?\s*[>›»]\s*[\[「『]?[^\W\d_]")
# what the reader can or must do, not a condition on it ("… unless you can show you had other cover")
_INSTRUCTS_ANYWHERE = re.compile(r"(?<!\bunless )(?<!\bwhether )"
                                 r"\byou (?:can|may|need to|must|should|have to)\b|\bplease\b"
                                 # what it takes: "Cancellations require one month's notice, given by email"
                                 r"|\b(?:requires?|must be|needs? to be|has to be|have to be)\b"
                                 r"|(?:수 있습니다|야 합니다)[.!]?\s*(?:\[\d+\])?\s*$"
                                 rf"|[가-힣]시면[\s,]|{_TELLS_HOW}", re.IGNORECASE)
_TELLS_HOW_RE = re.compile(_TELLS_HOW)


# "Which port …", "What browsers …": the question asks for the thing it names before its verb, and a way to get in
# touch named after it is what it asks about ("Which port does the web page use?"), not what it asks for ("What
# support email do I write to?" asks for one); a number, a line or an address named first is one ("Which number
# should I call for phone support?")
_THING_ENDS = r"(?:is|are|was|were|does|do|did|can|could|should|would|will|has|have|kind|type|sort|i|we|you)\b"
_WHICH_THING = re.compile(rf"^\W*(?:which|what)\s+((?:(?!{_THING_ENDS})[\w'’-]+\s+){{1,4}})(?={_THING_ENDS})",
                          re.IGNORECASE)
_WAY_TO_REACH = re.compile(r"\b(?:number|line|address|contact)\s*$", re.IGNORECASE)  # "Which number do I call …?"


def asked_contact(question: str) -> tuple[str, str] | None:
    """The way to get in touch the question asks for and the words that name it ("email", "support email adress"
    -> ("email", "email adress")), or None; a question asking when or how many asks for a date or a number ("When is
    the phone line open?"), and one asking which thing, for that thing ("Which port does the web page use?")."""
    if any(pattern.search(question) for pattern in (_EN_DATE, _KO_DATE, _EN_NUMBER, _KO_NUMBER)):
        return None
    thing = _WHICH_THING.match(question)
    thing = None if thing and _WAY_TO_REACH.search(thing.group(1)) else thing
    for kind, named in _ASKED_CONTACT.items():
        for found in named.finditer(question):
            channel = kind != "contact" and _KO_CHANNEL.match(question[found.end():])
            if (not _NOT_ASKED.search(question[:found.start()]) and not channel
                    and (thing is None or found.start() < thing.end(1))):
                return kind, found.group(0)
    reaching = _REACHING.search(question)
    return ("contact", reaching.group("said")) if reaching else None


def words_to_search(question: str, terms: Callable[[str], list[str]]) -> str:
    """The words a page writes near the way to get in touch that the question asks for, those of them the question
    does not hold itself, for the keyword search: "How can I reach you?" shares "reach" with "to reach a nearby
    station" and no word with "contact Pedalo Support on 0800 555 0199"; "" for any other question."""
    asked = asked_contact(question)
    if asked is None:
        return ""
    near = _NEAR_CONTACT["ko" if language_of(question) == "ko" else "en"][asked[0]]
    held = set(terms(question))
    return " ".join(word for word in near.split() if not set(terms(word)) <= held)


def expected_kind(question: str) -> str | None:
    """"email", "phone", "web", "contact" (any of the three), "date", "price" (an amount of money, or free), "rate"
    (a percentage), "number", "name", or None when the question asks for no particular kind of answer."""
    contact = asked_contact(question)
    if contact:
        return contact[0]
    # in English the question word comes first: "How many codes do I get when I turn it on?" asks how many, and
    # "Who was king when the war began?" who
    cue = _first_english_cue(question)
    if cue:
        return None if cue == "steps" else cue
    if _KO_DATE.search(question):
        return "date"
    if _KO_RATE.search(question) and (_KO_NUMBER.search(question) or _KO_TERSE_RATE.search(question)):
        return "rate"
    if _KO_TERSE_PRICE.search(question) or (_KO_PRICE.search(question) and (
            _KO_HOW_MUCH.search(question) or (_KO_NUMBER.search(question) and not _KO_COUNTED.search(question)))):
        return "price"
    if _KO_NUMBER.search(question):
        return "number"
    return None


def search_keywords(query: str, terms: Callable[[str], list[str]]) -> str | None:
    """What the keyword search looks for, when not the query as asked: without the words that only ask ("Can you
    tell me", "What does … mean") or ask for a quantity the answer does not name so ("how long": a page's "how
    long each one takes" is no duration; "how old" stays, for "18 years old"), with those a page writes beside the
    way to get in touch asked for in other words ("How can I reach you?": contact, call, phone …); None when that
    is the query itself or holds no term."""
    asked = _UNSAID_QUANTITY.sub(lambda found: found.group(0).split()[0], query)
    keywords = f"{without_request_words(asked)} {words_to_search(query, terms)}".strip()
    return keywords if keywords != query and terms(keywords) else None


def without_request_words(question: str) -> str:
    """The question without the words that only ask to be told ("Can you tell me", "please", "방법을 알려 주세요"):
    "지하철로 가는 방법을 알려 주세요" is about the subway, and a passage saying which exit to take holds none of "방법",
    "알리" and "주"; counted, they made it look like a passage holding a quarter of the question. So are the words
    asking what a word means ("What does the confidence score mean?": a page's "what a question means" is not about
    it)."""
    return _MEANING_WORDS.sub(lambda found: f"{found.group(1) or ''} ", _REQUEST_WORDS.sub(" ", question))


def without_quantity_word(question: str) -> str:
    """The question without the word asking for a quantity ("how long", "how many", "how often"): the sentence
    answering "How long are backup archives kept?" says "14 days", and one holding "long" ("`retention_days` sets
    how long archives are kept") names what was asked without answering it."""
    return _EN_QUANTITY_WORD.sub(lambda found: found.group(0).split()[0], question)


def asks_meaning(question: str) -> bool:
    """Whether the question asks what a word means ("What does the confidence score mean?", "퍼센트 숫자는 뭘 뜻하는
    거예요?"): a sentence that says so (`defines`) answers it, not one naming the word in passing ("Every answer
    … shows a confidence score")."""
    return bool(_MEANING_WORDS.search(question))


def defines(sentence: str) -> bool:
    """Whether a sentence says what something means: "X means …", "X: the …", "…을 뜻하며"."""
    return bool(_DEFINES.search(sentence))


def asks_duration(question: str) -> bool:
    """Whether the question asks how long something lasts or takes ("How long do the tours last?", "배송은 얼마나
    걸리나요?"), not when ("how long ago")."""
    return bool(_ASKS_DURATION.search(question))


def asks_measure(question: str) -> bool:
    """Whether the question asks how heavy, how big or how long a thing may be ("기내 휴대 수하물의 무게 제한은
    얼마인가요?", "What is the weight limit for hand luggage?", "How big can my suitcase be?"): a measure, which
    "얼마" asks for as well as a price."""
    return bool(_ASKS_MEASURE.search(question))


def holds_measure(sentence: str) -> bool:
    """Whether the sentence gives a measure: a number with its unit of weight, length, volume or size ("무게는 10kg
    이하", "up to 115 cm", "2 GB")."""
    return bool(_MEASURE.search(sentence))


def asks_frequency(question: str) -> bool:
    """Whether the question asks how often ("How often is mail forwarded?", "셔틀버스는 얼마나 자주 다니나요?")."""
    return bool(_ASKS_FREQUENCY.search(question))


def holds_frequency(sentence: str) -> bool:
    """Whether the sentence says how often ("Mail is forwarded every Thursday", "twice a month", "매주 목요일",
    "3개월마다"), which may hold no number."""
    return bool(_FREQUENCY.search(sentence))


# the weather on a day to come: "Will it rain in Manchester tomorrow afternoon?", "What's the weather forecast for
# Bristol this weekend?", "이번 주말에 서울 비 온대요?", "내일 날씨 어때요?" (not "What is the climate of Fresno like?")
_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_SOON = (rf"(?:today|tomorrow|tonight|this\s+(?:weekend|week|afternoon|morning|evening|{_DAY})|next\s+(?:week|{_DAY})"
         rf"|on\s+{_DAY})")
_ASKS_FORECAST = re.compile(rf"\b(?:will\s+it|is\s+it\s+going\s+to|is\s+it\s+gonna)\s+(?:be\s+)?"
                            rf"(?:rain|snow|sunny|windy|stormy|cold|hot|warm|wet|dry)"
                            rf"|\bweather\s+forecast\b|\b(?:weather|forecast)\b.*\b{_SOON}\b"
                            rf"|\b{_SOON}\b.*\b(?:weather|forecast)\b"
                            r"|(?:오늘|내일|모레|이번\s*주|주말|다음\s*주|[월화수목금토일]요일)[^?？]*(?:날씨|일기\s*예보"
                            # asked, not a condition ("주말에 비 오면 환불되나요?")
                            r"|[비눈]\s*(?:가\s*|이\s*)?(?:온대|올까|오나요|와요|온다|오려나|올\s*(?:것|거|예정)))"
                            r"|일기\s*예보", re.IGNORECASE)
_FORECAST_WORDS = {"en": ("forecast", "weather forecast"), "ko": ("예보", "일기예보")}
_WEATHER_AS_CONDITION = re.compile(r"\b(?:if|when|in\s+case)\b[^?]*\b(?:weather|rains?|snows?)\b", re.IGNORECASE)


def forecast_word(question: str) -> tuple[str, str] | None:
    """The word of a forecast and the words to show for it ("forecast", "weather forecast"; "예보", "일기예보") when the
    question asks for the weather on a day to come, which only pages giving forecasts answer ("We play in most
    weather" does not say whether it will rain tomorrow); None otherwise, and when the weather is a condition ("What
    happens to my tee time if the weather is bad tomorrow?")."""
    if not _ASKS_FORECAST.search(question) or _WEATHER_AS_CONDITION.search(question):
        return None
    return _FORECAST_WORDS["ko" if re.search(r"[가-힣]", question) else "en"]


def asks_place(question: str) -> bool:
    """Whether the question asks where ("Where are the log files?", "여권 신청은 어디에서 접수하나요?", "청소년문화의집
    위치"), not anywhere ("어디서나")."""
    return bool(_ASKS_PLACE.search(question))


def holds_place(sentence: str) -> bool:
    """Whether the sentence says where: a floor, a room, a desk, an address, a path in an app or on a disk ("The
    Rental Shop is on the lower level of the Base Lodge", "여권민원실은 본관 2층에 있습니다", "under Profile >
    Privacy", "`/var/log/app.log`")."""
    return bool(_PLACE.search(sentence))


def asks_clock_time(question: str) -> bool:
    """Whether the question asks for a time of day: opening hours, what time, how late ("몇 시까지 하나요?")."""
    return bool(_ASKS_CLOCK_TIME.search(question))


def holds_clock_time(sentence: str) -> bool:
    """Whether the sentence gives a time of day ("Saturday: 10:00 to 16:00", "until 9pm", "오후 7시 마감"); a year
    ("open since 1998") is none."""
    return bool(_CLOCK_TIME.search(sentence))


def holds_duration(sentence: str) -> bool:
    """Whether the sentence gives a length of time ("about 60 minutes", "3 working days", "2주 동안"), not a time
    of day or a date ("at 11:00", "25일까지")."""
    return bool(_DURATION.search(sentence))


_MEASURES = r"(?:무게|중량|크기|용량|길이|높이|너비|부피|규격|사이즈|weight|size|length|height|width|dimensions?|capacity)"
_ASKS_MEASURE = re.compile(rf"{_MEASURES}\S*\s*(?:(?:제한|한도|기준|허용량?|최대)\S*\s*)?(?:은|는|이|가)?\s*(?:얼마|몇)"
                           rf"|\b(?:max(?:imum)?|allowed)\s+(?:[a-z-]+\s+)?{_MEASURES}"
                           rf"|{_MEASURES}\s+(?:limits?|allowance|restrictions?)\b"
                           r"|\bhow\s+(?:heavy|big|large|tall|wide)\s+(?:can|may|is|are|should|must)\b", re.IGNORECASE)
_MEASURE = re.compile(r"\d+(?:[.,]\d+)?\s*(?:kg|g|lbs?|pounds?|cm|mm|m|km|in(?:ch(?:es)?)?|ft|feet|l|ml|liters?|litres?"
                      r"|gb|mb|tb|kb|킬로그램|그램|센티미터|미터|리터|인치)(?![A-Za-z])", re.IGNORECASE)
_ASKS_PLACE = re.compile(r"(?:^|[.!?,]\s*)\W*where\b|어디(?!든|나|서나|에서나|에나|서든)|위치(?:는|가)?\s*(?:[?？]|$)"
                         # a street address: "What is the address of the South Beach Kiosk?", "성수점 주소가 …"
                         r"|(?<!mail\s)(?<!web\s)(?<!ip\s)\baddress(?:es)?\b(?!\s+bar)"
                         r"|(?<!메일)(?<!메일\s)(?<!웹)(?<!웹\s)(?<!이지)(?<!이지\s)(?<!IP)(?<!IP\s)주소",
                         re.IGNORECASE)
_PLACE = re.compile(
    r"\b(?:\d+(?:st|nd|rd|th)\s+floor|(?:ground|first|second|third|top|lower|upper|main|basement)\s+(?:floor|level)"
    r"|floor\s+\d|level\s+\d|room\s+\d+|next\s+to|opposite|across\s+from|beside|located|entrance|lobby|counter"
    r"|front\s+desk|reception\s+desk|nearest|nearby|(?:a)?round\s+the\s+corner|walking\s+distance"
    r"|\d+[-\s]minutes?(?:['’]s?)?\s+walk"  # "a 3-minute walk away"
    r"|(?-i:\d+(?:\s+[A-Z][a-z]+){1,3}\s+(?:Road|Street|Avenue|Lane|Drive|Way|Rd|St|Ave)))\b"
    r"|\s>\s|(?:^|[\s`(])[/~][\w.-]+/[\w./-]*"  # a path in an app's menus, a file's path
    r"|(?:지하\s*)?\d+\s*층|지하|\d+\s*호(?:실|관)?\b|[가-힣]+(?:실|관|센터|창구|로비|건물|입구|데스크|사무소|사무실)"
    r"(?:에서|에|으로|로)(?![가-힣])|에\s*(?:있|위치)|[가-힣]+로\s*\d+(?:번길)?\b", re.IGNORECASE)
# how often: "How often is mail forwarded?", "얼마나 자주 하나요?", "점검 주기는 어떻게 되나요?"
_ASKS_FREQUENCY = re.compile(r"\bhow\s+(?:often|frequently)\b|\bhow\s+many\s+times\s+(?:a|an|per|each|every)\b"
                             r"|얼마나\s*자주|(?:주기|빈도)(?:는|가)?\s*(?:[?？]|$|어떻게|얼마)", re.IGNORECASE)
# a sentence saying how often: "every Thursday", "weekly", "twice a month", "매주 목요일", "3개월마다", "월 1회"
_FREQUENCY = re.compile(
    r"\b(?:every|each)\s+(?:(?:\d+|other|two|three|four|six|twelve)\s+)?(?:\w+day|day|week|month|year|hour|minute"
    r"|morning|evening|night|weekend|quarter|term|season)s?\b"
    r"|\b(?:hourly|daily|nightly|weekly|fortnightly|biweekly|monthly|quarterly|yearly|annually|semiannually)\b"
    r"|\b(?:once|twice|(?:\d+|three|four|five|six)\s+times)\s+(?:a|an|per|each|every)\s+\w+"
    r"|매(?:일|주|달|월|년|시간|분기|학기)|격(?:주|월|일)|\d+\s*(?:시간|일|주|개월|달|년)\s*마다"
    r"|(?:하루|주|월|연|년|매주|매월)\s*(?:\d+|한|두|세)\s*(?:회|번)|(?:주|달|월|년)에\s*(?:\d+|한|두|세)\s*(?:번|회)",
    re.IGNORECASE)
_AMOUNT_AFTER_SIGN = re.compile(r"[$€£₩¥₹]\s*\d[\d,.]*|\b(?:USD|EUR|KRW|GBP|JPY)\s*\d[\d,.]*")


def without_prices(sentence: str) -> str:
    """The sentence without the amounts of money it names."""
    return _PRICE.sub(" ", _AMOUNT_AFTER_SIGN.sub(" ", sentence))


def without_reductions(sentence: str) -> str:
    """The sentence without the amounts it takes off a price ("you get £30 off a Full Fit", "5,000원 할인"): what
    something costs is not what a customer saves on it."""
    return _REDUCTION.sub(" ", sentence)


def asks_reduction(question: str) -> bool:
    """Whether the question asks about a cut in a price ("How much is the student discount?", "할인은 얼마나 돼요?")."""
    return bool(_REDUCTION_ASKED.search(question))


_REDUCTION = re.compile(r"(?:[$€£₩¥₹]\s*\d[\d,.]*|\d[\d,.]*\s*(?:%|percent\b|(?:만|천)?\s*원|euros?\b|pounds?\b"
                        r"|dollars?\b))\s*(?:off\b|discount\b|reduction\b|cheaper\b|할인|적립)", re.IGNORECASE)
_REDUCTION_ASKED = re.compile(r"\b(?:discounts?|off|reductions?|concessions?|save|saving|cheaper)\b|할인|적립",
                              re.IGNORECASE)


def holds_time_from_now(sentence: str) -> bool:
    """Whether the sentence says when by a length of time from something ("Session tokens expire after 30 days",
    "within 5 working days", "at least 48 hours before your appointment"), which answers "when" as a date does."""
    return any(_FROM_NOW.search(sentence[:found.start()]) for found in _DURATION.finditer(sentence))


def asks_price(question: str) -> bool:
    """Whether the question asks what something costs."""
    return expected_kind(question) == "price"


def names_money(question: str) -> bool:
    """Whether a question asking for a price names money ("cost", "fee", "요금" …): "How much is the rabies
    vaccination?" and "유효 시간은 얼마인가요?" ask a price, or any amount, without (`_EN_MONEY`, `_KO_MONEY`)."""
    if not asks_price(question):
        return False
    if _HANGUL.search(question):
        return bool(_KO_MONEY.search(question) or _KO_TERSE_PRICE.search(question))
    return bool(_EN_MONEY.search(question))


def price_words(question: str) -> str:
    """The words naming the price a question asks for ("cost" of "guest pass cost", "가격" of "헬스 1일권 가격"),
    "" when it asks no price: a line holding the price holds them ("1일권: 4,000원" answers "1일권 가격"), as one
    holding an address holds "email" (`asked_contact`)."""
    return " ".join(found.group(0) for found in _PRICE_WORD.finditer(question)) if asks_price(question) else ""


def holds_count_asked(question: str, sentence: str) -> bool:
    """Whether a Korean question asking a count by its counter ("몇 점", "몇 명", "몇 층"; "며칠", days) is answered in
    the sentence by a number with that counter ("80점 이상", "최소 3일부터"): a number of anything else answers another
    question."""
    counters = {same for found in _KO_COUNTER_ASKED.finditer(question)
                for same in _SAME_COUNTERS.get(found.group(1), (found.group(1),))} | (
        {"일"} if "며칠" in question else set())
    return any(re.search(_COUNTED.get(counter, r"\d\s*" + re.escape(counter)), sentence) for counter in counters)


_KO_COUNTER_ASKED = re.compile(r"몇\s*(점|명|층|개|번|회|대|장|권|살|세|매|건|곳|잔|인분|박|평|칸|석|줄|km|kg|cm|m"
                               r"|시(?!간))")
_COUNTED = {"시": r"\d\s*시(?!간)|(?<!\d)\d{1,2}:\d{2}(?!\d)",  # "몇 시": "오전 8시", "09:00", not "2시간"
           "일": r"\d\s*일(?!요일)"}  # "며칠": "3일", not a weekday
# counters that count the same: "몇 명" is answered by "4인", "몇 번" by "2회", "몇 개" by "3가지"
_SAME_COUNTERS = {"명": ("명", "인", "분"), "번": ("번", "회", "차례"), "회": ("회", "번", "차례"),
                  "개": ("개", "가지", "종"), "살": ("살", "세"), "세": ("세", "살"), "장": ("장", "매"),
                  "매": ("매", "장"), "곳": ("곳", "군데", "개소")}


def asks_for_a_person(question: str) -> bool:
    """Whether the question asks for a person's name by the role held ("Who is the head coach?", "대표이사는
    누구인가요?"): only a passage naming someone answers it (`core.pii.names_a_person`)."""
    return bool(_EN_PERSON.search(question) or _KO_PERSON.search(question))


def places_asked(question: str) -> list[str]:
    """The places a Korean question asks about a branch, an office or a place at (`_KO_PLACE_WORDS`, or a branch's
    name: "송도점"): the proper nouns Kiwi reads in it, a branch's without its 점 ("부산", "서면" of "부산 서면 쪽에도
    지점이 있나요?"; "송도" of "송도점 운영 시간"); [] for any other question. Pages that name no such place do not
    say what is there: a study café's four branches in Seoul were the answer to one in Busan."""
    if language_of(question) != "ko" or not (_KO_PLACE_WORDS.search(question) or "점" in question):
        return []  # (no question the analyser need read again)
    names = korean_proper_nouns(question)
    branches = {name for name in names if len(name) > 2 and name.endswith("점")}
    if not (branches or _KO_PLACE_WORDS.search(question)):
        return []
    places = (name[:-1] if name in branches else name for name in names)
    return list(dict.fromkeys(place for place in places if len(place) > 1))  # (not a syllable Kiwi read alone)


def topics_asked(question: str) -> list[list[str]]:
    """The words of each topic of a Korean question, the nouns it marks with 은/는 ("신용카드로 결제하면 무이자 할부는
    몇 개월까지 되나요?": 무이자, 할부); [] for any other question."""
    if language_of(question) != "ko" or not ("은" in question or "는" in question):
        return []  # (no question the analyser need read again)
    return [topic.split() for topic in korean_topics(question)]


def people_named(question: str) -> list[str]:
    """The Korean names a question writes beside a title or a role ("김태호 플로리스트는 어떤 일을 맡고 있나요?":
    김태호), not an everyday noun before one ("전문가 상담사", "신입생 담당자"). Pages that never write the name do
    not say what that person does: the shop's work was the answer to a florist it never names."""
    return [name for name in korean_names(question) if not korean_everyday_word(name)]


def holds_kind(question: str, sentence: str) -> float:
    """1 when the sentence holds an answer of the kind the question asks for (one the question did not give
    itself), 0 when it holds none, 0.5 when the question asks for no particular kind."""
    kind = expected_kind(question)
    if kind is None:
        return 0.5
    if kind == "number" and asks_frequency(question) and holds_frequency(sentence):
        return 1.0  # how often, said without a number: "every Thursday"
    pattern = {"date": _DATE, "price": _PRICE, "rate": _RATE, "number": _NUMBER, "name": _NAME, **_CONTACT}[kind]
    given = {word.lower() for word in _WORD.findall(question)}
    return float(any(not _given(found.group(0).lower().strip(), given) for found in pattern.finditer(sentence)))


def gives_price(question: str, text: str) -> bool:
    """Whether a text gives the price a question asks for: an amount of money, none at all, or a share of one
    ("How much did the ticket price go up this year?": "Ticket prices rose by about three percent")."""
    return bool(holds_kind(question, text)) or bool(_RATE.search(text) or _SHARE_IN_WORDS.search(text))


def _given(found: str, given: set[str]) -> bool:
    """Whether the question gave `found` itself: one of its words, or in Korean part of one ("무료" of "무료배송 기준
    금액은 얼마인가요?", which asks the amount, not whether delivery is free)."""
    return found in given or (bool(_HANGUL.search(found)) and any(found in word for word in given))


def _first_english_cue(question: str) -> str | None:
    """The kind whose English question word comes first ("How many codes do I get when I turn it on?" asks how many,
    "Who was king when the war began?" who), "steps" when that is "How do I …" and the like ("How do I reset it when
    I forget it?" asks what to do, not when); after a clause opening with its verb, a "when" is part of what it asks
    ("I'm 70 - do I still have to pay when I bring books back late?" asks whether, not when)."""
    cues = [(found.start(), order, kind) for order, (kind, pattern) in enumerate(
        (("steps", _EN_STEPS), ("date", _EN_DATE), ("price", _EN_PRICE), ("rate", _EN_RATE), ("number", _EN_NUMBER),
         ("name", _EN_NAME)))
        for found in [pattern.search(question)] if found]
    whether = _EN_YES_OR_NO.search(question)
    if whether:  # its "when" is a clause of it; a question after it ("…, and how much does it cost?") still asks
        cues = [cue for cue in cues if cue[2] != "date" or cue[0] < whether.start()]
    return min(cues)[2] if cues else None


def asked_to_exist(question: str) -> list[str]:
    """The words of the thing whose existence the question asks about ("Is there an official mobile app for
    Bramblenote?": official, mobile, app; "도서관에 카페가 있나요?": 카페가, its particle for the analyser to part),
    as typed; [] when it asks no such thing. Whether a thing exists is for the documents to say: one they never
    name, they do not say. The first of things asked about together (`alternatives_asked_to_exist`)."""
    return next(iter(alternatives_asked_to_exist(question)), [])


def alternatives_asked_to_exist(question: str) -> list[list[str]]:
    """The words of each thing whose existence the question asks about, one named after another with "or" ("Is there
    a restaurant or cafeteria in the Base Lodge, and when is it open?": [restaurant], [cafeteria]): the documents
    speak of it when they name either. A second question after it asks of the thing, not what follows from a
    condition ("If I cancel late, is there a fee?"). A way to get in touch is held by a passage holding one, whatever
    its word ("Is there a helpline?"), unless the thing is another one named after it ("cell phone reception"). A way
    to pay is asked about so too ("Can I pay in monthly installments?": whether they are taken)."""
    found = (_EN_EXISTS.search(question) or _KO_EXISTS.search(question) or _EN_PAY_WITH.search(question)
             or _KO_PAY_WITH.search(question) or _EN_COVERED.search(question) or _EN_COVERS.search(question)
             or _KO_COVERED.search(question) or _KO_OFFERED.search(question) or _KO_SUCH_AS.search(question))
    if not found and (cut_for := _KO_CUT_FOR.search(question)):  # (whom it is for is no condition to answer)
        return [[word for word in cut_for.groups() if word]]
    if not found and (cut_for := _EN_CUT_FOR.search(question)):
        who, *_, cut = [word for word in cut_for.groups() if word]
        return [[who, "discount" if cut.casefold().startswith("money") else cut]]
    # (a Korean question after it asks of the thing: "있나요? 있으면 비용은 얼마인가요?")
    asked = question[:found.end()] if found and found.re in (_KO_EXISTS, _KO_SUCH_AS) else question
    if not found or (_ASKS_WHICH_OR_AFTER.search(_FOLLOW_ON.split(asked, 1)[0]) and not _cut_for_whom(found)):
        return []
    contact = asked_contact(question)
    if contact and found.group(1).split()[-1].casefold() in contact[1].casefold().split():
        return []
    thing = found.group(1).split()
    if found.re in (_KO_PAY_WITH, _KO_OFFERED):  # "수강료를 신용카드 무이자 할부로": the words after another clause's
        before = thing[:-1] if found.re is _KO_OFFERED else thing  # "선별검사도" is the thing itself
        thing = thing[max((n + 1 for n, word in enumerate(before) if _KO_TOPIC_OR_OBJECT.search(word)), default=0):]
    elif found.re in (_KO_EXISTS, _KO_SUCH_AS):  # (a word of one syllable before it says what it is like: "빈 자리가")
        thing = _past_other_clauses(thing)
        # a way or a place to do something is asked in any words ("돈이 안 나가게 할 방법이 있나요?"), and a bound
        # is written as the amount ("인원 제한이 있나요?": "최대 4명")
        indefinite = thing[-1][:-1] in _INDEFINITE | _BOUNDS
        thing = [word for word in thing[:-1] if len(word) > 1 and not indefinite] + thing[-1:]
    if found.re in (_EN_PAY_WITH, _KO_PAY_WITH) and thing and thing[-1].casefold() in _CHANNELS | _KO_CHANNELS:
        return []  # where one pays ("by phone", "앱으로"), which pages tell in words of their own ("call us")
    things, first = [" ".join(thing)], found
    while found.re in (_EN_EXISTS, _EN_PAY_WITH, _EN_COVERS) and (found := _EN_OR_THING.match(question, found.end())):
        things.append(found.group(1))
    if first.re is _EN_EXISTS and thing[-1].casefold() in _PRICE_CUTS:
        # a discount is asked of whom it is for: "Do you offer a discount for seniors or pensioners?" (students'
        # 10 % off does not answer it)
        groups, found = [], _EN_FOR_WHOM.match(question, first.end())
        while found:
            groups, found = [*groups, found.group(1)], _EN_OR_THING.match(question, found.end())
        things = [f"{thing} {group}" for thing in things for group in groups] or things
    words = [[word for word in thing.split() if word.casefold() not in _INDEFINITE | _QUALITIES | _BOUNDS
              and not (_HANGUL_END.search(word) and word[:-1] in _INDEFINITE | _BOUNDS)] for thing in things]
    return words if all(words) else []


def _past_other_clauses(words: list[str]) -> list[str]:
    """The words of a Korean thing after the last that ends a clause of its own (`_KO_OWN_CLAUSE`): "출장 검사
    서비스도" of "검사하면 출장 검사 서비스도"."""
    return words[max((n + 1 for n, word in enumerate(words[:-1]) if _KO_OWN_CLAUSE.search(word)), default=0):]


def _cut_for_whom(found: re.Match) -> bool:
    """Whether the thing asked whether there is is a discount named by those it is for ("단체로 검사하면 단체 할인이
    되나요?", "If we come as a group, is there a group discount?"): a condition before it does not stand for it."""
    words = _past_other_clauses(found.group(1).split())
    last = words[-1][:-1] if _HANGUL_END.search(words[-1]) and words[-1][-1] in "이가도" else words[-1]
    return len(words) > 1 and (last.casefold() in _PRICE_CUTS or last == "할인")


def _what_names(words: list[str]) -> list[str]:
    """Of the words naming a thing, those that say which: the last, after any word saying when, where or how is set
    aside ("apply online", "close my account quickly"), and any name before it ("a flat tire" is a tire, "PowerPoint
    slides" PowerPoint's)."""
    while words and (words[-1].casefold() in _WHEN_OR_WHERE or words[-1].casefold().endswith("ly")
                     or _PARTICLE.fullmatch(words[-1])):
        words = words[:-1]
    return [word for word in words[:-1] if not word.islower()] + words[-1:]


def part_of(question: str) -> list[str]:
    """The words of what the thing a question asks how to act on is part of ("How do I reset the password on my home
    wifi router?": router; "How do I change the oil in my car?": car), as typed, or []. Documents that name none of
    them speak of another thing of the same name (the password of an online account). Not a way of doing it, which
    pages name in words of their own ("on my phone", "in the app", "on the website": `_CHANNELS`)."""
    found = _EN_ACTS.search(question)
    if not found or found.group("verb").casefold() in _LIGHT_VERBS:
        return []
    whole = _PART_OF.match(question, found.end("thing"))
    words = _what_names(whole.group("whole").split()) if whole else []
    named = [word for word in words if word.casefold() not in _INDEFINITE | _QUALITIES | _BOUNDS]
    return [] if not named or named[-1].casefold() in _CHANNELS else named


def deeds_asked(question: str) -> list[str]:
    """The nouns of the deeds a Korean question asks how, or whether one may, do ("주차할 수 있나요?": 주차; "기증하고
    싶은데": 기증), or asks what follows from ("탈퇴하면 … 어떻게 되나요?": 탈퇴), as typed; [] for none. The caller
    checks each is a noun: "좋아하려면" is no "좋아" and 하다."""
    conditions = _KO_CONDITION.finditer(question) if _KO_WHAT_FOLLOWS.search(question) else ()
    return [found.group(1) for found in (*_KO_DEED_ASKED.finditer(question), *conditions)]


def acted_on(question: str) -> list[str]:
    """The words of the thing the question asks how to act on, or whether one may ("How do I renew my passport?":
    passport; "Can I book a sports massage?": massage; "Can I upload PowerPoint slides?": PowerPoint, slides; "김치찌개는 어떻게
    끓이나요?": 김치찌개), as typed; [] when it names none. A role it is put in is what is acted on ("register my husband as a
    live-in guardian": guardian; "남편을 상주 보호자로 등록": 보호자). Documents that name none of its words do not tell how to act on
    it, whichever of their verbs it shares ("Student status must be renewed every 12 months" for the passport)."""
    found = _EN_ACTS.search(question)
    if found and found.group("verb").casefold() not in _LIGHT_VERBS:
        role = _EN_AS_ROLE.search(question, found.start("thing"))
        words = _what_names((role.group(1) if role else found.group("thing")).split())
    elif (korean := _KO_ACTS.search(question)) and not _KO_WHICH.search(question):
        role = _KO_AS_ROLE.search(question, korean.end(2)) if korean.group(2) else None
        words = [role.group(1) if role else korean.group(1) or korean.group(2)]
    else:
        return []
    return [word for word in words if word.casefold() not in _INDEFINITE | _QUALITIES | _BOUNDS]


def asked_verb(question: str) -> str | None:
    """The verb of the deed the question asks how to do, or whether one may ("How do I cancel my booking online?":
    cancel), as typed; None when it asks no such thing or its verb is a light one ("How do I get my money back?")."""
    found = _EN_ACTS.search(question)
    return found.group("verb") if found and found.group("verb").casefold() not in _LIGHT_VERBS else None


def situation_told(question: str) -> str:
    """The clause a Korean question opens with to tell the asker's situation, up to its last 는데, 은데 or 인데 ("회사
    사람들 12명이서 가려는데" of "… 단체 예약은 어떻게 하나요?"); "" when it has none."""
    found = _KO_SITUATION.match(question)
    return found.group(0) if found else ""


_KO_SITUATION = re.compile(r".*[가-힣](?:는데|은데|인데|던데)요?,?\s+(?=\S)")


def korean_deed(question: str) -> list[str]:
    """The words a Korean question asking how names its deed by, the word before its noun too ("사고 신고는 어떻게
    하면 되나요?": 사고, 신고; "반품하려면 어떻게 해요?": 반품; "… 어떻게 예약하나요?": 예약), or []. The word
    before may be no noun ("왔는데"): the caller keeps it only when it is one."""
    found = _KO_DEED.search(question)
    if not found:
        return []
    noun = next(word for word in found.groups() if word)
    before = question[:found.start(found.lastindex)].split()
    spaced = found.lastindex < 3 and question[found.start(found.lastindex) - 1].isspace()
    return [before[-1], noun] if before and spaced else [noun]


# a heading naming a deed: "How to …" or "To …" and its verb, or a verb opening it alone or before a determiner or a
# preposition (`task_heading`)
_TASK_HEADING = re.compile(r"^\W*(?:(?:how\s+to|to)\s+[A-Za-z]+|[A-Za-z]+(?:\s*$|\s*[:(–—-]|\s+(?:a|an|the|your|my|our"
                           r"|their|its|this|these|that|those|for|to|with|by|from|on|in|at|online|up|out|off|back)\b"
                           # two deeds: "Changing or cancelling an order", "Cancel or change a booking"
                           r"|\s+(?:or|and)\s+(?:[A-Za-z]+ing\b|[A-Za-z]+\s+(?:a|an|the|your|my|our|their|its)\b)))",
                           re.IGNORECASE)


def task_verbs(text: str) -> list[str]:
    """The words of a heading or a line that name a deed by an instruction's verb, in any form ("Changing your
    booking": Changing, booking; "To cancel:": cancel), as typed. The noun a verb also is counts ("booking"): what
    matters is which deeds the text names. A verb saying only to do what follows names none ("In an emergency,
    follow this order:")."""
    return [word for word in re.findall(r"[A-Za-z]+", text)
            if _verb_of(word.casefold()) in _INSTRUCTION_VERBS - _DOING_WHAT_FOLLOWS]


_DOING_WHAT_FOLLOWS = frozenset("follow proceed repeat continue do".split())


def task_heading(heading: str) -> str:
    """The heading when it reads as a deed to do, else "": "How to Reserve Online", "To cancel", "Changing your
    booking", "Booking a class", "Cancelling", "Changing or cancelling an order"; not "Booking Window and Length of
    Stay", whose first word names a thing, nor "Cancellations and refunds", "Booking and payment"."""
    return heading if _TASK_HEADING.match(heading) else ""


def _verb_of(word: str) -> str:
    """An English word's verb, read off its -ing or -s form ("cancelling" -> cancel, "changing" -> change, "books" ->
    book); the word itself otherwise."""
    for stem in ((word[:-3], word[:-3] + "e", word[:-4]) if word.endswith("ing") else
                 (word[:-1],) if word.endswith("s") else ()):
        if stem in _INSTRUCTION_VERBS:
            return stem
    return word


def asks_steps(question: str) -> bool:
    """Whether the question asks what to do ("How do I …?", "설치는 어떻게 하나요?") rather than for a particular kind
    of answer (a way to get in touch, a price, a date …)."""
    return expected_kind(question) is None and bool(_EN_STEPS.search(question) or _KO_STEPS.search(question))


def instruction_verb(sentence: str) -> str | None:
    """The verb an English instruction opens with ("Add `--json` to …" -> "Add"), or None."""
    opening = _INSTRUCTS_EN.match(sentence)
    return opening.group("verb") if opening and opening.group("verb").lower() in _INSTRUCTION_VERBS else None


def tells_how(sentence: str) -> bool:
    """Whether a sentence says what to do, not only that it can or must be done: it opens with an instruction's verb
    ("Open …") or the command that does it, asks it of the reader ("…신청하세요", "…정하면 됩니다") or names the way
    through menus ("앱 [내 카드] > [카드 등록]에서 …"). "회원카드는 수령 후 반드시 등록해야 사용할 수 있습니다" tells
    that a card must be registered, not how."""
    return bool(instruction_verb(sentence) or _TELLS_HOW_RE.search(sentence)
                or _CLAUSE_OPENS_WITH_COMMAND.match(sentence))


def says_what_to_do(sentence: str) -> bool:
    """Whether a sentence is a step: it tells the reader to do something, opening with an instruction's verb
    ("Press …"), asking it of them ("…누르세요") or in a Korean list's plain form; not a sentence naming a command
    and what it does, nor one saying only what they can do."""
    return bool(instruction_verb(sentence) or _TELLS_HOW_RE.search(sentence) or korean_instruction(sentence))


def instructs(sentence: str) -> float:
    """1 when the sentence tells the reader what to do: it opens with an instruction's verb ("Open …", "Then run
    …", "To cancel, write …"), says what they can or must do ("You can pay by card", "…신청하세요"), opens with
    the command that does it ("`ragloop users grant USER NAME` gives a user access …", "`ragloop users add 이름`은
    사용자를 추가합니다"), or is a Korean list's step in a plain form ("송장을 떼고 펼치기", `korean_instruction`);
    else 0."""
    return float(bool(instruction_verb(sentence) or _INSTRUCTS_ANYWHERE.search(sentence)
                      or _OPENS_WITH_COMMAND.match(sentence)
                      or korean_instruction(sentence)))


# a number as a question or a page writes it: "60", "1,500", "2.5"; in a question not a year, a time of day, an
# ordinal ("13th") or part of a name
_NUMBER_SAID = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_QUESTION_NUMBER = re.compile(rf"(?<![\w.,:$€£₩¥/-])({_NUMBER_SAID})(?![\w.,:]*\d)"
                              r"(?!\s*(?:[:시월년]|am\b|pm\b)|st\b|nd\b|rd\b|th\b)", re.IGNORECASE)
_UNIT = r"(?:\s*[^\W\d_]{1,12}\.?)?"  # "23 kg", "5세", "10 seats"
_UNITS = r"(?:\s*[^\W\d_]{1,12}\.?){0,2}"  # the same, or a unit of two words: "10만 원 초과"
# not the hours of a time of day: "06:00~21:00" spans no count
_BETWEEN = re.compile(rf"(?<![$€£₩¥\d.,:])({_NUMBER_SAID}){_UNIT}\s*(?:-|–|—|~|∼|to|and)\s*(?:[$€£₩¥])?({_NUMBER_SAID})"
                      r"(?![\d:])", re.IGNORECASE)
_AT_LEAST = re.compile(r"\b(?:over|above|more than|greater than|at least|exceeding|heavier than|older than"
                       rf"|longer than)\s+(?:[$€£₩¥])?({_NUMBER_SAID})"
                       rf"|(?<![$€£₩¥\d.,])({_NUMBER_SAID}){_UNITS}\s*(?:\+|or more\b|or over\b|and over\b|and above\b"
                       r"|이상|초과|넘)", re.IGNORECASE)
_AT_MOST = re.compile(rf"\b(?:under|below|less than|fewer than|up to|no more than|lighter than|younger than|within)"
                      rf"\s+(?:[$€£₩¥])?({_NUMBER_SAID})"
                      rf"|(?<![$€£₩¥\d.,])({_NUMBER_SAID}){_UNITS}\s*(?:or less\b|or fewer\b|or under\b|and under\b"
                      r"|이하|미만|이내)", re.IGNORECASE)


# a capitalised word inside a sentence right before a number: "… a Band 3 vehicle", not "My 8 year old"
_NAMED_BEFORE = re.compile(r"\w\s+[A-Z][A-Za-z]*\s$")


def _value(number: str) -> float:
    return float(number.replace(",", ""))


def _bounds(bound: re.Pattern, text: str) -> set[float]:
    """The numbers `text` bounds from one side (`_AT_LEAST` or `_AT_MOST`)."""
    return {_value(low or high) for low, high in bound.findall(text)}


# a model named by letters and a number ("WP-650", "RX100"), and a size in a unit of weight, volume, length or data
# ("a 2kg bag", "an 18 m boat", "500ml"); not a length of time, which a price is often counted from ("3 hours" of
# "£2 per hour")
_MODEL = re.compile(r"(?<![A-Za-z0-9-])(?!(?:pre|post|mid|non|anti|sub|ex|co)-)([A-Za-z]{1,4})-?(\d{2,5})"
                    r"(?![A-Za-z0-9-])", re.IGNORECASE)
# each spelling of a unit, with its dimension and its size in that dimension's smallest unit
_SIZE_UNITS = {spelt: (dimension, size) for dimension, size, spellings in (
    ("weight", 1, "g gram grams 그램"), ("weight", 1000, "kg kgs kilo kilos kilogram kilograms 킬로 킬로그램"),
    ("volume", 1, "ml 밀리리터"), ("volume", 1000, "l litre litres liter liters 리터"),
    ("length", 1, "mm"), ("length", 10, "cm 센티 센티미터"), ("length", 1000, "m metre metres meter meters 미터"),
    ("length", 25.4, "inch inches 인치"), ("length", 304.8, "ft foot feet"),
    ("data", 1, "mb"), ("data", 1000, "gb 기가"), ("data", 1000000, "tb 테라"), ("area", 1, "평"))
    for spelt in spellings.split()}
_SIZE = re.compile(rf"(?<![\d.,])({_NUMBER_SAID})\s*(?:-\s*)?({'|'.join(sorted(_SIZE_UNITS, key=len, reverse=True))})"
                   r"(?![A-Za-z])", re.IGNORECASE)
# a size the passages bound or span ("up to 2kg", "32-55 inch", "30평대"): they price a range, not each size
# (a dash spans two numbers: "2-5kg", "8.00 – 9.99 m"; not a list's bullet, "- 250g bag")
_SIZE_BOUND = re.compile(r"(?:up\s+to|max(?:imum)?|min(?:imum)?|below|under|over|above|less\s+than|more\s+than|"
                         r"between|from|\d\s*(?:[-–~∼]|to))\s*$|^\s*(?:대|이하|이상|미만|초과|까지|부터|"
                         r"or\s+(?:less|more|over|under)|and\s+(?:over|under|above)|\+|(?:[-–~∼]|to\b)\s*\d)",
                         re.IGNORECASE)


def size_written(word: str, texts: list[str]) -> bool:
    """Whether a word is a size in a unit of weight, volume, length or data ("2kg") that `texts` write, in any unit
    ("2 kilo", "2000g")."""
    found = _SIZE.fullmatch(word)
    return bool(found) and any(_size(size) == _size(found) for text in texts for size in _SIZE.finditer(text))


def _size(found: re.Match) -> tuple[str, float]:
    """A size's dimension and its amount in that dimension's smallest unit: "1kg" is ("weight", 1000)."""
    dimension, size = _SIZE_UNITS[found.group(2).casefold()]
    return dimension, _value(found.group(1)) * size


def unlisted_variant(question: str, texts: list[str]) -> str | None:
    """The model or the size a question names (as typed) when the passages (`texts`) list others of its kind and not
    it: "샘물 아이스 WP-650의 월 렌탈료" over a price list of WP-520 and WP-300, "a 3kg bag" over 250g and 1kg bags;
    not a size where the passages bound or span sizes of its kind ("a 750g parcel" over "up to 2kg", "32평" over
    "30평대"), which they price by range. None when there is none such, and for a question that sets a bound itself
    ("over 2kg")."""
    if _AT_LEAST.search(question) or _AT_MOST.search(question):
        return None
    for found in _MODEL.finditer(question):
        listed = {model.group(2) for text in texts for model in _MODEL.finditer(text)
                  if model.group(1).casefold() == found.group(1).casefold()}
        if listed and found.group(2) not in listed:
            return found.group(0)
    for found in _SIZE.finditer(question):
        dimension = _size(found)[0]
        sizes = [(size, text) for text in texts for size in _SIZE.finditer(text) if _size(size)[0] == dimension]
        if any(_SIZE_BOUND.search(text[max(0, size.start() - 12):size.start()])
               or _SIZE_BOUND.search(text[size.end():size.end() + 12]) for size, text in sizes):
            continue
        listed = {_size(size)[1] for size, _ in sizes}
        if len(listed) >= 2 and _size(found)[1] not in listed:
            return found.group(0)
    return None


def in_range_of(question: str, sentence: str) -> bool:
    """Whether the sentence gives a range that holds a number the question tells of itself, and does not write
    that number: "We're a company of around 60 staff …" is answered by the row "Seats: 50-249", "My suitcase weighs
    35 kilos" by "Bags over 32 kg must be sent as cargo", "만 70세인 어머니" by "65세 이상". A range is a span ("2-9",
    "between 23 kg and 32 kg", "5~11세") or a bound ("over 32 kg", "up to 10", "65세 이상", "2세 이하"); an amount
    of money is no bound on what the question counts, and a number naming a thing ("Band 3", "Terminal 1") counts
    nothing. A bound the question sets itself is met by the same bound ("10만 원 넘게 보내면" by "타행 이체 (10만 원
    초과)", not by "(10만 원 이하)")."""
    if any(_bounds(bound, question) & _bounds(bound, sentence) for bound in (_AT_LEAST, _AT_MOST)):
        return True
    found = [found for found in _QUESTION_NUMBER.finditer(question)
             if not 1900 <= _value(found.group(1)) <= 2100  # a year is no quantity
             and not _NAMED_BEFORE.search(question[:found.start()])]
    written = {_value(number) for number in re.findall(_NUMBER_SAID, sentence)}
    written_days = {days for number in re.finditer(_NUMBER_SAID, sentence)
                    if (days := _in_days(sentence, number.group(0), number.end())) is not None}
    spans, day_spans = _spans(sentence), _spans(sentence, in_days=True)
    for number in found:
        # a length of time is read in days on both sides where the sentence gives one: "2주 만에" is within "30일
        # 이내", not "30일 초과 60일 이내"
        days = _in_days(question, number.group(1), number.end(1))
        value, given, ranges = ((days, written_days, day_spans) if days is not None and day_spans
                                else (_value(number.group(1)), written, spans))
        if value not in given and any(low <= value <= high for low, high in ranges if low < high):
            return True
    return False


# a unit of a length of time after a number; not an age ("My 8 year old")
_TIME_UNIT = re.compile(r"\s*(일|주일?|개월|달|년|days?|weeks?|months?|years?)(?![A-Za-z])(?!\W{0,2}old\b)",
                        re.IGNORECASE)
_DAYS = {"일": 1, "day": 1, "days": 1, "주": 7, "주일": 7, "week": 7, "weeks": 7, "개월": 30, "달": 30, "month": 30,
         "months": 30, "년": 365, "year": 365, "years": 365}


def _in_days(text: str, number: str, end: int) -> float | None:
    """A `number` of `text`, written up to `end`, as a length of time in days when a unit of time follows it."""
    unit = _TIME_UNIT.match(text, end)
    return _value(number) * _DAYS[unit.group(1).casefold()] if unit else None


def _spans(sentence: str, *, in_days: bool = False) -> list[tuple[float, float]]:
    """The ranges a sentence gives (`in_range_of`); `in_days`: only those of lengths of time, in days ("5 to 20 days"
    names its unit once, after both). A bound from below and one from above with no span between make one range:
    "30일 초과 60일 이내" is from 30 to 60 days, not everything over 30 and everything up to 60."""
    def value(found: re.Match, group: int) -> float | None:
        number = found.group(group)
        return _in_days(sentence, number, found.end(group)) if in_days else _value(number)

    def bounds(pattern: re.Pattern) -> list[float]:
        return [bound for found in pattern.finditer(sentence) for group in (1, 2)
                if found.group(group) is not None and (bound := value(found, group)) is not None]

    spans = []
    for found in _BETWEEN.finditer(sentence):
        low, high = value(found, 1), value(found, 2)
        if in_days and low is None and high is not None:  # in the unit named after the upper end
            low = high * _value(found.group(1)) / max(_value(found.group(2)), 1e-9)
        if low is not None and high is not None:
            spans.append((low, high))
    lows, highs = bounds(_AT_LEAST), bounds(_AT_MOST)
    if not spans and len(lows) == 1 and len(highs) == 1 and lows[0] < highs[0]:
        return [(lows[0], highs[0])]
    return spans + [(low, math.inf) for low in lows] + [(-math.inf, high) for high in highs]
