"""`etl`: argument parsing, reporting and exit codes; the work happens in `etl.pipeline`."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import signal
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from etl import __version__, pipeline
from etl.config import Config, load
from etl.errors import ConfigError, Diagnostic, EnvironmentFault, InternalError, SourceError
from etl.model import HTTP_URL
from etl.pipeline import Options, OutSink, Settings
from etl.pipeline.lock import WAIT, Locked, holding
from etl.pipeline.sources import discover
from etl.pipeline.store import NAME as STORE_NAME
from etl.pipeline.store import Store
from etl.util.files import sweep, write_atomic

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug of ours, told apart from a source that failed
# 73 (EX_CANTCREAT) and 74 (EX_IOERR): the machine refused a write (etl.errors.FAULTS); the build stopped
EXIT_LOCKED = 75  # EX_TEMPFAIL: another build held the out folder for longer than --wait
EXIT_INTERRUPTED, EXIT_TERMINATED = 128 + signal.SIGINT, 128 + signal.SIGTERM  # as a shell reports them
DEFAULT_CONFIG = Path("etl.yaml")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own exit code is 2 too; keep its format ours
        self.print_usage(sys.stderr)
        print(f"etl: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _formats() -> list[str]:
    """The readers' names; the readers load only when a name is asked for, so a run that finds nothing
    changed does not import them."""
    from etl.extract import names

    return names()


def _format(name: str) -> str:
    """A reader's name (`--format`)."""
    if name not in _formats():
        raise argparse.ArgumentTypeError(f"unknown format {name!r} (known: {', '.join(_formats())})")
    return name


def _base_url(value: str) -> str:
    if not HTTP_URL.match(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not an http(s) URL")
    return value


def _jobs(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="etl", description="Podcast episode sources in, validated JSON and RSS feeds out.")
    parser.add_argument("--version", action="version", version=f"etl {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ext = sub.add_parser("extract", help="print the episodes found in FILEs as one JSON array")
    ext.add_argument("files", nargs="+", metavar="FILE")
    ext.add_argument("--format", type=_format, help="skip detection and read every FILE as this format")
    ext.add_argument("--config", type=Path, help="apply this etl.yaml (shows, people, overrides)")
    ext.add_argument("-v", "--verbose", action="store_true", help="say which format was detected and why")
    ext.add_argument("-q", "--quiet", action="store_true", help="print errors only")

    bld = sub.add_parser("build", help="build the out folder from SOURCEs, or from the config's sources")
    bld.add_argument("sources", nargs="*", metavar="SOURCE", help="files or folders (default: the config's)")
    bld.add_argument("--config", type=Path, help="config file (default: ./etl.yaml)")
    bld.add_argument("--out", type=Path, default=Path("output"), help="out folder (default: output/)")
    bld.add_argument(
        "--base-url", type=_base_url, help="public URL of the out folder (overrides the config's base_url)"
    )
    bld.add_argument("--format", type=_format, help="skip detection and read every SOURCE as this format")
    bld.add_argument("--check", action="store_true", help="write nothing; exit 1 listing what would change")
    bld.add_argument("--cache", type=Path, help="cache folder (default: OUT/.cache)")
    bld.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    bld.add_argument(
        "--wait",
        type=float,
        default=WAIT,
        metavar="SECONDS",
        help=f"when another build writes OUT, wait this long for it, then exit 75 (default: {WAIT:.0f})",
    )
    bld.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=os.cpu_count() or 1,
        help="processes for reading, making episodes and indexing them for search (default: CPU count)",
    )
    bld.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="say which format was detected and why, and the time each step took",
    )
    bld.add_argument("-q", "--quiet", action="store_true", help="print errors and the summary only")
    bld.add_argument(
        "--check-readiness",
        action="store_true",
        help="then run `etl check --strict` on the out folder: exit 1 when a directory would refuse a feed",
    )

    chk = sub.add_parser("check", help="report what Apple, Spotify and the Podcast Index would refuse in OUT's feeds")
    chk.add_argument(
        "out", nargs="?", type=Path, default=Path("output"), help="the built out folder (default: output/)"
    )
    chk.add_argument("--online", action="store_true", help="also ask the hosts of the enclosures and the artwork")
    chk.add_argument("--timeout", type=float, default=10.0, help="seconds per request with --online (default: 10)")
    chk.add_argument("-j", "--jobs", type=_jobs, default=4, help="requests at a time with --online (default: 4)")
    chk.add_argument("--format", choices=("text", "json"), default="text", help="the report's form (default: text)")
    chk.add_argument("--strict", action="store_true", help="exit 1 when any error-level rule fails")
    chk.add_argument("--cache", type=Path, help="where the check remembers guids and ETags (default: OUT/.cache)")
    chk.add_argument("-q", "--quiet", action="store_true", help="print errors and the table only")

    schema = sub.add_parser("schema", help="print the JSON Schema of the episode files (or of index.json)")
    schema.add_argument("which", nargs="?", choices=("episode", "index"), default="episode")
    return parser


