#!/usr/bin/env python3
# glean/tools/conll-score.py - scores glean's entity tagger on CoNLL-2003 English, conlleval-style
# SPDX-License-Identifier: Apache-2.0
#
#   tools/conll-score.py [--glean build/bin/glean] [--pipeline pipelines/news.toml]
#                        [--split testb] [--shared DIR] [--errors FILE]
#
# Each CoNLL document (-DOCSTART-) becomes one glean document: one sentence per line, its tokens
# joined with single spaces. The documents go to `glean run PIPELINE -` as JSONL on stdin; every
# PERSON/ORG/GPE/LOC/NORP/EVENT/LAW annotation is mapped back to the tokens it covers and typed
# PERSON->PER, ORG->ORG, GPE/LOC->LOC, NORP/EVENT/LAW->MISC. Scoring is entity-level exact match
# (span and type), micro-averaged, as conlleval does; the gold IOB1 tags are read as chunks.
import argparse
import collections
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TYPE_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "NORP": "MISC",
            "EVENT": "MISC", "LAW": "MISC"}


def read_conll(path):
    """-> list of documents; a document is a list of sentences; a sentence a list of (token, tag)."""
    docs, doc, sent = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("-DOCSTART-"):
                if sent:
                    doc.append(sent)
                    sent = []
                if doc:
                    docs.append(doc)
                doc = []
                continue
            if not line.strip():
                if sent:
                    doc.append(sent)
                    sent = []
                continue
            cols = line.split(" ")
            sent.append((cols[0], cols[-1]))
    if sent:
        doc.append(sent)
    if doc:
        docs.append(doc)
    return docs


def chunks(tags):
    """IOB1 (or IOB2) tags -> set of (begin, end, type) token spans."""
    out, start, kind = set(), None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        t = tag[2:] if tag != "O" else None
        boundary = tag == "O" or tag.startswith("B-") or t != kind
        if start is not None and boundary:
            out.add((start, i, kind))
            start, kind = None, None
        if tag != "O" and start is None:
            start, kind = i, t
    return out


def layout(doc):
    """Text of a document and, per sentence, the byte span of each token."""
    lines, spans, offset = [], [], 0
    for sent in doc:
        line, sp = [], []
        for tok, _ in sent:
            if line:
                offset += 1
            b = len(tok.encode("utf-8"))
            sp.append((offset, offset + b))
            offset += b
            line.append(tok)
        spans.append(sp)
        lines.append(" ".join(line))
        offset += 1  # the newline
    return "\n".join(lines), spans


def predicted(annotations, spans):
    """Annotations -> per sentence, set of (begin, end, type) token spans."""
    out = [set() for _ in spans]
    starts = [(sp[0][0], sp[-1][1], i) for i, sp in enumerate(spans)]
    for a in annotations:
        kind = TYPE_MAP.get(a["type"])
        if kind is None:
            continue
        for s_begin, s_end, si in starts:
            if a["begin"] >= s_begin and a["begin"] < s_end:
                toks = [k for k, (b, e) in enumerate(spans[si]) if b < a["end"] and e > a["begin"]]
                if toks:
                    out[si].add((toks[0], toks[-1] + 1, kind))
                break
    return out


def main():
    ap = argparse.ArgumentParser(description="Score glean entities on CoNLL-2003 English")
    ap.add_argument("--glean", default=os.path.join(ROOT, "build", "bin", "glean"))
    ap.add_argument("--pipeline", default=os.path.join(ROOT, "pipelines", "news.toml"))
    ap.add_argument("--split", default="testb", help="testa, testb or train")
    ap.add_argument("--shared", default=os.environ.get("GLEAN_SHARED_DIR",
                                                       os.path.join(ROOT, "..", "shared")))
    ap.add_argument("--errors", help="write false positives and negatives to this file")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args()
    path = os.path.join(args.shared, "bench", "conll2003", "eng." + args.split)
    if not os.path.exists(path):
        path = os.path.join("/work/shared", "bench", "conll2003", "eng." + args.split)
    docs = read_conll(path)
    layouts = [layout(d) for d in docs]
    stdin = "".join(json.dumps({"id": f"{args.split}-{i}", "text": t}) + "\n"
                    for i, (t, _) in enumerate(layouts))
    run = subprocess.run([args.glean, "-q", "run", args.pipeline, "-"], input=stdin.encode("utf-8"),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if run.returncode != 0:
        sys.stderr.write(run.stderr.decode("utf-8", "replace"))
        sys.exit(f"glean exited with {run.returncode}")
    outputs = [json.loads(l) for l in run.stdout.decode("utf-8").splitlines() if l.strip()]
    if len(outputs) != len(docs):
        sys.exit(f"glean wrote {len(outputs)} documents for {len(docs)} inputs")
    tp, fp, fn = collections.Counter(), collections.Counter(), collections.Counter()
    errors = []
    for doc, (text, spans), out in zip(docs, layouts, outputs):
        if "error" in out:
            sys.exit(f"document {out['doc']} failed: {out['error']}")
        pred = predicted(out["annotations"], spans)
        for si, sent in enumerate(doc):
            gold = chunks([tag for _, tag in sent])
            for c in pred[si] & gold:
                tp[c[2]] += 1
            for c in pred[si] - gold:
                fp[c[2]] += 1
                errors.append(("FP", c[2], " ".join(t for t, _ in sent[c[0]:c[1]]), si))
            for c in gold - pred[si]:
                fn[c[2]] += 1
                errors.append(("FN", c[2], " ".join(t for t, _ in sent[c[0]:c[1]]), si))

    def prf(t, p, n):
        prec = t / (t + p) if t + p else 0.0
        rec = t / (t + n) if t + n else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        return 100 * prec, 100 * rec, 100 * f1

    figures = {}
    for kind in ["LOC", "MISC", "ORG", "PER"]:
        figures[kind] = prf(tp[kind], fp[kind], fn[kind]) + (tp[kind] + fn[kind],)
    T, P, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    figures["overall"] = prf(T, P, N) + (T + N,)
    if args.errors:
        with open(args.errors, "w", encoding="utf-8") as f:
            for e in sorted(errors, key=lambda e: (e[0], e[1], e[2])):
                f.write("\t".join(map(str, e)) + "\n")
    if args.json:
        print(json.dumps({k: {"precision": round(v[0], 2), "recall": round(v[1], 2),
                              "f1": round(v[2], 2), "gold": v[3]} for k, v in figures.items()}))
        return
    print(f"CoNLL-2003 eng.{args.split}: {len(docs)} documents, {T + N} gold entities, "
          f"{T + P} found, {T} correct")
    print(f"{'type':8} {'precision':>9} {'recall':>7} {'F1':>6} {'gold':>6}")
    for kind, (p, r, f, g) in figures.items():
        print(f"{kind:8} {p:9.2f} {r:7.2f} {f:6.2f} {g:6d}")


if __name__ == "__main__":
    main()
