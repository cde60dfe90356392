"""Kaplan-Meier, Cox and logistic models: n, events, and a plain message when events are too few."""

from __future__ import annotations

import numpy as np
import pandas as pd

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
