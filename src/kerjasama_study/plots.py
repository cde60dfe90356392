"""Chart helpers: titled, labelled, sorted, colour-blind-safe (Okabe-Ito) and readable at print size.

>>> import pandas as pd
>>> ax = barh(pd.Series({"pendidikan": 12, "kesehatan": 20}), "Judul", "Jumlah catatan")
>>> [t.get_text() for t in ax.get_yticklabels()]  # bottom to top: the largest bar is on top
['pendidikan', 'kesehatan']
"""

from __future__ import annotations

import matplotlib
import matplotlib.patches
import matplotlib.pyplot as plt
import matplotlib.ticker
import pandas as pd

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]


def setup() -> None:
    """Global style: large enough fonts, no top/right spines, the palette as the colour cycle."""
    plt.rcParams.update({
        "figure.dpi": 110, "savefig.dpi": 150, "font.size": 11, "axes.titlesize": 13, "axes.titleweight": "bold",
        "axes.labelsize": 11, "axes.spines.top": False, "axes.spines.right": False,
        "axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO), "figure.autolayout": True,
        "svg.hashsalt": "kerjasama",  # deterministic SVG ids
    })


setup()


def _is_empty(data) -> bool:
    if data is None:
        return True
    if hasattr(data, "number_of_nodes"):  # a networkx graph
        return data.number_of_nodes() == 0
    if isinstance(data, (pd.Series, pd.DataFrame)):
        return data.size == 0 or bool(data.isna().all(axis=None)) or (
            pd.api.types.is_numeric_dtype(data) if isinstance(data, pd.Series) else False) and not data.fillna(0).any()
    return len(data) == 0


def no_data(title: str, lang: str = "id") -> None:
    """Say in the report that a chart has nothing to show (instead of an empty or failing figure)."""
    from IPython.display import Markdown, display

    from .i18n import md_escape, plain

    display(Markdown(f"*{md_escape(title)}: {plain('no_chart_data', lang)}*"))


#: Environment variables set by the report builder: where to export figures and tables, and for which report.
EXPORT_DIR_ENV, REPORT_NAME_ENV = "KERJASAMA_EXPORT_DIR", "KERJASAMA_REPORT_NAME"
_exported: dict[str, int] = {}


def export_name(kind: str, title: str) -> tuple[str, str] | None:
    """(folder, stable file stem) for the next figure or table of the report being built, or None outside a
    build: ``<report>-fig03-<title words>``; numbered in the order the notebook shows them."""
    import os

    from .text import fold

    folder = os.environ.get(EXPORT_DIR_ENV)
    if not folder:
        return None
    report = os.environ.get(REPORT_NAME_ENV, "report")
    key = f"{report}:{kind}"
    _exported[key] = _exported.get(key, 0) + 1
    words = "_".join(fold(title.replace("\\", "")).split()[:8]) or kind
    return folder, f"{report}-{kind}{_exported[key]:02d}-{words[:60]}"


def export_figure(fig, title: str) -> None:
    """Save a drawn figure as SVG and 300-dpi PNG under ``figures/`` of the build (journal-ready copies)."""
    from pathlib import Path

    target = export_name("fig", title)
    if target is None:
        return
    folder = Path(target[0]) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    fig.savefig(folder / f"{target[1]}.svg", bbox_inches="tight", metadata={"Date": None})
    fig.savefig(folder / f"{target[1]}.png", dpi=300, bbox_inches="tight", metadata={"Software": None})


def _needs_data(*positions: int):
    """Draw the chart only when the data arguments at ``positions`` hold something (else say so and return None);
    during a build, export the drawn figure (:func:`export_figure`)."""
    import functools
    import inspect

    def wrap(fn):
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            lang = kwargs.pop("lang", "id")
            if "lang" in inspect.signature(fn).parameters:
                kwargs["lang"] = lang
            title = next((a for a in args if isinstance(a, str)), "")
            if any(_is_empty(args[i]) for i in positions if i < len(args)):
                no_data(title, lang)
                return None
            ax = fn(*args, **kwargs)
            fig = getattr(ax, "figure", None) or plt.gcf()
            export_figure(fig, title)
            if kwargs.get("ax") is None:
                show_with_alt(fig, title)
            return ax
        return inner
    return wrap