def _config(path: Path | None, required: bool) -> Config:
    if path is None:
        if not DEFAULT_CONFIG.exists():
            if required:
                raise ConfigError("no SOURCE given and no etl.yaml here; pass files or --config", DEFAULT_CONFIG)
            return Config(base_dir=Path("."))
        path = DEFAULT_CONFIG
    return load(path, _formats)


def _annotate(kind: str, item: SourceError | Diagnostic) -> str:
    """GitHub Actions workflow command, so errors show on the file in the pull request."""
    where = []
    if item.path:
        where.append(f"file={item.path}")
    if item.line:
        where.append(f"line={item.line}")
    text = item.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{kind} {','.join(where)}::{text}" if where else f"::{kind}::{text}"


def _report(
    errors: Sequence[SourceError], warnings: Sequence[Diagnostic], notes: Sequence[Diagnostic], args: argparse.Namespace
) -> None:
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    if args.verbose:
        for note in notes:
            print(note, file=sys.stderr)
    if not args.quiet:
        for warning in warnings:
            print(warning, file=sys.stderr)
            if github:
                print(_annotate("warning", warning), file=sys.stderr)
    for error in errors:
        print(error, file=sys.stderr)
        if args.verbose and isinstance(error, InternalError) and error.trace:
            print(error.trace, file=sys.stderr)
        if github:
            print(_annotate("error", error), file=sys.stderr)


