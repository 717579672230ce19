"""`etl`: argument parsing, reporting and exit codes; the work happens in etl.pipeline."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from etl import __version__
from etl.config import Config, load
from etl.errors import ConfigError, Diagnostic, SourceError
from etl.model import episode_schema
from etl.pipeline import build, render, site_for, writer_warnings
from etl.publish import write_all
from etl.sources import discover

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DEFAULT_CONFIG = Path("etl.yaml")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own exit code is 2 too; keep its format ours
        self.print_usage(sys.stderr)
        print(f"etl: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="etl", description="Podcast episode sources in, validated JSON and RSS feeds out.")
    parser.add_argument("--version", action="version", version=f"etl {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ext = sub.add_parser("extract", help="print the episodes found in FILEs as one JSON array")
    ext.add_argument("files", nargs="+", metavar="FILE")
    ext.add_argument("--format", help="skip detection and read every FILE as this format")
    ext.add_argument("--config", type=Path, help="apply this etl.yaml (shows, people, overrides)")
    ext.add_argument("-v", "--verbose", action="store_true", help="say which format was detected and why")

    bld = sub.add_parser("build", help="build the out folder from SOURCEs, or from the config's sources")
    bld.add_argument("sources", nargs="*", metavar="SOURCE", help="files or folders (default: the config's)")
    bld.add_argument("--config", type=Path, help="config file (default: ./etl.yaml)")
    bld.add_argument("--out", type=Path, default=Path("output"), help="out folder (default: output/)")
    bld.add_argument("--base-url", help="public URL of the out folder (overrides the config's base_url)")
    bld.add_argument("--format", help="skip detection and read every SOURCE as this format")
    bld.add_argument("-v", "--verbose", action="store_true", help="say which format was detected and why")

    sub.add_parser("schema", help="print the episode JSON Schema")
    return parser


def _config(path: Path | None, required: bool) -> Config:
    if path is None:
        if not DEFAULT_CONFIG.exists():
            if required:
                raise ConfigError("no SOURCE given and no etl.yaml here; pass files or --config", DEFAULT_CONFIG)
            return Config(base_dir=Path("."))
        path = DEFAULT_CONFIG
    return load(path)


def _report(errors: Sequence[SourceError], warnings: Sequence[Diagnostic]) -> None:
    for warning in warnings:
        print(warning, file=sys.stderr)
    for error in errors:
        print(error, file=sys.stderr)


def _verbose(result: object, enabled: bool) -> None:
    if enabled:
        for item in result.extracted:  # type: ignore[attr-defined]
            for reason in item.reasons:
                print(f"{item.spec.display}: detect: {reason}", file=sys.stderr)


def cmd_extract(args: argparse.Namespace) -> int:
    config = load(args.config) if args.config else Config(base_dir=Path("."))
    specs = discover(args.files, config)
    result = build(specs, config, args.format)
    _verbose(result, args.verbose)
    _report(result.errors, result.warnings)
    # the transform keeps source order, so this is the order of FILE arguments
    json.dump([e.model_dump(mode="json") for e in result.episodes], sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_FAILED if result.errors else EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    config = _config(args.config, required=not args.sources)
    specs = discover(args.sources, config)
    result = build(specs, config, args.format)
    _verbose(result, args.verbose)
    site = site_for(config, args.base_url)
    files = render(result.episodes, site)
    write_all(args.out, files)
    result.outcome.warnings.extend(writer_warnings(result.episodes, site))
    _report(result.errors, result.warnings)
    print(
        f"etl: {len(result.episodes)} episodes, {len(result.errors)} errors, {len(result.warnings)} warnings",
        file=sys.stderr,
    )
    return EXIT_FAILED if result.errors else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(episode_schema(), indent=2, sort_keys=True, ensure_ascii=False))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = {"extract": cmd_extract, "build": cmd_build, "schema": cmd_schema}[args.command]
    try:
        return handler(args)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except SourceError as exc:
        print(exc, file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("etl: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: still one line, never a traceback
        print(f"etl: internal error: {type(exc).__name__}: {exc} (please report this)", file=sys.stderr)
        return EXIT_FAILED