def reset_report_state() -> None:
    """Forget what an earlier report in the same kernel left behind: open figures, export counters and the last
    heading (the builder runs this before each region profile that shares a warm kernel)."""
    from . import analysis

    plt.close("all")
    _exported.clear()
    analysis._last_heading["text"] = ""  # the module's own state


def show_with_alt(fig, alt: str) -> None:
    """In a notebook with the inline backend, display ``fig`` now with ``alt`` as its alternative text (kept in the
    output's metadata; the report page writes it as the image's ``alt``) and close it. Elsewhere, do nothing."""
    import matplotlib

    if "inline" not in matplotlib.get_backend():
        return
    from IPython.display import display

    display(fig, metadata={"image/png": {"alt": alt}})
    plt.close(fig)


def show() -> None:
    """Display the current figure now (so that text printed after it stays below it)."""
    plt.show()


@_needs_data(0,)
def barh(values: pd.Series, title: str, xlabel: str, color: str = OKABE_ITO[0], ax=None, annotate: bool = True,
         max_bars: int = 25):
    """Horizontal bars sorted so the largest is on top; values written at the bar ends."""
    values = values.sort_values(ascending=False).head(max_bars).sort_values()
    if ax is None:
        _, ax = plt.subplots(figsize=(8, max(2.2, 0.32 * len(values) + 1.2)))
    ax.barh([str(i) for i in values.index], values.to_numpy(), color=color)
    if pd.api.types.is_integer_dtype(values):
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    if annotate:
        for y, v in enumerate(values.to_numpy()):
            ax.text(v, y, f" {v:g}", va="center", fontsize=9)
    ax.margins(x=0.12)
    return ax


@_needs_data(0,)
def columns(values: pd.Series, title: str, xlabel: str, ylabel: str, color: str = OKABE_ITO[0], ax=None,
            partial_last: str = ""):
    """Vertical bars in index order (for years and periods); ``partial_last`` (a label such as "sebagian"
    / "partial") hatches the last bar and marks it, for a year not over at the as-of date."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.6))
    labels = [str(i) for i in values.index]
    if partial_last and labels:
        labels[-1] = f"{labels[-1]}*"
    bars = ax.bar(labels, values.to_numpy(), color=color)
    if partial_last and len(bars):
        bars[-1].set_hatch("//")
        bars[-1].set_alpha(0.6)
        ax.annotate(f"* {partial_last}", xy=(1, 1.02), xycoords="axes fraction", ha="right", fontsize=8)
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.tick_params(axis="x", rotation=90 if len(values) > 12 else 0)
    return ax


@_needs_data(0,)
def heatmap(matrix: pd.DataFrame, title: str, ax=None, fmt: str = "d", cmap: str = "Blues", xrotation: int = 0,
            cbar: bool = False, cbar_label: str = ""):
    """An annotated heatmap (seaborn) with readable labels. Columns listed in ``matrix.attrs["small"]`` (groups
    too small for a share) are hatched grey, their values still written, and left out of the colour scale."""
    import numpy as np
    import seaborn as sns

    if ax is None:
        n = max(len(matrix.index), len(matrix.columns))
        _, ax = plt.subplots(figsize=(min(14, 2 + 0.55 * n), min(12, 1.5 + 0.45 * n)))
    small = [c for c in matrix.attrs.get("small", []) if c in matrix.columns]
    mask = np.zeros(matrix.shape, dtype=bool)
    for c in small:
        mask[:, list(matrix.columns).index(c)] = True
    ax.set_facecolor("#eeeeee")
    sns.heatmap(matrix, mask=mask, annot=True, fmt=fmt, cmap=cmap, cbar=cbar, linewidths=0.5, linecolor="white",
                ax=ax, annot_kws={"fontsize": 8}, cbar_kws={"label": cbar_label} if cbar else None)
    for c in small:  # grey, hatched, values in grey: a share of a tiny group is not coloured as if it were solid
        j = list(matrix.columns).index(c)
        ax.add_patch(matplotlib.patches.Rectangle((j, 0), 1, len(matrix.index), fill=False, hatch="///",
                                                  edgecolor="#bbbbbb", linewidth=0))
        for i, v in enumerate(matrix[c].to_numpy()):
            ax.text(j + 0.5, i + 0.5, format(v, fmt), ha="center", va="center", fontsize=8, color="#777777")
    ax.set_title(title, loc="left")
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", rotation=xrotation, labelsize=8)
    if xrotation:
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("left")
    return ax


@_needs_data(0,)
def stacked(frame: pd.DataFrame, title: str, xlabel: str, ylabel: str, ax=None):
    """Stacked vertical bars (rows = x, columns = stacks) in the palette."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4))
    frame.plot(kind="bar", stacked=True, ax=ax, color=OKABE_ITO[: len(frame.columns)], width=0.8)
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, fontsize=9, bbox_to_anchor=(1.0, 1.0), loc="upper left")
    return ax


