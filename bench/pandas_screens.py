#!/usr/bin/env python3
"""The price screens of the engine, vectorised with pandas and numpy: the baseline a data scientist would write.

Usage: bench/pandas_screens.py [--imhof] MARKET_DIR_OR_BIDS_CSV [OUT.csv]

Reads bids (BID_SECTION_CODE/BID_PRICE of `jianguan demo generate`, or tender/bid of the minimal CSV) and, when
present, sections.csv (CONTRACT_RECKON_PRICE, else CONTROL_PRICE, as the estimate). Computes per section, exactly as
src/Jianguan.Analytics/Screens/PriceScreens.cs: N, CV, spread, DIFFP, RD, RDNOR, RDALT, skewness (G1), kurtosis
(G2), KS against uniform, lowest bid / estimate, and the subset screens (CV, RD, spread, DIFFP over subsets of 3 and
4 bids: all of them when there are at most 256, else 128 + 128 drawn) summarised by mean, median, min and max.
Sections are grouped by their number of bids, so every screen is a numpy operation over a matrix of sorted bids.
Prints the time of reading and of computing.
"""
import itertools
import os
import sys
import time

import warnings

import numpy as np
import pandas as pd

MAX_SUBSETS = 256
# --imhof: only the whole-section Imhof screens (CV, spread, DIFFP, RD, skewness, kurtosis, …), no subset screens.
IMHOF_ONLY = "--imhof" in sys.argv
if IMHOF_ONLY:
    sys.argv.remove("--imhof")
warnings.filterwarnings("ignore", category=RuntimeWarning)


def read(path):
    if os.path.isdir(path):
        bids_path = os.path.join(path, "bids.csv")
        sections_path = os.path.join(path, "sections.csv")
    else:
        bids_path, sections_path = path, None
    header = pd.read_csv(bids_path, nrows=0).columns
    if "BID_SECTION_CODE" in header:
        bids = pd.read_csv(bids_path, usecols=["BID_SECTION_CODE", "BID_PRICE"], dtype={"BID_SECTION_CODE": str},
                           engine="c").rename(columns={"BID_SECTION_CODE": "tender", "BID_PRICE": "bid"})
    else:
        bids = pd.read_csv(bids_path, usecols=["tender", "bid"], dtype={"tender": str})
    estimate = None
    if sections_path and os.path.exists(sections_path):
        sec = pd.read_csv(sections_path, usecols=lambda c: c in ("BID_SECTION_CODE", "CONTRACT_RECKON_PRICE", "CONTROL_PRICE"),
                          dtype={"BID_SECTION_CODE": str})
        col = "CONTRACT_RECKON_PRICE" if "CONTRACT_RECKON_PRICE" in sec.columns else "CONTROL_PRICE"
        estimate = sec.set_index("BID_SECTION_CODE")[col]
    return bids, estimate


