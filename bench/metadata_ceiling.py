"""How far the metadata labels let any chooser go: the best pick among what each page declares.

    PYTHONPATH=. python bench/metadata_ceiling.py

For each half of the two sets whose labels carry ``meta`` (pooled, as
``metadata_baseline.py --halves`` prints them), with score.py's own matching:

- headline: ingest's pick, and the share of pages where *any* title the page
  declares (its ``<h1>``s, og:title, twitter:title, ``<title>`` with and without
  the site name, JSON-LD headline) matches the label;
- publication day: ingest's pick, and the share where any date the page
  declares matches: JSON-LD and meta ``datePublished``/``dateModified``, the
  published and updated dates its byline prints (read as ``read_byline`` reads
  them), and the day its URL is filed under;
- authors: the labelled names ingest misses, and how many of them the page's
  text prints at all.

A ceiling below a target means no rule that picks among these values reaches it.
"""

from __future__ import annotations

import gzip
import importlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from selectolax.lexbor import LexborHTMLParser

from bench.score_corpus import SHARED, page_name

# ingest.extract is also the name of the extract() function it exports: import the modules.
metadata = importlib.import_module("ingest.extract.metadata")
byline = importlib.import_module("ingest.extract.byline")
dates = importlib.import_module("ingest.extract.dates")
headline = importlib.import_module("ingest.extract.headline")

sys.path.insert(0, str(SHARED / "tools"))
from score import norm_name, same_day, titles_match  # noqa: E402

SETS = ("listicles-wcxb-dev", "wcxb-articles-dev")


def _declared_dates(tree: LexborHTMLParser, url: str | None, meta: metadata.Metadata) -> list:
    """Every date the page declares for itself, by the readers extract_metadata uses."""
    found = metadata._elements(tree)
    objects = metadata._jsonld_objects(found.jsonld)
    articles = [o for o in objects if metadata._types(o) & metadata._ARTICLE_TYPES]
    lang = meta.language
    values = [meta.published_at, meta.modified_at, dates.date_in_url(url)]
    for obj in articles:
        values += [dates.read_date(metadata._str(obj.get(k)), lang)
                   for k in ("datePublished", "dateModified")]
    values += [metadata._first_date(found.meta, keys, lang)
               for keys in (metadata._PUBLISHED_META, metadata._MODIFIED_META)]
    # The headline element as extract_metadata chooses it, from the same declared titles.
    title_node = found.title
    html_title = metadata.clean_text(title_node.text(deep=True)) if title_node else None
    declared = metadata.declared_titles(metadata.main_article(objects), found.meta, html_title)
    _, h1_node = headline.choose_headline(found.h1s, declared, meta.site_name,
                                          headline.site_labels(url))
    printed = byline.read_byline(tree, h1_node, lang, want_authors=False, want_dates=True)
    return [v for v in (*values, printed.published, printed.modified) if v is not None]


def _page_text(tree: LexborHTMLParser) -> str:
    for node in tree.css("script, style"):
        node.decompose()
    return " " + norm_name(tree.body.text(separator=" ") if tree.body else "") + " "


def main() -> int:
    halves = json.loads((SHARED / "corpus" / "halves.json").read_text(encoding="utf-8"))
    tally: dict[str, dict[str, int]] = {}
    for name in SETS:
        set_dir = SHARED / "corpus" / name
        labels = json.loads((set_dir / "labels.json").read_text(encoding="utf-8"))
        for path in sorted(set_dir.glob("html/*.htm*")):
            page = page_name(path)
            gold = (labels.get(page) or {}).get("meta") or {}
            half = halves.get(name, {}).get(page)
            if not gold or half is None:
                continue
            row = tally.setdefault(half, dict.fromkeys(
                ("titles", "title_ok", "title_any", "dated", "day_ok", "day_any",
                 "names_missed", "names_printed"), 0))
            raw = path.read_bytes()
            tree = LexborHTMLParser(gzip.decompress(raw) if path.name.endswith(".gz") else raw)
            url = labels[page].get("url")
            meta = metadata.extract_metadata(tree, url)
            if gold.get("title"):
                row["titles"] += 1
                row["title_ok"] += titles_match(gold["title"], meta.title or "")
                own = [meta.title, meta.h1, *meta.title_candidates, *(
                    metadata.clean_text(h.text(deep=True)) for h in tree.css("h1"))]
                row["title_any"] += any(titles_match(gold["title"], t or "") for t in own)
            if gold.get("published"):
                want = gold["published"]

                def right(value: object, want: str = want) -> bool:
                    got, day = same_day(value.isoformat() if value else "", want)
                    return got == day

                row["dated"] += 1
                row["day_ok"] += right(meta.published_at)
                row["day_any"] += any(right(v) for v in _declared_dates(tree, url, meta))
            if gold.get("authors"):
                missed = {norm_name(a) for a in gold["authors"]} - {
                    norm_name(a) for a in meta.authors} - {""}
                if missed:
                    text = _page_text(tree)
                    row["names_missed"] += len(missed)
                    row["names_printed"] += sum(f" {n} " in text for n in missed)
    print("| half | headline: ingest / any declared | day: ingest / any declared "
          "| author names missed / printed on the page |")
    print("|---|---:|---:|---:|")
    for half in sorted(tally):
        r = tally[half]
        print(f"| {half} | {r['title_ok'] / r['titles']:.3f} / {r['title_any'] / r['titles']:.3f} "
              f"| {r['day_ok'] / r['dated']:.3f} / {r['day_any'] / r['dated']:.3f} "
              f"| {r['names_missed']} / {r['names_printed']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