@_needs_data(0,)
def timeline(records: pd.DataFrame, title: str, xlabel: str, label_col: str = "parties_raw", ax=None,
             lang: str = "id"):
    """Records on a time axis, one row per record, coloured by document type (named in ``lang``)."""
    from .labels import label_value

    r = records.dropna(subset=["date_signed"]).sort_values("date_signed")
    if ax is None:
        _, ax = plt.subplots(figsize=(10, max(2.0, 0.42 * len(r) + 1.2)))
    types = sorted(r["doc_type_code"].dropna().unique())
    colors = {t: OKABE_ITO[i % len(OKABE_ITO)] for i, t in enumerate(types)}
    for y, (_, row) in enumerate(r.iterrows()):
        ax.scatter(row["date_signed"], y, color=colors.get(row["doc_type_code"], "#777"), s=60, zorder=3)
        label = str(row.get(label_col) or "")
        ax.annotate(label[:70] + ("…" if len(label) > 70 else ""), (row["date_signed"], y),
                    xytext=(6, 0), textcoords="offset points", va="center", fontsize=8)
    for t_, c in colors.items():
        ax.scatter([], [], color=c, label=label_value("doc_type_code", t_, lang))
    ax.set_yticks([])
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    if types:
        ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.margins(x=0.25, y=0.15)
    return ax


@_needs_data(0,)
def lines(frame: pd.DataFrame, title: str, xlabel: str, ylabel: str, ax=None):
    """One line per column over the index, with markers, in the palette."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4))
    for i, col in enumerate(frame.columns):
        ax.plot(frame.index, frame[col], marker="o", color=OKABE_ITO[i % len(OKABE_ITO)], label=str(col))
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


EVENT_MARKERS = {"kb": "o", "kb+pks": "D", "pks": "s", "perpanjangan": "^", "adendum": "v", "berita_acara": "P",
                 "rencana": "x", "loi": "*", "evaluasi": "h", "forum": "p", "dokumen": "."}


@_needs_data(0,)
def funnel(counts: pd.Series, title: str, ylabel: str, ax=None):
    """Bars for KB -> PKS -> implementation, each with its count and share of the first bar."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.6))
    ax.bar(counts.index.astype(str), counts.to_numpy(), color=OKABE_ITO[: len(counts)])
    first = max(int(counts.iloc[0]), 1)
    for i, v in enumerate(counts.to_numpy()):
        ax.text(i, v, f"{v} ({100 * v / first:.0f}%)", ha="center", va="bottom", fontsize=10)
    ax.set_title(title, loc="left")
    ax.set_ylabel(ylabel)
    ax.margins(y=0.15)
    return ax


@_needs_data(0,)
def km_curves(curves: pd.DataFrame, summary: pd.DataFrame, title: str, xlabel: str, ylabel: str, ax=None,
              lang: str = "id"):
    """Kaplan-Meier step curves with simultaneous 95% bands; the legend gives n and events per group."""
    from .i18n import plain

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.2))
    info = summary.set_index("group")
    for i, (group, c) in enumerate(curves.groupby("group", sort=True)):
        color = OKABE_ITO[i % len(OKABE_ITO)]
        label = plain("km_legend", lang, group=group, n=int(info.at[group, "n"]), e=int(info.at[group, "events"]))
        ax.step(c["time_months"], c["survival"], where="post", color=color, label=label)
        ax.fill_between(c["time_months"], c["lower"], c["upper"], step="post", color=color, alpha=0.15)
    ax.set_ylim(0, 1.02)
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, fontsize=8, loc="lower left")
    return ax


