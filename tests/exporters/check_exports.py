#!/usr/bin/env python3
# glean/tests/exporters/check_exports.py - every exporter end to end, read back and compared with the JSONL output
# SPDX-License-Identifier: Apache-2.0
"""Runs a pipeline that writes JSONL, CSV, SQLite, HTML and (when it has a brat stage) brat over
the seed report, any --sample documents (corpus reports) and a document made to be awkward
(markup, quotes, commas, tabs, CRLF, a byte order mark, non-ASCII, a sub-folder), then reads
every output back with Python's own parsers and compares it with the JSONL output: the same
annotations, offsets, texts (after byte <-> character conversion), features and sentences. With
--fixture (the fixture-report stage, which makes dates and entities) it also runs the SQL
examples of the READMEs. Then a second run into the same folder, which must replace the
database's documents, not add to them."""

import argparse
import csv
import json
import os
import re
import shutil
import sqlite3

from exportlib import (DATE_TYPES, ENTITY_TYPES, SEGMENT_TYPES, check, finish, parse_page,
                       read_brat_ann, read_jsonl, run_glean, stem, text_value)

AWKWARD = (
    "Report on <script>alert(\"pwned\")</script> & friends\r\n"
    "\r\n"
    "In \u00d6skemen and Astana, on January 10 the \u201cKNB\u201d said \"a, b\" \u2014 and "
    "</script><!-- nothing. Kazakhstan's tab\there; Nursultan Nazarbayev met Uzbek delegates.\r\n"
    "It was hard-wrapped\r\nover two lines in August.\r\n"
    "\r\n"
    "\u2022 On March 3-4 officials of Kazakhstan met in \u00d6skemen.\n"
)
BOM_DOC = "\ufeffKazakhstan 2009 - Report\n\nOn July 1-2 the FBI visited Astana.\n"

DATES_HEADER = ["doc", "begin", "end", "text", "type", "value", "range_begin", "range_end",
                "anchor", "sentence", "rule", "ann", "features"]
ENTITIES_HEADER = ["doc", "begin", "end", "text", "type", "canonical", "id", "role", "sentence",
                   "rule", "ann", "features"]
SEGMENTS_HEADER = ["doc", "begin", "end", "text", "type", "number", "title", "level", "parent",
                   "rule", "ann", "features"]
INDEX_HEADER = ["doc", "canonical", "type", "id", "mentions", "first"]


def feature(a, key):
    return text_value(a["features"].get(key))


def sentence_text(doc, a):
    s = doc.sentence_of(a)
    return doc.slice(s["begin"], s["end"]) if s else ""


def expected_rows(docs):
    """The rows each CSV table should hold, computed from the JSONL output alone."""
    dates, entities, segments, index = [], [], [], []
    for doc in docs:
        groups = {}
        for a in doc.anns:  # JSONL order: by begin, longest first, then id (the CSV order too)
            lead = [doc.id, str(a["begin"]), str(a["end"]), a["text"]]
            tail = [a["rule"] or "", str(a["id"]), a["features"]]
            if a["type"] in DATE_TYPES:
                dates.append(lead + [feature(a, "type"), feature(a, "value"), feature(a, "begin"),
                                     feature(a, "end"), feature(a, "anchor"),
                                     sentence_text(doc, a)] + tail)
            elif a["type"] in ENTITY_TYPES:
                entities.append(lead + [a["type"], feature(a, "canonical"), feature(a, "id"),
                                        feature(a, "role"), sentence_text(doc, a)] + tail)
                canonical = a["features"].get("canonical") or a["text"]
                key = (canonical, a["type"], feature(a, "id"))
                if key not in groups:
                    groups[key] = [doc.id, canonical, a["type"], feature(a, "id"), 0, a["begin"]]
                groups[key][4] += 1
            elif a["type"] in SEGMENT_TYPES:
                segments.append(lead + [a["type"], feature(a, "number"), feature(a, "title"),
                                        feature(a, "level"), feature(a, "parent")] + tail)
        # The entities stage's Entity annotations, when the document has them, are the index.
        table = sorted((a for a in doc.anns if a["type"] == "Entity"), key=lambda a: a["begin"])
        if table:
            for e in table:
                index.append([doc.id] + [feature(e, k) for k in ("canonical", "entity_type", "id",
                                                                 "mentions", "first")])
            continue
        for g in groups.values():
            index.append([g[0], g[1], g[2], g[3], str(g[4]), str(g[5])])
    return {"dates": dates, "entities": entities, "segments": segments, "entity_index": index}


