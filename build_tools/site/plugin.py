"""The MkDocs plugin: thin hooks that hand the site's work to the stages.

`bdpub build` gathers and checks the content first and hands the plugin the result
(`SiteInput`); the hooks only title, order, decorate and sanitise pages from it. The plugin
refuses to run without it: a plain `mkdocs build` would publish unchecked content.
"""
from __future__ import annotations

import dataclasses
import zlib
from pathlib import Path, PurePosixPath

from mkdocs.config import config_options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from build_tools.base.resources import THEME_DIR
from build_tools.checks import CheckResults
from build_tools.content.model import ContentModel
from build_tools.content.outputs import Manifest
from build_tools.site import images as webimages
from build_tools.site import listing, navigation, reuse, search, seo, status
from build_tools.text import escape, policy


@dataclasses.dataclass
class SiteInput:
    """What the site is made from: the checked content, the check results, the manifest."""

    model: ContentModel
    results: CheckResults
    manifest: Manifest = Manifest()
    """The publications' files of this build (PDFs, covers, cards)."""


def _rel(page) -> PurePosixPath:
    return navigation.source_of(page.file)[1]


def _language_relative(url: str, lang: str, source_lang: str) -> str:
    return url if lang == source_lang else url.removeprefix(f"{lang}/")


def _use_bdpub_theme(config) -> None:
    """bdpub's templates and styles go just before the theme's own (after a project's
    custom_dir), and one storage scope for the whole site keeps Material's inline script the
    same on every page, so the Content-Security-Policy can allow it by its hash."""
    theme = config.theme
    if str(THEME_DIR) not in theme.dirs:
        ours = theme.dirs.index(theme.custom_dir) + 1 if theme.custom_dir in theme.dirs else 0
        theme.dirs.insert(ours, str(THEME_DIR))
    config.extra.setdefault("scope", "/")


CONTENT_MARKS = ("<!-- bdpub:content -->", "<!-- /bdpub:content -->")


