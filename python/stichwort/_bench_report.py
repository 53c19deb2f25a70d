"""Tables and the chart of a ``stichwort bench`` report (see ``stichwort.bench``).

Example:
    >>> report = {"stichwort": {"corpus": {"spec": "x", "docs": 1, "bytes": 5}, "reference": None,
    ...           "threads": None, "repeat": 1, "backends": {"tantivy": {"status": "skipped",
    ...           "reason": "not installed here"}}, "agreement": {}}}
    >>> print(format_tables(report).splitlines()[-1])
    tantivy: skipped (not installed here)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

BANDS = ("rare", "medium", "frequent")


def _ms(x: float | None) -> str:
    if x is None:
        return "-"
    v = x * 1000
    return f"{v:.3g}" if v < 100 else f"{v:.0f}"


def _ratio(x: float | None, ref: float | None) -> str:
    if x is None or not ref:
        return ""
    return f" x{x / ref:.2g}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def format_tables(report: dict[str, Any]) -> str:
    """The build, latency, batch and agreement tables as plain text, ratios against the reference backend."""
    sw = report["stichwort"]
    ok = {n: b for n, b in sw["backends"].items() if b["status"] == "ok"}
    ref = sw.get("reference")
    c = sw["corpus"]
    parts = [
        f"corpus {c['spec']}: {c['docs']:,} docs, {c['bytes'] / 1e6:.1f} MB; repeat {sw['repeat']}, "
        f"threads {sw['threads'] or 'default'}; ratios against {ref or '-'} (x<1: faster/smaller)"
    ]
    if ok:
        rb = ok[ref]["build"] if ref in ok else None
        rows = []
        for name, b in ok.items():
            bd = b["build"]
            rows.append(
                [
                    name,
                    f"{bd['seconds']:.2f}{_ratio(bd['seconds'], rb and rb['seconds'])}",
                    f"{bd['docs_per_s']:,.0f}",
                    f"{bd['mb_per_s']:.2f}",
                    f"{bd['peak_rss_mb']:.0f}{_ratio(bd['peak_rss_mb'], rb and rb['peak_rss_mb'])}",
                    "-" if bd["size_mb"] is None else f"{bd['size_mb']:.1f}{_ratio(bd['size_mb'], rb and rb['size_mb'])}",
                    str(bd["index_stats"].get("num_segments") or "-"),
                ]
            )
        parts.append(_table(["build", "seconds", "docs/s", "MB/s", "peak RSS MB", "size MB", "segments"], rows))

        groups = sorted({g for b in ok.values() for g in b["latency"]}, key=_group_order)
        names = list(ok)
        rows = []
        for g in groups:
            for band in (*BANDS, "all"):
                row = [f"{g} {band}"]
                refv = _median(ok.get(ref), g, band) if ref else None
                for n in names:
                    lat = ok[n]["latency"].get(g)
                    if lat is None:
                        row.append("-")
                    elif "unsupported" in lat:
                        row.append("unsupported")
                    else:
                        med = _median(ok[n], g, band)
                        p95 = lat["p95"] if band == "all" else lat["bands"].get(band, {}).get("p95")
                        row.append("-" if med is None else f"{_ms(med)} / {_ms(p95)}{_ratio(med, refv) if n != ref else ''}")
                # A band that no backend ran (empty band, or the workload unsupported) is left out.
                if band == "all" or any(cell not in ("-", "unsupported") for cell in row[1:]):
                    rows.append(row)
        if rows:
            parts.append(_table(["latency ms: median / p95", *names], rows))
        qps_rows = [[n, *(f"{b['batch_qps'][w]:,.0f}" if w in b["batch_qps"] else "-" for w in ("term", "and", "or", "phrase"))]
                    for n, b in ok.items() if b["batch_qps"]]  # "-": not run (no queries, or not asked for)
        if qps_rows:
            parts.append(_table(["batch queries/s (top-10)", "term", "and", "or", "phrase"], qps_rows))
        agree = sw.get("agreement", {})
        wls = sorted({w for a in agree.values() for w in a})
        if wls:  # none when no query ran (build only): no table of blank rows
            rows = []
            for n, a in agree.items():
                row = [n]
                for w in wls:
                    x = a.get(w, {})
                    j = x.get("jaccard_mean")
                    t = x.get("top10_overlap_mean")
                    row.append(("-" if j is None else f"J {j:.3f} (min {x['jaccard_min']:.2f})") + ("" if t is None else f", top10 {t:.2f}"))
                rows.append(row)
            parts.append(_table([f"agreement with {ref}", *wls], rows))
    for name, b in sw["backends"].items():
        if b["status"] != "ok":
            last = b.get("stderr") or [""]
            parts.append(f"{name}: {b['status']} ({b.get('reason', '')}) {last[-1]}".rstrip())
    return "\n\n".join(parts)


def _group_order(g: str) -> tuple[int, str]:
    order = ["term", "and", "or", "phrase", "cooc"]
    wl = g.split("-")[0]
    return (order.index(wl) if wl in order else len(order), g)


def _median(b: dict[str, Any] | None, group: str, band: str) -> float | None:
    if b is None:
        return None
    lat = b["latency"].get(group)
    if not lat or "unsupported" in lat:
        return None
    return lat["median"] if band == "all" else lat["bands"].get(band, {}).get("median")


def plot(report: dict[str, Any], path: Path) -> None:
    """Grouped bars of the median latency per workload and backend, log scale, to ``path`` (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sw = report["stichwort"]
    ok = {n: b for n, b in sw["backends"].items() if b["status"] == "ok"}
    groups = sorted({g for b in ok.values() for g in b["latency"] if _median(b, g, "all")}, key=_group_order)
    fig, ax = plt.subplots(figsize=(max(6.0, 1.1 * len(groups) + 2), 4.5))
    width = 0.8 / max(1, len(ok))
    for i, (name, b) in enumerate(ok.items()):
        xs, ys = [], []
        for j, g in enumerate(groups):
            med = _median(b, g, "all")
            if med:
                xs.append(j + i * width)
                ys.append(med * 1000)
        ax.bar(xs, ys, width, label=name)
    ax.set_yscale("log")
    ax.set_xticks([j + width * (len(ok) - 1) / 2 for j in range(len(groups))])
    ax.set_xticklabels(groups, rotation=30, ha="right")
    ax.set_ylabel("median latency (ms, log)")
    c = sw["corpus"]
    ax.set_title(f"stichwort bench: {c['spec']}, {c['docs']:,} docs")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
