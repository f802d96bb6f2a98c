#!/usr/bin/env python3
# glean/tests/exporters/browser_test.py - the HTML review pages in a real browser (headless Chromium)
# SPDX-License-Identifier: Apache-2.0
"""Writes the review pages of the seed report (and of a document full of markup), opens them in
headless Chromium (Debian's chromium package, started here with a fresh profile) and reads the
DOM after the page's script ran (--dump-dom): every annotation must be a highlighted span with
its exact text, the details panel must show the selected date's type, value and rule, and a
report containing <script> must show it as text. Saves a screenshot under the build folder."""

import argparse
import json
import os
import shutil
import struct
import subprocess
import tempfile

from exportlib import check, finish, parse_page, read_jsonl, run_glean, stem

MARKUP_DOC = ("Notes on <script>document.title='pwned'</script> and <img src=x onerror=alert(1)>\n\n"
              "On January 10 officials in Astana said </div></span> & left.\r\n")


def chromium(binary, profile_root, url, *extra):
    profile = tempfile.mkdtemp(prefix="profile-", dir=profile_root)
    cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--user-data-dir=" + profile, *extra, url]
    # The timeout only stops a browser that hangs; nothing here measures time.
    # Bytes, not text=True: universal newlines would turn the DOM's CRLF into LF.
    proc = subprocess.run(cmd, capture_output=True, timeout=180)
    shutil.rmtree(profile, ignore_errors=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)}: exit {proc.returncode}\n"
                         f"{proc.stderr.decode(errors='replace')[-3000:]}")
    return proc.stdout.decode("utf-8")


def dump_dom(binary, profile_root, path, fragment=""):
    return chromium(binary, profile_root, "file://" + os.path.abspath(path) + fragment, "--dump-dom")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--glean", required=True)
    ap.add_argument("--plugin-dir", action="append", default=[])
    ap.add_argument("--pipeline", required=True)
    ap.add_argument("--seed", required=True)
    ap.add_argument("--chromium", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--screenshot", required=True)
    args = ap.parse_args()
    if not os.path.exists(args.chromium):
        raise SystemExit(f"chromium not found at '{args.chromium}': install Debian's chromium "
                         "package (tools/setup test does)")

    shutil.rmtree(args.work, ignore_errors=True)
    inputs = os.path.join(args.work, "in")
    os.makedirs(inputs)
    with open(os.path.join(inputs, "markup.txt"), "wb") as f:
        f.write(MARKUP_DOC.encode())
    out = os.path.join(args.work, "out")
    profiles = os.path.join(args.work, "profiles")
    os.makedirs(profiles)
    run_glean(args.glean, args.plugin_dir, ["run", args.pipeline, args.seed, inputs, "-o", out])
    docs = {d.id: d for d in read_jsonl(os.path.join(out, "documents.jsonl"))}
    seed = docs["000_0bdeaacc15b1e0dc.txt"]

    # The seed's page, opened on the date "September 22" (#a<id> selects an annotation).
    date = next(a for a in seed.anns if a["type"] == "TIMEX3" and a["text"] == "September 22")
    page_path = os.path.join(out, "html", stem(seed.id) + ".html")
    dom = dump_dom(args.chromium, profiles, page_path, "#a%d" % date["id"])
    page = parse_page(dom)
    check(page.elements_by_id.get("text") is not None, "browser: the page has its text")
    check('data-ready="1"' in dom, "browser: the page's script ran to the end")
    check("".join(page.text) == seed.text, "browser: the DOM's text is the document's text")
    for a in seed.anns:
        got = page.spans.get(str(a["id"]))
        check(got == a["text"], f"browser: span for {a['type']} {a['id']}: {got!r} != {a['text']!r}")
    for name in ("Kazakhstan", "Nursultan Nazarbayev", "National Security Committee", "Astana"):
        check(any(t == name for t in page.spans.values()), f"browser: no highlighted span '{name}'")
    cls = page.span_classes.get(str(date["id"]), "")
    check("sel" in cls.split(), f"browser: the selected date is not marked (class '{cls}')")
    details = " ".join(page.details)
    for expected in ("TIMEX3", "September 22", "2009-09-22", "DATE", "report_year:2009",
                     "fixture-report:month-day", "2481\u20132493"):
        check(expected in details, f"browser: the details panel lacks '{expected}': {details[:300]}")
    # Crossing spans: the range date and the event that starts inside it are both whole.
    event = next(a for a in seed.anns if a["type"] == "EVENT")
    check(page.spans.get(str(event["id"])) == event["text"], "browser: the crossing EVENT span")
    check(page.fragments.get(str(event["id"]), 0) >= 2 or
          page.fragments.get(next(str(a["id"]) for a in seed.anns if a["text"] == "September 29-October 1"), 0) >= 2,
          "browser: crossing spans were split into fragments")

    # The index page links to every page and counts the types.
    index = parse_page(dump_dom(args.chromium, profiles, os.path.join(out, "html", "index.html")))
    links = [v for t, a, v in index.loads if t == "a"]
    for d in docs.values():
        check(stem(d.id) + ".html" in links, f"browser: the index does not link to {d.id}")

    # A report full of markup shows it as text and runs nothing but the page's own script.
    markup = docs["markup.txt"]
    dom = dump_dom(args.chromium, profiles, os.path.join(out, "html", "markup.html"))
    page = parse_page(dom)
    # The text's CR is in the DOM (the page writes it as &#13;, which a parser keeps, where a raw
    # CR would have been folded into the LF).
    check("".join(page.text) == markup.text, "browser: the markup document's text is exact")
    check("\r" in markup.text and "\r" in dom, "browser: the CR of the text is in the DOM")
    check(len(page.scripts) == 2, f"browser: {len(page.scripts)} script elements, expected the page's 2")
    check(not any(t == "img" for t, _, _ in page.loads), "browser: an <img> from the text became an element")
    check("<title>pwned" not in dom and 'data-ready="1"' in dom, "browser: the text's script ran")

    # A screenshot of the seed's page with a date selected, under the build folder.
    os.makedirs(os.path.dirname(os.path.abspath(args.screenshot)), exist_ok=True)
    if os.path.exists(args.screenshot):
        os.remove(args.screenshot)
    chromium(args.chromium, profiles, "file://" + os.path.abspath(page_path) + "#a%d" % date["id"],
             "--screenshot=" + os.path.abspath(args.screenshot), "--window-size=1280,800",
             "--hide-scrollbars")
    with open(args.screenshot, "rb") as f:
        png = f.read()
    check(png[:8] == b"\x89PNG\r\n\x1a\n", "browser: the screenshot is a PNG")
    width, height = struct.unpack(">II", png[16:24])
    check((width, height) == (1280, 800), f"browser: screenshot is {width}x{height}")
    check(len(png) > 20000, f"browser: the screenshot is nearly empty ({len(png)} bytes)")
    print(f"screenshot: {args.screenshot}")
    finish("review pages in Chromium")


if __name__ == "__main__":
    main()