def _verbose(lines: Sequence[str], enabled: bool) -> None:
    if enabled:
        for line in lines:
            print(line, file=sys.stderr)


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    end = "\n" if done == total else ""
    print(f"\r  extracting [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end=end, file=sys.stderr)


def cmd_extract(args: argparse.Namespace) -> int:
    config = load(args.config, _formats) if args.config else Config(base_dir=Path("."))
    settings = Settings.load(config, format=args.format)
    result = pipeline.extract(discover(args.files, config), settings)
    _verbose(result.report.verbose, args.verbose)
    _report(result.errors, result.warnings, result.notes, args)
    json.dump([e.document() for e in result.episodes], sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return _exit(result.errors)


def cmd_build(args: argparse.Namespace) -> int:
    started = time.monotonic()
    config = _config(args.config, required=not args.sources)
    settings = Settings.load(config, args.base_url, args.format)
    specs = discover(args.sources, config)
    persistent = not (args.no_cache or args.check)
    options = Options(
        jobs=args.jobs,
        cache=(args.cache or args.out / ".cache") if persistent else None,
        progress=_progress if sys.stderr.isatty() and not args.quiet else None,
        verbose=args.verbose,
    )
    options = _writable_cache(options)
    sink = OutSink(args.out, settings.site, check=args.check)
    if args.check:  # writes nothing: no lock
        report = pipeline.build(specs, settings, sink, options)
    else:
        with holding(args.out, args.wait, say=lambda line: print(line, file=sys.stderr)):
            sweep(args.out)
            report = pipeline.build(specs, settings, sink, options)
    steps = ", ".join(f"{step} {seconds:.2f} s" for step, seconds in report.timings.items())
    _verbose([*report.verbose, *([f"time per step: {steps}"] if steps else []), _memory()], args.verbose)
    _report(report.errors, report.warnings, report.notes, args)
    if args.check:
        for line in report.changes:
            print(line)
        note = f"{len(report.changes)} files would change" if report.changes else "up to date"
    elif report.unchanged:
        note = "up to date: nothing changed since the last build"
    elif not (report.written or report.removed):
        note = "up to date: 0 files changed"  # built again (no cache), and every file already held these bytes
    else:
        note = f"{report.written} files written, {report.removed} removed"
    if report.kept and not args.check:
        note += f", {len(report.kept)} kept from the last good build"
    _summary(report.episodes, report.errors, report.warnings, started, note)
    code = _exit(report.errors, changed=bool(args.check and report.changes))
    if args.check_readiness and not args.check:
        ready = _readiness(args.out, args.cache, online=False, strict=True, as_json=False, quiet=args.quiet)
        code = code or ready
    return code


def _writable_cache(options: Options) -> Options:
    """The options, without the cache when it cannot be written (a warning: the build runs without it)."""
    if options.cache is None:
        return options
    try:
        options.cache.mkdir(parents=True, exist_ok=True)
        write_atomic(options.cache / ".writable", b"")
        Store(options.cache / STORE_NAME).check_writable()
    except OSError as error:
        fault = EnvironmentFault.of(error)
        reason = fault.message if fault else (error.strerror or str(error))
        print(f"{options.cache}: warning: the cache cannot be written ({reason}); building without it", file=sys.stderr)
        return dataclasses.replace(options, cache=None)
    return options


def _fault(fault: EnvironmentFault, out: Path | None) -> int:
    print(fault, file=sys.stderr)
    where = f" in {out}" if out else ""
    print(
        f"etl: the build stopped ({fault.message}); every file{where} is the last good build's or this one's, "
        "none half-written, and the feeds and the index point only at files that are there. Run again once "
        "the fault is gone: the next build publishes the rest",
        file=sys.stderr,
    )
    return fault.code


def cmd_check(args: argparse.Namespace) -> int:
    if not args.out.is_dir():
        raise ConfigError("no such out folder; build it first (etl build)", args.out)
    return _readiness(args.out, args.cache, args.online, args.strict, args.format == "json", args.quiet, args)


def _readiness(
    out: Path,
    cache: Path | None,
    online: bool,
    strict: bool,
    as_json: bool,
    quiet: bool,
    args: argparse.Namespace | None = None,
) -> int:
    from etl.check import Options, check, report

    options = Options(
        online=online,
        timeout=args.timeout if args else 10.0,
        jobs=args.jobs if args else 4,
        memory=(cache or out / ".cache") / "check.json",
    )
    result = check(out, options)
    unreadable = [{"path": e.path, "line": e.line, "message": e.message} for e in result.errors]
    if as_json:
        json.dump(report.document(result.feeds, result.problems, unreadable), sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")
    else:
        for error in result.errors:
            print(error, file=sys.stderr)
        for line in report.lines(result.problems):
            if not quiet or ": error: " in line:
                print(line)
        if not result.feeds:
            print(f"etl: no feeds in {out} (feeds/*.xml or feed.xml): nothing to check", file=sys.stderr)
        print("\n".join(report.summary(report.counts(result.problems, len(result.errors)))))
    failed = bool(result.errors) or not result.feeds
    errors = any(level == "error" for p in result.problems for level in p.levels().values())
    return EXIT_FAILED if failed or (strict and errors) else EXIT_OK


def _exit(errors: Sequence[SourceError], changed: bool = False) -> int:
    """70 when a bug of ours failed a source (after everything else was published), 1 for a failed source or
    (with --check) a change, else 0."""
    if any(isinstance(error, InternalError) for error in errors):
        return EXIT_INTERNAL
    return EXIT_FAILED if errors or changed else EXIT_OK


def _memory() -> str:
    """Peak memory of this process and of the largest process it started (a worker, or Pagefind)."""
    scale = 1024 if sys.platform != "darwin" else 1024 * 1024  # ru_maxrss: KiB on Linux, bytes on macOS
    main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale
    started = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale
    return f"peak memory: {main:.0f} MB this process, {started:.0f} MB the largest it started"


def _summary(episodes: int, errors: Sequence[object], warnings: Sequence[object], started: float, note: str) -> None:
    took = time.monotonic() - started
    print(
        f"etl: {episodes} episodes, {len(errors)} errors, {len(warnings)} warnings, {note}, {took:.1f}s",
        file=sys.stderr,
    )


def cmd_schema(args: argparse.Namespace) -> int:
    from etl.model.schema import episode_schema, index_schema

    schema = index_schema() if args.which == "index" else episode_schema()
    print(json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False))
    return EXIT_OK


class Terminated(BaseException):
    """SIGTERM (`systemctl stop`, a CI job cancelled): raised where the build is, so it unwinds as from Ctrl-C:
    workers and Pagefind stopped, temp files removed, every published file whole."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = {"extract": cmd_extract, "build": cmd_build, "check": cmd_check, "schema": cmd_schema}[args.command]
    if threading.current_thread() is threading.main_thread():  # signals reach the main thread only
        signal.signal(signal.SIGTERM, _terminate)
    try:
        return handler(args)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except EnvironmentFault as exc:
        return _fault(exc, getattr(args, "out", None))
    except Locked as exc:
        print(exc, file=sys.stderr)
        return EXIT_LOCKED
    except SourceError as exc:
        print(exc, file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("etl: interrupted; every published file is whole (old or new)", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print("etl: terminated; every published file is whole (old or new)", file=sys.stderr)
        return EXIT_TERMINATED
    except Exception as exc:  # the machine's fault, or a bug of ours: still one line, never a traceback
        fault = EnvironmentFault.of(exc)
        if fault is not None:
            return _fault(fault, getattr(args, "out", None))
        print(f"etl: internal error: {type(exc).__name__}: {exc} (please report this)", file=sys.stderr)
        return EXIT_INTERNAL
