"""The MkDocs plugin: thin hooks that hand the site's work to the stages."""
from __future__ import annotations

from pathlib import Path, PurePosixPath

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from build_tools import content, listing, navigation
from build_tools.findings import errors
from build_tools.project import load_project


class ContentPluginError(PluginError):
    """The content has errors; MkDocs prints them and stops."""


class BdpubPlugin(BasePlugin):
    """Reads the content model once per build and lets it title, order and extend pages."""

    model: content.ContentModel | None = None
    manifest: dict | None = None
    """publications.json of this build, set by `bdpub build` once the PDFs exist."""

    def on_config(self, config):
        self.model = content.gather_cached(load_project(Path(config.config_file_path)))
        found = errors(self.model.findings)
        if found:
            raise ContentPluginError("\n".join(str(finding) for finding in sorted(found)))
        return config

    @event_priority(-110)  # after mkdocs-static-i18n (-100) has made the language's nav
    def on_nav(self, nav, config, files):
        navigation.arrange_site(nav, self.model, config.theme["language"])
        return nav

    def on_page_markdown(self, markdown, page, config, files):
        rel = PurePosixPath(*PurePosixPath(page.file.src_uri).parts[1:])
        return listing.decorate(markdown, self.model, config.theme["language"], rel,
                                page.url, self.manifest)
