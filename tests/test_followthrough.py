"""Follow-through: status words, expiry, relationships and threads, KB measures, watch lists."""

from __future__ import annotations

import itertools
from collections import defaultdict

import pandas as pd
import pytest

from kerjasama_study.clean import clean_registers
from kerjasama_study.coding import code_agreements, code_sectors
from kerjasama_study.followthrough import (
    expiry,
    follow_through,
    funnel,
    link_lifecycles,
    parse_duration_months,
    status_events,
    watch_lists,
)
from kerjasama_study.synthetic import make_lifecycles, write_register


@pytest.mark.parametrize(
    "text, events",
    [
        ("sudah PKS", ["pks_signed"]), ("belum ditindaklanjuti", ["no_followup"]), ("berakhir", ["ended"]),
        ("diperpanjang", ["renewed"]), ("adendum ke-1", ["amended"]), ("dibatalkan", ["cancelled"]),
        ("tidak aktif", ["inactive"]), ("tidak diperpanjang", []), ("PKS not extended", ["inactive"]),
        ("Pandeglang annulled the PKS via berita acara", ["cancelled"]),
        ("Three agency PKS signed the same evening", ["pks_signed"]),
        ("parties urged to draft PKS; re-signed July 2021", ["planned", "renewed"]),
        ("Sudah berjalan; diperpanjang 2024", ["implemented", "renewed"]), ("", []), (None, []),
    ],
)
def test_status_words(text, events):
    assert [e for e, _ in status_events(text)] == events


def test_durations_and_expiry():
    assert parse_duration_months("5 tahun") == 60 and parse_duration_months("24 bulan") == 24
    assert parse_duration_months("3 (tiga) tahun") == 36 and parse_duration_months("Valid one budget year") == 12
    signed = pd.Timestamp("2020-03-16")
    assert expiry(signed, None, "2 tahun", None) == (pd.Timestamp("2022-03-16"), "jangka_waktu")
    assert expiry(signed, pd.Timestamp("2021-01-01"), "2 tahun", None) == (pd.Timestamp("2021-01-01"), "end_date")
    assert expiry(signed, None, None, "Valid 12 months") == (pd.Timestamp("2021-03-16"), "status_text")
    assert expiry(signed, None, None, "extension 2025-2030") == (pd.Timestamp("2030-12-31"), "year_span")
    assert expiry(signed, None, None, None) == (pd.Timestamp("2025-03-16"), "assumed_5y")
    assert expiry(None, None, None, None) == (None, "unknown")


@pytest.fixture(scope="module")
def default_coded(default_register):
    r = clean_registers([default_register])
    s = code_sectors(r.agreements, r.parties)
    a = code_agreements(r.agreements, r.parties, s)
    rel = link_lifecycles(a, r.parties, s)
    return a, r.parties, s, rel


@pytest.mark.parametrize(
    "records, events",
    [
        (["PR-067", "PR-068"], ["kb", "perpanjangan"]),            # Kaltim - Kutai Timur, 2020 KB renewed 2021
        (["PR-051", "PR-053"], ["kb", "berita_acara"]),            # Pontianak - Kubu Raya
        (["PR-029", "PR-030"], ["pks", "kb"]),                     # Jateng - Jatim, 2025 PKS then 2026 KB
        (["PR-085", "PR-083"], ["berita_acara", "kb"]),            # Palu - Sigi, 2018 then 2021
    ],
)
def test_named_histories_are_linked_in_order(default_coded, records, events):
    _, _, _, rel = default_coded
    r = rel.set_index("record_id").loc[records]
    assert r["relationship_id"].nunique() == 1
    ordered = rel[rel["relationship_id"] == r["relationship_id"].iloc[0]].sort_values("event_date")
    assert list(ordered["record_id"]) == records and list(ordered["event"]) == events


def test_unrelated_pairs_stay_apart(default_coded):
    a, parties, _, rel = default_coded
    r = rel.set_index("record_id")
    assert r.at["PR-052", "relationship_id"] != r.at["PR-051", "relationship_id"]  # four parties vs two
    assert r.at["PR-079", "relationship_id"] != r.at["PR-080", "relationship_id"]  # Purworejo vs Magelang
    # every relationship holds records with one and the same set of parties
    keys = parties.groupby("record_id")["region_code"].agg(lambda s: "|".join(sorted(s.dropna())))
    for _, g in rel.groupby("relationship_id"):
        assert g["record_id"].map(keys).nunique() == 1
    assert len(rel) == len(a) and rel["record_id"].is_unique


