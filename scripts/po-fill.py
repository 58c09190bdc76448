#!/usr/bin/env python3
"""Fills translations into a .po file from a JSON object {msgid: msgstr or [msgstr]} and clears their fuzzy
mark: a helper for translators working in bulk (scripts/update-po.sh first). Usage: po-fill.py PO JSON"""
import json
import re
import sys


def unquote(lines):
    return "".join(json.loads(l[l.index('"'):]) for l in lines)


def quote(s):
    return json.dumps(s, ensure_ascii=False)


def main():
    po, table = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
    blocks = open(po, encoding="utf-8").read().split("\n\n")
    out = []
    for b in blocks:
        lines = b.split("\n")
        keys = {}
        cur = None
        for i, l in enumerate(lines):
            m = re.match(r'^(msgid|msgid_plural|msgstr(\[\d+\])?) ', l)
            if m:
                cur = m.group(1)
                keys.setdefault(cur, []).append(i)
            elif l.startswith('"') and cur:
                keys[cur].append(i)
            elif not l.startswith('"'):
                cur = None
        if "msgid" not in keys:
            out.append(b)
            continue
        msgid = unquote([lines[i] for i in keys["msgid"]])
        if msgid not in table or msgid == "":
            out.append(b)
            continue
        tr = table[msgid]
        head = []
        for l in lines:
            if re.match(r'^(msgstr)', l):
                break
            if l.startswith("#,"):
                flags = [f.strip() for f in l[2:].split(",") if f.strip() != "fuzzy"]
                if flags:
                    head.append("#, " + ", ".join(flags))
                continue
            if l.startswith("#|"):
                continue
            head.append(l)
        if "msgid_plural" in keys:
            forms = tr if isinstance(tr, list) else [tr]
            head += [f"msgstr[{k}] {quote(f)}" for k, f in enumerate(forms)]
        else:
            head.append(f"msgstr {quote(tr if isinstance(tr, str) else tr[0])}")
        out.append("\n".join(head))
    open(po, "w", encoding="utf-8").write("\n\n".join(out))


main()
