"""The `bdpub` command: build, serve and check the publications."""
from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from build_tools.base import messages
from build_tools.base.exceptions import BdpubError, ContentError, stop_on_errors
from build_tools.base.findings import Finding, errors
from build_tools.base.messages import _
from build_tools.content import model as content
from build_tools.content.meta import BINDINGS
from build_tools.content.project import load_project


def cmd_build(args: argparse.Namespace) -> int:
    from build_tools.build import build

    summary = build(load_project(args.config_file), args.site_dir and args.site_dir.resolve(),
                    with_pdfs=not args.site_only, workers=args.jobs, verbose=args.verbose,
                    drafts=args.draft_editions, release=args.release)
    print(summary)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from build_tools.build import serve

    serve(load_project(args.config_file), args.dev_addr, verbose=args.verbose)
    return 0


SOURCE_HELP = ("the source language, the folder of the content folder holding the originals "
               "(default: source of bdpub.toml's [check], else mkdocs.yml's default language)")

FAIL_ON = {"error": ("error",), "warning": ("error", "warning"), "never": ()}


def cmd_check(args: argparse.Namespace) -> int:
    from build_tools.build import check
    from build_tools.checks import report

    project = _project(args)
    ignored = _ignored(project)
    model, results = check(project, apart=False)
    findings = _selected(results.findings, model.project, args.paths, args.changed_since,
                         results.history)
    findings = [finding for finding in findings if finding.code not in ignored]
    output = report.FORMATS[args.format](findings, results.completeness, model.source_lang)
    if args.output:
        args.output.write_text(output + "\n", encoding="utf-8")
    else:
        print(output)
    return 1 if any(finding.severity in FAIL_ON[args.fail_on] for finding in findings) else 0


def _project(args: argparse.Namespace):
    from build_tools.content.project import project_from_folders, with_source

    docs_dir, source = getattr(args, "docs_dir", None), getattr(args, "source_lang", None)
    if docs_dir and not args.config_file.exists():
        return project_from_folders(docs_dir, source)
    project = load_project(args.config_file)
    project = with_source(project, source or project.check.source)
    if docs_dir:
        project = dataclasses.replace(project, docs_dir=args.docs_dir.resolve())
        if not project.docs_dir.is_dir():
            raise BdpubError(_("{path}: no such folder").format(path=args.docs_dir))
    return project


def _ignored(project) -> frozenset[str]:
    """The codes bdpub.toml's check.ignore leaves out of the report, each a known code."""
    from build_tools.checks import CODES
    from build_tools.content.project import SETTINGS_FILE, line_of

    for code in project.check.ignore:
        if code not in CODES:
            path = project.root / SETTINGS_FILE
            raise BdpubError(f"{path}:{line_of(path, 'ignore')}: " + _(
                "check.ignore: {code} is not a finding code; the codes are {codes}").format(
                    code=code, codes=", ".join(CODES)))
    return frozenset(project.check.ignore)


def _selected(findings, project, paths, changed_since, history):
    """Only the findings about the given paths, and about what changed since a revision."""
    if paths:
        wanted = [project.relative(path.resolve()) for path in paths]
        findings = [f for f in findings if any(_under(place, wanted)
                                               for place in (f.path, f.source_path) if place)]
    if changed_since:
        changed = history.changed_since(changed_since)
        if changed is None:
            raise BdpubError(_("--changed-since {rev}: git cannot compare with that revision "
                               "(fetch it, or check out the full history)").format(rev=changed_since))
        findings = [f for f in findings if f.path in changed or f.source_path in changed]
    return findings


def _under(place: str, wanted: list[str]) -> bool:
    return any(place == path or place.startswith(path.rstrip("/") + "/") for path in wanted)


def cmd_stamp(args: argparse.Namespace) -> int:
    from build_tools.content import stamp
    from build_tools.content.history import History

    project = _project(args)
    model = content.gather(project)
    stop_on_errors(model.findings)
    history = History(project.root, project.docs_dir)
    for page in stamp.targets(model, args.paths):
        stamp.stamp(model, history, page)
        print(_("stamped {path}").format(path=page.display_path))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from build_tools.word import export

    project = _project(args)
    model = content.gather(project)
    stop_on_errors(model.findings)
    if args.for_translation:
        return _export_for_translation(args, model)
    copy = export.choose(model, args.target, args.copy_lang or project.source_language.code)
    output = args.output or Path(f"{copy.name}-{copy.lang}.{args.format}")
    written = export.export(model, copy, args.format, output)
    print(_("wrote {path}: {count} page(s) in {lang}").format(
        path=written, count=len(copy.pages), lang=copy.lang))
    return 0


