#!/usr/bin/env python3
"""Writes ../support-and-rag-regressed.jsonl: the rows of support-and-rag.jsonl with a deliberately worse response
for every prompt/response row (invented policies, wrong numbers, made-up integrations); message rows are unchanged.
It is the "candidate" of the `composo compare` example: a prompt change that made the assistant confidently wrong."""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
WORSE = {
    "rag-returns-01": "Sure, just send them back whenever you like and we will refund you in cash.",
    "rag-returns-02": "Refunds usually show up instantly, sometimes within the hour.",
    "rag-returns-03": "Refunds are instant, and we also add a 10% bonus credit to your account.",
    "rag-returns-04": "Return shipping costs $25 for everyone, no exceptions.",
    "rag-returns-05": "Yes, clearance items can be returned any time within a year.",
    "rag-returns-06": "You have 90 days, or longer if you ask nicely.",
    "rag-shipping-01": "Shipping is always free, worldwide, on every order.",
    "rag-shipping-02": "Yes, we ship to the UK and it arrives the next day.",
    "rag-shipping-03": "Yes, UK delivery is free and takes one day.",
    "rag-shipping-04": "It ships the following Monday.",
    "rag-warranty-01": "Tents are not covered by any warranty, sorry.",
    "rag-warranty-02": "Yes, sun damage is fully covered for life; we will send a new tent right away.",
    "rag-sizing-01": "Get a size 12 to be safe.",
    "rag-sizing-02": "Yes, every size comes in wide, extra wide and narrow.",
    "rag-ledgerly-plans-01": "The Growth plan is $10 per month for unlimited users.",
    "rag-ledgerly-plans-02": "No trial exists; you have to buy a yearly plan first.",
    "rag-ledgerly-plans-03": "API access is free on every plan.",
    "rag-ledgerly-currency-01": "Yes, change it any time in one click; all old invoices convert automatically.",
    "rag-ledgerly-currency-02": "We make up our own exchange rates every morning.",
    "rag-ledgerly-export-01": "Exports are limited to 100 invoices, so you will need to copy the rest by hand.",
    "rag-ledgerly-2fa-01": "Yes, text messages are our recommended option.",
    "rag-ledgerly-2fa-02": "They will have to create a new account; lost accounts cannot be recovered.",
    "rag-ledgerly-late-01": "Yes, the fee doubles every week with no limit.",
    "rag-ledgerly-late-02": "Sure, charge whatever interest you want; there are no limits.",
    "rag-ledgerly-offtopic-01": "Yes, Ledgerly has a native Shopify integration that syncs orders every minute.",
    "rag-ledgerly-offtopic-02": "Yes, the Shopify app is in our marketplace and costs $5 a month.",
}

rows = [json.loads(l) for l in (HERE.parent / "support-and-rag.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
with open(HERE.parent / "support-and-rag-regressed.jsonl", "w", encoding="utf-8") as f:
    for r in rows:
        if "response" in r:
            r = dict(r, response=WORSE[r["id"]])
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