def test_follow_through_measures_on_default_data(default_coded):
    a, _, _, rel = default_coded
    ft = follow_through(a, rel).set_index("record_id")
    assert set(ft["reached_pks"]) == {"yes", "no", "censored"}
    assert ft.at["PR-020", "reached_pks"] == "yes" and ft.at["PR-020", "months_to_pks"] == 0  # KB+PKS
    assert ft.at["PR-017", "pks_basis"] == "status_text"                                      # "later ... PKS"
    assert ft.at["PR-067", "reached_pks"] == "no" and ft.at["PR-067", "expiry_basis"] == "status_text"
    assert ft["as_of"].iloc[0] == pd.Timestamp("2026-01-29")
    assert (ft.loc[ft["event"] == 1, "reached_pks"] == "yes").all()
    f = funnel(ft.reset_index())
    assert f["KB"] == len(ft) >= f["PKS"] >= f["implementation"]


WATCH_2026_11_28 = {
    # signed KBs older than 12 months, still valid, with no PKS and no progress reported (PR-008 reports rice
    # marketing already under way, so it is not stalled)
    "kb_without_pks": ["PR-022", "PR-109", "PR-097", "PR-084", "PR-006", "PR-007", "PR-108", "PR-045", "PR-094",
                       "PR-103", "PR-023", "PR-024", "PR-073", "PR-043", "PR-058", "PR-001"],
    # PKS older than 12 months with no implementation reported (Sarolangun-Batang Hari's PR-002 among them)
    "pks_without_implementation": ["PR-021", "PR-016", "PR-011", "PR-087", "PR-105", "PR-036", "PR-089", "PR-002",
                                   "PR-029"],
    "implementation_without_evaluation": ["PR-008", "PR-032", "PR-102", "PR-031", "PR-093", "PR-062"],
    # signed documents ending after 28 Nov 2026 and by 28 May 2027 (the draft PR-075 is never listed)
    "expiring": ["PR-021", "PR-022", "PR-109", "PR-097"],
    # signed documents that ended in the 24 months before, with no later document in their thread
    "expired_without_renewal": ["PR-052", "PR-054", "PR-106", "PR-063", "PR-046", "PR-068", "PR-072", "PR-083",
                                "PR-018", "PR-079", "PR-080", "PR-056", "PR-020"],
}


def test_watch_lists_on_the_default_data_as_of_2026_11_28(default_coded):
    a, _, _, rel = default_coded
    as_of = pd.Timestamp("2026-11-28")
    ft = follow_through(a, rel, as_of)
    w = watch_lists(ft, a, rel, older_than_months=12, ending_within_months=6)
    assert {rule: table["record_id"].tolist() for rule, table in w.items()} == WATCH_2026_11_28
    for rule, table in w.items():
        assert (table["rule"] == rule).all()
        assert {"doc_number", "parties_raw", "subject", "date_signed", "expiry_date", "expiry_basis",
                "source_url"} <= set(table.columns)
    assert w["expiring"]["expiry_date"].between(as_of, as_of + pd.DateOffset(months=6), inclusive="right").all()
    assert (w["kb_without_pks"]["age_months"] > 12).all()
    assert w["expiring"]["expiry_basis"].eq("assumed_5y").all()  # none of the four states its own term
    assert len(watch_lists(ft, a, rel, older_than_months=1000)["kb_without_pks"]) == 0
    draft = a.set_index("record_id").at["PR-075", "doc_type_code"]
    assert draft == "DRAFT" and all("PR-075" not in t["record_id"].tolist() for t in w.values())


def _pairwise_f1(true, pred) -> float:
    def pairs(labels):
        groups = defaultdict(list)
        for i, label in enumerate(labels):
            groups[label].append(i)
        return {p for g in groups.values() for p in itertools.combinations(g, 2)}

    t, p = pairs(true), pairs(pred)
    tp = len(t & p)
    return 2 * tp / (len(t) + len(p))


