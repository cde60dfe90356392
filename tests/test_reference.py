"""The reference-data registry: mirror, hashes, offline behaviour."""

from __future__ import annotations

import shutil

import pytest

from kerjasama_study import config, reference


@pytest.fixture
def mirror():
    m = config.reference_mirror()
    if m is None or not (m / "SHA256SUMS").exists():
        pytest.skip("KERJASAMA_REFERENCE_MIRROR is not set (make test sets it to ../shared/reference)")
    return m


def test_registry_lists_every_mirror_file_with_url_and_hash(mirror):
    reg = reference.registry()
    sums = dict(line.split("  ", 1)[::-1] for line in (mirror / "SHA256SUMS").read_text().splitlines() if line)
    assert dict(zip(reg["path"], reg["sha256"])) == sums
    assert reg["url"].str.startswith("https://raw.githubusercontent.com/").all()


def test_fetch_copies_from_the_mirror_and_verifies(tmp_path, mirror):
    path = reference.fetch("wilayah_penduduk.sql", external_dir=tmp_path, mirror=mirror, allow_download=False)
    assert path.is_relative_to(tmp_path) and path.exists()
    assert reference.fetch("wilayah_penduduk.sql", external_dir=tmp_path, mirror=None, allow_download=False) == path


def test_a_hash_mismatch_is_an_error(tmp_path, mirror):
    bad_mirror = tmp_path / "mirror"
    entry = reference.registry().query("name == 'wilayah_luas.sql'").iloc[0]
    target = bad_mirror / entry["path"]
    target.parent.mkdir(parents=True)
    shutil.copyfile(mirror / entry["path"], target)
    with open(target, "a", encoding="utf-8") as fh:
        fh.write("-- tampered\n")
    with pytest.raises(reference.ReferenceDataError, match="does not match the registry"):
        reference.fetch("wilayah_luas.sql", external_dir=tmp_path / "ext", mirror=bad_mirror, allow_download=False)


def test_without_mirror_or_network_the_file_is_unavailable(tmp_path):
    with pytest.raises(reference.ReferenceUnavailable, match="no mirror holds it"):
        reference.fetch("wilayah_luas.sql", external_dir=tmp_path, mirror=tmp_path / "nothing", allow_download=False)


def test_parsers(mirror, tmp_path):
    pop = reference.read_population(reference.fetch("wilayah_penduduk.sql", external_dir=tmp_path, mirror=mirror))
    area = reference.read_area(reference.fetch("wilayah_luas.sql", external_dir=tmp_path, mirror=mirror))
    assert len(pop) == len(area) == 552
    assert pop.set_index("code").at["62.02", "population"] == 454515
    # the five upstream codes that lost a trailing zero are repaired
    assert {"11.10", "12.10", "12.20", "14.10", "31"} <= set(area["code"])
    splits = reference.read_splits(reference.fetch_kind("splits", external_dir=tmp_path, mirror=mirror)[0])
    assert len(splits) == 215 and splits["child_code"].notna().all() and splits["parent_code"].notna().all()
    seruyan = splits.set_index("child_code").loc["62.07"]
    assert (seruyan["parent_code"], seruyan["law"], seruyan["law_year"]) == ("62.02", "UU 5/2002", 2002)
