"""The MkDocs plugin: thin hooks that hand the site's work to the stages."""
from __future__ import annotations

from pathlib import Path, PurePosixPath

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from build_tools import (checks, completeness, content, listing, navigation, search, seo,
                         status, webimages)
from build_tools.findings import errors
from build_tools.project import load_project


class ContentPluginError(PluginError):
    """The content has errors; MkDocs prints them and stops."""


def _rel(page) -> PurePosixPath:
    """A page's path inside its language folder ('en/a/b.md' -> 'a/b.md')."""
    return PurePosixPath(*PurePosixPath(page.file.src_uri).parts[1:])


def _language_relative(url: str, lang: str, source_lang: str) -> str:
    return url if lang == source_lang else url.removeprefix(f"{lang}/")


class BdpubPlugin(BasePlugin):
    """Reads the content model once per build and lets it title, order and extend pages."""

    model: content.ContentModel | None = None
    manifest: dict | None = None
    """publications.json of this build, set by `bdpub build` once the PDFs exist."""
    index: search.SearchIndex | None = None

    def on_config(self, config):
        self.model = content.gather_cached(load_project(Path(config.config_file_path)))
        found = errors(self.model.findings)
        if found:
            raise ContentPluginError("\n".join(str(finding) for finding in sorted(found)))
        self.index = search.SearchIndex()  # one per language build
        self.images = webimages.Renditions(self.model.project.root / ".cache" / "responsive")
        return config

    @event_priority(-110)  # after mkdocs-static-i18n (-100) has made the language's nav
    def on_nav(self, nav, config, files):
        navigation.arrange_site(nav, self.model, config.theme["language"])
        return nav

    def on_page_markdown(self, markdown, page, config, files):
        lang, rel = config.theme["language"], _rel(page)
        markdown = listing.decorate(markdown, self.model, lang, rel, page.url, self.manifest)
        source = self.model.page(self.model.source_lang, rel)
        if source is not None and getattr(source.meta, "listing", None) == "translation-status":
            _, context = checks.run_cached(self.model)
            names = {language.code: language.name for language in self.model.project.languages}
            markdown += "\n" + status.status_markdown(
                completeness.figures(context), names, lang, rel,
                lambda target: self.model.title(lang, target))
        return markdown

    def on_page_content(self, html, page, config, files):
        lang, shown = config.theme["language"], PurePosixPath(page.file.src_uri).parts[0]
        seo.describe(page, html)
        html = self.images.rewrite(html, page.url, self._locate)
        if shown != lang:
            return status.fallback_html(html, lang, shown)
        self.index.add(_language_relative(page.url, lang, self.model.source_lang),
                       page.title or "", html)
        _, context = checks.run_cached(self.model)
        if (lang, _rel(page)) in context.outdated:
            source = self.model.page(self.model.source_lang, _rel(page))
            commit = context.history.last.get(source.display_path)
            if commit is not None:
                return status.outdated_html(html, lang, commit.time)
        return html

    def _locate(self, site_path: str) -> Path | None:
        """The file in docs/ a site path comes from: docs/<lang>/..., else the source's."""
        parts = PurePosixPath(site_path).parts
        codes = self.model.project.codes
        lang, rest = (parts[0], parts[1:]) if parts and parts[0] in codes[1:] else (codes[0], parts)
        for code in dict.fromkeys((lang, self.model.source_lang)):
            candidate = self.model.project.lang_dir(code).joinpath(*rest)
            if candidate.is_file():
                return candidate
        return None

    def on_page_context(self, context, page, config, nav):
        context["bdpub"] = seo.head(self.model, config.theme["language"], _rel(page),
                                    page.canonical_url, self.manifest)
        return context

    def on_post_build(self, config):
        # mkdocs-static-i18n keeps site_dir at the root and puts "en/" into page URLs.
        lang = config.theme["language"]
        folder = "" if lang == self.model.source_lang else lang
        self.index.write(Path(config.site_dir) / folder, lang)
        self.images.write(Path(config.site_dir))
