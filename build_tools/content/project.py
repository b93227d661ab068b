"""The project: its folders and languages, read from mkdocs.yml without MkDocs."""
from __future__ import annotations

import dataclasses
import fnmatch
import importlib
import os
import re
from pathlib import Path, PurePosixPath

import yaml

from build_tools.base.exceptions import BdpubError
from build_tools.base.resources import ICC_PROFILE
from build_tools.base.messages import _
from build_tools.content.editions import Edition, editions_for

CONFIG_FILE = "mkdocs.yml"


@dataclasses.dataclass(frozen=True)
class Language:
    """One language of the site: its locale code, its own name, whether it is the source."""

    code: str
    name: str
    source: bool


@dataclasses.dataclass(frozen=True)
class OutputIntent:
    """The printing condition print PDFs are made for (PDF/X output intent): the ICC
    profile that CMYK colours and images are converted through, and what the PDF says of it."""

    name: str
    profile: Path
    identifier: str
    """OutputConditionIdentifier: the condition's name in the ICC registry (e.g. FOGRA39)."""
    condition: str
    """OutputCondition: the condition in words, for the printer."""
    registry: str
    licence: str
    """Under which terms the profile may be embedded in every print PDF."""


OUTPUT_INTENTS = {
    "swop": OutputIntent(
        "swop", ICC_PROFILE, "CGATS TR 001",
        "SWOP (Specifications for Web Offset Publications), coated paper; characterised by "
        "the Artifex CMYK SWOP profile", "http://www.color.org",
        "GNU Affero General Public License 3.0 or later (Artifex Software, from Ghostscript)"),
}
"""The conditions bdpub ships a profile for; a project may name its printer's own."""
OUTPUT_INTENT_KEYS = ("profile", "identifier", "condition", "registry", "licence")


@dataclasses.dataclass(frozen=True)
class Project:
    """Where everything lives, and in which languages."""

    root: Path
    config_file: Path
    docs_dir: Path
    site_dir: Path
    site_url: str
    languages: tuple[Language, ...]
    markdown_extensions: tuple[tuple[str, dict], ...] = ()
    """The Python-Markdown extensions of the site, with their settings, for the PDFs."""
    output_intent: OutputIntent = OUTPUT_INTENTS["swop"]
    """The printing condition of the print PDFs (mkdocs.yml: bdpub's print.output_intent)."""
    check: CheckSettings = dataclasses.field(default_factory=lambda: CheckSettings())
    """How to check it (bdpub.toml's [check])."""

    @property
    def source_language(self) -> Language:
        return next(language for language in self.languages if language.source)

    @property
    def translation_languages(self) -> tuple[Language, ...]:
        return tuple(language for language in self.languages if not language.source)

    @property
    def cache_dir(self) -> Path:
        """Where the build keeps what it can reuse (PDFs, images): never published."""
        return self.root / ".cache"

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(language.code for language in self.languages)

    def relative(self, path: Path) -> str:
        """A path as the editor sees it: relative to the repository, with slashes."""
        if path.is_absolute() and path.is_relative_to(self.root):  # most paths are
            return path.relative_to(self.root).as_posix()               # absolute already
        resolved = path.resolve()
        if resolved.is_relative_to(self.root):
            return resolved.relative_to(self.root).as_posix()
        return path.as_posix()

    @property
    def source_at_root(self) -> bool:
        """Whether the source's pages lie at the top of the content folder, beside the
        translations' folders (bdpub.toml: layout = "source-at-root")."""
        return self.check.layout == SOURCE_AT_ROOT

    def lang_dir(self, code: str) -> Path:
        if self.source_at_root and code == self.source_language.code:
            return self.docs_dir
        return self.docs_dir / self.folder_of(code)

    def folder_of(self, code: str) -> str:
        """A language's folder inside the content folder: its code, unless bdpub.toml's
        [check.folders] names another."""
        return dict(self.check.folders).get(code, code)

    def real_path(self, docs_path) -> Path:
        """Where a path of the content model (<lang>/<rel>, or a shared file's path) lies
        on disk: the source's pages lie at the top of the content folder when the layout
        says so."""
        parts = PurePosixPath(docs_path).parts
        if self.source_at_root and parts and parts[0] == self.source_language.code:
            return self.docs_dir.joinpath(*parts[1:])
        if self.check.folders and parts and parts[0] in self.codes:
            return self.lang_dir(parts[0]).joinpath(*parts[1:])
        return self.docs_dir.joinpath(*parts)

    def site_path(self, lang: str, rel) -> str:
        """Where a page (docs/<lang>/<rel>.md) or file is published, relative to the site's
        root: 'en/ban-tin/2019-q2/' for a page, 'en/ban-tin/anh.jpg' for a file."""
        prefix = self.site_prefix(lang)
        if rel.suffix == ".md":
            rel = rel.parent if rel.name == "index.md" else rel.with_suffix("")
            path = "" if rel.as_posix() == "." else rel.as_posix() + "/"
        else:
            path = rel.as_posix()
        return prefix + path

    @property
    def editions(self) -> dict[str, Edition]:
        """Every edition the project's languages make (content.editions.editions_for)."""
        return editions_for(self.source_language.code,
                            tuple(language.code for language in self.translation_languages))

    def site_prefix(self, lang: str) -> str:
        """The folder of the site a language is published in: '' for the source, 'en/'."""
        return "" if lang == self.source_language.code else f"{lang}/"

    def url_of(self, lang: str, rel) -> str:
        """The absolute address of a page (docs/<lang>/<rel>.md) or file on the site."""
        return self.site_url + self.site_path(lang, rel)


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml's YAML: `!ENV` is resolved, `!!python/name:` imports the named object."""


