#!/usr/bin/env python3
"""How much of each labelled set's label is in its bids? (docs/model.md, "limits of the data")

For every set in ../shared/data/labeled: the AUC of each usual screen *within classes of the same number of bids*
(percentile rank inside the class, so the screen is not a proxy for the bid count), the AUC of the bid count alone,
and the best balanced accuracy a gradient-boosting model reaches in 5-fold CV (threshold chosen on the test folds,
i.e. an optimistic ceiling) with the screens, bid count, size and year, and then with the file's tender order added
(a leak: the order in which the compilers listed the tenders, not something a market shows).

    apt-get install -y python3-pandas python3-sklearn python3-scipy
    /usr/bin/python3 bench/label_signal.py [../shared/data/labeled]
"""
import os
import sys

import numpy as np
import pandas as pd
from scipy.stats import kurtosis, skew
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score, roc_curve
from sklearn.model_selection import StratifiedKFold, cross_val_predict

folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "labeled")
SCREENS = ["cv", "spread", "diffp", "rd", "cv_losers", "skew", "kurt", "run3", "pair"]


def tenders(path):
    d = pd.read_csv(path)
    d = d[d.bid > 0]
    rows = []
    for t, g in d.groupby("tender"):
        b = np.sort(g.bid.to_numpy(float))
        n = len(b)
        if n < 2:
            continue
        losers = b[1:]
        r = {"tender": t, "label": int(g.label.iloc[0]), "n": n, "size": np.log(np.median(b)),
             "year": float(g.date.iloc[0]) if "date" in g else 0.0,
             "cv": b.std(ddof=1) / b.mean(), "spread": (b[-1] - b[0]) / b[0], "diffp": (b[1] - b[0]) / b[0],
             "rd": (b[1] - b[0]) / losers.std(ddof=1) if n > 3 and losers.std(ddof=1) > 0 else np.nan,
             "cv_losers": losers.std(ddof=1) / losers.mean() if n > 2 else np.nan,
             "skew": skew(b) if n > 2 else np.nan, "kurt": kurtosis(b) if n > 3 else np.nan,
             "run3": min((b[i + 2] - b[i]) / b[i + 1] for i in range(n - 2)) if n > 2 else np.nan,
             "pair": min((b[i + 1] - b[i]) / b[i + 1] for i in range(n - 1))}
        if "winner" in g and (g.winner == 1).any():
            w = g[g.winner == 1].bid.iloc[0]
            r["win_rank"] = np.searchsorted(b, w) / (n - 1)
        rows.append(r)
    return pd.DataFrame(rows).sort_values("tender").reset_index(drop=True)


def ceiling(x, y, cols):
    model = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, max_leaf_nodes=8, random_state=7)
    p = cross_val_predict(model, x[cols], y, cv=StratifiedKFold(5, shuffle=True, random_state=7), method="predict_proba")[:, 1]
    fpr, tpr, _ = roc_curve(y, p)
    return roc_auc_score(y, p), ((tpr + 1 - fpr) / 2).max()


for name in sorted(os.listdir(folder)):
    if not name.endswith(".csv"):
        continue
    x = tenders(os.path.join(folder, name))
    y = x.label.to_numpy()
    classes = pd.cut(x.n, [1, 2, 3, 4, 5, 6, 8, 11, 15, 23, 39, 1e9])
    within = []
    for c in SCREENS:
        rank = x[c].groupby(classes, observed=True).rank(pct=True)
        ok = rank.notna()
        within.append(f"{c} {roc_auc_score(y[ok], rank[ok]):.2f}")
    print(f"{name}: {len(x)} tenders, {y.mean():.0%} collusive; bid count alone AUC {roc_auc_score(y, x.n):.2f}")
    print(f"  screens within bid-count classes (AUC, 0.5 = no signal; below 0.5 = lower means collusive): {', '.join(within)}")
    cols = SCREENS + ["n", "size", "year"] + (["win_rank"] if "win_rank" in x else [])
    auc, ba = ceiling(x, y, cols)
    print(f"  gradient boosting, screens + count + size + year: AUC {auc:.3f}, best balanced accuracy {ba:.3f}")
    auc, ba = ceiling(x, y, cols + ["tender"])
    print(f"  ... plus the file's tender order (a leak):        AUC {auc:.3f}, best balanced accuracy {ba:.3f}")
