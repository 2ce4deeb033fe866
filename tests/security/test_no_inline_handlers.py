"""The Content-Security-Policy blocks inline event handlers and ``javascript:`` URLs, so a template
that uses one ships a control that silently does nothing. Every project template is scanned."""

import re
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.template.backends.django import DjangoTemplates

INLINE_HANDLER = re.compile(r"""<[^>]*\son[a-z]+\s*=""", re.IGNORECASE | re.DOTALL)
# In an attribute value (href, src, action, formaction...), not the word in running text.
JAVASCRIPT_URL = re.compile(r"""=\s*["']?\s*javascript\s*:""", re.IGNORECASE)


def project_template_files() -> list[Path]:
    base = Path(settings.BASE_DIR).resolve()
    engine = engines["django"]
    assert isinstance(engine, DjangoTemplates)
    # The configured folders plus every installed app's templates/ folder.
    dirs = {Path(d).resolve() for d in engine.template_dirs}
    own = [d for d in dirs if d.is_relative_to(base) and "site-packages" not in d.parts]
    suffixes = {".html", ".txt", ".xml"}
    return sorted(p for d in own for p in d.rglob("*") if p.is_file() and p.suffix in suffixes)


def test_project_templates_are_found() -> None:
    files = project_template_files()
    names = {p.as_posix() for p in files}
    assert any(n.endswith("templates/base.html") for n in names)
    assert any(n.endswith("deputies/templates/deputies/duty.html") for n in names)


def test_no_template_has_an_inline_handler_or_javascript_url() -> None:
    offenders = []
    for path in project_template_files():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_HANDLER, JAVASCRIPT_URL):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path}:{line}: {match.group(0)[-40:]!r}")
    assert not offenders, "\n".join(offenders)


def test_scanner_catches_an_inline_handler() -> None:
    assert INLINE_HANDLER.search('<select name="year" onchange="this.form.submit()">')
    assert INLINE_HANDLER.search('<a\n  href="#" onClick = "x()">')
    assert JAVASCRIPT_URL.search('<a href="javascript:void(0)">')
    assert not INLINE_HANDLER.search('<select name="year" data-autosubmit>')
    assert not JAVASCRIPT_URL.search("<p>This page does not update without JavaScript: ...</p>")
