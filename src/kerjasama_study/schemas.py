"""Data contracts of the processed tables (pandera), checked before any table is written.

>>> from kerjasama_study.clean import clean_frame
>>> import pandas as pd
>>> r = clean_frame(pd.DataFrame({"tanggal": ["2021-01-05"], "pihak": ["Kota Palu; Kabupaten Sigi"]}))
>>> len(AgreementsSchema.validate(r.agreements))
1
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from .dates import PRECISIONS
from .regions import MATCH_METHODS, PARTY_KINDS

_CODE = r"^\d{2}(\.\d{2})?$"


class AgreementsSchema(pa.DataFrameModel):
    """One row per kept input record."""

    record_id: Series[str] = pa.Field(unique=True, nullable=False)
    source_file: Series[str] = pa.Field(nullable=False)
    source_sheet: Series[str] = pa.Field(nullable=True)
    source_row: Series[int] = pa.Field(ge=1)
    date_signed: Series[pa.DateTime] = pa.Field(nullable=True)
    date_precision: Series[str] = pa.Field(isin=list(PRECISIONS))
    n_parties: Series[int] = pa.Field(ge=1)
    n_region_parties: Series[int] = pa.Field(ge=1)
    flags: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = False
        coerce = False

    @pa.dataframe_check
    @classmethod
    def region_parties_within_parties(cls, df):
        return df["n_region_parties"] <= df["n_parties"]


class PartiesSchema(pa.DataFrameModel):
    """One row per party of a kept record, in the order the register lists them."""

    record_id: Series[str] = pa.Field(nullable=False)
    position: Series[int] = pa.Field(ge=1)
    role: Series[str] = pa.Field(isin=["listed", "owner"])
    name_raw: Series[str] = pa.Field(nullable=False)
    name_canonical: Series[str] = pa.Field(nullable=False)
    region_code: Series[str] = pa.Field(nullable=True, str_matches=_CODE)
    party_kind: Series[str] = pa.Field(isin=list(PARTY_KINDS))
    province_code: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{2}$")
    match_method: Series[str] = pa.Field(isin=list(MATCH_METHODS))
    match_score: Series[float] = pa.Field(nullable=True, ge=0, le=100)
    candidates: Series[str] = pa.Field(nullable=True)
    office: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        unique = ["record_id", "position"]

    @pa.dataframe_check
    @classmethod
    def region_kind_has_code(cls, df):
        is_region = df["party_kind"].isin(["provinsi", "kabupaten", "kota"])
        return is_region == df["region_code"].notna()


class QuarantineSchema(pa.DataFrameModel):
    """One row per input row that was not kept, with the reason and the raw row as JSON."""

    source_file: Series[str] = pa.Field(nullable=False)
    source_sheet: Series[str] = pa.Field(nullable=True)
    source_row: Series[int] = pa.Field(ge=1)
    record_no: Series[str] = pa.Field(nullable=True)
    reason: Series[str] = pa.Field(nullable=False, str_length={"min_value": 3})
    raw: Series[str] = pa.Field(nullable=False)

    class Config:
        strict = True
        unique = ["source_file", "source_sheet", "source_row"]


SCHEMAS = {"agreements": AgreementsSchema, "parties": PartiesSchema, "quarantine": QuarantineSchema}


def validate_tables(tables: dict) -> None:
    """Validate every table that has a schema; raises ``pandera.errors.SchemaErrors`` listing all failures."""
    for name, df in tables.items():
        schema = SCHEMAS.get(name)
        if schema is not None:
            schema.validate(df, lazy=True)


class CodedAgreementsSchema(AgreementsSchema):
    """Agreements after ``kerjasama code``."""

    doc_type_code: Series[str] = pa.Field(isin=["KB", "PKS", "KB+PKS", "NK", "ADENDUM", "LOI", "BERITA_ACARA",
                                                "DRAFT", "EVALUASI", "FORUM", "UNKNOWN"])
    stage: Series[str] = pa.Field(isin=["", "S0", "S1", "S2", "S3", "S4", "S5", "S6", "S7"])
    cooperation_kind: Series[str] = pa.Field(str_matches=r"^(UNKNOWN|(KSDD|KSDPK|PUSAT|KSDPL|KSDLL)(\+(KSDPK|PUSAT|KSDPL|KSDLL))*)$")
    ksdd_basis: Series[str] = pa.Field(nullable=True, isin=["wajib", "sukarela", "unknown"])
    regime: Series[str] = pa.Field(isin=["pra_PP50_2007", "PP50_2007", "PP28_2018", "unknown"])
    n_sectors: Series[int] = pa.Field(ge=0)


class SectorsSchema(pa.DataFrameModel):
    """One row per (record, urusan code)."""

    record_id: Series[str] = pa.Field(nullable=False)
    urusan_code: Series[str] = pa.Field(str_matches=r"^\d\.\d{2}$")
    urusan_name: Series[str] = pa.Field(nullable=False)
    category: Series[str] = pa.Field(isin=["wajib_pelayanan_dasar", "wajib_non_pelayanan_dasar", "pilihan",
                                           "penunjang", "umum"])
    evidence: Series[str] = pa.Field(nullable=False)
    hits: Series[int] = pa.Field(ge=1)
    primary: Series[bool]
    authority_mismatch: Series[bool]

    class Config:
        strict = False
        unique = ["record_id", "urusan_code"]


class DyadsSchema(pa.DataFrameModel):
    """One row per agreement and unordered pair of region parties."""

    record_id: Series[str] = pa.Field(nullable=False)
    code_a: Series[str] = pa.Field(str_matches=_CODE)
    code_b: Series[str] = pa.Field(str_matches=_CODE)
    kinds_pair: Series[str] = pa.Field(isin=["prov-prov", "prov-kab", "prov-kota", "kab-kab", "kab-kota",
                                             "kota-kota"])
    same_province: Series[bool]
    parent_child: Series[bool]

    class Config:
        strict = False
        unique = ["record_id", "code_a", "code_b"]

    @pa.dataframe_check
    @classmethod
    def ordered(cls, df):
        return df["code_a"] < df["code_b"]


SCHEMAS["sectors"] = SectorsSchema
SCHEMAS["dyads"] = DyadsSchema
SCHEMAS["agreements_coded"] = CodedAgreementsSchema


class RelationshipsSchema(pa.DataFrameModel):
    """One row per record: its relationship, thread and event."""

    record_id: Series[str] = pa.Field(unique=True, nullable=False)
    relationship_id: Series[str] = pa.Field(str_matches=r"^REL-\d{4,}$")
    thread_id: Series[str] = pa.Field(str_matches=r"^REL-\d{4,}-T\d+$")
    event: Series[str] = pa.Field(isin=["kb", "kb+pks", "pks", "perpanjangan", "adendum", "loi", "rencana",
                                        "berita_acara", "evaluasi", "forum", "dokumen"])
    expiry_basis: Series[str] = pa.Field(str_matches=r"^(end_date|year_span|jangka_waktu|status_text|unknown|assumed_\d+y)$")

    class Config:
        strict = False

    @pa.dataframe_check
    @classmethod
    def thread_within_relationship(cls, df):
        return df["thread_id"].str.rsplit("-T", n=1).str[0] == df["relationship_id"]


class FollowThroughSchema(pa.DataFrameModel):
    """One row per KB with its follow-through measures."""

    record_id: Series[str] = pa.Field(unique=True, nullable=False)
    reached_pks: Series[str] = pa.Field(isin=["yes", "no", "censored"])
    months_to_pks: Series[float] = pa.Field(nullable=True, ge=0)
    time_months: Series[float] = pa.Field(nullable=True, ge=0)

    class Config:
        strict = False

    @pa.dataframe_check
    @classmethod
    def event_means_pks(cls, df):
        return (df["event"] != 1).fillna(True) | (df["reached_pks"] == "yes")


SCHEMAS["relationships"] = RelationshipsSchema
SCHEMAS["follow_through"] = FollowThroughSchema
