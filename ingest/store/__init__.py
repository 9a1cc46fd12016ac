"""What lands in an output folder, for every command: the one owner of it.

``ingest batch`` (local or on Dask) and ``ingest fetch`` write through this
package only:

- :mod:`.names`: the per-page JSON names (saved files keep their relative path,
  WARC records and fetched URLs get a cleaned slug plus a digest), and the
  fixed names of the folder (``pages.jsonl``, ``errors.jsonl``, ``.ingest/``);
- :mod:`.records`: the one shape of an ``errors.jsonl`` line;
- :mod:`.files`: the canonical JSON text and atomic writes (a temporary file
  and a rename, so no reader ever sees half a file);
- :mod:`.freshness`: when an output is still up to date (the input's digest,
  the extractor's version, the options that shape the output);
- :mod:`.folder`: the lock on a folder, its temporary files, and the lists
  (``pages.jsonl``, ``errors.jsonl``) streamed and moved into place at the end.
"""

from __future__ import annotations

from ingest.store.files import dumps, dumps_line, write_atomic, write_file, write_json, write_jsonl
from ingest.store.folder import ListWriter, OutputLock, clear_tmp, write_manifest
from ingest.store.freshness import Freshness, extractor_version
from ingest.store.names import ERRORS_FILE, MANIFEST_FILE, PAGES_FILE, STATE_DIR, TMP_DIR
from ingest.store.records import ErrorRecord

__all__ = [
    "ERRORS_FILE",
    "MANIFEST_FILE",
    "PAGES_FILE",
    "STATE_DIR",
    "TMP_DIR",
    "ErrorRecord",
    "Freshness",
    "ListWriter",
    "OutputLock",
    "clear_tmp",
    "dumps",
    "dumps_line",
    "extractor_version",
    "write_atomic",
    "write_file",
    "write_json",
    "write_jsonl",
    "write_manifest",
]
