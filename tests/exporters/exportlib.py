# glean/tests/exporters/exportlib.py - reading glean's outputs back, independently of glean's code
# SPDX-License-Identifier: Apache-2.0
"""Helpers shared by the exporter checks: run glean, read the JSONL output, and parse the CSV,
SQLite, HTML and brat outputs back with Python's own csv, sqlite3, html.parser and str (whose
indexes are code points), so a bug in glean's writers is not repeated by the reader."""

import html.parser
import json
import os
import subprocess
import sys

DATE_TYPES = {"TIMEX3"}
ENTITY_TYPES = {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "LAW"}
SEGMENT_TYPES = {"Header", "Title", "MetaField", "Body", "Section", "Heading", "Paragraph", "List",
                 "ListItem", "FootnoteRef", "Footnote", "Navigation", "Sentence"}

failures = []


def check(condition, message):
    """Records a failed expectation (the run goes on, so one report lists every problem)."""
    if not condition:
        failures.append(message)
        if len(failures) <= 40:
            print("FAIL: " + message, file=sys.stderr)
    return condition


def finish(name):
    if failures:
        print(f"{name}: {len(failures)} failed expectation(s)", file=sys.stderr)
        sys.exit(1)
    print(f"{name}: all expectations met")


def run_glean(glean, plugin_dirs, args, expect=0):
    cmd = [glean, "-q"]
    for d in plugin_dirs:
        cmd += ["--plugin-dir", d]
    cmd += args
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != expect:
        print(proc.stdout, proc.stderr, sep="\n", file=sys.stderr)
        raise SystemExit(f"{' '.join(cmd)}: exit {proc.returncode}, expected {expect}")
    return proc


class Doc:
    """One line of documents.jsonl, with the original bytes it was made from."""

    def __init__(self, record):
        self.record = record
        self.id = record["doc"]
        self.source = record["source"]
        with open(self.source, "rb") as f:
            self.raw = f.read()
        self.text = self.raw.decode("utf-8")
        self.meta = record["meta"]
        self.anns = record["annotations"]
        self.by_id = {a["id"]: a for a in self.anns}
        self.sentences = [a for a in self.anns if a["type"] == "Sentence"]

    def slice(self, begin, end):
        return self.raw[begin:end].decode("utf-8")

    def char(self, byte):
        """Byte offset -> code point offset, the slow and obvious way."""
        return len(self.raw[:byte].decode("utf-8"))

    def sentence_of(self, a):
        for s in self.sentences:
            if s["begin"] <= a["begin"] and a["end"] <= s["end"]:
                return s
        return None


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [Doc(json.loads(line)) for line in f if line.strip()]


def text_value(v):
    """A feature value as the CSV and brat writers render it."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def stem(doc_id):
    """The file name glean gives a document's pages (no clashes in these tests)."""
    return doc_id[:-4] if doc_id.endswith(".txt") else doc_id


class ReviewPageParser(html.parser.HTMLParser):
    """Collects, for every <span data-a=ID>, the text inside its fragments (nested spans included),
    the whole text of #text, the script elements and every attribute that could load something."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []          # open elements: (tag, data-a or None, is_text_root)
        self.in_text = 0
        self.spans = {}          # id -> text
        self.span_classes = {}   # id -> class of its first fragment
        self.fragments = {}      # id -> number of fragments
        self.text = []
        self.scripts = []        # (attrs, content)
        self.script = None
        self.loads = []          # (tag, attribute, value) that load or link something
        self.details = []        # text inside #details
        self.in_details = 0
        self.elements_by_id = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.elements_by_id[a["id"]] = a
        for name, value in attrs:
            if name in ("src", "href", "data", "srcset", "action", "poster") and value is not None:
                self.loads.append((tag, name, value))
            if name == "style" and value and "url(" in value:
                self.loads.append((tag, name, value))
        if tag in ("link", "img", "iframe", "object", "embed", "audio", "video", "source"):
            self.loads.append((tag, "", ""))
        if tag == "script":
            self.script = [a, ""]
        is_root = a.get("id") == "text"
        if tag in ("meta", "input", "br", "img", "link", "hr", "source"):
            return  # void elements
        self.stack.append((tag, a.get("data-a"), is_root, a.get("id") == "details"))
        if is_root:
            self.in_text += 1
        if a.get("id") == "details":
            self.in_details += 1
        if a.get("data-a") is not None:
            ident = a["data-a"]
            self.spans.setdefault(ident, "")
            self.span_classes.setdefault(ident, a.get("class", ""))
            self.fragments[ident] = self.fragments.get(ident, 0) + 1

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            self.scripts.append(tuple(self.script))
            self.script = None
        while self.stack:
            t, _, is_root, is_details = self.stack.pop()
            if is_root:
                self.in_text -= 1
            if is_details:
                self.in_details -= 1
            if t == tag:
                break

    def handle_data(self, data):
        if self.script is not None:
            self.script[1] += data
            return
        if self.in_text:
            self.text.append(data)
            for _, ident, _, _ in self.stack:
                if ident is not None:
                    self.spans[ident] += data
        if self.in_details:
            self.details.append(data)


def parse_page(content):
    p = ReviewPageParser()
    p.feed(content)
    p.close()
    return p


def read_brat_ann(path):
    """T lines -> {id: (type, [(begin, end)], text)}, notes -> {id: text}."""
    spans, notes = {}, {}
    with open(path, encoding="utf-8", newline="") as f:
        for line in f.read().split("\n"):
            if not line:
                continue
            fields = line.split("\t", 2)
            if line.startswith("T"):
                kind, _, frags = fields[1].partition(" ")
                ranges = [tuple(int(x) for x in fr.split(" ")) for fr in frags.split(";")]
                spans[int(fields[0][1:])] = (kind, ranges, fields[2])
            elif line.startswith("#"):
                target = fields[1].split(" ")[1]
                notes[int(target[1:])] = fields[2]
    return spans, notes


def env_path(name, default):
    return os.environ.get(name, default)
