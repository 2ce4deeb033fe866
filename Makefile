# Shortcuts; the two commands in the README work without make.
.PHONY: run test i18n lint format demo

run:
	python3 scripts/dev.py run

test:
	python3 scripts/dev.py test

i18n:
	.venv/bin/python scripts/i18n.py update

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy .

format:
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .

demo:
	.venv/bin/python manage.py load_demo
