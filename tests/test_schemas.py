"""The data contracts reject broken tables."""

from __future__ import annotations

import pandas as pd
import pandera.errors
import pytest

from kerjasama_study.clean import clean_frame
from kerjasama_study.schemas import (
    AgreementsSchema,
    FollowThroughSchema,
    PartiesSchema,
    QuarantineSchema,
    RelationshipsSchema,
)


@pytest.fixture
def cleaned():
    return clean_frame(pd.DataFrame({"id": ["A", "B"], "tanggal": ["2021-01-05", "31/02/2021"],
                                     "pihak": ["Kota Palu; Kabupaten Sigi", "Kota Palu; Kabupaten Sigi"]}))


def test_valid_tables_pass(cleaned):
    AgreementsSchema.validate(cleaned.agreements)
    PartiesSchema.validate(cleaned.parties)
    QuarantineSchema.validate(cleaned.quarantine)


def test_broken_tables_fail(cleaned):
    dup = pd.concat([cleaned.agreements, cleaned.agreements])
    with pytest.raises(pandera.errors.SchemaError):
        AgreementsSchema.validate(dup)
    parties = cleaned.parties.copy()
    parties.loc[0, "region_code"] = pd.NA  # a region kind without a code
    with pytest.raises(pandera.errors.SchemaErrors):
        PartiesSchema.validate(parties, lazy=True)
    rel = pd.DataFrame({"record_id": ["A"], "relationship_id": ["REL-0001"], "thread_id": ["REL-0002-T1"],
                        "event": ["kb"], "expiry_basis": ["assumed_5y"]}).astype("string")
    with pytest.raises(pandera.errors.SchemaError):
        RelationshipsSchema.validate(rel)
    ft = pd.DataFrame({"record_id": ["A"], "reached_pks": ["no"], "months_to_pks": [3.0], "time_months": [3.0],
                       "event": [1.0]})
    ft["record_id"] = ft["record_id"].astype("string")
    ft["reached_pks"] = ft["reached_pks"].astype("string")
    with pytest.raises(pandera.errors.SchemaError):
        FollowThroughSchema.validate(ft)