def subsets(n):
    """Index arrays of the 3- and 4-bid subsets, as PriceScreens draws them (all, or 128 + 128)."""
    if n < 3 or IMHOF_ONLY:
        return []
    from math import comb
    if comb(n, 3) + comb(n, 4) <= MAX_SUBSETS:
        return [np.array(list(itertools.combinations(range(n), k))) for k in (3, 4) if n >= k]
    rng = np.random.default_rng(n)
    out = []
    for k in (3, 4):
        draws = np.array([np.sort(rng.choice(n, size=k, replace=False)) for _ in range(MAX_SUBSETS // 2)])
        out.append(draws)
    return out


def sd(m, axis=-1):
    return m.std(axis=axis, ddof=1)


def screens_for(m):
    """m: [sections, n] sorted bids. Returns a dict of screen columns."""
    s, n = m.shape
    mean = m.mean(axis=1)
    out = {"n": np.full(s, n)}
    b1, b2, mx = m[:, 0], m[:, 1], m[:, -1]
    gap = b2 - b1
    out["cv"] = sd(m) / mean
    out["spread"] = (mx - b1) / b1
    out["diffp"] = gap / b1
    with np.errstate(divide="ignore", invalid="ignore"):
        if n >= 3:
            out["rd"] = gap / sd(m[:, 1:])
            out["rdnor"] = gap / ((mx - b1) / (n - 1))
            out["rdalt"] = gap / ((mx - b2) / (n - 2))
            d = m - mean[:, None]
            p2, p3, p4 = (d ** 2).mean(axis=1), (d ** 3).mean(axis=1), (d ** 4).mean(axis=1)
            out["skew"] = np.sqrt(n * (n - 1)) / (n - 2) * p3 / p2 ** 1.5
            out["kurt"] = (((n + 1) * (p4 / p2 ** 2 - 3)) + 6) * (n - 1) / ((n - 2) * (n - 3)) if n >= 4 else np.nan
            f = (m - b1[:, None]) / (mx - b1)[:, None]
            i = np.arange(n)
            out["ks"] = np.maximum((i + 1) / n - f, f - i / n).max(axis=1)
            cv_all, rd_all, sp_all, dp_all = [], [], [], []
            for idx in subsets(n):
                sub = m[:, idx]  # [sections, count, k]
                cv_all.append(sd(sub) / sub.mean(axis=2))
                g = sub[:, :, 1] - sub[:, :, 0]
                rd_all.append(g / sd(sub[:, :, 1:]))
                sp_all.append((sub[:, :, -1] - sub[:, :, 0]) / sub[:, :, 0])
                dp_all.append(g / sub[:, :, 0])
            for name, parts in (("subset_cv", cv_all), ("subset_rd", rd_all), ("subset_spread", sp_all), ("subset_diffp", dp_all)):
                if not parts:
                    continue
                v = np.concatenate(parts, axis=1)
                if name == "subset_rd":
                    v = np.where(np.isfinite(v), v, np.nan)
                    out[name + "_mean"] = np.nanmean(v, axis=1)
                    out[name + "_median"] = np.nanmedian(v, axis=1)
                    out[name + "_min"] = np.nanmin(v, axis=1)
                    out[name + "_max"] = np.nanmax(v, axis=1)
                else:
                    out[name + "_mean"] = v.mean(axis=1)
                    out[name + "_median"] = np.median(v, axis=1)
                    out[name + "_min"] = v.min(axis=1)
                    out[name + "_max"] = v.max(axis=1)
    return out


def compute(bids, estimate):
    bids = bids[np.isfinite(bids["bid"]) & (bids["bid"] > 0)]
    bids = bids.sort_values(["tender", "bid"], kind="stable")
    sizes = bids.groupby("tender", sort=False).size()
    bids = bids.join(sizes.rename("size"), on="tender")
    frames = []
    for n, part in bids.groupby("size", sort=True):
        tenders = part["tender"].to_numpy()[::n]
        if n < 2:
            frames.append(pd.DataFrame({"tender": tenders, "n": n}))
            continue
        values = part["bid"].to_numpy().reshape(-1, n)
        cols = {}
        for start in range(0, len(values), 20000):  # bounded memory for the subset tensors
            chunk = screens_for(values[start:start + 20000])
            for k, v in chunk.items():
                cols.setdefault(k, []).append(np.broadcast_to(v, (min(20000, len(values) - start),)))
        frame = pd.DataFrame({k: np.concatenate(v) for k, v in cols.items()})
        frame.insert(0, "tender", tenders)
        frame["lowest"] = values[:, 0]
        frames.append(frame)
    result = pd.concat(frames, ignore_index=True)
    if estimate is not None:
        result["bid_to_estimate"] = result["lowest"] / result["tender"].map(estimate)
    return result


def main():
    t0 = time.perf_counter()
    bids, estimate = read(sys.argv[1])
    t1 = time.perf_counter()
    result = compute(bids, estimate)
    t2 = time.perf_counter()
    if len(sys.argv) > 2:
        result.to_csv(sys.argv[2], index=False)
    print(f"pandas screens: {len(result)} sections, {len(bids)} bids; read {t1 - t0:.2f} s, screens {t2 - t1:.2f} s, "
          f"total {t2 - t0:.2f} s")


if __name__ == "__main__":
    main()
