"""HTML the site writes itself (library, PDF links, notices), from the Jinja templates in
site/templates/ with every value escaped for HTML."""
from __future__ import annotations

from pathlib import Path

import jinja2

TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=True, undefined=jinja2.StrictUndefined)


def render(template: str, **values) -> str:
    return TEMPLATES.get_template(template).render(**values)
