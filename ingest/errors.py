"""The one exception hierarchy of ``ingest``.

Every failure the package raises on purpose is an :class:`IngestError`; the CLI
catches only this base class and turns it into a one-line message and an exit
code. Foreign errors are translated at the boundary with ``raise ... from exc``.

    IngestError
    ├── InputError            the input cannot be read as a web page
    │   ├── EmptyDocumentError    zero bytes, or nothing but whitespace
    │   ├── NotHTMLError          binary data (an image, a PDF, an archive)
    │   └── SourceError           a file, folder or archive that cannot be opened
    ├── ExtractionError       the page parsed but its output broke the contract (a bug)
    │   └── ExtractionTimeout     extraction took longer than the per-page limit
    ├── ValidationFailure     a JSON record does not match the contract
    ├── FetchError            a URL could not be fetched (see ingest.fetch)
    │   ├── RobotsDisallowed      robots.txt forbids the URL
    │   ├── TooLarge              the body (or its decompressed form) passed the cap
    │   ├── UnsupportedContent    not an HTML content type
    │   ├── UnsupportedScheme     only http and https are fetched
    │   ├── InvalidURL            not a URL that can be requested (host, port, IPv6 literal)
    │   ├── HTTPStatusError       a final status other than 2xx/304
    │   ├── FetchTimeout          connect, read or total timeout, after the retries
    │   ├── ConnectionFailed      refused, reset or cut short, after the retries
    │   └── RedirectError         a redirect loop, too many redirects, or a bad Location
    ├── DiscoveryError        a sitemap or feed could not be read (see ingest.fetch.discover)
    │   ├── MalformedSitemap      not XML, or XML that is not a urlset / sitemapindex
    │   ├── MalformedFeed         not RSS, Atom or JSON Feed
    │   └── XMLEntitiesRefused    the document declares entities (a "billion laughs" bomb)
    ├── OutputError           an output file could not be written
    │   ├── OutputCollision       two inputs would write the same output file
    │   ├── OutputLocked          another run is writing to the same output folder
    │   └── StateFileError        the watch state file of the output folder is unreadable
    └── ClusterError          the Dask scheduler cannot be reached or failed
"""

from __future__ import annotations


class IngestError(Exception):
    """Base of every error ``ingest`` raises on purpose."""

    exit_code: int = 1

    def one_line(self) -> str:
        """The message on a single line, for terminals and error records."""
        return " ".join(str(self).split()) or type(self).__name__


def describe(exc: BaseException, limit: int = 500) -> str:
    """One line for any exception, for error records: an :class:`IngestError`'s own
    message, or the class and message of an unexpected one (a bug, a library's error)."""
    if isinstance(exc, IngestError):
        return exc.one_line()
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:limit]


class InputError(IngestError):
    """The input cannot be read as a web page."""


class EmptyDocumentError(InputError):
    """The input holds no bytes, or only whitespace."""


class NotHTMLError(InputError):
    """The input is binary data, not markup."""


class SourceError(InputError):
    """A file, folder or archive that cannot be opened or read."""


class ExtractionError(IngestError):
    """The page parsed, but what was extracted does not fit the contract."""


class ExtractionTimeout(ExtractionError):
    """Extracting one page took longer than the per-page time limit."""


class ValidationFailure(IngestError):
    """A JSON record does not match the contract."""


class FetchError(IngestError):
    """A URL could not be fetched."""


class RobotsDisallowed(FetchError):
    """robots.txt forbids fetching the URL."""


class TooLarge(FetchError):
    """The body, or its decompressed form, is larger than the cap."""


class UnsupportedContent(FetchError):
    """The response is not HTML."""


class UnsupportedScheme(FetchError):
    """Only http and https URLs are fetched."""



class InvalidURL(FetchError):
    """A URL that cannot be requested: a bad host name, port or IPv6 literal."""

class HTTPStatusError(FetchError):
    """The server answered with a final status that is not a success."""


class FetchTimeout(FetchError):
    """The server was too slow: connect, read or total timeout (after the retries)."""


class ConnectionFailed(FetchError):
    """The connection was refused, reset or closed before the body ended (after the retries)."""


class RedirectError(FetchError):
    """A redirect loop, more redirects than the limit, or a redirect without a usable Location."""


class DiscoveryError(IngestError):
    """A sitemap or feed could not be read as one."""


class MalformedSitemap(DiscoveryError):
    """Not XML, or XML whose root is neither ``urlset`` nor ``sitemapindex``."""


class MalformedFeed(DiscoveryError):
    """Not an RSS, Atom or JSON Feed document."""


class XMLEntitiesRefused(DiscoveryError):
    """The XML declares entities or external references; refused without expanding them."""


class OutputError(IngestError):
    """An output file could not be written."""


class OutputCollision(OutputError):
    """Two inputs map to the same output file; the later one is not written."""


class OutputLocked(OutputError):
    """Another ``ingest batch`` is writing to the same output folder."""

    exit_code = 2


class StateFileError(OutputError):
    """The watch state file (``seen.json``) exists but cannot be read as one."""

    exit_code = 2


class ClusterError(IngestError):
    """The Dask scheduler cannot be reached, or the cluster run failed."""
