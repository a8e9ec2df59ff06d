# Two commands for a fresh machine with only Python >= 3.11 and make:
#   make quiz   - create .venv on first use, install rolefit, run the questionnaire
#   make test   - create .venv, install with test extras, run ruff, mypy and pytest
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: quiz test lint bench clean workshop-wheel

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The test extra includes the serve extra (the web app's tests need it).
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,serve]'
	touch $(STAMP)

quiz: $(STAMP)
	$(BIN)/rolefit quiz

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

# The wheel the workshop recipe installs (examples/workshop/vendor/): rebuild it on a release.
workshop-wheel: $(STAMP)
	rm -f examples/workshop/vendor/rolefit-*.whl
	SOURCE_DATE_EPOCH=315532800 $(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation \
		--wheel-dir examples/workshop/vendor .

bench: $(STAMP)
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/cohort.py --n 10000
	$(BIN)/python benchmarks/adversarial.py
	$(BIN)/python benchmarks/validity.py
	$(BIN)/python benchmarks/serve.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
