#!/usr/bin/env python3
"""False-chain rate of a40.4.price_steps on `demo generate` data.

    python3 bench/chains.py DEMO_DIR ANALYZE_OUT_DIR

Compares the chain alerts in OUT/alerts.jsonl with DEMO_DIR/truth.csv: planted chains (mechanism price_steps)
found, chain alerts on sections without a planted chain, and how many found chains had other bids between links.
"""
import csv, json, sys

demo, out = sys.argv[1], sys.argv[2]
planted, collusive = set(), set()
with open(f"{demo}/truth.csv", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if row.get("collusive", "1") == "1":
            collusive.add(row["tender"])
            if "price_steps" in row["mechanisms"].split("|"):
                planted.add(row["tender"])
sections = 0
with open(f"{out}/sections.csv", encoding="utf-8") as f:
    sections = sum(1 for _ in f) - 1
alerts, interleaved = {}, 0
with open(f"{out}/alerts.jsonl", encoding="utf-8") as f:
    for line in f:
        a = json.loads(line)
        if a["rule"] == "a40.4.price_steps":
            alerts[a["tender"]] = a
            interleaved += 1 if (a["evidence"].get("interleaved_bids") or 0) > 0 else 0
found = sum(1 for t in alerts if t in planted)
false = [t for t in alerts if t not in planted]
false_collusive = sum(1 for t in false if t in collusive)
print(json.dumps({
    "sections": sections, "planted_chains": len(planted), "chain_alerts": len(alerts),
    "planted_found": found, "recall": round(found / max(1, len(planted)), 4),
    "alerts_on_non_planted_sections": len(false), "of_them_other_planted_collusion": false_collusive,
    "false_chain_rate_per_section": round(len(false) / max(1, sections - len(planted)), 6),
    "found_with_bids_between_links": interleaved,
}))
