#!/usr/bin/env python3
"""Do the members of the top groups rank among the top bidders?

    python3 bench/group_ranking.py ANALYZE_OUT_DIR [N ...]

For each N: the members of the N highest-scored groups in groups.csv, and how many of them are among the top M
bidders of bidders.csv, for M = the number of those members (the strictest) and M = 2 × that number.
"""
import csv, json, sys

out = sys.argv[1]
ns = [int(x) for x in sys.argv[2:]] or [10, 20, 50]
with open(f"{out}/groups.csv", encoding="utf-8") as f:
    groups = list(csv.DictReader(f))
with open(f"{out}/bidders.csv", encoding="utf-8") as f:
    bidders = [row["bidder"] for row in csv.DictReader(f)]
rank = {b: i for i, b in enumerate(bidders)}
for n in ns:
    members = {m for g in groups[:n] for m in g["members"].split("|")}
    k = len(members)
    worst = max((rank.get(m, len(bidders)) for m in members), default=-1) + 1
    print(json.dumps({
        "top_groups": n, "members": k,
        "in_top_M_bidders(M=members)": sum(1 for m in members if rank.get(m, 10**9) < k),
        "in_top_2M_bidders": sum(1 for m in members if rank.get(m, 10**9) < 2 * k),
        "lowest_member_rank": worst, "bidders": len(bidders),
        "min_group_score": float(groups[n - 1]["score"]) if len(groups) >= n else None,
    }, ensure_ascii=False))
