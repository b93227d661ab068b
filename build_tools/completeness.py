"""Translation completeness: which pages are missing, left over or not in Unicode NFC."""
from __future__ import annotations

import unicodedata

from build_tools.content import ContentModel
from build_tools.findings import ERROR, WARNING, Finding


def check(model: ContentModel) -> list[Finding]:
    """Pairing and normalisation findings over the whole model."""
    return [*_pairing(model), *_normalization(model)]


def _pairing(model: ContentModel) -> list[Finding]:
    findings = []
    source = model.pages[model.source_lang]
    for language in model.project.translation_languages:
        translated = model.pages[language.code]
        target_dir = model.project.relative(model.project.lang_dir(language.code))
        for rel, page in source.items():
            if rel not in translated and (language.code, rel) not in model.unreadable:
                findings.append(Finding(
                    page.display_path, 1, "missing-translation",
                    f"no {language.name} translation yet; create {target_dir}/{rel} "
                    "(readers see this page meanwhile)", WARNING, language.code))
        for rel, page in translated.items():
            if rel not in source and (model.source_lang, rel) not in model.unreadable:
                findings.append(Finding(
                    page.display_path, 1, "orphan-translation",
                    f"there is no source page {model.project.relative(model.project.lang_dir(model.source_lang))}/{rel}; "
                    "rename this file to match its source, or remove it",
                    ERROR, language.code))
    return findings


def _normalization(model: ContentModel) -> list[Finding]:
    findings = []
    for pages in model.pages.values():
        for page in pages.values():
            for number, line in enumerate(page.text.split("\n"), 1):
                if not unicodedata.is_normalized("NFC", line):
                    findings.append(Finding(
                        page.display_path, number, "unicode-normalization",
                        "text is not in Unicode NFC (letters and tone marks typed as separate "
                        f"characters): write '{unicodedata.normalize('NFC', line).strip()[:60]}'",
                        ERROR, page.lang))
    return findings
