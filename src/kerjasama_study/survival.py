"""Statistics of follow-through (statsmodels): Kaplan-Meier, log-rank, Cox and a logistic model.

Every result carries n and the number of events, and says plainly when there are too few events for a model
(:data:`MIN_EVENTS` events, or :data:`MIN_EVENTS_PER_PARAMETER` per estimated coefficient).

>>> ft = pd.DataFrame({"time_months": [0, 3, 5, 8, 12, 20], "event": [1, 1, 0, 1, 0, 0],
...                    "group": ["a", "a", "a", "b", "b", "b"]})
>>> km = kaplan_meier(ft)
>>> km["summary"][["group", "n", "events"]].to_dict("records")
[{'group': 'all', 'n': 6, 'events': 3}]
>>> cox_model(ft, ["group"])["message"].startswith("too few events")
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .i18n import plain
from .labels import label_value

MIN_EVENTS = 10
MIN_EVENTS_PER_PARAMETER = 5
#: Groups smaller than this are drawn but left out of the log-rank test.
MIN_GROUP_N = 5
#: Months at which the number-at-risk table is given.
AT_RISK_MONTHS = (0, 12, 24, 36, 48, 60)
#: How the bands of the Kaplan-Meier curves are computed (said in the report).
#: How the Kaplan-Meier bands are computed (the text key of :mod:`kerjasama_study.i18n`).
KM_CI_METHOD = "km_ci"


def later_pks_sample(ft: pd.DataFrame) -> pd.DataFrame:
    """The KBs whose time to a *later* PKS can be studied: a KB and PKS signed together (KB+PKS, same event) is
    an outcome of its own, not a PKS reached after 0 months, and is left out.

    >>> ft = pd.DataFrame({"record_id": ["A", "B"], "doc_type_code": ["KB+PKS", "KB"], "pks_basis": ["same_event", None]})
    >>> later_pks_sample(ft)["record_id"].tolist()
    ['B']
    """
    same = ft["doc_type_code"].eq("KB+PKS") | ft["pks_basis"].fillna("").eq("same_event")
    return ft[~same]


def sample_flow(ft: pd.DataFrame, cox_covariates: list[str], logit_covariates: list[str], months: int = 24
                ) -> pd.DataFrame:
    """How the n of each analysis follows from the KBs in the data, step by step (one row per step)."""
    later = later_pks_sample(ft)
    usable = _usable(later)
    cox_n = len(usable.dropna(subset=[c for c in cox_covariates if c in usable]))
    d, _ = _outcome_within(later, months)
    logit_n = len(d.dropna(subset=[c for c in logit_covariates if c in d]))
    rows = [
        ("kb_in_data", len(ft)),
        ("kb_and_pks_signed_together", int(len(ft) - len(later))),
        ("kb_for_later_pks", len(later)),
        ("without_date_or_time", int(len(later) - len(usable))),
        ("kaplan_meier_n", len(usable)),
        ("cox_n_after_missing_covariates", cox_n),
        (f"logit_n_outcome_known_at_{months}", logit_n),
    ]
    return pd.DataFrame(rows, columns=["step", "n"])


def at_risk_table(ft: pd.DataFrame, by: str | None = None, months=AT_RISK_MONTHS, lang: str | None = None
                  ) -> pd.DataFrame:
    """Number at risk (still followed, no PKS yet) per group at the given months: the table printed under a
    Kaplan-Meier plot.

    >>> at_risk_table(pd.DataFrame({"time_months": [0.0, 5, 13, 30], "event": [1, 0, 0, 1]}), months=(0, 12, 24))
      group  0  12  24
    0   all  4   2   1
    """
    d = _grouped(ft, by, lang)
    groups = [(_all(lang), d)] if by is None else list(d.groupby("_group", sort=True))
    rows = [{"group": name, **{str(m): int((g["time_months"] >= m).sum()) for m in months}} for name, g in groups]
    return pd.DataFrame(rows, columns=["group", *map(str, months)])


def _all(lang: str | None) -> str:
    return "all" if lang is None else label_value("group", "all", lang)


def _grouped(ft: pd.DataFrame, by: str | None, lang: str | None) -> pd.DataFrame:
    """The usable KBs with ``_group``: the value of ``by`` as it is (``lang`` None) or named in ``lang``
    (codebook value labels; a missing value is "unknown" / "tidak diketahui")."""
    d = _usable(ft)
    if by is not None:
        if lang is None:
            d["_group"] = d[by].astype(object).map(lambda v: "unknown" if pd.isna(v) else str(v))
        else:
            unknown = label_value("group", "unknown", lang)
            d["_group"] = d[by].astype(object).map(lambda v: unknown if pd.isna(v) else label_value(by, v, lang))
    return d


def _usable(ft: pd.DataFrame) -> pd.DataFrame:
    d = ft.dropna(subset=["time_months", "event"]).copy()
    d["time_months"] = d["time_months"].astype(float)
    d["event"] = d["event"].astype(float).astype(int)
    return d


def kaplan_meier(ft: pd.DataFrame, by: str | None = None, min_group: int = MIN_GROUP_N, lang: str | None = None
                 ) -> dict:
    """KM curves of time to PKS (overall or per group): ``curves`` (time, survival, 95% CI) and ``summary``
    (n, events, median months when reached), plus a log-rank test between the groups of at least ``min_group``
    KBs when ``by`` is given (``logrank_excluded`` names the smaller groups)."""
    from statsmodels.duration.survfunc import SurvfuncRight, survdiff

    d = _grouped(ft, by, lang)
    groups = [(_all(lang), d)] if by is None else list(d.groupby("_group", sort=True))
    curves, summary = [], []
    for name, g in groups:
        if len(g) == 0:
            continue
        sf = SurvfuncRight(g["time_months"].to_numpy(), g["event"].to_numpy())
        if len(sf.surv_times) > 1:
            with np.errstate(divide="ignore", invalid="ignore"):
                lo, hi = sf.simultaneous_cb()
            # where the survival reaches 0 the band is undefined: it collapses onto the curve
            lo, hi = np.where(np.isnan(lo), sf.surv_prob, lo), np.where(np.isnan(hi), sf.surv_prob, hi)
        else:  # one event time: pointwise Greenwood band
            se = np.nan_to_num(sf.surv_prob_se)
            lo, hi = np.clip(sf.surv_prob - 1.96 * se, 0, 1), np.clip(sf.surv_prob + 1.96 * se, 0, 1)
        curve = pd.DataFrame({"group": name, "time_months": sf.surv_times, "survival": sf.surv_prob,
                              "lower": lo, "upper": hi, "n_at_risk": sf.n_risk})
        # a KM curve starts at 1 at time 0 and runs to the longest follow-up
        start = pd.DataFrame({"group": [name], "time_months": [0.0], "survival": [1.0], "lower": [1.0],
                              "upper": [1.0], "n_at_risk": [len(g)]})
        last = (curve.iloc[[-1]] if len(curve) else start).assign(time_months=float(g["time_months"].max()))
        curves.append(pd.concat([start, curve, last], ignore_index=True))
        try:
            median = float(sf.quantile(0.5))
        except Exception:  # noqa: BLE001 - statsmodels raises when the median is not reached
            median = np.nan
        summary.append({"group": name, "n": len(g), "events": int(g["event"].sum()),
                        "median_months": None if np.isnan(median) else round(median, 1)})
    out = {"curves": pd.concat(curves, ignore_index=True) if curves else pd.DataFrame(),
           "summary": pd.DataFrame(summary), "logrank": None, "logrank_excluded": []}
    if by is not None:
        sizes = d["_group"].value_counts()
        out["logrank_excluded"] = sorted(sizes[sizes < min_group].index)
        t = d[d["_group"].isin(sizes[sizes >= min_group].index)]
        if t["_group"].nunique() > 1 and t["event"].sum() > 0:
            stat, p = survdiff(t["time_months"].to_numpy(), t["event"].to_numpy(), t["_group"].to_numpy())
            out["logrank"] = {"chi2": round(float(stat), 3), "p_value": round(float(p), 4),
                              "groups": int(t["_group"].nunique())}
    return out


def _too_few(d: pd.DataFrame, n_params: int, lang: str = "en") -> str | None:
    events = int(d["event"].sum())
    needed = max(MIN_EVENTS, MIN_EVENTS_PER_PARAMETER * n_params)
    if events < needed:
        return plain("too_few_events", lang, events=events, n=len(d), needed=needed, k=n_params,
                     per=MIN_EVENTS_PER_PARAMETER, minimum=MIN_EVENTS)
    return None


def _outcome_within(ft: pd.DataFrame, months: int) -> tuple[pd.DataFrame, pd.Series]:
    """The dated KBs whose outcome at ``months`` is known (a PKS within it, or at least that old), and that outcome
    (1 = PKS within ``months``)."""
    d = ft.dropna(subset=["kb_date"]).copy()
    yes = (d["reached_pks"] == "yes") & (d["months_to_pks"].fillna(np.inf) <= months)
    known = yes | (d["age_months"] >= months)
    return d[known], yes[known].astype(int)


def design_matrix(d: pd.DataFrame, covariates: list[str]) -> pd.DataFrame:
    """Covariates as floats: booleans 0/1, numbers as they are, text as dummies (first level dropped);
    constant columns are dropped because they cannot be estimated."""
    cols = {}
    for c in covariates:
        v = d[c]
        if pd.api.types.is_bool_dtype(v) or str(v.dtype) == "boolean" or pd.api.types.is_numeric_dtype(v):
            cols[c] = v.astype(float)
        else:
            cols[c] = v.astype(str)
    x = pd.get_dummies(pd.DataFrame(cols, index=d.index), drop_first=True, dtype=float).astype(float)
    return x.loc[:, x.std(ddof=0) > 0]  # a constant column cannot be estimated


def cox_model(ft: pd.DataFrame, covariates: list[str], lang: str = "en") -> dict:
    """Cox proportional hazards of reaching a PKS (statsmodels ``PHReg``, Efron ties): hazard ratios with 95%
    CIs, n and events; or a ``message`` when events are too few."""
    from statsmodels.duration.hazard_regression import PHReg

    d = _usable(ft).dropna(subset=covariates)
    x = design_matrix(d, covariates)
    result = {"n": len(d), "events": int(d["event"].sum()), "table": None, "message": None}
    msg = _too_few(d, x.shape[1], lang) if x.shape[1] else plain("no_covariate_varies", lang)
    if msg:
        result["message"] = msg
        return result
    fit = PHReg(d["time_months"].to_numpy(), x.to_numpy(), status=d["event"].to_numpy(), ties="efron").fit()
    ci = np.exp(fit.conf_int())
    result["table"] = pd.DataFrame({"covariate": x.columns, "hazard_ratio": np.exp(fit.params), "ci_low": ci[:, 0],
                                    "ci_high": ci[:, 1], "p_value": fit.pvalues}).round(3)
    return result


def logit_within(ft: pd.DataFrame, covariates: list[str], months: int = 24, lang: str = "en") -> dict:
    """Logistic model of reaching a PKS within ``months`` of the KB. KBs younger than ``months`` at the as-of
    date without a PKS are left out (their outcome is not known yet). Odds ratios with 95% CIs."""
    import statsmodels.api as sm

    d, y = _outcome_within(ft, months)
    d = d.assign(y=y).dropna(subset=covariates)
    x = design_matrix(d, covariates)
    result = {"n": len(d), "events": int(d["y"].sum()), "table": None, "message": None, "months": months}
    d = d.assign(event=d["y"])
    msg = _too_few(d, x.shape[1] + 1, lang) if x.shape[1] else plain("no_covariate_varies", lang)
    if not msg and (len(d) - d["y"].sum()) < MIN_EVENTS:
        msg = f"too few KBs without a PKS within {months} months ({len(d) - d['y'].sum()}) for a logistic model"
    if msg:
        result["message"] = msg
        return result
    fit = sm.Logit(d["y"].to_numpy(), sm.add_constant(x.to_numpy())).fit(disp=False)
    ci = np.exp(fit.conf_int())
    result["table"] = pd.DataFrame({"covariate": ["const", *x.columns], "odds_ratio": np.exp(fit.params),
                                    "ci_low": ci[:, 0], "ci_high": ci[:, 1], "p_value": fit.pvalues}).round(3)
    return result


def add_covariates(ft: pd.DataFrame, dyads: pd.DataFrame, parties: pd.DataFrame) -> pd.DataFrame:
    """Covariates per KB: contiguous (any bordering pair of region parties), same_province (all region parties
    in one province), parent_child (any pair), ksdd (regions only), level (a province among the parties)."""
    out = ft.copy()
    dy = dyads.groupby("record_id").agg(contiguous=("contiguous", "max"), parent_child=("parent_child", "max"),
                                        same_province=("same_province", "min"))
    for col in ("contiguous", "parent_child", "same_province"):
        out[col] = out["record_id"].map(dy[col]).astype("boolean")
    prov = set(parties.loc[parties["party_kind"] == "provinsi", "record_id"])
    out["level"] = np.where(out["record_id"].isin(prov), "with_province", "kab_kota_only")
    out["ksdd"] = out["cooperation_kind"].fillna("").str.startswith("KSDD")
    return out
