"""Kaplan-Meier, Cox and logistic models: n, events, and a plain message when events are too few."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kerjasama_study import survival as S
from kerjasama_study.survival import MIN_EVENTS, cox_model, kaplan_meier, logit_within


def _synthetic_ft(n=300, seed=1):
    rng = np.random.default_rng(seed)
    contiguous = rng.random(n) < 0.5
    # bordering pairs reach a PKS twice as fast
    t = rng.exponential(np.where(contiguous, 12, 24))
    censor = rng.uniform(6, 60, n)
    event = (t <= censor).astype(float)
    time = np.minimum(t, censor)
    kb = pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 2000, n), unit="D")
    return pd.DataFrame({"time_months": time, "event": event, "contiguous": contiguous,
                         "n_sectors": rng.integers(0, 6, n), "kb_date": kb,
                         "reached_pks": np.where(event == 1, "yes", "censored"),
                         "months_to_pks": np.where(event == 1, time, np.nan), "age_months": censor})


def test_km_summary_and_logrank():
    ft = _synthetic_ft()
    km = kaplan_meier(ft, by="contiguous")
    s = km["summary"].set_index("group")
    assert s["n"].sum() == 300 and s["events"].sum() == int(ft["event"].sum())
    assert s.at["True", "median_months"] < s.at["False", "median_months"]
    assert km["logrank"]["p_value"] < 0.01
    c = km["curves"]
    assert (c.groupby("group")["survival"].first() == 1.0).all()
    assert ((c["lower"] <= c["survival"] + 1e-9) & (c["survival"] <= c["upper"] + 1e-9)).all()


def test_cox_recovers_the_hazard_ratio():
    res = cox_model(_synthetic_ft(), ["contiguous", "n_sectors"])
    assert res["message"] is None and res["events"] >= MIN_EVENTS
    row = res["table"].set_index("covariate").loc["contiguous"]
    assert row["ci_low"] < 2.0 < row["ci_high"] and row["hazard_ratio"] > 1.3
    assert set(res["table"].columns) == {"covariate", "hazard_ratio", "ci_low", "ci_high", "p_value"}


def test_logit_and_too_few_events():
    res = logit_within(_synthetic_ft(), ["contiguous"], months=24)
    assert res["message"] is None and res["table"].set_index("covariate").at["contiguous", "odds_ratio"] > 1
    few = _synthetic_ft(n=30).assign(event=0.0)
    few.loc[:2, "event"] = 1.0
    msg = cox_model(few, ["contiguous"])["message"]
    assert msg.startswith("too few events") and "3 events among 30" in msg


def test_follow_through_statistics_on_the_default_data(coded_dir):
    """KB+PKS signed together are not 'PKS after 0 months'; small groups stay out of the log-rank test; every
    step from the KBs to each model's n is accounted for."""
    from kerjasama_study import analysis as A
    from kerjasama_study.followthrough import funnel

    t = A.load_tables(coded_dir[0])
    ft = S.add_covariates(t["follow_through"], t["dyads"], t["parties"])
    later = S.later_pks_sample(ft)
    together = ft["doc_type_code"].eq("KB+PKS").sum()
    assert len(later) == len(ft) - together and together == 9
    km = S.kaplan_meier(later, by="cooperation_kind")
    sizes = later.dropna(subset=["time_months"]).groupby("cooperation_kind").size()
    assert set(km["logrank_excluded"]) == set(sizes[sizes < S.MIN_GROUP_N].index) and km["logrank_excluded"]
    flow = S.sample_flow(ft, ["contiguous", "n_sectors"], ["contiguous"], months=24).set_index("step")["n"]
    assert flow["kb_in_data"] == len(ft) and flow["kb_and_pks_signed_together"] == 9
    assert flow["kb_for_later_pks"] == flow["without_date_or_time"] + flow["kaplan_meier_n"]
    assert flow["cox_n_after_missing_covariates"] <= flow["kaplan_meier_n"]
    risk = S.at_risk_table(later)
    assert risk.iloc[0]["0"] == flow["kaplan_meier_n"] and (risk.iloc[0, 1:].diff().dropna() <= 0).all()
    f = funnel(ft)
    assert f["implementation"] == int(ft["implementation_reported"].sum()) > (
        ft["reached_pks"].eq("yes") & ft["implementation_reported"]).sum()  # implementation by any route