@_needs_data(0,)
def swimlanes(events: pd.DataFrame, labels: dict, title: str, xlabel: str, ax=None, lang: str = "id"):
    """One lane per relationship; markers for each record's event on its date (named in ``lang``)."""
    from .labels import label_value

    lanes = list(dict.fromkeys(events.sort_values("event_date")["relationship_id"]))
    if ax is None:
        _, ax = plt.subplots(figsize=(10, max(2.5, 0.45 * len(lanes) + 1.2)))
    seen = set()
    for y, rel in enumerate(lanes):
        e = events[events["relationship_id"] == rel].dropna(subset=["event_date"]).sort_values("event_date")
        ax.plot(e["event_date"], [y] * len(e), color="#bbbbbb", zorder=1)
        for _, row in e.iterrows():
            kind = row["event"]
            ax.scatter(row["event_date"], y, marker=EVENT_MARKERS.get(kind, "o"), s=70, zorder=3,
                       color=OKABE_ITO[list(EVENT_MARKERS).index(kind) % len(OKABE_ITO)] if kind in EVENT_MARKERS else "#777",
                       label=label_value("event", kind, lang) if kind not in seen else None)
            seen.add(kind)
    ax.set_yticks(range(len(lanes)))
    ax.set_yticklabels([labels.get(r, r) for r in lanes], fontsize=8)
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


@_needs_data(1,)
def partner_map(outlines, nodes: pd.DataFrame, edges: pd.DataFrame, title: str, top_labels: int = 12, ax=None):
    """Province outlines and agreement lines between region centroids.

    ``nodes``: code, name, lat, lng, weighted_degree; ``edges``: code_a, code_b, weight.
    The busiest ``top_labels`` regions are labelled.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(13, 6.2))
    if outlines is not None:
        for geom in outlines["geometry"]:
            for poly in getattr(geom, "geoms", [geom]):
                x, y = poly.exterior.xy
                ax.plot(x, y, color="#9a9a9a", linewidth=0.5, zorder=1)
    pos = nodes.set_index("code")
    wmax = max(float(edges["weight"].max()), 1.0) if len(edges) else 1.0
    for e in edges.itertuples():
        if e.code_a in pos.index and e.code_b in pos.index:
            a, b = pos.loc[e.code_a], pos.loc[e.code_b]
            ax.plot([a["lng"], b["lng"]], [a["lat"], b["lat"]], color=OKABE_ITO[0], alpha=0.35,
                    linewidth=0.6 + 2.4 * e.weight / wmax, zorder=2)
    size = 12 + 18 * pos["weighted_degree"].astype(float)
    is_prov = ~pos.index.str.contains(".", regex=False)
    ax.scatter(pos.loc[~is_prov, "lng"], pos.loc[~is_prov, "lat"], s=size[~is_prov], color=OKABE_ITO[1],
               edgecolor="black", linewidth=0.3, zorder=3, label="kabupaten/kota")
    ax.scatter(pos.loc[is_prov, "lng"], pos.loc[is_prov, "lat"], s=size[is_prov], color=OKABE_ITO[2], marker="s",
               edgecolor="black", linewidth=0.3, zorder=3, label="provinsi")
    for code, row in pos.sort_values("weighted_degree", ascending=False).head(top_labels).iterrows():
        label = str(row["name"]).replace("Kabupaten ", "Kab. ").replace("Provinsi ", "Prov. ")
        ax.annotate(label, (row["lng"], row["lat"]), xytext=(4, 4), textcoords="offset points", fontsize=8,
                    zorder=4, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})
    ax.set_aspect("equal")
    ax.set_xlim(94.5, 141.5)
    ax.set_ylim(-11.5, 6.5)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(title, loc="left")
    ax.legend(frameon=False, fontsize=8, loc="lower left")
    return ax


@_needs_data(0,)
def network_layout(graph, metrics: pd.DataFrame, title: str, top_labels: int = 12, seed: int = 1, ax=None):
    """Force layout (fixed seed) of the partner network, for when boundary data are not available."""
    import networkx as nx

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 8))
    pos = nx.spring_layout(graph, seed=seed, weight="weight")
    nx.draw_networkx_edges(graph, pos, ax=ax, alpha=0.3, edge_color=OKABE_ITO[0])
    size = metrics.set_index("node")["weighted_degree"].reindex(list(graph.nodes)).fillna(1)
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=(15 + 15 * size).to_list(), node_color=OKABE_ITO[1])
    top = metrics.head(top_labels)
    nx.draw_networkx_labels(graph, {n: pos[n] for n in top["node"]}, labels=dict(zip(top["node"], top["name"])),
                            ax=ax, font_size=8)
    ax.set_title(title, loc="left")
    ax.axis("off")
    return ax