@pytest.mark.slow
def test_linker_recovers_synthetic_lifecycles(tmp_path):
    reg = make_lifecycles(150, seed=7)
    path = write_register(reg, tmp_path / "siklus.xlsx")
    r = clean_registers([path])
    assert len(r.agreements) == len(reg.frame)
    s = code_sectors(r.agreements, r.parties)
    a = code_agreements(r.agreements, r.parties, s)
    rel = link_lifecycles(a, r.parties, s)
    truth = reg.truth_rows.assign(record_id=[str(i + 1) for i in range(len(reg.truth_rows))]).merge(rel, on="record_id")
    assert _pairwise_f1(truth["relationship"], truth["relationship_id"]) >= 0.95
    assert _pairwise_f1(truth["thread"], truth["thread_id"]) >= 0.95
    ft = truth.merge(follow_through(a, rel)[["record_id", "reached_pks", "months_to_pks"]], on="record_id")
    with_pks = ft[ft["pks_days"].notna()]
    assert len(with_pks) > 50 and (with_pks["reached_pks"] == "yes").all()
    error = (with_pks["months_to_pks"] - with_pks["pks_days"].astype(float) / 30.44).abs()
    assert error.max() <= 0.05 + 1e-9  # months are rounded to one decimal
    assert (ft.loc[ft["doc_type"].eq("Kesepakatan Bersama") & ft["pks_days"].isna(), "reached_pks"] != "yes").all()


def test_watch_lists_on_registers_without_signed_documents_or_kbs():
    """No document type column (every record UNKNOWN) and no KB: every list is empty, nothing fails."""
    import pandas as pd

    from kerjasama_study.clean import clean_frame

    c = clean_frame(pd.DataFrame({"tanggal": ["3/11/2025", "2020-01-05"],
                                  "pihak": ["Pemkab Kotim dan Pemkab Seruyan", "Kota Palu; Kabupaten Sigi"]}))
    s = code_sectors(c.agreements, c.parties)
    a = code_agreements(c.agreements, c.parties, s)
    rel = link_lifecycles(a, c.parties, s)
    ft = follow_through(a, rel, pd.Timestamp("2026-11-28"))
    assert ft.empty
    w = watch_lists(ft, a, rel, as_of="2026-11-28")
    assert all(len(t) == 0 for t in w.values()) and set(w) == set(WATCH_2026_11_28)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [7, 11])
def test_columnar_linking_and_measures_match_the_row_wise_oracle(tmp_path, seed):
    """link_lifecycles and follow_through are column-wise; on synthetic lifecycles (renewals, later PKS, same-day
    KB+PKS, citations of document numbers, undated records) they give the tables the row-wise code gave."""
    import pandas as pd

    from followthrough_rowwise import follow_through_rowwise, link_lifecycles_rowwise

    reg = make_lifecycles(300, seed=seed)
    r = clean_registers([write_register(reg, tmp_path / "siklus.csv")])
    s = code_sectors(r.agreements, r.parties)
    a = code_agreements(r.agreements, r.parties, s)
    rel = link_lifecycles(a, r.parties, s)
    pd.testing.assert_frame_equal(rel, link_lifecycles_rowwise(a, r.parties, s))
    for as_of in (None, "2026-11-28", "2015-06-30"):
        pd.testing.assert_frame_equal(follow_through(a, rel, as_of), follow_through_rowwise(a, rel, as_of))


def test_columnar_measures_match_the_row_wise_oracle_on_the_default_data(coded_dir):
    import pandas as pd

    from followthrough_rowwise import follow_through_rowwise, link_lifecycles_rowwise

    d, _ = coded_dir
    a, p, s = (pd.read_parquet(d / f"{n}.parquet") for n in ("agreements", "parties", "sectors"))
    rel = link_lifecycles(a, p, s)
    pd.testing.assert_frame_equal(rel, link_lifecycles_rowwise(a, p, s))
    pd.testing.assert_frame_equal(follow_through(a, rel, "2026-11-28"), follow_through_rowwise(a, rel, "2026-11-28"))
