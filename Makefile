# Two commands for a fresh machine with only Python >= 3.11 and make:
#   make quiz   - create .venv on first use, install rolefit, run the questionnaire
#   make test   - create .venv, install with test extras, run ruff, mypy and pytest
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: quiz test lint bench clean workshop-wheel messages

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

# The message catalogs: extract every message rolefit writes into the template (.pot), merge it
# into each language's .po (new messages come in empty, for a translator to fill), and compile
# them (the build does that too; this refreshes an editable checkout). Run after changing a
# message; tests/test_catalogs.py fails until the .pot is current and German is complete.
LOCALE := src/rolefit/locale
EXTRACT := --mapping-file babel.cfg --keywords N_ --keywords pgettext:1c,2 \
	--add-comments Translators: --no-location --sort-output --no-wrap \
	--project rolefit --version 0.1.0 --copyright-holder "the rolefit authors"
# rolefit fills its messages with str.format ({name}), never %: babel's python-format flag is a
# false alarm ("90 % interval" reads to it as the conversion "% i"), so it is taken out, and
# the catalogs are compiled as the build compiles them (`pybabel compile` would re-check it).
NO_PERCENT_FLAG := sed -i -e '/^\#, python-format$$/d' -e 's/^\(\#, .*\), python-format$$/\1/'
messages: $(STAMP)
	$(BIN)/pybabel extract $(EXTRACT) --output-file $(LOCALE)/rolefit.pot .
	$(NO_PERCENT_FLAG) $(LOCALE)/rolefit.pot
	$(BIN)/pybabel update --domain rolefit --input-file $(LOCALE)/rolefit.pot \
		--output-dir $(LOCALE) --no-wrap --ignore-obsolete
	$(NO_PERCENT_FLAG) $(LOCALE)/*/LC_MESSAGES/rolefit.po
	$(BIN)/python -c 'import hatch_build; hatch_build.compile_all("$(LOCALE)")'

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
