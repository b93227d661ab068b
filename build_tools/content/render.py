"""Markdown to HTML with the site's own Python-Markdown extensions, for the checks and the PDFs.

The site renders pages through MkDocs; the checks (which must see exactly what a page
publishes) and the books render the same Markdown with the same extensions here, once
per text.
"""
from __future__ import annotations

import functools

import markdown

from build_tools.content.project import Project

MEMORY = 4096  # rendered texts kept in memory: a whole site of a few thousand pages


def page_html(project: Project, body: str, highlight: bool = True) -> str:
    """A page body as HTML, without the heading permalinks that only make sense on screens.
    Without `highlight`, code blocks are not coloured (Pygments is most of the time of a
    page full of code): the same elements and attributes otherwise, enough for the checks."""
    return _rendered(_settings_key(project, highlight), body)


HIGHLIGHTERS = ("pymdownx.highlight", "codehilite", "markdown.extensions.codehilite")


def converter(project: Project, highlight: bool = True) -> markdown.Markdown:
    """A fresh Markdown instance with the site's extensions (reset it between texts)."""
    names, configs = [], {}
    for name, settings in project.markdown_extensions:
        names.append(name)
        configs[name] = {**settings, "permalink": False} if name == "toc" else settings
        if not highlight and name in HIGHLIGHTERS:
            configs[name] = {**settings, "use_pygments": False}
    if not highlight and "pymdownx.superfences" in names and "pymdownx.highlight" not in names:
        names.append("pymdownx.highlight")  # superfences colours through it by default
        configs["pymdownx.highlight"] = {"use_pygments": False}
    return markdown.Markdown(extensions=names, extension_configs=configs)


_projects: dict[str, tuple[Project, bool]] = {}


def _settings_key(project: Project, highlight: bool = True) -> str:
    key = repr((project.markdown_extensions, highlight))
    _projects.setdefault(key, (project, highlight))
    return key


@functools.lru_cache(maxsize=MEMORY)
def _rendered(settings: str, body: str) -> str:
    instance = _instance(settings)
    instance.reset()
    return instance.convert(body)


@functools.lru_cache(maxsize=8)
def _instance(settings: str) -> markdown.Markdown:
    return converter(*_projects[settings])
