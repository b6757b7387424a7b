# 보고서 질의응답 도우미 — two commands for a new user: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 7860

.PHONY: install run ingest serve test bench browser clean help

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

serve: install
	$(PY) app.py --host $(HOST) --port $(PORT)

run: ingest serve

# The browser test drives Debian's chromium; install it only when it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) || \
	  echo "경고: chromium을 설치하지 못했습니다. 브라우저 테스트는 건너뜁니다."

test: install browser
	$(PY) -m pytest -q

bench: install
	$(PY) -m assistant bench

clean:
	rm -rf index .pytest_cache test-artifacts
