# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.installed-stamp
# Offline always: nothing may be fetched from a model hub at run time.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install demo test test-fast bench app clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	# The CPU wheel of torch first: bertopic -> sentence-transformers -> torch would otherwise
	# pull a multi-GB CUDA build. Pinned; pip finds it among the local wheels on this machine.
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e ".[test]"
	# the first coding run on a machine builds a cache (lemma tables, features of the shipped
	# training corpus, the zero-shot fit: about a minute); do it now, not in the user's first run
	$(PY) -m cjresearch warm-up
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(PY) -m cjresearch demo --project out/demo.cjproj -o out

test: install
	@$(PY) -m pytest -q -p no:cacheprovider; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: the suite must never be empty"; exit 1; fi; \
	exit $$rc

test-fast: install
	$(PY) -m pytest -q -x -m "not slow and not browser"

# The map builder as a web app (Voilà): open http://localhost:8866 once it says it is serving.
app: install
	$(VENV)/bin/voila notebooks/03_build_map.ipynb --port=8866 --no-browser

# Every benchmark at full size (30-40 min here); `make bench QUICK=1` runs the big ones small.
bench: install
	@for script in bench/bench_*.py bench/eval_*.py bench/crash_loop.py; do \
	  args=""; if [ -n "$(QUICK)" ] && grep -q -- "--quick" $$script; then args="--quick"; fi; \
	  echo "== $$script $$args"; $(PY) $$script $$args || exit 1; done

clean:
	rm -rf out .pytest_cache test-artifacts
