"""`ragloop bench load`: clients asking and rating in a loop against a running server, through the public JSON API.

Each client asks a question (`POST /api/ask`), rates the answer (`POST /api/answers/{id}/feedback`, alternating
thumbs-up and thumbs-down with a reason) and asks again, until the time is up; meanwhile one more client checks
`GET /healthz` a few times a second. Afterwards every rating the server confirmed (answered 200) is read back
(`GET /api/answers/{id}` returns the caller's rating): a confirmed rating that is not there, or not as confirmed, is
lost. An error is any request that did not get a 2xx answer (or got none).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx

from eval.bench import percentile

QUESTIONS = [
    "How do I ingest a folder?", "Which port does the web page use?", "How do I rate an answer?",
    "What does the nightly job do?", "Which file formats can be read?", "How do I get an API token?",
    "What is the capital of France?", "PDF 파일을 올릴 수 있나요?", "웹 페이지는 몇 번 포트를 쓰나요?",
]
RATINGS = [{"rating": "up"}, {"rating": "down", "reason": "wrong_answer", "comment": "load test"}]
HEALTH_EVERY_S = 0.25
ERROR_SAMPLES = 5


@dataclass
class Tally:
    """What the clients saw, shared between their threads."""

    asks: list[float] = field(default_factory=list)  # latency of each answered ask, ms
    rates: list[float] = field(default_factory=list)
    health: list[float] = field(default_factory=list)
    confirmed: dict[str, dict] = field(default_factory=dict)  # answer id -> the rating the server confirmed
    errors: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors.append(what)


def _timed(call: Callable[[], httpx.Response]) -> tuple[httpx.Response | None, float, str | None]:
    started = time.perf_counter()
    try:
        response = call()
    except httpx.HTTPError as exc:
        return None, (time.perf_counter() - started) * 1000, f"{type(exc).__name__}: {exc}"
    elapsed = (time.perf_counter() - started) * 1000
    if not response.is_success:
        return response, elapsed, f"{response.request.method} {response.request.url.path}: {response.status_code} " \
                                  f"{response.text[:200]}"
    return response, elapsed, None


def _client_loop(client: httpx.Client, number: int, deadline: float, tally: Tally) -> None:
    turn = number
    while time.monotonic() < deadline:
        question = QUESTIONS[turn % len(QUESTIONS)]
        response, ms, error = _timed(lambda: client.post("/api/ask", json={"question": question}))
        if error:
            tally.error(error)
            continue
        with tally.lock:
            tally.asks.append(ms)
        answer_id = response.json()["answer_id"]
        rating = RATINGS[turn % len(RATINGS)]
        response, ms, error = _timed(lambda: client.post(f"/api/answers/{answer_id}/feedback", json=rating))
        if error:
            tally.error(error)
        else:
            with tally.lock:
                tally.rates.append(ms)
                tally.confirmed[answer_id] = rating
        turn += 1


def _health_loop(client: httpx.Client, stop: threading.Event, tally: Tally) -> None:
    while not stop.is_set():
        _, ms, error = _timed(lambda: client.get("/healthz"))
        if error:
            tally.error(error)
        with tally.lock:
            tally.health.append(ms)
        stop.wait(HEALTH_EVERY_S)


def lost_ratings(url: str, headers: dict, confirmed: dict[str, dict], *, workers: int = 8,
                 timeout_s: float = 60) -> list[str]:
    """The confirmed ratings that the server does not hold as confirmed: ids of their answers."""

    def kept(item: tuple[str, dict]) -> bool:
        answer_id, rating = item
        with httpx.Client(base_url=url, headers=headers, timeout=timeout_s) as client:
            response = client.get(f"/api/answers/{answer_id}")
        stored = response.json().get("rating") if response.is_success else None
        return bool(stored) and stored["rating"] == rating["rating"] and stored["reason"] == rating.get("reason")

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(kept, confirmed.items()))
    return [answer_id for (answer_id, _), ok in zip(confirmed.items(), results) if not ok]


def drive(url: str | Sequence[str], *, headers: dict, concurrency: int, duration_s: float, timeout_s: float = 60.0,
          on_tick: Callable[[float], None] | None = None) -> Tally:
    """`concurrency` clients asking and rating for `duration_s` seconds, and the health checks meanwhile. Several
    URLs (replicas of one deployment): the clients take them in turn, and each is health-checked."""
    urls = [url] if isinstance(url, str) else list(url)
    limits = httpx.Limits(max_connections=concurrency + 2)
    tally, stop = Tally(), threading.Event()
    started = time.monotonic()
    clients = [httpx.Client(base_url=u, headers=headers, timeout=timeout_s, limits=limits) for u in urls]
    try:
        checks = [threading.Thread(target=_health_loop, args=(c, stop, tally), daemon=True) for c in clients]
        for check in checks:
            check.start()
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            loops = [pool.submit(_client_loop, clients[n % len(clients)], n, started + duration_s, tally)
                     for n in range(concurrency)]
            while not all(f.done() for f in loops):
                time.sleep(0.5)
                if on_tick:
                    on_tick(min(duration_s, time.monotonic() - started))
            for loop in loops:
                loop.result()
        tally.elapsed_s = time.monotonic() - started
        stop.set()
        for check in checks:
            check.join()
    finally:
        for client in clients:
            client.close()
    return tally


def run_load(url: str | Sequence[str], *, token: str | None = None, concurrency: int = 20, duration_s: float = 30.0,
             timeout_s: float = 60.0, on_tick: Callable[[float], None] | None = None) -> dict:
    """The figures `ragloop bench load --json` prints. Several URLs: replicas sharing one database, so every
    confirmed rating is read back from the first."""
    urls = [url] if isinstance(url, str) else list(url)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    tally = drive(urls, headers=headers, concurrency=concurrency, duration_s=duration_s, timeout_s=timeout_s,
                  on_tick=on_tick)
    lost = lost_ratings(urls[0], headers, tally.confirmed, timeout_s=timeout_s)
    latencies = sorted(tally.asks + tally.rates)
    return {
        "requests": len(tally.asks) + len(tally.rates) + len(tally.errors),
        "answers_per_s": round(len(tally.asks) / tally.elapsed_s, 2),
        "ratings_per_s": round(len(tally.rates) / tally.elapsed_s, 2),
        "latency_ms_p50": round(percentile(latencies, 50), 1) if latencies else None,
        "latency_ms_p95": round(percentile(latencies, 95), 1) if latencies else None,
        "errors": len(tally.errors),
        "lost_ratings": len(lost),
        "healthz_ms_max": round(max(tally.health), 1) if tally.health else None,
        "concurrency": concurrency,
        "replicas": len(urls),
        "duration_s": round(tally.elapsed_s, 1),
        "error_samples": tally.errors[:ERROR_SAMPLES],
    }
