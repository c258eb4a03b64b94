"""How close a question unrelated to a knowledge base comes to it: the dense background of a collection.

A cosine similarity means little on its own: in a few pages of product documentation, a question about something
else finds nothing above 0.1, while in thousands of encyclopaedia paragraphs the same question finds a related
paragraph at 0.3 or more. A confidence fitted on one and read on the other refuses good answers (or shows bad
ones). So the dense signals are read relative to the collection's background: the median, over a fixed set of
everyday questions about other things (`PROBES`), of the best dense similarity they reach in the collection. A
calibration records the background of the data it was fitted on and shifts a question's dense signals by the
difference (`answer.confidence`).

The background is computed once per collection and language and computed again when the collection's chunk
count has changed (checked at most once a minute); the probe vectors are embedded once per process.
"""

from __future__ import annotations

import statistics
import threading
import time

from core.embeddings import Embedder
from retrieval.index import SearchQuery, VectorIndex, Where

RECHECK_SECONDS = 60.0

_ENGLISH = [
 "What is the capital of Canada?", "How do I bake a chocolate cake?", "Who painted the Mona Lisa?",
 "How many players are on a soccer team?", "What causes thunderstorms?", "How do I train my puppy to sit?",
 "When did the Second World War end?", "What is the tallest mountain in Africa?", "How do I change a car tire?",
 "Which vitamins are in oranges?", "How long does it take to fly from London to Tokyo?", "Who wrote Pride and Prejudice?",
 "How do I grow tomatoes on a balcony?", "What is the speed of light?", "How many calories are in a banana?",
 "Who invented the telephone?", "What language is spoken in Brazil?", "How do I knit a scarf?",
 "What is the best way to learn the guitar?", "Why is the sky blue?", "How do whales breathe?",
 "What is the population of Mexico City?", "How do I remove a red wine stain?", "Who was the first person on the Moon?",
 "What are the rules of chess castling?", "How hot is the surface of the Sun?", "How do I make sourdough starter?",
 "Which river flows through Paris?", "What is inflation in economics?", "How do bees make honey?",
 "When was the Eiffel Tower built?", "How do I clean a cast iron pan?", "What is the boiling point of water at altitude?",
 "Who composed the Four Seasons?", "How many bones are in the human body?", "What do pandas eat?",
 "How do I plan a wedding on a budget?", "What is the plot of Hamlet?", "How deep is the Pacific Ocean?",
 "How do I fix a leaking faucet?", "Which planet has the most moons?", "How is cheese made?",
 "What are the symptoms of the flu?", "Who won the Tour de France last year?", "How do volcanoes form?",
 "What is the difference between a crocodile and an alligator?", "How do I start running as a beginner?",
 "What is the national dish of Spain?", "How do airplanes stay in the air?", "Why do leaves change colour in autumn?",
]
_KOREAN = [
 "캐나다의 수도는 어디인가요?", "초콜릿 케이크는 어떻게 굽나요?", "모나리자를 그린 사람은 누구인가요?",
 "축구 팀은 몇 명으로 이루어지나요?", "천둥번개는 왜 생기나요?", "강아지에게 앉아를 가르치려면 어떻게 하나요?",
 "제2차 세계 대전은 언제 끝났나요?", "아프리카에서 가장 높은 산은 무엇인가요?", "자동차 타이어는 어떻게 교체하나요?",
 "오렌지에는 어떤 비타민이 들어 있나요?", "서울에서 도쿄까지 비행기로 얼마나 걸리나요?", "토지를 쓴 작가는 누구인가요?",
 "베란다에서 토마토를 키우려면 어떻게 하나요?", "빛의 속도는 얼마인가요?", "바나나 한 개의 열량은 얼마인가요?",
 "전화기를 발명한 사람은 누구인가요?", "브라질에서는 어떤 언어를 쓰나요?", "목도리는 어떻게 뜨나요?",
 "기타를 배우는 가장 좋은 방법은 무엇인가요?", "하늘은 왜 파란가요?", "고래는 어떻게 숨을 쉬나요?",
 "김장 김치는 언제 담그나요?", "옷에 묻은 커피 얼룩은 어떻게 지우나요?", "달에 처음 간 사람은 누구인가요?",
 "바둑에서 집은 어떻게 세나요?", "태양 표면의 온도는 몇 도인가요?", "된장찌개는 어떻게 끓이나요?",
 "센강은 어느 도시를 흐르나요?", "인플레이션이란 무엇인가요?", "꿀벌은 꿀을 어떻게 만드나요?",
 "에펠탑은 언제 지어졌나요?", "무쇠 팬은 어떻게 관리하나요?", "사람의 뼈는 모두 몇 개인가요?",
 "판다는 무엇을 먹나요?", "햄릿의 줄거리는 무엇인가요?", "수도꼭지에서 물이 새면 어떻게 고치나요?",
 "화산은 어떻게 만들어지나요?", "독감의 증상은 무엇인가요?", "처음 달리기를 시작하려면 어떻게 해야 하나요?",
 "가을에 나뭇잎은 왜 색이 변하나요?",
]

PROBES = {"en": _ENGLISH, "ko": _KOREAN}


class DenseBackground:
    """The background of each collection, per question language; None where the embedder does not understand the
    language or the collection is empty."""

    def __init__(self, *, embedder: Embedder, index: VectorIndex, clock=time.monotonic):
        self.embedder = embedder
        self.index = index
        self.clock = clock
        self._vectors: dict[str, list[list[float]]] = {}
        self._known: dict[tuple[str | None, str], tuple[float | None, int, float]] = {}  # value, chunks, checked
        self._lock = threading.Lock()

    def of(self, collection: str | None, language: str) -> float | None:
        language = language if language in PROBES else "en"
        if not self.embedder.understands(language):
            return None
        key, now = (collection, language), self.clock()
        known = self._known.get(key)
        if known and now - known[2] < RECHECK_SECONDS:
            return known[0]
        with self._lock:
            chunks = self.index.count(collection=collection)
            known = self._known.get(key)
            value = known[0] if known and known[1] == chunks else self._measure(collection, language, chunks)
            self._known[key] = (value, chunks, now)
            return value

    def _measure(self, collection: str | None, language: str, chunks: int) -> float | None:
        if not chunks:
            return None
        if language not in self._vectors:
            self._vectors[language] = self.embedder.embed_queries(PROBES[language]).tolist()
        where = Where(collection=collection)
        best = []
        for vector in self._vectors[language]:
            hits = self.index.search(SearchQuery(dense=vector), limit=1, where=where)
            if hits and hits[0].dense_score is not None:
                best.append(hits[0].dense_score)
        return round(statistics.median(best), 4) if best else None
