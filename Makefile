# 社保小助手 — the two commands of the contract are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# Rasa 3.6 needs Python 3.10: pyenv (via .python-version) or a python3.10 on PATH.
PYTHON_310 ?= $(shell pyenv which python 2>/dev/null || command -v python3.10)
STAMP := $(VENV)/.installed
# Nothing may call out: Rasa's telemetry and error reporting stay off everywhere.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: help venv store resources model validate lint packages test run crossval eval bench clean

help:
	@echo "make run        set everything up (venv, store, model) and start the assistant"
	@echo "make test       set everything up and run the whole suite"
	@echo "make crossval   5-fold NLU cross-validation, report in reports/crossval/"
	@echo "make eval       held-out NLU evaluation (reports/eval.md), then the reply-quality set (docs/reply-quality.md)"
	@echo "make bench      measure speed and memory, write docs/benchmarks.md"
	@echo "make lint       ruff"

$(STAMP): requirements.lock pyproject.toml
	@test -n "$(PYTHON_310)" || { echo "Python 3.10 not found: install it with pyenv (3.10.13) or put python3.10 on PATH"; exit 1; }
	@$(PYTHON_310) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' || { echo "$(PYTHON_310) is not Python 3.10 (Rasa 3.6 needs 3.10)"; exit 1; }
	test -x $(PY) || $(PYTHON_310) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip wheel
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

store: venv
	$(PY) -m bot.policy build

resources: venv
	$(PY) scripts/build_nlu_resources.py

model: venv
	$(PY) scripts/model.py

validate: venv
	$(PY) -m bot.policy validate
	$(PY) scripts/build_nlu_resources.py --check
	$(PY) -m rasa data validate --fail-on-warnings --domain domain.yml --data data/nlu data/rules

lint: venv
	$(VENV)/bin/ruff check bot actions tests scripts

packages:  # Debian packages some tests need: Chromium (web chat), nginx (deployment)
	scripts/ensure_debian.sh /usr/bin/chromium chromium fonts-wqy-microhei
	scripts/ensure_debian.sh /usr/sbin/nginx nginx

test: venv lint store validate model packages
	$(PY) -m pytest

run: venv
	scripts/run.sh

crossval: venv
	$(PY) scripts/crossval.py

eval: venv store model
	$(PY) scripts/evaluate.py
	$(PY) scripts/evaluate_replies.py
	if [ -f scripts/evaluate_passages.py ]; then $(PY) scripts/evaluate_passages.py; fi

bench: venv store model packages
	$(PY) scripts/bench_policy.py
	$(PY) scripts/bench_assistant.py
	$(PY) scripts/bench_scale.py

clean:
	rm -rf var models results reports .pytest_cache