def _export_for_translation(args: argparse.Namespace, model) -> int:
    from build_tools.content.history import History
    from build_tools.word import translation

    project = model.project
    if args.format != "docx":
        raise BdpubError(_("--for-translation writes a .docx file (Word or LibreOffice open "
                           "it); leave out --format {format}").format(format=args.format))
    lang = args.copy_lang or project.translation_languages[0].code
    history = History(project.root, project.docs_dir)
    written, rows = translation.export_for_translation(model, history, args.target, lang,
                                                       args.output)
    print(_("wrote {path}: {count} row(s) for translation into {lang}").format(
        path=written, count=rows, lang=lang))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    project = _project(args)
    if not args.document.is_file():
        raise BdpubError(_("no such file: {files}").format(files=args.document))
    if args.translation:
        from build_tools.content.history import History
        from build_tools.word import translation

        model = content.gather(project)
        stop_on_errors(model.findings)
        history = History(project.root, project.docs_dir)
        imported = translation.import_translation(model, history, args.document,
                                                  force=args.force)
    else:
        from build_tools.word import contribution

        imported = contribution.import_document(project, args.document, args.to,
                                                force=args.force,
                                                accept_changes=args.accept_changes)
    for finding in imported.findings:
        print(finding)
    for path in imported.written:
        print(_("wrote {path}").format(path=project.relative(path)))
    print(_("next: bdpub check {path}").format(path=project.relative(imported.page)))
    return 0


def cmd_preflight(args: argparse.Namespace) -> int:
    from build_tools.content.editions import BINDING_PAGE_MULTIPLE
    from build_tools.content.schema import Invalid, TrimSizeField
    from build_tools.pdf import preflight

    try:
        trim = TrimSizeField().parse(args.trim) if args.trim else None
    except Invalid as error:
        raise BdpubError(f"--trim: {error}") from None  # the message is already translated
    expect = preflight.Expectations(
        trim_mm=(trim.width_mm, trim.height_mm) if trim else None, bleed_mm=args.bleed,
        page_multiple=BINDING_PAGE_MULTIPLE[args.binding] if args.binding else None,
        min_ppi=args.min_ppi, ink_limit=args.ink_limit,
        profile="screen" if args.screen else "print", safe_mm=args.safe_margin)
    missing = [str(path) for path in args.files if not path.is_file()]
    if missing:
        raise BdpubError(_("no such file: {files}").format(files=", ".join(missing)))
    reports = [preflight.preflight(path, expect) for path in args.files]
    formatter = preflight.format_json if args.format == "json" else preflight.format_text
    print(formatter(reports))
    return 0 if all(report.passed for report in reports) else 1


def _print_findings(findings: list[Finding], stream=sys.stdout) -> None:
    for finding in findings:
        print(finding, file=stream)
    count_errors = len(errors(findings))
    print(_("{errors} error(s), {warnings} warning(s)").format(
        errors=count_errors, warnings=len(findings) - count_errors), file=sys.stderr)


