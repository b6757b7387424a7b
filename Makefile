# 보고서 질의응답 도우미 — two commands for a new user: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 7860

.PHONY: install run ingest serve test bench browser office llm clean help

help:
	@echo "make run    설치 → data/reports 수집 → 앱 실행 (http://$(HOST):$(PORT))"
	@echo "make test   설치 → 테스트"
	@echo "make bench  설치 → 벤치마크"

install: $(STAMP)

# torch first: 2.13.0 is the CPU build that lies on this machine's disk; letting another package
# pull torch would fetch a multi-GB CUDA build. The stamp makes a repeated `make install` instant.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check torch==2.13.0
	$(PIP) install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

ingest: install
	$(PY) -m assistant ingest

# app.py brings the index up to date with data/reports first (with progress), then serves.
serve: install
	$(PY) app.py --host $(HOST) --port $(PORT)

run: serve

# The browser test drives Debian's chromium; a Korean font makes its screenshots readable.
# Installed only when missing, so a second `make test` does not touch apt.
browser:
	@(command -v chromium && command -v chromedriver && fc-list | grep -qi nanum) >/dev/null 2>&1 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-nanum >/dev/null) || \
	  echo "경고: chromium을 설치하지 못했습니다. 브라우저 테스트가 실패합니다: apt-get install chromium chromium-driver"

# The export tests save our text reports as DOCX and turn them into PDF with LibreOffice, with a
# Korean font so that the PDF holds Hangul. Installed only when missing, like the browser.
office:
	@(command -v soffice && fc-list :lang=ko | grep -q .) >/dev/null 2>&1 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui fonts-nanum >/dev/null) || \
	  echo "경고: LibreOffice를 설치하지 못했습니다. PDF 내보내기 테스트를 건너뜁니다: apt-get install libreoffice-writer-nogui fonts-nanum"

test: install browser office
	$(PY) -m pytest -q

# N = 5 and 50 by default; the recorded run: make bench BENCH_ARGS="--scale 5 50 200 --docs"
bench: install
	$(PY) -m assistant bench $(BENCH_ARGS)

# Optional local LLM (ASSISTANT_LLM_GGUF=model.gguf). Not part of `make test`: it compiles for
# 9-12 minutes, and ggml's default native build crashes in its AMX kernels on this CPU.
llm: install
	CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF" \
	  $(PIP) install --disable-pip-version-check "llama-cpp-python>=0.3.16,<0.4" "llama-index-llms-llama-cpp>=0.5,<0.8"

clean:
	rm -rf index .pytest_cache test-artifacts
