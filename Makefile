# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint bench clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed  ## serve the dashboard on the shipped data (or FENGONG_DATA_DIR)
	$(PY) -m streamlit run serve.py --server.port $(PORT)  # app.py behind serve.py's nested-path redirect

test: $(VENV)/.installed-dev  ## install what the tests need and run them
	$(PY) -m pytest

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .

bench: $(VENV)/.installed-dev  ## time every page at 1x, 10x and 100x the document (not part of CI)
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache tests/artifacts bench/out
