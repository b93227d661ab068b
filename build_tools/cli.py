"""The `bdpub` command: build, serve and check the publications."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from build_tools import completeness, content
from build_tools.exceptions import BdpubError, ContentError
from build_tools.findings import Finding, errors
from build_tools.project import load_project


def _model(args: argparse.Namespace) -> content.ContentModel:
    """Gather the content and stop on its errors, all of them at once."""
    model = content.gather_cached(load_project(args.config_file))
    if errors(model.findings):
        raise ContentError(model.findings)
    return model


def cmd_build(args: argparse.Namespace) -> int:
    from build_tools.build import build

    summary = build(load_project(args.config_file), args.site_dir and args.site_dir.resolve(),
                    with_pdfs=not args.site_only, workers=args.jobs, verbose=args.verbose)
    print(summary)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from build_tools.site import serve_site

    model = _model(args)
    serve_site(model.project, args.dev_addr, verbose=args.verbose)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    model = content.gather_cached(load_project(args.config_file))
    findings = sorted(model.findings + completeness.check(model))
    _print_findings(findings)
    return 1 if errors(findings) else 0


def cmd_preflight(args: argparse.Namespace) -> int:
    from build_tools import preflight
    from build_tools.profiles import BINDING_PAGE_MULTIPLE
    from build_tools.schema import Invalid, TrimSizeField

    try:
        trim = TrimSizeField().parse(args.trim) if args.trim else None
    except Invalid as error:
        raise BdpubError(f"--trim: {error}") from None
    expect = preflight.Expectations(
        trim_mm=(trim.width_mm, trim.height_mm) if trim else None, bleed_mm=args.bleed,
        page_multiple=BINDING_PAGE_MULTIPLE[args.binding] if args.binding else None,
        min_ppi=args.min_ppi, ink_limit=args.ink_limit)
    missing = [str(path) for path in args.files if not path.is_file()]
    if missing:
        raise BdpubError(f"no such file: {', '.join(missing)}")
    reports = [preflight.preflight(path, expect) for path in args.files]
    formatter = preflight.format_json if args.format == "json" else preflight.format_text
    print(formatter(reports))
    return 0 if all(report.passed for report in reports) else 1


def _print_findings(findings: list[Finding], stream=sys.stdout) -> None:
    for finding in findings:
        print(finding, file=stream)
    count_errors = len(errors(findings))
    print(f"{count_errors} error(s), {len(findings) - count_errors} warning(s)",
          file=sys.stderr)


COMMANDS = {
    "build": (cmd_build, "build the website into site/ (the previous site stays if it fails)"),
    "serve": (cmd_serve, "live preview at http://127.0.0.1:8000/ while you edit"),
    "check": (cmd_check, "check the content and the translations"),
    "preflight": (cmd_preflight, "check PDFs as a printer's preflight would"),
}


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="bdpub", description="Bilingual publications of Binh Duong's external information.")
    main_parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                             help="the project's mkdocs.yml (default: ./mkdocs.yml)")
    main_parser.add_argument("-v", "--verbose", action="store_true", help="say more")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (function, text) in COMMANDS.items():
        command = commands.add_parser(name, help=text, description=text)
        command.set_defaults(function=function)
        if name == "build":
            command.add_argument("-d", "--site-dir", type=Path,
                                 help="write the site here instead of site_dir of mkdocs.yml")
            command.add_argument("--site-only", action="store_true",
                                 help="build the website without the PDFs")
            command.add_argument("-j", "--jobs", type=int, default=None,
                                 help="PDFs rendered at once (default: one per CPU core)")
        if name == "preflight":
            command.add_argument("files", nargs="+", type=Path, metavar="FILE.pdf")
            command.add_argument("--trim", help="expected trim size: A4, A5 or WIDTHxHEIGHT (mm)")
            command.add_argument("--bleed", type=float, default=3.0,
                                 help="least bleed on every side in mm (default 3)")
            command.add_argument("--binding", choices=("saddle-stitch", "perfect", "none"),
                                 help="check that the page count suits this binding")
            command.add_argument("--min-ppi", type=float, default=300.0,
                                 help="least image resolution at placed size (default 300)")
            command.add_argument("--ink-limit", type=float, default=300.0,
                                 help="greatest total ink coverage in percent (default 300)")
            command.add_argument("--format", choices=("text", "json"), default="text")
        if name == "serve":
            command.add_argument("-a", "--dev-addr", default="127.0.0.1:8000",
                                 help="address to serve on (default 127.0.0.1:8000)")
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.function(args)
    except ContentError as error:
        _print_findings(error.findings, sys.stderr)
        print("bdpub: nothing was written; fix the problems above and run again.",
              file=sys.stderr)
        return 1
    except BdpubError as error:
        print(f"bdpub: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
