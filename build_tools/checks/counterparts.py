"""Pages without a translation, and translations without a source."""
from __future__ import annotations

from build_tools.base.messages import _, current
from build_tools.content import localize


def language_name(code: str) -> str:
    """A language's name in the language of the messages (Babel's locale data)."""
    return localize.language_name(code, current())


def check(context):
    model = context.model
    project = model.project
    source = model.pages[model.source_lang]
    source_dir = project.relative(project.lang_dir(model.source_lang))
    for language in project.translation_languages:
        translated = model.pages[language.code]
        target_dir = project.relative(project.lang_dir(language.code))
        for rel, page in source.items():
            if (rel not in translated and (language.code, rel) not in model.unreadable
                    and context.expected(language.code, rel)):
                yield context.finding(
                    "missing-translation", page.display_path, 1,
                    _("no {language} translation yet; create {path} (readers see this page "
                      "meanwhile)").format(language=language_name(language.code),
                                           path=f"{target_dir}/{rel}"),
                    language.code, rel)
        for rel, page in translated.items():
            if rel not in source and (model.source_lang, rel) not in model.unreadable:
                yield context.finding(
                    "orphan-translation", page.display_path, 1,
                    _("there is no source page {path}; rename this file to match its source, "
                      "or remove it").format(path=f"{source_dir}/{rel}"), language.code)
