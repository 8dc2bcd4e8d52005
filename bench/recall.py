#!/usr/bin/env python3
"""How well `jianguan analyze` finds what `jianguan demo generate` planted.

Usage: bench/recall.py MARKET_DIR ANALYZE_OUT_DIR

Reads MARKET_DIR/truth.csv (planted collusive sections), MARKET_DIR/rings.csv (ring members as credit codes) and
MARKET_DIR/bids.csv (code -> name), and the analysis ANALYZE_OUT_DIR/sections.csv and groups.csv. Prints:
- planted sections among the top 5 % of section scores (precision) and the share of planted sections found there
  (recall), plus recall at k = number of planted sections and at score >= 40 (orange and red);
- planted rings among the top groups: a ring is found when a group in the top N (N = number of rings, and 2N)
  holds at least half of the ring's members and the ring's members are at least half of the group.
"""
import csv
import sys


def main() -> None:
    market, out = sys.argv[1], sys.argv[2]
    truth = set()
    with open(f"{market}/truth.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("collusive", "1") in ("1", "true", "True"):
                truth.add(row.get("tender") or row["section"])

    with open(f"{out}/sections.csv", encoding="utf-8") as f:
        sections = [(r["tender"], float(r["score"])) for r in csv.DictReader(f)]
    n = len(sections)
    top = max(1, round(0.05 * n))
    in_top = sum(1 for t, _ in sections[:top] if t in truth)
    at_k = sum(1 for t, _ in sections[: len(truth)] if t in truth)
    flagged = [t for t, s in sections if s >= 40]
    flagged_true = sum(1 for t in flagged if t in truth)
    print(f"sections: {n}, planted collusive: {len(truth)} ({100 * len(truth) / max(1, n):.1f} %)")
    print(f"top 5 % ({top} sections): {in_top} planted -> precision {in_top / top:.3f}, "
          f"recall {in_top / max(1, len(truth)):.3f} (best possible {min(top, len(truth)) / max(1, len(truth)):.3f})")
    print(f"top k = {len(truth)}: recall {at_k / max(1, len(truth)):.3f}")
    print(f"score >= 40 (orange/red): {len(flagged)} sections, precision {flagged_true / max(1, len(flagged)):.3f}, "
          f"recall {flagged_true / max(1, len(truth)):.3f}")

    try:
        with open(f"{market}/rings.csv", encoding="utf-8") as f:
            ring_codes = [row["members"].split("|") for row in csv.DictReader(f)]
        wanted = {c for ring in ring_codes for c in ring}
        code_to_name = {}
        with open(f"{market}/bids.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                code = row["BIDDER_ORG_CODE"]
                if code in wanted and code not in code_to_name:
                    code_to_name[code] = row["BIDDER_NAME"]
                    if len(code_to_name) == len(wanted):
                        break
        rings = [{code_to_name.get(c, c) for c in ring} for ring in ring_codes]
    except FileNotFoundError:
        return
    groups = []
    with open(f"{out}/groups.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            groups.append(set(row["members"].split("|")))
    for label, limit in (("top N", len(rings)), ("top 2N", 2 * len(rings))):
        found = 0
        for ring in rings:
            for g in groups[:limit]:
                common = len(ring & g)
                if common >= len(ring) / 2 and common >= len(g) / 2:
                    found += 1
                    break
        print(f"rings: {len(rings)}, found among the {label} = {limit} groups: {found} -> recall {found / max(1, len(rings)):.3f}")


if __name__ == "__main__":
    main()