def _construct_env(loader: _ConfigLoader, node: yaml.Node):
    names = ([loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode)
             else loader.construct_sequence(node))
    *variables, default = names if len(names) > 1 else (*names, None)
    return next((os.environ[name] for name in variables if os.environ.get(name)), default)


_ConfigLoader.add_constructor("!ENV", _construct_env)
def _construct_python_name(loader: _ConfigLoader, suffix: str, node: yaml.Node):
    """`!!python/name:module.attribute` as the object (Markdown extension settings use it)."""
    module, _, attribute = suffix.rpartition(".")
    return getattr(importlib.import_module(module), attribute)


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _construct_python_name)


def read_config(config_file: Path) -> dict:
    """mkdocs.yml as plain data; a syntax error names the line."""
    try:
        with open(config_file, encoding="utf-8") as stream:
            return yaml.load(stream, Loader=_ConfigLoader) or {}
    except FileNotFoundError:
        raise BdpubError(_("{path}: not found; run bdpub from the repository root or pass "
                           "--config-file").format(path=config_file)) from None
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", -1) + 1
        raise BdpubError(f"{config_file}:{line}: " + _("not valid YAML: {problem}").format(
            problem=getattr(error, "problem", error))) from None


def _languages(config: dict, config_file: Path) -> tuple[Language, ...]:
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            entries = (plugin["i18n"] or {}).get("languages") or []
            languages = tuple(Language(str(entry["locale"]), str(entry.get("name", "")),
                                       bool(entry.get("default", False)))
                              for entry in entries if entry.get("build", True))
            if sum(language.source for language in languages) == 1:
                return languages
    raise BdpubError(f"{config_file}: " + _("the i18n plugin must list the languages, exactly "
                                          "one with `default: true` (the source language), "
                                          "for example:") + "\n"
                     "  plugins:\n    - i18n:\n        docs_structure: folder\n"
                     "        languages:\n          - {locale: vi, default: true, name: Tiếng Việt}\n"
                     "          - {locale: en, name: English}")


def _markdown_extensions(config: dict) -> tuple[tuple[str, dict], ...]:
    extensions = []
    for entry in config.get("markdown_extensions") or []:
        name, settings = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        extensions.append((str(name), dict(settings or {})))
    return tuple(extensions)


SETTINGS_FILE = "bdpub.toml"
"""bdpub's own settings for a project, beside mkdocs.yml (or beside the content folder
of a project bdpub only checks): its `[check]` table (CheckSettings)."""


