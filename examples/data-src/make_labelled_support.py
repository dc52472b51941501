#!/usr/bin/env python3
"""Writes ../labelled-support.jsonl for `composo calibrate`: the 26 prompt/response rows of support-and-rag.jsonl
and their 26 deliberately worse versions from support-and-rag-regressed.jsonl (ids suffixed "-worse"), each with a
person's overall label: "good" when the answer is faithful to the context and answers the question, "bad" when it
invents, contradicts the policy, refuses an answerable question or buries the answer in filler."""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
GOOD = {
    "rag-returns-01", "rag-returns-02", "rag-returns-04", "rag-shipping-01", "rag-shipping-03", "rag-warranty-01",
    "rag-sizing-01", "rag-sizing-02", "rag-ledgerly-plans-01", "rag-ledgerly-plans-02", "rag-ledgerly-plans-03",
    "rag-ledgerly-currency-01", "rag-ledgerly-export-01", "rag-ledgerly-2fa-01", "rag-ledgerly-2fa-02",
    "rag-ledgerly-late-01", "rag-ledgerly-offtopic-01",
}


def rows(name):
    return [json.loads(l) for l in (HERE.parent / name).read_text(encoding="utf-8").splitlines() if l.strip()]


with open(HERE.parent / "labelled-support.jsonl", "w", encoding="utf-8") as f:
    for r in rows("support-and-rag.jsonl"):
        if "response" in r:
            f.write(json.dumps(dict(r, label="good" if r["id"] in GOOD else "bad"), ensure_ascii=False) + "\n")
    for r in rows("support-and-rag-regressed.jsonl"):
        if "response" in r:
            f.write(json.dumps(dict(r, id=r["id"] + "-worse", label="bad"), ensure_ascii=False) + "\n")
