# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PO_FILES := $(wildcard peermatch/translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)
export FLASK_APP := wsgi
# Tests run in parallel (each worker has its own databases); override with PYTEST_ARGS=.
PYTEST_ARGS ?= -n auto --maxprocesses=4

.PHONY: run test install lint typecheck pytest translations-extract translations-update bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

%.mo: %.po | $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@ >/dev/null

install: $(STAMP) $(MO_FILES)

run: install
	@mkdir -p instance/mail
	$(BIN)/flask --app wsgi db upgrade
	$(BIN)/flask --app wsgi demo load
	@# The job runner (emails, reminders, expiries) runs beside the web server and stops with it.
	@$(BIN)/flask --app wsgi jobs run & runner=$$!; \
	trap 'kill $$runner 2>/dev/null' EXIT INT TERM; \
	$(BIN)/flask --app wsgi run --host 127.0.0.1 --port 5000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint typecheck pytest

# The benches measure PostgreSQL (production) too: the local server unless told otherwise.
bench: export PEERMATCH_TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
bench: install
	$(BIN)/python -m bench

# Phone (360x740) and desktop (1280x800) pictures of each demo role's main pages.
screenshots: install
	$(BIN)/python -m scripts.screenshots docs/screenshots

translations-extract: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k _ -o peermatch/translations/messages.pot .
translations-update: translations-extract
	$(BIN)/pybabel update -i peermatch/translations/messages.pot -d peermatch/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