COMMANDS = {
    "build": (cmd_build, "build the website into site/ (the previous site stays if it fails)"),
    "serve": (cmd_serve, "live preview at http://127.0.0.1:8000/ while you edit"),
    "check": (cmd_check, "check the content and the translations"),
    "stamp": (cmd_stamp, "record that translations are up to date with their source"),
    "preflight": (cmd_preflight, "check PDFs as a printer's preflight would"),
    "export": (cmd_export, "write a page or a publication as a Word file for review"),
    "import": (cmd_import, "make a page from a Word or OpenDocument file, or bring back a "
                           "translation done in Word"),
}


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="bdpub", description="Bilingual publications of Binh Duong's external information.")
    main_parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                             help="the project's mkdocs.yml (default: ./mkdocs.yml)")
    main_parser.add_argument("-v", "--verbose", action="store_true", help="say more")
    main_parser.add_argument("--lang", help="language of messages: vi or en (default: the "
                                            "locale, BDPUB_LANG, LANG)")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (function, text) in COMMANDS.items():
        command = commands.add_parser(name, help=text, description=text)
        command.set_defaults(function=function)
        if name == "build":
            command.add_argument("-d", "--site-dir", type=Path,
                                 help="write the site here instead of site_dir of mkdocs.yml")
            command.add_argument("--site-only", action="store_true",
                                 help="build the website without the PDFs")
            command.add_argument("--draft-editions", action="store_true",
                                 help="also make editions whose translation is incomplete, "
                                      "stamped DRAFT (untranslated pages in the source language)")
            command.add_argument("--release", action="store_true",
                                 help="a build to publish: refuse a site_url readers cannot "
                                      "reach (empty, relative or this computer)")
            command.add_argument("-j", "--jobs", type=int, default=None,
                                 help="processes that render the PDFs and build the "
                                      "site's languages at once (default: one per CPU core)")
        if name == "check":
            command.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                                 help="only findings about these files or folders")
            command.add_argument("--docs-dir", type=Path, help="the content folder (default: "
                                 "docs_dir of mkdocs.yml)")
            command.add_argument("--source-lang", metavar="CODE", help=SOURCE_HELP)
            command.add_argument("--format", choices=("text", "json", "markdown", "sarif"),
                                 default="text")
            command.add_argument("--output", type=Path, help="write the report to this file")
            command.add_argument("--changed-since", metavar="REV",
                                 help="only what changed since this git revision (a pull request)")
            command.add_argument("--fail-on", choices=tuple(FAIL_ON), default="error",
                                 help="exit 1 when a finding of this severity is left "
                                      "(default: error)")
        if name == "stamp":
            command.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                                 help="translation pages, source pages or folders")
            command.add_argument("--docs-dir", type=Path, help="the content folder")
            command.add_argument("--source-lang", metavar="CODE", help=SOURCE_HELP)
        if name == "export":
            command.add_argument("target", metavar="PATH|PUBLICATION",
                                 help="a page (docs/vi/…/x.md) or a publication (its slug)")
            # Its own dest: `bdpub --lang vi export X --lang en` is Vietnamese messages
            # about an English copy.
            command.add_argument("--lang", dest="copy_lang", help="the language of the copy "
                                 "(default: the source language; untranslated pages stay in it), or "
                                 "bilingual: each source block beside its translation")
            command.add_argument("--format", choices=("docx", "odt"), default="docx")
            command.add_argument("-o", "--output", type=Path,
                                 help="the file to write (default: SLUG-LANG.docx here)")
            command.add_argument("--for-translation", action="store_true",
                                 help="a page as a table for a translator: the source on "
                                      "the left, the translation (--lang) on the right; "
                                      "bring it back with bdpub import --translation")
        if name == "import":
            command.add_argument("document", type=Path, metavar="FILE",
                                 help="a .docx or .odt file")
            command.add_argument("--to", type=Path, metavar="docs/vi/PATH.md",
                                 help="the page to write (default: from the title, in the "
                                      "source language's folder)")
            command.add_argument("--force", action="store_true",
                                 help="replace a page that exists; with --translation, "
                                      "also take a file exported before the source changed")
            command.add_argument("--accept-changes", action="store_true",
                                 help="take the document with its tracked changes accepted "
                                      "(comments are left out)")
            command.add_argument("--translation", action="store_true",
                                 help="FILE is a translator's file from bdpub export "
                                      "--for-translation: write the translation page")
        if name == "preflight":
            command.add_argument("files", nargs="+", type=Path, metavar="FILE.pdf")
            command.add_argument("--trim", help="expected trim size: A4, A5 or WIDTHxHEIGHT (mm)")
            command.add_argument("--bleed", type=float, default=3.0,
                                 help="least bleed on every side in mm (default 3)")
            command.add_argument("--binding", choices=BINDINGS,
                                 help="check that the page count suits this binding")
            command.add_argument("--min-ppi", type=float, default=300.0,
                                 help="least image resolution at placed size (default 300)")
            command.add_argument("--ink-limit", type=float, default=300.0,
                                 help="greatest total ink coverage in percent (default 300)")
            command.add_argument("--safe-margin", type=float, default=5.0,
                                 help="least distance of text from the trimmed edge in mm "
                                      "(default 5)")
            command.add_argument("--screen", action="store_true",
                                 help="the files are screen PDFs: check their layout only "
                                      "(the default is print PDFs, checked as a printer would)")
            command.add_argument("--format", choices=("text", "json"), default="text")
        if name == "serve":
            command.add_argument("-a", "--dev-addr", default="127.0.0.1:8000",
                                 help="address to serve on (default 127.0.0.1:8000)")
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    messages.use(args.lang)
    try:
        return args.function(args)
    except ContentError as error:
        _print_findings(error.findings, sys.stderr)
        print("bdpub: " + _("nothing was written; fix the problems above and run again."),
              file=sys.stderr)
        return 1
    except BdpubError as error:
        print(f"bdpub: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as error:  # a full disk, a read-only folder: say which file, no traceback
        where = f"{error.filename}: " if error.filename else ""
        print("bdpub: " + _("{where}{reason}; nothing was replaced in the site").format(
            where=where, reason=error.strerror or error), file=sys.stderr)
        return 1
    except MemoryError:
        print("bdpub: " + _("out of memory; close other programs or build with -j 1"),
              file=sys.stderr)
        return 1