@dataclasses.dataclass(frozen=True)
class CheckSettings:
    """The `[check]` table of bdpub.toml: how to check a project made by other conventions."""

    source: str | None = None
    """The source language: the folder of the content folder holding the originals
    (mkdocs.yml's default language when there is one)."""
    exclude: tuple[str, ...] = ()
    """Pages never translated, as patterns inside a language folder ("reference/**",
    "release-notes.md"): not missing, not checked against a translation, not counted."""
    unknown_keys: str = "error"
    """"error": a front-matter key bdpub does not know stops the page (this project's
    rule); "warn": the key is reported and ignored, and the page is checked all the same."""
    site_prefixes: tuple[str, ...] = ()
    """Addresses of the site itself ("https://docs.example.org/"): a link to one of its
    pages in the source and to the same page under the translation's language prefix
    ("https://docs.example.org/es/…") in the translation are the same link."""
    layout: str = "folders"
    """"folders": each language in its folder of the content folder (docs/vi/, docs/en/);
    "source-at-root": the source's pages at the top of the content folder, each
    translation in its folder beside them (docs/index.md, docs/ja/index.md), as
    mkdocs-static-i18n allows for the default language."""
    translations: tuple[str, ...] = ()
    """The translations' folders, when not every folder is one (a source at the root lies
    beside folders of its own pages: they must be named); all of them when empty."""
    folders: tuple[tuple[str, str], ...] = ()
    """Each language's folder inside the content folder, where it is not named by its code
    (tldr-pages: en in pages/, ja in pages.ja/): [check.folders] en = "pages", ...; only
    these folders are read."""
    selective: tuple[str, ...] = ()
    """Translations made of chosen pages only (item 6.4's languages): a page without one is
    shown in the source with the notice and is not reported missing, except in a
    publication that prints an edition in that language, which must be complete."""
    ignore: tuple[str, ...] = ()
    """Finding codes `bdpub check` leaves out of its report: another project's publishing
    rules ("file-name", "unsafe-html") when only its translations are checked. The build
    still applies every rule to what it publishes."""

    def excludes(self, rel) -> bool:
        """Whether a page (its path inside a language folder) is never translated."""
        path = str(rel).replace("\\", "/")
        return any(fnmatch.fnmatchcase(path, pattern)
                   or fnmatch.fnmatchcase(path, pattern.rstrip("/") + "/*")
                   for pattern in self.exclude)


CHECK_SETTINGS = tuple(field.name for field in dataclasses.fields(CheckSettings))
UNKNOWN_KEYS = ("error", "warn")
SOURCE_AT_ROOT = "source-at-root"
LAYOUTS = ("folders", SOURCE_AT_ROOT)


def check_settings(root: Path) -> CheckSettings:
    """The `[check]` table of bdpub.toml in `root`, checked (the defaults without one)."""
    import tomllib

    path = root / SETTINGS_FILE
    if not path.is_file():
        return CheckSettings()
    try:
        settings = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise BdpubError(f"{path}: " + _("not valid TOML: {error}").format(error=error)) from None
    check = settings.get("check", {})
    unknown = sorted(set(settings) - {"check"}) + sorted(
        f"check.{key}" for key in (check if isinstance(check, dict) else {})
        if key not in CHECK_SETTINGS)
    if not isinstance(check, dict) or unknown:
        raise BdpubError(f"{path}:{line_of(path, unknown[0] if unknown else 'check')}: " + _(
            "unknown setting {name}; bdpub.toml knows [check] with {keys}").format(
                name=unknown[0] if unknown else "check", keys=", ".join(CHECK_SETTINGS)))
    source = check.get("source")
    if source is not None and (not isinstance(source, str) or not source.strip()):
        raise BdpubError(f"{path}:{line_of(path, 'source')}: " + _(
            "check.source: expected the source language's code, such as source = \"en\""))
    lists = {}
    for name, example in (("exclude", "reference/**"),
                          ("site_prefixes", "https://docs.example.org/"),
                          ("translations", "ja"), ("selective", "zh"),
                          ("ignore", "file-name")):
        value = check.get(name, [])
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip()
                                                  for item in value):
            raise BdpubError(f"{path}:{line_of(path, name)}: " + _(
                "check.{name}: expected a list of texts, such as {name} = [\"{example}\"]"
            ).format(name=name, example=example))
        lists[name] = tuple(value)
    unknown_keys = check.get("unknown_keys", "error")
    if unknown_keys not in UNKNOWN_KEYS:
        raise BdpubError(f"{path}:{line_of(path, 'unknown_keys')}: " + _(
            "check.unknown_keys: expected one of {choices}").format(
                choices=", ".join(f'"{choice}"' for choice in UNKNOWN_KEYS)))
    layout = check.get("layout", "folders")
    if layout not in LAYOUTS:
        raise BdpubError(f"{path}:{line_of(path, 'layout')}: " + _(
            "check.layout: expected one of {choices}").format(
                choices=", ".join(f'"{choice}"' for choice in LAYOUTS)))
    if layout == SOURCE_AT_ROOT and not lists["translations"]:
        raise BdpubError(f"{path}:{line_of(path, 'layout')}: " + _(
            "check.layout = \"{layout}\": name the translations' folders, such as "
            "translations = [\"ja\", \"zh\"]; the other folders hold the source's pages"
        ).format(layout=layout))
    folders = check.get("folders", {})
    if not isinstance(folders, dict) or not all(
            isinstance(code, str) and LANGUAGE_CODE.fullmatch(code) and isinstance(folder, str)
            and _one_folder(folder) for code, folder in folders.items()):
        raise BdpubError(f"{path}:{line_of(path, 'folders')}: " + _(
            "check.folders: expected a table of language codes and folder names inside the "
            "content folder, such as [check.folders] en = \"pages\", ja = \"pages.ja\""))
    if folders and layout == SOURCE_AT_ROOT:
        raise BdpubError(f"{path}:{line_of(path, 'folders')}: " + _(
            "check.folders names every language's folder: leave layout = \"{layout}\" out"
        ).format(layout=layout))
    return CheckSettings(source, lists["exclude"], unknown_keys, lists["site_prefixes"],
                         layout, lists["translations"], tuple(folders.items()),
                         lists["selective"], lists["ignore"])


LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
"""A language's code as folders and mkdocs-static-i18n name it: ja, pt-br, zh_TW."""


def _one_folder(name: str) -> bool:
    """A folder's name, not a path: what the content folder holds directly."""
    return bool(name.strip()) and name not in (".", "..") and not any(
        char in name for char in "/\\\0")


def line_of(path: Path, key: str) -> int:
    name = key.rpartition(".")[2]
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip().startswith((name, f"[{name}", f"[check.{name}")):
            return number
    return 1


def with_source(project: Project, source: str | None) -> Project:
    """The project with `source` as its source language (--source-lang), which must be one
    of its languages; the project as it is without one."""
    if source is None or source == project.source_language.code:
        return project
    if source not in project.codes:
        raise BdpubError(_("--source-lang {code}: not one of the languages of {path} ({codes})"
                           ).format(code=source, path=project.config_file.name,
                                    codes=", ".join(project.codes)))
    chosen = next(language for language in project.languages if language.code == source)
    return dataclasses.replace(project, languages=(
        dataclasses.replace(chosen, source=True),
        *(dataclasses.replace(language, source=False)
          for language in project.languages if language.code != source)))


def project_from_folders(docs_dir: Path, source: str | None = None) -> Project:
    """A project without mkdocs.yml: its languages are the folders of docs_dir, the source
    being `source` (--source-lang), else `source` of bdpub.toml's [check] beside docs_dir;
    never guessed — enough for `bdpub check --docs-dir`."""
    docs_dir = docs_dir.resolve()
    root = docs_dir.parent
    settings = check_settings(root)
    if settings.folders:
        absent = [folder for _code, folder in settings.folders
                  if not (docs_dir / folder).is_dir()]
        if absent:
            path = root / SETTINGS_FILE
            raise BdpubError(f"{path}:{line_of(path, 'folders')}: " + _(
                "check.folders: no folder {folder}/ in {path}").format(
                    folder=absent[0], path=docs_dir))
    codes = [code for code, _folder in settings.folders] or sorted(
        folder.name for folder in docs_dir.iterdir()
        if folder.is_dir() and not folder.name.startswith("."))
    if not codes:
        raise BdpubError(_("{path}: no language folders (such as vi/ and en/) inside").format(
            path=docs_dir))
    source = source or settings.source
    if source is None:
        raise BdpubError(_("{path}: which folder holds the source language? Name it with "
                           "--source-lang CODE, or in {settings} beside the folder:\n"
                           "  [check]\n  source = \"{example}\"\n(folders found: {codes})").format(
                               path=docs_dir, settings=root / SETTINGS_FILE,
                               example=codes[0], codes=", ".join(codes)))
    for code in settings.translations:
        if code not in codes:
            raise BdpubError(f"{root / SETTINGS_FILE}:{line_of(root / SETTINGS_FILE, 'translations')}: "
                             + _("check.translations: no folder {code}/ in {path}").format(
                                 code=code, path=docs_dir))
    if settings.layout == SOURCE_AT_ROOT:
        codes = [source, *settings.translations]
    elif source not in codes:
        raise BdpubError(_("{path}: no folder {code}/ for the source language; the folders "
                           "are {codes}. When the source's pages lie at the top of the "
                           "folder, say so in {settings}:\n  [check]\n  layout = "
                           "\"source-at-root\"\n  translations = [\"ja\", \"zh\"]").format(
                               path=docs_dir, code=source, codes=", ".join(codes),
                               settings=root / SETTINGS_FILE))
    elif settings.translations:
        codes = [source, *settings.translations]
    languages = tuple(Language(code, code, code == source)
                      for code in [source, *(code for code in codes if code != source)])
    return Project(root=root, config_file=root / CONFIG_FILE, docs_dir=docs_dir,
                   site_dir=root / "site", site_url="/", languages=languages, check=settings)


