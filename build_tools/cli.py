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
    from build_tools.site import build_site

    model = _model(args)
    site_dir = build_site(model.project, model, args.site_dir and args.site_dir.resolve(),
                          verbose=args.verbose)
    print(f"site: {model.project.relative(site_dir)}/ "
          f"({', '.join(model.project.codes)}; {len(model.publications)} publications)")
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
