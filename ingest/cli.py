"""The ``ingest`` command line: a thin shell over the library.

Each command parses its options, calls one layer below, and prints. Errors of
the project's own kind (:class:`~ingest.errors.IngestError`) are caught here
and become one line on stderr and an exit code: 0 success, 1 some input
failed, 2 usage error.
"""

# No ``from __future__ import annotations`` here: typer reads each command's parameters
# from its annotations, and string annotations would be evaluated again (twice per
# command) on every run, ~10 ms of each ``ingest`` start-up.

import gc
import json
import sys
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ingest.errors import IngestError
from ingest.extract import extract
from ingest.models import Source, json_schema
from ingest.sources import read_page_file
from ingest.store import dumps, write_atomic
from ingest.validate import validate_files
from ingest.version import __version__

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    name="ingest",
    help="Turn listicle web pages into validated, normalized JSON.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@cache
def stderr_console() -> "Console":
    """The console for messages on stderr (made when first needed: ``batch --quiet`` never
    prints, and does without importing rich)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one line on stderr and return the Exit to raise."""
    from rich.markup import escape

    stderr_console().print(f"[bold red]error:[/] {escape(message)}", markup=True)
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ingest {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Turn listicle web pages into validated, normalized JSON.

    Start with `ingest parse PAGE.html` for one saved page, `ingest batch DIR`
    for many, or `ingest fetch URL` to fetch and extract.
    """


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(
        help="A saved page: .html, .htm or .html.gz ('-' reads stdin).")],
    url: Annotated[str | None, typer.Option(
        "--url", "-u", help="The page's URL, for resolving links (default: its canonical link).",
    )] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the JSON here "
                                                "instead of stdout.")] = None,
) -> None:
    """Extract one saved page and print its JSON."""
    if str(file) != "-" and not file.exists():
        raise fail(f"{file}: no such file", 2)
    try:
        if str(file) == "-":
            data, path = sys.stdin.buffer.read(), None
        else:
            data, path = read_page_file(file), str(file)
        record = extract(data, url, source=Source(path=path))
    except IngestError as exc:
        message = exc.one_line()
        if not message.startswith(str(file)):
            message = f"{file}: {message}"
        raise fail(message, exc.exit_code) from None
    text = dumps(record)
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            write_atomic(output, text)
        except IngestError as exc:
            raise fail(exc.one_line()) from None
        stderr_console().print(f"wrote {output}")


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the schema here.")] = None,
) -> None:
    """Print the JSON Schema of one output record."""
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="JSON or JSONL files written by ingest.")],
) -> None:
    """Check JSON/JSONL files against the contract; report every bad record (exit 1 if any)."""
    problems, checked = validate_files(files)
    for problem in problems:
        stderr_console().print(problem, markup=False)
    if problems:
        stderr_console().print(f"{len(problems)} problem(s) in {checked} record(s)")
        raise typer.Exit(1)
    stderr_console().print(f"ok: {checked} record(s) valid")


class OutputFormat(StrEnum):
    """What ``ingest batch`` writes."""

    json = "json"
    jsonl = "jsonl"
    both = "both"


@app.command()
def batch(
    paths: Annotated[list[str], typer.Argument(
        help="Saved pages: files, folders (recursive), globs, .html/.htm/.xhtml[.gz], "
             ".warc[.gz]; '-' reads a list of paths from stdin.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output folder.")] = Path("output"),
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, show_default="all cores",
                                             help="Worker processes.")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="One JSON per page, "
                                              "pages.jsonl, or both.")] = OutputFormat.both,
    base_url: Annotated[str | None, typer.Option(
        "--base-url", help="URL of pages without a NAME.meta.json sidecar: ending in '/', "
                           "joined with each page's relative path; otherwise used as is.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Redo every input, even those "
                                        "whose output is up to date.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; the exit code "
                                        "and errors.jsonl tell.")] = False,
    timeout: Annotated[float, typer.Option("--timeout", min=0, help="Seconds one page may take "
                                           "(0: no limit).")] = 120.0,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", envvar="INGEST_SCHEDULER", show_default=False,
        help="Run on the Dask cluster of this scheduler (tcp://HOST:8786) instead of local "
             "processes; inputs and OUTPUT must be visible to every worker at the same paths. "
             "Needs the dask extra (pip install 'ingest\\[dask]'); --jobs is then "
             "ignored.")] = None,
) -> None:
    """Extract every saved page under PATHS into OUTPUT, in parallel and resumably.

    Writes OUTPUT/<relative path>/<name>.json per page (WARC records:
    OUTPUT/<warc name>/<url slug>-<digest>.json), OUTPUT/pages.jsonl and
    OUTPUT/errors.jsonl. A re-run skips inputs whose output is up to date.
    Exit status: 0 all pages written, 1 some inputs failed, 2 usage error
    (or the Dask scheduler cannot be reached), 130 interrupted (what was done
    is kept; run again to finish).
    """
    import os
    import tempfile

    from ingest.batch import Options, run_batch
    from ingest.batch._progress import QuietReporter, make_reporter

    if base_url is not None and not base_url.startswith(("http://", "https://")):
        raise fail(f"--base-url must be an absolute http(s) URL, not {base_url!r}", 2)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    workers = jobs or cores or 1
    options = Options(format=fmt.value, base_url=base_url, force=force,
                      page_timeout=timeout or None)
    reporter = QuietReporter() if quiet else make_reporter(stderr_console(), quiet=False)
    stdin_list: Path | None = None
    try:
        if "-" in paths:
            with tempfile.NamedTemporaryFile("wb", prefix="ingest-stdin.", delete=False) as spool:
                for chunk in iter(lambda: sys.stdin.buffer.read(1 << 20), b""):
                    spool.write(chunk)
            stdin_list = Path(spool.name)
        if scheduler:
            from ingest.batch._dask import run_batch_dask

            summary = run_batch_dask(paths, output, options, scheduler=scheduler,
                                     reporter=reporter, stdin_list=stdin_list,
                                     notice=None if quiet else _notice, dask_logs=False)
        else:
            summary = run_batch(paths, output, options, jobs=workers, reporter=reporter,
                                stdin_list=stdin_list)
    except IngestError as exc:
        raise fail(exc.one_line(), 2) from None
    except KeyboardInterrupt:
        raise fail(f"aborted: pages already written to {output} are kept; run the same "
                   "command again to finish", 130) from None
    finally:
        if stdin_list is not None:
            stdin_list.unlink(missing_ok=True)
    raise typer.Exit(summary.exit_code)


def _notice(message: str) -> None:
    stderr_console().print(message, markup=False)


@app.command()
def fetch(
    urls: Annotated[list[str] | None, typer.Argument(
        help="URLs to fetch ('-' reads URLs from stdin, one per line).")] = None,
    input_file: Annotated[Path | None, typer.Option(
        "--input", "-i", help="A file of URLs, one per line ('-' for stdin; # comments).")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Output folder.")] = Path("output"),
    concurrency: Annotated[int, typer.Option(min=1, help="Requests in flight, all hosts.")] = 16,
    per_host: Annotated[int, typer.Option(min=1, help="Requests in flight per host.")] = 2,
    delay: Annotated[float, typer.Option(min=0, help="Seconds between requests to one host "
                                         "(robots.txt Crawl-delay can raise it).")] = 1.0,
    user_agent: Annotated[str | None, typer.Option(help="User-Agent header (default names "
                                                   "ingest and its version).")] = None,
    ignore_robots: Annotated[bool, typer.Option("--ignore-robots", help="Do not honour "
                                                "robots.txt (logged as a warning).")] = False,
    max_pages: Annotated[int, typer.Option(min=1, help="Pages followed per multi-page "
                                           "article.")] = 10,
    max_bytes: Annotated[int, typer.Option(min=1, help="Cap on a body, compressed and "
                                           "decompressed.")] = 10 * 1024 * 1024,
    timeout: Annotated[float, typer.Option(min=0.01, help="Read timeout (seconds).")] = 30.0,
    connect_timeout: Annotated[float, typer.Option(min=0.01)] = 10.0,
    total_timeout: Annotated[float, typer.Option(min=0.01, help="Cap on one request, "
                                                 "headers and body.")] = 120.0,
    retries: Annotated[int, typer.Option(min=0, help="Retries on connection errors, "
                                         "timeouts, 429 and 5xx.")] = 3,
    max_redirects: Annotated[int, typer.Option(min=0, help="Hops followed per URL: HTTP "
                                               "redirects and meta refreshes.")] = 10,
    max_refresh_delay: Annotated[float, typer.Option(min=0, help="Follow a page's <meta "
                                                     "http-equiv=refresh> of at most this "
                                                     "many seconds like a redirect.")] = 5.0,
    meta_refresh: Annotated[bool, typer.Option(help="Follow meta refreshes at all.")] = True,
    workers: Annotated[int | None, typer.Option(min=0, help="Extraction processes "
                                                "(default: one per CPU; 0: a thread).")] = None,
    conditional: Annotated[bool, typer.Option(help="Send If-None-Match/If-Modified-Since "
                                              "from the last snapshot.")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log retries, "
                                          "Crawl-delays, 304s.")] = False,
    sitemap: Annotated[list[str] | None, typer.Option(
        "--sitemap", show_default=False,
        help="A sitemap, sitemap index (.xml or .xml.gz) or a site's root URL (its robots.txt "
             "Sitemap: lines, else /sitemap.xml); every <loc> is a candidate. "
             "Repeatable.")] = None,
    feed: Annotated[list[str] | None, typer.Option(
        "--feed", show_default=False,
        help="An RSS, Atom or JSON Feed URL; every item's link is a candidate. "
             "Repeatable.")] = None,
    match: Annotated[list[str] | None, typer.Option(
        "--match", show_default=False,
        help="Keep candidates whose URL matches this regular expression (repeatable: "
             "any may match).")] = None,
    since: Annotated[str | None, typer.Option(
        "--since", show_default=False,
        help="Keep candidates dated since this ISO date, or this long ago (7d, 12h, 2w); "
             "undated ones are kept.")] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", min=0, show_default=False,
        help="Fetch at most N new candidates (the most recent first).")] = None,
    recheck: Annotated[bool, typer.Option(
        "--recheck", help="Also request candidates fetched before (conditional requests: "
                          "unchanged pages are not downloaded again).")] = False,
) -> None:
    """Fetch pages politely, keep WARC snapshots, extract, and write JSON into OUTPUT.

    With --sitemap or --feed, the pages they list are the input, and OUTPUT/seen.json
    remembers what was fetched: a re-run fetches only new pages, or pages whose date
    is newer.
    """
    import dataclasses
    import re

    from ingest.fetch import FetchConfig, read_url_file, read_url_list
    from ingest.fetch.cli_support import run_watch, run_with_progress, setup_logging
    from ingest.fetch.watch import WatchOptions, parse_since

    setup_logging(verbose)
    try:
        targets = [u for u in (urls or []) if u != "-"]
        if "-" in (urls or []):
            targets += read_url_list(sys.stdin)
        if input_file is not None:
            targets += read_url_file(input_file)
        config = FetchConfig(concurrency=concurrency, per_host=per_host, delay=delay,
                             respect_robots=not ignore_robots, max_pages=max_pages,
                             max_bytes=max_bytes, read_timeout=timeout,
                             connect_timeout=connect_timeout, total_timeout=total_timeout,
                             retries=retries, max_redirects=max_redirects, workers=workers,
                             conditional=conditional,
                             max_refresh_delay=max_refresh_delay if meta_refresh else None)
        if user_agent:
            config = dataclasses.replace(config, user_agent=user_agent)
        options = WatchOptions(sitemaps=tuple(sitemap or ()), feeds=tuple(feed or ()),
                               match=tuple(match or ()), limit=limit, recheck=recheck,
                               since=parse_since(since) if since else None)
        options.patterns()  # a bad --match is a usage error, before any request
    except re.error as exc:
        raise fail(f"--match {exc.pattern!r}: not a regular expression ({exc})", 2) from None
    except (IngestError, ValueError) as exc:
        message = exc.one_line() if isinstance(exc, IngestError) else str(exc)
        raise fail(message, 2) from None
    watching = bool(options.sitemaps or options.feeds)
    if not targets and not watching:
        raise fail("no URLs given (pass URLs, -i FILE, - for stdin, --sitemap or --feed)", 2)
    try:
        if watching:
            watched = run_watch(targets, output, config, options, stderr_console(), quiet=quiet)
            raise typer.Exit(1 if watched.failed else 0)
        summary = run_with_progress(targets, output, config, stderr_console(), quiet=quiet)
    except IngestError as exc:
        raise fail(exc.one_line(), 2) from None
    raise typer.Exit(1 if summary.failed else 0)


def main() -> None:
    """Console-script entry point.

    The modules imported by now live as long as the process: they are frozen out of the
    garbage collector's passes (and, for ``batch --jobs N``, the forked workers' collectors
    do not walk them either, so the memory pages they share with this process stay shared).
    At the end everything is frozen again, which spares the collector's last pass over all
    the objects at exit (~40 ms); files are closed by then, so nothing is left to finalize.
    """
    gc.freeze()
    try:
        app()
    finally:
        gc.freeze()


if __name__ == "__main__":
    main()
