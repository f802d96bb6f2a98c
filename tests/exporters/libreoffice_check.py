#!/usr/bin/env python3
# glean/tests/exporters/libreoffice_check.py - the CSV tables as LibreOffice Calc reads them
# SPDX-License-Identifier: Apache-2.0
"""Runs a pipeline that writes the CSV tables (the seed report and a document made to be awkward:
quotes, commas, CRLF, multi-line fields, non-ASCII), has LibreOffice Calc open each table
headless (soffice --convert-to xlsx, with the import options the CSV README tells users to pick:
UTF-8, comma, double quote, every column as text, no special-number detection) and compares the
cells Calc read with the rows of Python's csv module. Calc reads CRLF inside a field as LF and cuts
a cell at 32,767 characters; the comparison allows that and nothing else. Also runs on corpus
reports (--sample), whose Body and Section texts reach that limit."""

import argparse
import csv
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile

from exportlib import check, finish, run_glean

AWKWARD = ("Report on <script>alert(\"x\")</script> & \"friends\", and commas\r\n\r\n"
           "In \u00d6skemen and Astana, on January 10 the \u201cKNB\u201d said \"a, b\" \u2014 tab\there.\r\n"
           "It was hard-wrapped\r\nover two lines in August; Kazakhstan agreed.\n")

CELL_LIMIT = 32767

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def column_index(ref):
    """'AB12' -> 27 (0-based column)."""
    n = 0
    for ch in ref:
        if not ch.isalpha():
            break
        n = n * 26 + (ord(ch.upper()) - ord("A") + 1)
    return n - 1


def read_xlsx(path):
    """The first sheet's cells as rows of strings (shared and inline strings, numbers as written)."""
    with zipfile.ZipFile(path) as z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
                shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.find("m:sheetData", NS).findall("m:row", NS):
        cells = {}
        for c in row.findall("m:c", NS):
            kind = c.get("t")
            if kind == "s":
                value = shared[int(c.find("m:v", NS).text)]
            elif kind == "inlineStr":
                value = "".join(t.text or "" for t in c.iter("{%s}t" % NS["m"]))
            else:
                v = c.find("m:v", NS)
                value = v.text if v is not None else ""
            cells[column_index(c.get("r"))] = value
        index = int(row.get("r")) - 1
        while len(rows) < index:
            rows.append([])
        rows.append([cells.get(i, "") for i in range(max(cells) + 1)] if cells else [])
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--glean", required=True)
    ap.add_argument("--plugin-dir", action="append", default=[])
    ap.add_argument("--pipeline", required=True)
    ap.add_argument("--seed", required=True)
    ap.add_argument("--sample", action="append", default=[], help="another input file (repeatable)")
    ap.add_argument("--soffice", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()

    shutil.rmtree(args.work, ignore_errors=True)
    inputs = os.path.join(args.work, "in")
    os.makedirs(inputs)
    with open(os.path.join(inputs, "awkward.txt"), "wb") as f:
        f.write(AWKWARD.encode("utf-8"))
    out = os.path.join(args.work, "out")
    run_glean(args.glean, args.plugin_dir, ["run", args.pipeline, args.seed, *args.sample, inputs, "-o", out])

    tables = sorted(n for n in os.listdir(os.path.join(out, "csv")) if n.endswith(".csv"))
    check(len(tables) == 4, f"csv tables: {tables}")
    converted = os.path.join(args.work, "xlsx")
    paths = [os.path.join(out, "csv", name) for name in tables]
    # Filter options: comma, double quote, UTF-8 (76), from line 1, every column Text (format 2;
    # 20 columns cover every table), English, quoted fields as text, no special-number detection.
    # One soffice process converts all the tables; a fresh profile under the work folder shares
    # no state with a user's LibreOffice.
    formats = "/".join(f"{i}/2" for i in range(1, 21))
    env = dict(os.environ, HOME=os.path.join(args.work, "home"))
    proc = subprocess.run([args.soffice, "--headless", "--norestore",
                           f"--infilter=CSV:44,34,76,1,{formats},1033,true,false",
                           "--convert-to", "xlsx", "--outdir", converted, *paths],
                          capture_output=True, text=True, env=env, timeout=300)
    check(proc.returncode == 0, f"soffice failed: {proc.stdout}{proc.stderr}")
    for name, path in zip(tables, paths):
        with open(path, newline="", encoding="utf-8") as f:
            want = list(csv.reader(f, strict=True))
        xlsx = os.path.join(converted, name[:-4] + ".xlsx")
        if not check(os.path.exists(xlsx), f"soffice did not convert {name}: {proc.stdout}{proc.stderr}"):
            continue
        got = read_xlsx(xlsx)
        check(len(got) == len(want), f"{name}: Calc read {len(got)} rows, Python's csv {len(want)}")
        for i, (g, w) in enumerate(zip(got, want), 1):
            # Calc ends a row at its last non-empty cell, reads a line break inside a field as LF
            # (a spreadsheet cell has no CRLF), and cuts a cell at 32,767 characters (Excel's
            # limit too: the text of a Body or a long Section in segments.csv).
            w = [cell.replace("\r\n", "\n")[:CELL_LIMIT] for cell in w]
            g = g + [""] * (len(w) - len(g))
            if not check(g == w, f"{name} row {i}: Calc {g} != csv {w}"):
                break
        print(f"{name}: {len(got)} rows, {len(want[0])} columns read alike")
    finish("CSV tables in LibreOffice Calc")


if __name__ == "__main__":
    main()
