"""The public door of ingest.fetch changes only on purpose."""

from __future__ import annotations

import ingest.fetch


def test_public_names():
    assert sorted(ingest.fetch.__all__) == [
        "ErrorRecord", "FetchConfig", "FetchRecord", "FetchSummary", "WatchOptions",
        "WatchSummary", "default_user_agent", "fetch_urls", "fetch_urls_async", "read_url_file",
        "read_url_list", "replay_document", "watch", "watch_async",
    ]
    for name in ingest.fetch.__all__:
        assert getattr(ingest.fetch, name).__doc__