def read_csv(path, header):
    with open(path, "rb") as f:
        raw = f.read()
    check(raw.startswith((",".join(header) + "\r\n").encode()), f"{path}: header row")
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, strict=True))
    check(rows[0] == header, f"{path}: header {rows[0]} != {header}")
    for i, r in enumerate(rows[1:], 2):
        check(len(r) == len(header), f"{path}:{i}: {len(r)} fields, expected {len(header)}")
    return rows[1:]


def compare_rows(name, got, want, json_last=True):
    check(len(got) == len(want), f"{name}: {len(got)} rows, expected {len(want)}")
    for i, (g, w) in enumerate(zip(got, want)):
        g = list(g)
        w = list(w)
        if json_last and len(w) == len(g) and isinstance(w[-1], dict):
            check(json.loads(g[-1]) == w[-1], f"{name} row {i + 1}: features {g[-1]} != {w[-1]}")
            g, w = g[:-1], w[:-1]
        if not check(g == w, f"{name} row {i + 1}: {g} != {w}"):
            return


def check_csv(out, docs):
    want = expected_rows(docs)
    for name, header in (("dates", DATES_HEADER), ("entities", ENTITIES_HEADER),
                         ("segments", SEGMENTS_HEADER), ("entity_index", INDEX_HEADER)):
        rows = read_csv(os.path.join(out, "csv", name + ".csv"), header)
        compare_rows(name + ".csv", rows, want[name])
    return want


def sql_str(v):
    if v is None:
        return ""
    return str(v)