class BdpubPlugin(BasePlugin):
    """Titles, orders and extends the pages of the checked content model."""

    # Read by bdpub itself (content.project: the print output intent); MkDocs only has to
    # accept it.
    config_scheme = (("print", config_options.Type(dict, default={})),)

    given: SiteInput | None = None
    reuse: reuse.Pages | None = None
    """The previous build's pages, where bdpub build lets this build take them."""
    made_images: set[str] = set()
    """The site paths of the renditions every language build wrote (made by bdpub, with no
    metadata to strip)."""
    kept: dict | None = None
    """For the live preview: each page of each language build, as (page, files, config),
    by (language, rel), so that a saved page can be shown again alone (site.preview)."""

    def on_config(self, config):
        if self.given is None:
            raise PluginError("the bdpub plugin builds only content that bdpub has checked: "
                              "run `bdpub build` or `bdpub serve` instead of mkdocs")
        _use_bdpub_theme(config)
        self.index = search.SearchIndex()  # one per language build
        self.images = webimages.Renditions(self.model.project.cache_dir / webimages.CACHE)
        self.taken: dict[str, reuse.Taken] = {}  # by the page's path in the site
        self.keys: dict[str, str] = {}
        self.held: dict[str, bytes] = {}
        return config

    @property
    def model(self) -> ContentModel:
        return self.given.model

    def on_env(self, env, config, files):
        # Templates compiled once, not once per language and build: the compiled code is
        # kept by each template's name and a checksum of its source.
        from jinja2 import FileSystemBytecodeCache

        folder = self.model.project.cache_dir / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(folder))
        env.globals["bdpub_sidebar"] = navigation.sidebar  # partials/nav.html
        return env

    @event_priority(-110)  # after mkdocs-static-i18n (-100) has made the language's nav
    def on_nav(self, nav, config, files):
        navigation.arrange_site(nav, self.model, config.theme["language"])
        self.shown = navigation.Shown(nav, self.model, config.theme["language"],
                                      config.theme.get("features") or ())
        return nav

    def on_page_markdown(self, markdown, page, config, files):
        lang, rel = config.theme["language"], _rel(page)
        shown = self.model.shown_page(lang, rel)
        # Material writes titles and descriptions into pages as HTML: they go in escaped.
        page.meta["title"] = escape.html_text(self.model.title(lang, rel))
        description = getattr(shown.meta, "description", None) if shown else None
        page.meta.pop("description", None)
        if description:
            page.meta["description"] = escape.html_text(description)
        if self.kept is not None:
            self.kept[lang, rel] = (page, files, config)
        if self.reuse is not None:
            dest = page.file.dest_uri
            listed = self._listed(rel) if listing.lists_pages(self.model, rel) else None
            self.keys[dest] = self.reuse.key(lang, self.shown.of(page), page.file.src_uri,
                                             markdown, page.meta, self._state(lang, rel), listed)
            taken = self.reuse.take(dest, self.keys[dest])
            if taken is not None:  # the previous build's page: nothing to render
                self.taken[dest] = taken
                page.meta["template"] = reuse.TEMPLATE
                page.render = reuse.render_taken(page, taken)  # MkDocs renders it next
                return ""
        return self.markdown(markdown, page, lang, rel)

    def markdown(self, markdown: str, page, lang: str, rel: PurePosixPath) -> str:
        """A page's Markdown with what the model adds to it (publication line, listings)."""
        markdown = listing.decorate(markdown, self.model, lang, rel, page.url,
                                    self.given.manifest)
        source = self.model.page(self.model.source_lang, rel)
        if source is not None and getattr(source.meta, "listing", None) == "translation-status":
            names = {language.code: language.name for language in self.model.project.languages}
            markdown += "\n" + status.status_markdown(
                self.given.results.completeness, names, lang, rel,
                lambda target: self.model.title(lang, target), len(self.given.results.warnings),
                page.url)
        return markdown

    def _state(self, lang: str, rel: PurePosixPath) -> tuple:
        """What else a page's HTML shows (its file, the language it is shown in, is in its
        key already): the day its source changed if it is outdated, its publication."""
        results, outdated = self.given.results, None
        if (lang, rel) in results.outdated:
            commit = results.history.last.get(self.model.page(self.model.source_lang,
                                                              rel).display_path)
            outdated = commit.day if commit is not None else ""
        publication = self.model.publication_of(rel)
        return outdated, (publication.slug, publication.index.text) if publication else None

    def _listed(self, rel: PurePosixPath) -> str:
        """What a page that lists others shows of them: every page's front matter (titles,
        descriptions, dates, publications), and on the status page the completeness and
        the number of warnings."""
        if "_front_matter" not in self.__dict__:
            self._front_matter = self.reuse.key(*(
                (page.display_path, page.text.split("\n", page.body_line - 1)[:-1])
                for pages in self.model.pages.values() for page in pages.values()))
        source = self.model.page(self.model.source_lang, rel)
        if getattr(source.meta, "listing", None) != "translation-status":
            return self._front_matter
        results = self.given.results
        return self.reuse.key(self._front_matter, len(results.warnings), {
            lang: part.as_data() for lang, part in results.completeness.items()})

    def on_page_content(self, html, page, config, files):
        dest = page.file.dest_uri
        taken = self.taken.get(dest)
        if taken is not None:
            self.index.extend(taken.search)
            self.images.files.update(taken.renditions)
            return html
        searched, used = len(self.index.pages), {}
        html = self.content(html, page, config["theme"]["language"], used)
        if self.reuse is not None:
            held = self.index.pages[searched:]  # none for a page shown in another language
            self.reuse.made_now(dest, self.keys.get(dest), held[0] if held else None,
                                page.present_anchor_ids, used)
        if self.kept is None and set(config.plugins) <= reuse.PAGE_BLIND:
            # MkDocs renders every page's Markdown before it writes the first: each page's
            # HTML waits compressed (a third to a half of its size), no other hook reads it, and
            # on_page_context gives it back.
            self.held[dest] = zlib.compress(html.encode("utf-8"), 1)
            page.markdown = ""  # rendered: see on_post_page
            return ""
        return html

    def content(self, html: str, page, lang: str, used: dict) -> str:
        """A page's HTML as published, between the marks the preview finds it by (no
        comment of a page survives the policy, so no page can write them)."""
        return CONTENT_MARKS[0] + self._content(html, page, lang, used) + CONTENT_MARKS[1]

    def _content(self, html: str, page, lang: str, used: dict) -> str:
        shown = navigation.source_of(page.file)[0]
        html = policy.clean(html, generated=True)
        seo.describe(page, html)
        html = self.images.rewrite(html, page.url, self._locate, used)
        if shown != lang:
            return status.fallback_html(html, lang, shown)
        self.index.add(_language_relative(page.url, lang, self.model.source_lang),
                       self.model.title(lang, _rel(page)), html)
        results = self.given.results
        if (lang, _rel(page)) in results.outdated:
            source = self.model.page(self.model.source_lang, _rel(page))
            commit = results.history.last.get(source.display_path)
            if commit is not None:
                return status.outdated_html(html, lang, commit.day)
        return html

    def _locate(self, site_path: str):
        """The file in docs/ a site path was published from, or None."""
        found = self.model.files.for_site_path(site_path)
        return found.path if found is not None else None

    @event_priority(100)  # the page's HTML is back before any other hook or the template
    def on_page_context(self, context, page, config, nav):
        held = self.held.pop(page.file.dest_uri, None)
        if held is not None:
            page.content = zlib.decompress(held).decode("utf-8")
        if page.file.dest_uri in self.taken:
            return context
        lang, rel = config.theme["language"], _rel(page)
        context["bdpub"] = seo.head(self.model, lang, rel, page.canonical_url,
                                    self.given.manifest)
        return context

    def on_post_page(self, output, page, config):
        taken = self.taken.get(page.file.dest_uri)
        if set(config.plugins) <= reuse.PAGE_BLIND:
            # Written next: no hook of this site reads the page's HTML again. MkDocs would
            # keep every page's until the end of the build, and its Markdown (emptied, not
            # None: MkDocs titles a page of no Markdown None, and the next pages' navigation
            # shows its title, the one bdpub put in its meta).
            page.content = page.toc = None
            page.markdown = ""
        return output if taken is None else taken.output.read_text(encoding="utf-8")

    def on_post_build(self, config):
        # mkdocs-static-i18n keeps site_dir at the root and puts "en/" into page URLs.
        lang = config.theme["language"]
        folder = "" if lang == self.model.source_lang else lang
        self.index.write(Path(config.site_dir) / folder, lang)
        self.images.write(Path(config.site_dir))
        self.made_images.update(self.images.files)