def load_project(config_file: Path | str = CONFIG_FILE) -> Project:
    """Read mkdocs.yml and describe the project it configures."""
    config_file = Path(config_file).resolve()
    config = read_config(config_file)
    root = config_file.parent
    site_url = str(config.get("site_url") or "")
    docs_dir = (root / str(config.get("docs_dir", "docs"))).resolve()
    if not docs_dir.is_relative_to(root):
        raise BdpubError(f"{config_file}: " + _(
            "docs_dir must be a folder inside the repository; found {path}").format(path=docs_dir))
    languages = _languages(config, config_file)
    settings = check_settings(root)
    translations = [language.code for language in languages if not language.source]
    strangers = [code for code in settings.selective if code not in translations]
    if strangers:
        path = root / SETTINGS_FILE
        raise BdpubError(f"{path}:{line_of(path, 'selective')}: " + _(
            "check.selective: {codes} is not a translation of {config} (its languages: "
            "{languages})").format(codes=", ".join(strangers), config=config_file.name,
                                   languages=", ".join(translations)))
    return Project(root=root, config_file=config_file, docs_dir=docs_dir,
                   site_dir=(root / config.get("site_dir", "site")).resolve(),
                   site_url=site_url if site_url.endswith("/") else site_url + "/",
                   languages=languages,
                   markdown_extensions=_markdown_extensions(config),
                   output_intent=_output_intent(config, config_file, root),
                   check=settings)


def _converts_images(profile: Path) -> bool:
    """Whether littlecms can convert sRGB images through the profile, as the PDFs do."""
    from PIL import Image, ImageCms

    try:
        ImageCms.profileToProfile(Image.new("RGB", (1, 1)), ImageCms.createProfile("sRGB"),
                                  str(profile), outputMode="CMYK",
                                  renderingIntent=ImageCms.Intent.PERCEPTUAL)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return False
    return True


def _output_intent(config: dict, config_file: Path, root: Path) -> OutputIntent:
    """bdpub's `print: {output_intent: …}` in mkdocs.yml: the name of a condition bdpub
    ships (OUTPUT_INTENTS), or the printer's own profile described in full."""
    settings = next((plugin["bdpub"] for plugin in config.get("plugins") or []
                     if isinstance(plugin, dict) and "bdpub" in plugin), None) or {}
    printing = settings.get("print") or {} if isinstance(settings, dict) else None
    chosen = printing.get("output_intent", "swop") if isinstance(printing, dict) else None
    where = f"{config_file.name}: plugins: bdpub: print: output_intent: "
    if isinstance(chosen, str) and chosen in OUTPUT_INTENTS:
        return OUTPUT_INTENTS[chosen]
    if not isinstance(chosen, dict):
        raise BdpubError(where + _(
            "name one of {names}, or describe the printer's profile with {keys}").format(
                names=", ".join(OUTPUT_INTENTS), keys=", ".join(OUTPUT_INTENT_KEYS)))
    missing = [key for key in OUTPUT_INTENT_KEYS
               if not isinstance(chosen.get(key), str) or not chosen[key].strip()]
    unknown = sorted(set(map(str, chosen)) - set(OUTPUT_INTENT_KEYS))
    if missing or unknown:
        raise BdpubError(where + _(
            "the printer's profile needs {keys} as text; missing {missing}{unknown}").format(
                keys=", ".join(OUTPUT_INTENT_KEYS), missing=", ".join(missing) or "-",
                unknown=(_("; unknown: {keys}").format(keys=", ".join(unknown))
                         if unknown else "")))
    profile = (root / chosen["profile"]).resolve()
    if not profile.is_relative_to(root.resolve()) or not profile.is_file() \
            or profile.suffix.lower() not in (".icc", ".icm"):
        raise BdpubError(where + _(
            "profile must be an .icc file inside the repository, such as "
            "assets/icc/printer.icc; found {path}").format(path=chosen["profile"]))
    with profile.open("rb") as file:
        header = file.read(40)
    if len(header) < 40 or header[36:40] != b"acsp" or header[16:20] != b"CMYK" \
            or not _converts_images(profile):
        raise BdpubError(where + _(
            "{path} is not a CMYK output profile that can convert images (perceptual "
            "intent); ask the printer for the .icc file of their condition").format(
                path=chosen["profile"]))
    return OutputIntent(profile.stem, profile, *(chosen[key].strip()
                                                 for key in OUTPUT_INTENT_KEYS[1:]))
