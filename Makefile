# One command to run the app with demo data (make run), one to run every test (make test).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

# Python 3.12+ : pyenv's python3 honours .python-version; otherwise look for python3.13/3.12.
PYTHON := $(shell for p in python3.13 python3.12 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)

.PHONY: install lock run test demo doc-tools test-tools lint clean bench loadtest

install: $(VENV)/.installed

# The exact versions of requirements.lock, each checked against its hash; then the project itself.
$(VENV)/.installed: pyproject.toml requirements.lock
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.12 eller senare behövs (hittade ingen python3.13/python3.12)." >&2; exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

# After a change to the dependencies in pyproject.toml: pin them again (every platform, Python 3.12+),
# with uv in a virtualenv of its own.
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet uv
	.venv-lock/bin/uv pip compile pyproject.toml --extra test --universal --python-version 3.12 \
	  --generate-hashes --quiet -o requirements.lock

# The demo runs in development mode unless DEBUG is set otherwise.
demo run: export DEBUG ?= true
# The server's port, also read by the settings so that mails link to it (SITE_URL).
run: export PORT := $(PORT)

demo: install doc-tools
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py read_document_texts --nu
	$(PY) manage.py make_signing_certificate

# What reading the documents' text for search needs from Debian: poppler (pdftotext, pdftoppm)
# and tesseract with Swedish for scanned PDFs. Installed when we may; otherwise a warning.
DOC_TOOLS := pdftotext:poppler-utils tesseract:tesseract-ocr
doc-tools:
	@missing=""; \
	for tool in $(DOC_TOOLS); do command -v $${tool%%:*} >/dev/null 2>&1 || missing="$$missing $${tool#*:}"; done; \
	{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx swe; } || missing="$$missing tesseract-ocr-swe"; \
	if [ -n "$$missing" ]; then \
	  { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	    apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; } || \
	  echo "Saknas:$$missing. Installera dem; utan dem läses inte handlingarnas text (och skannade PDF:er) för sökningen." >&2; \
	fi

# The web server and the background worker that prints PDFs, stopped together with Ctrl-C. The web
# server is uvicorn (ASGI), which also streams the meetings' live updates to the big screen.
run: demo
	$(PY) manage.py db_worker --no-startup-delay & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	$(PY) -m uvicorn config.asgi:application --host 127.0.0.1 --port $(PORT)

# What the tests need from Debian: Chromium for the browser tests (Playwright's own browser
# download does not work here), poppler's pdftotext for reading the PDFs back, doc-tools, and
# xmlsec1, with which pysaml2 signs and checks SAML messages (sign-in with e-legitimation).
test-tools: doc-tools
	@missing=""; \
	command -v $${CHROMIUM_PATH:-/usr/bin/chromium} >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v xmlsec1 >/dev/null 2>&1 || missing="$$missing xmlsec1"; \
	if [ -n "$$missing" ]; then \
	  { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	    apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; } || \
	  echo "Saknas:$$missing. Installera dem; utan dem kan vissa tester inte köras." >&2; \
	fi

# eark-validator pins an lxml older than the one pyHanko needs: it gets a virtualenv of its own,
# which the archive package's test runs (EARK_VALIDATOR names another if wanted).
EARK_VENV := .venv-eark
$(EARK_VENV)/.installed:
	$(PYTHON) -m venv $(EARK_VENV)
	$(EARK_VENV)/bin/python -m pip install --quiet eark-validator==1.1.3
	touch $@

test: install test-tools $(EARK_VENV)/.installed
	mkdir -p var
	SECRET_KEY=$${SECRET_KEY:-test-only-not-secret} $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) $(EARK_VENV) .venv-lock var

# Benchmarks print figures; they are not tests.
bench: install
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	$(PY) bench/utlatande_render.py
	$(PY) bench/pages.py
	$(PY) bench/import_rows.py
	$(PY) bench/live_votes.py

# A bounded load and fault run on loopback (about three minutes); not part of make test.
loadtest: install
	$(PY) bench/loadtest.py