def check_sqlite(out, docs, want, readmes):
    con = sqlite3.connect(os.path.join(out, "glean.sqlite"))
    con.row_factory = None
    docs_by_id = {d.id: d for d in docs}
    rows = con.execute("SELECT doc_key, doc, source, bytes, chars, meta, text FROM documents").fetchall()
    check(len(rows) == len(docs), f"sqlite: {len(rows)} documents, expected {len(docs)}")
    for doc_key, ident, source, nbytes, chars, meta, text in rows:
        d = docs_by_id.get(ident)
        if not check(d is not None, f"sqlite: unexpected document {ident}"):
            continue
        check(source == d.source and nbytes == len(d.raw) and chars == len(d.text),
              f"sqlite: {ident}: source/bytes/chars")
        check(json.loads(meta) == d.meta, f"sqlite: {ident}: meta")
        check(text == d.text, f"sqlite: {ident}: text")
        meta_rows = dict(con.execute("SELECT key, value FROM meta WHERE doc_key = ?", (doc_key,)))
        check(meta_rows == {k: (int(v) if isinstance(v, bool) else v) for k, v in d.meta.items()},
              f"sqlite: {ident}: meta rows {meta_rows}")
        anns = con.execute(
            "SELECT ann_key, id, type, begin, end, char_begin, char_end, text, sentence, stage, rule,"
            " features FROM annotations WHERE doc_key = ? ORDER BY id", (doc_key,)).fetchall()
        check(len(anns) == len(d.anns), f"sqlite: {ident}: {len(anns)} annotations, expected {len(d.anns)}")
        for ann_key, i, t, b, e, cb, ce, txt, sent, stage, rule, feats in anns:
            a = d.by_id.get(i)
            if not check(a is not None, f"sqlite: {ident}: unexpected annotation {i}"):
                continue
            s = d.sentence_of(a)
            check((t, b, e, txt, stage, rule) == (a["type"], a["begin"], a["end"], a["text"],
                                                  a["stage"], a["rule"]),
                  f"sqlite: {ident}: annotation {i}")
            check((cb, ce) == (d.char(b), d.char(e)), f"sqlite: {ident}: annotation {i} char offsets")
            check(d.text[cb:ce] == a["text"], f"sqlite: {ident}: annotation {i} text by char offsets")
            check(sent == (s["id"] if s else None), f"sqlite: {ident}: annotation {i} sentence")
            check(json.loads(feats) == a["features"], f"sqlite: {ident}: annotation {i} features")
            typed = dict(con.execute("SELECT key, value FROM features WHERE ann_key = ?", (ann_key,)))
            expect = {k: (int(v) if isinstance(v, bool) else v) for k, v in a["features"].items()}
            check(typed == expect, f"sqlite: {ident}: annotation {i} feature rows {typed} != {expect}")
        # substr() on the stored text with the character offsets gives the annotation text.
        bad = con.execute(
            "SELECT count(*) FROM annotations a JOIN documents d USING (doc_key) WHERE a.doc_key = ?"
            " AND substr(d.text, a.char_begin + 1, a.char_end - a.char_begin) != a.text",
            (doc_key,)).fetchone()[0]
        check(bad == 0, f"sqlite: {ident}: {bad} annotations where substr() differs")

    # Long annotations (over text_limit bytes) store no text of their own: the annotations view
    # took theirs from documents.text above, so the comparisons covered that path too.
    long_rows = con.execute("SELECT count(*) FROM annotation_rows WHERE text IS NULL").fetchone()[0]
    check(long_rows > 0, "sqlite: no annotation over text_limit (the view's substr path went untested)")

    # The views have the CSV tables' columns and rows.
    order = {d.id: n for n, d in enumerate(docs)}
    for view, header in (("dates", DATES_HEADER), ("entities", ENTITIES_HEADER),
                         ("segments", SEGMENTS_HEADER)):
        cols = ", ".join(header)
        got = con.execute(f"SELECT {cols} FROM {view}").fetchall()
        got.sort(key=lambda r: (order[r[0]], int(r[1]), -int(r[2]), int(r[header.index("ann")])))
        got = [[sql_str(v) for v in r[:-1]] + [r[-1]] for r in got]
        compare_rows(f"sqlite view {view}", got, want[view])
    got = con.execute("SELECT doc, canonical, type, id, mentions, first FROM entity_index").fetchall()
    got = sorted([[sql_str(v) for v in r] for r in got], key=lambda r: (order[r[0]], int(r[5])))
    compare_rows("sqlite view entity_index", got, want["entity_index"], json_last=False)

    # Full text over sentences: the same sentences as a word search in Python.
    for word in ("terrorism", "kazakhstan", "astana"):
        got = {r[0] for r in con.execute(
            "SELECT s.text FROM sentences_fts JOIN annotations s ON s.ann_key = sentences_fts.rowid"
            " WHERE sentences_fts MATCH ?", (word,))}
        expect = {d.slice(s["begin"], s["end"]) for d in docs for s in d.sentences
                  if word in re.findall(r"\w+", d.slice(s["begin"], s["end"]).lower())}
        check(got == expect and expect, f"sqlite: sentences_fts MATCH '{word}': {len(got)} != {len(expect)}")

    # Indexes the issue asks for.
    indexes = {r[0]: r[1] for r in con.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL")}
    check(any("(doc_key, type)" in sql for sql in indexes.values()), "sqlite: index on (doc, type)")
    check(any("features(key, value)" in sql for sql in indexes.values()), "sqlite: index on feature values")

    # The READMEs' example queries run and answer.
    for path, readme in readmes:
        queries = re.findall(r"```sql\n(.*?)```", readme, re.S)
        check(len(queries) == 3, f"{path}: {len(queries)} SQL examples, expected 3")
        for q in queries:
            try:
                result = con.execute(q).fetchall()
            except sqlite3.Error as e:
                check(False, f"{path}: query failed: {e}\n{q}")
                continue
            check(len(result) > 0, f"{path}: query returned nothing:\n{q}")
            if "detain" in q:
                check(any("September 22" in str(r) for r in result), f"{path}: detention query: {result}")
    con.close()


def check_brat(out, docs):
    brat = os.path.join(out, "brat")
    seen_types = set()
    # Spans after non-ASCII text, where character and byte offsets differ: the test tells them apart.
    shifted = sum(1 for d in docs for a in d.anns if d.char(a["begin"]) != a["begin"])
    check(shifted > 0, "brat: no span after non-ASCII text")
    for d in docs:
        base = os.path.join(brat, stem(d.id))
        with open(base + ".txt", "rb") as f:
            check(f.read() == d.raw, f"brat: {d.id}: .txt is not the original bytes")
        spans, notes = read_brat_ann(base + ".ann")
        check(set(spans) == set(d.by_id), f"brat: {d.id}: T ids differ from the JSONL ids")
        for i, (kind, ranges, text) in spans.items():
            a = d.by_id.get(i)
            if a is None:
                continue
            seen_types.add(kind)
            check(kind == a["type"], f"brat: {d.id}: T{i} type")
            # brat's own rule: the text field is the fragments joined by a space.
            joined = " ".join(d.text[b:e] for b, e in ranges)
            check(joined == text, f"brat: {d.id}: T{i} text {text!r} != document {joined!r}")
            # The fragments are the annotation's lines, at code point offsets.
            want = []
            for m in re.finditer(r"[^\r\n]+", a["text"]):
                want.append((d.char(a["begin"] + len(a["text"][:m.start()].encode())),
                             d.char(a["begin"] + len(a["text"][:m.end()].encode()))))
            if not want:
                want = [(d.char(a["begin"]), d.char(a["begin"]))]
            check(ranges == want, f"brat: {d.id}: T{i} fragments {ranges} != {want}")
            note = notes.get(i, "")
            for key, value in a["features"].items():
                check(f"{key}={str(value).lower() if isinstance(value, bool) else value}" in note,
                      f"brat: {d.id}: T{i} note lacks {key}: {note}")
            if a["rule"]:
                check(f"rule={a['rule']}" in note, f"brat: {d.id}: T{i} note lacks the rule")
    with open(os.path.join(brat, "annotation.conf"), encoding="utf-8") as f:
        conf = f.read()
    entities = conf.split("[entities]")[1].split("[")[0].split()
    check(set(entities) == seen_types, f"brat: annotation.conf types {entities} != {seen_types}")


def check_rule_line(where, rule, source):
    """`source` ("file:line") must point at the [[rule]] table that defines `rule` ("set:id")."""
    path, _, line = source.rpartition(":")
    if not check(path and line.isdigit(), f"{where}: rule {rule} has no file:line ({source!r})"):
        return
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except OSError as e:
        check(False, f"{where}: rule {rule}: {source}: {e}")
        return
    n = int(line)
    table = lines[n - 1:n + 6] if 0 < n <= len(lines) else []
    rule_id = rule.split(":", 1)[1]
    check(table and table[0].strip() == "[[rule]]" and
          any(re.match(r'\s*id\s*=\s*"%s"' % re.escape(rule_id), t) for t in table[1:]),
          f"{where}: {source} is not where rule {rule} is defined")


def check_html(out, docs, rule_lines=False):
    html_dir = os.path.join(out, "html")
    for d in docs:
        with open(os.path.join(html_dir, stem(d.id) + ".html"), encoding="utf-8", newline="") as f:
            content = f.read()
        # A browser folds a raw CR (or CRLF) into LF: the text's CRs must be written as &#13;.
        check("\r" not in content, f"html: {d.id}: a raw CR in the page")
        page = parse_page(content)
        check("".join(page.text) == d.text, f"html: {d.id}: the page text is not the document")
        check(set(int(k) for k in page.spans) == set(d.by_id), f"html: {d.id}: span ids")
        for k, text in page.spans.items():
            a = d.by_id.get(int(k))
            if a is not None:
                check(text == a["text"], f"html: {d.id}: span {k} {text!r} != {a['text']!r}")
        # Self-contained: only links to other pages of the export.
        for tag, attr, value in page.loads:
            check(tag == "a" and attr == "href" and not re.match(r"^[a-z]+:", value) and
                  value.endswith(".html"), f"html: {d.id}: loads or links {tag} {attr}={value}")
        scripts = page.scripts
        check(len(scripts) == 2, f"html: {d.id}: {len(scripts)} script elements, expected 2")
        data = json.loads(scripts[0][1])
        check(scripts[0][0].get("type") == "application/json", f"html: {d.id}: data script type")
        check(data["doc"] == d.id, f"html: {d.id}: data doc")
        for k, rec in data["a"].items():
            a = d.by_id[int(k)]
            check(data["types"][rec[0]]["name"] == a["type"] and rec[1:4] == [a["begin"], a["end"], a["features"]]
                  and rec[4] == a["rule"] and rec[6] == a["stage"], f"html: {d.id}: data for {k}")
            if rule_lines and a["rule"]:
                check_rule_line(f"html: {d.id}: annotation {k}", a["rule"], rec[5])
        check(len(data["a"]) == len(d.anns), f"html: {d.id}: data has every annotation")
    with open(os.path.join(html_dir, "index.html"), encoding="utf-8", newline="") as f:
        index = parse_page(f.read())
    links = [v for t, a, v in index.loads if t == "a"]
    for d in docs:
        check(stem(d.id) + ".html" in links, f"html index: no link to {d.id}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--glean", required=True)
    ap.add_argument("--plugin-dir", action="append", default=[])
    ap.add_argument("--pipeline", required=True)
    ap.add_argument("--seed", required=True)
    ap.add_argument("--sample", action="append", default=[], help="another input file (repeatable)")
    ap.add_argument("--formats", default="csv,sqlite,html,brat",
                    help="the outputs the pipeline writes besides JSONL (comma-separated)")
    ap.add_argument("--rule-lines", action="store_true",
                    help="the HTML stage has the rule files: every rule must show its file:line")
    ap.add_argument("--fixture", action="store_true",
                    help="the pipeline starts with the fixture-report stage (dates, entities)")
    ap.add_argument("--readme", action="append", default=[],
                    help="a Markdown file whose sql blocks must run and answer (repeatable; --fixture)")
    ap.add_argument("--work", required=True)
    args = ap.parse_args()

    shutil.rmtree(args.work, ignore_errors=True)
    inputs = os.path.join(args.work, "in")
    os.makedirs(os.path.join(inputs, "sub"))
    with open(os.path.join(inputs, "sub", "awkward.txt"), "wb") as f:
        f.write(AWKWARD.encode("utf-8"))
    with open(os.path.join(inputs, "bom.txt"), "wb") as f:
        f.write(BOM_DOC.encode("utf-8"))
    out = os.path.join(args.work, "out")
    run_args = ["run", args.pipeline, args.seed, *args.sample, inputs, "-o", out]
    run_glean(args.glean, args.plugin_dir, run_args)

    docs = read_jsonl(os.path.join(out, "documents.jsonl"))
    want_ids = [os.path.basename(p) for p in [args.seed] + args.sample] + ["bom.txt", "sub/awkward.txt"]
    check([d.id for d in docs] == want_ids, f"documents: {[d.id for d in docs]}")
    for d in docs:
        for a in d.anns:
            check(d.slice(a["begin"], a["end"]) == a["text"], f"jsonl: {d.id}: annotation {a['id']} text")
    readmes = []
    for path in args.readme:
        with open(path, encoding="utf-8") as f:
            readmes.append((path, f.read()))

    formats = args.formats.split(",")
    written = sorted(f for f, path in (("csv", "csv"), ("sqlite", "glean.sqlite"), ("html", "html"),
                                        ("brat", "brat")) if os.path.exists(os.path.join(out, path)))
    check(written == sorted(formats), f"the pipeline wrote {written}, expected {formats}")
    want = expected_rows(docs)
    if "csv" in formats:
        check_csv(out, docs)
    if args.fixture:
        check(len(want["dates"]) >= 15 and len(want["entities"]) >= 30, "the fixture gave dates and entities")
    else:
        check(len(want["segments"]) > 1000, f"the segmenter gave {len(want['segments'])} segments")
    if "sqlite" in formats:
        check_sqlite(out, docs, want, readmes)
    if "brat" in formats:
        check_brat(out, docs)
    if "html" in formats:
        check_html(out, docs, args.rule_lines)
    leftovers = [os.path.join(r, n) for r, _, ns in os.walk(out) for n in ns if ".tmp-" in n]
    check(not leftovers, f"temporary files left: {leftovers}")

    if "sqlite" not in formats:
        return finish("exporters end to end")
    # A second run into the same folder replaces the database's documents.
    run_glean(args.glean, args.plugin_dir, run_args)
    con = sqlite3.connect(os.path.join(out, "glean.sqlite"))
    n_docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    n_anns = con.execute("SELECT count(*) FROM annotations").fetchone()[0]
    n_runs = con.execute("SELECT count(*) FROM runs WHERE finished IS NOT NULL").fetchone()[0]
    n_fts = con.execute("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'kazakhstan'").fetchone()[0]
    con.close()
    check(n_docs == len(docs), f"rerun: {n_docs} documents, expected {len(docs)}")
    check(n_anns == sum(len(d.anns) for d in docs), f"rerun: {n_anns} annotations")
    check(n_runs == 2, f"rerun: {n_runs} finished runs, expected 2")
    check(n_fts == sum(1 for d in docs for s in d.sentences
                       if "kazakhstan" in re.findall(r"\w+", d.slice(s["begin"], s["end"]).lower())),
          f"rerun: full-text index has {n_fts} hits (stale entries?)")
    finish("exporters end to end")


if __name__ == "__main__":
    main()
