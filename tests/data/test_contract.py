"""The artifacts contract: what loading refuses, even when the checksums were made to match."""

import json
import shutil

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from movierec.artifacts import ArtifactsError, seal_model, sha256_of, verify_artifacts
from movierec.etl.index import build_catalog_index, read_index_tables
from movierec.serving import Served


@pytest.fixture
def copy(sample_artifacts, tmp_path):
    """A private copy of the trained sample artifacts (a plain directory)."""
    return shutil.copytree(sample_artifacts.resolve(), tmp_path / "copy")


def manifest_of(directory):
    return json.loads((directory / "manifest.json").read_text())


def rewrite_table(directory, name, frame):
    """Replace a table and make the manifest agree, as a careful forger would."""
    path = directory / f"{name}.parquet"
    frame.to_parquet(path, index=False)
    manifest = manifest_of(directory)
    manifest["outputs"][path.name].update(sha256=sha256_of(path), rows=len(frame))
    (directory / "manifest.json").write_text(json.dumps(manifest))
    return manifest


def stored_array(directory, name):
    return np.load(directory / "model" / f"{name}.npy")


def rewrite_arrays(directory, **changes):
    """Replace arrays of the model and reseal it, so only the invariants can object."""
    for name, array in changes.items():
        np.save(directory / "model" / f"{name}.npy", array)
    seal_model(directory / "model")


def test_the_sample_verifies(sample_artifacts):
    manifest = verify_artifacts(sample_artifacts)
    assert manifest["movies"]["rows_kept"] == manifest["outputs"]["movies.parquet"]["rows"]
    assert Served.load(sample_artifacts).catalog.film_list


def index_refused(directory, *fragments):
    """The forger goes on to rebuild the catalog index from the forged tables: the builder refuses."""
    with pytest.raises(ArtifactsError) as error:
        build_catalog_index(**read_index_tables(directory))
    for fragment in fragments:
        assert fragment in str(error.value)


def refused(directory, *fragments):
    with pytest.raises(ArtifactsError) as error:
        Served.load(directory)
    for fragment in fragments:
        assert fragment in str(error.value)
    return str(error.value)


def test_edited_counts_are_refused(copy):
    manifest = manifest_of(copy)
    manifest["movies"]["rows_kept"] += 1
    manifest["movies"]["rows_in"] += 1
    (copy / "manifest.json").write_text(json.dumps(manifest))
    refused(copy, "movies.parquet")


def test_a_table_with_the_wrong_type_is_refused(copy):
    genres = pd.read_parquet(copy / "genres.parquet")
    rewrite_table(copy, "genres", genres.assign(name=genres["genre_id"]))
    refused(copy, "índice del catálogo")  # the server: built from other tables
    with pytest.raises(ArtifactsError, match="name.*genres.parquet"):  # the stages that read tables
        verify_artifacts(copy)


def test_a_changed_movie_id_is_refused(copy):
    movies = pd.read_parquet(copy / "movies.parquet")
    old, new = movies.loc[0, "id"], movies["id"].max() + 1
    movies.loc[0, "id"] = new
    rewrite_table(copy, "movies", movies)
    extras = pd.read_parquet(copy / "extras.parquet")
    rewrite_table(copy, "extras", extras.assign(movie_id=extras["movie_id"].replace(old, new)))
    refused(copy, "índice del catálogo")  # built from other tables
    manifest = manifest_of(copy)
    manifest["catalog_index"]["sources"] = {name: entry["sha256"] for name, entry in manifest["outputs"].items()}
    (copy / "manifest.json").write_text(json.dumps(manifest))
    refused(copy, "modelo")  # no longer the movies.parquet the model was trained on


def test_model_ids_must_be_the_catalog_ids(copy):
    ids = stored_array(copy, "ids")
    ids[-1] += 1
    rewrite_arrays(copy, ids=ids)
    refused(copy, "no son las del catálogo")


@pytest.mark.parametrize("change", ["out of range", "negative", "float"])
def test_neighbour_indexes_are_checked(copy, change):
    neighbours = stored_array(copy, "neighbours")
    if change == "out of range":
        neighbours[3, 2] = len(neighbours)
    elif change == "negative":
        neighbours[3, 2] = -1
    else:
        neighbours = neighbours.astype(np.float32)
    rewrite_arrays(copy, neighbours=neighbours)
    refused(copy, "vecinos")


def test_duplicate_ids_are_refused(copy):
    movies = pd.read_parquet(copy / "movies.parquet")
    movies = pd.concat([movies, movies.iloc[[0]]], ignore_index=True)
    extras = pd.read_parquet(copy / "extras.parquet")
    rewrite_table(copy, "extras", pd.concat([extras, extras.iloc[[0]]], ignore_index=True))
    manifest = rewrite_table(copy, "movies", movies)
    manifest["movies"].update(rows_kept=len(movies), rows_in=manifest["movies"]["rows_in"] + 1)
    (copy / "manifest.json").write_text(json.dumps(manifest))
    refused(copy, "índice del catálogo")
    index_refused(copy, "repetidos")


@pytest.mark.parametrize("date", ["2999-01-01", "1500-06-01", "2001-02-30", "2001-1-5"])
def test_dates_the_server_cannot_represent_are_refused(copy, date):
    movies = pd.read_parquet(copy / "movies.parquet")
    movies.loc[0, "release_date"] = date
    rewrite_table(copy, "movies", movies)
    refused(copy, "índice del catálogo")
    index_refused(copy, "fechas de estreno")


@pytest.mark.parametrize("outputs", [{"../../etc/passwd": {"sha256": "0" * 64}}, {"/etc/passwd": {"sha256": "0" * 64}},
                                     None, [], {"movies.parquet": {"sha256": "x"}}])
def test_manifest_listing_is_checked(copy, outputs):
    manifest = manifest_of(copy)
    manifest["outputs"] = outputs
    (copy / "manifest.json").write_text(json.dumps(manifest))
    refused(copy, "manifest")


def test_model_without_its_checksums_is_refused(copy):
    (copy / "model" / "manifest.json").unlink()
    refused(copy, "movierec train")


def test_unlisted_extra_files_are_ignored(copy):
    (copy / "notes.txt").write_text("mine")
    (copy / "model" / "evaluation.json").write_text("{}")
    assert Served.load(copy).catalog.film_list


@given(st.one_of(st.text(max_size=300), st.lists(st.sampled_from(["..", ".", "a" * 256, "\x00", "\ud800", "/", "~",
                                                                   "proc", "dev", "artifacts"]), max_size=8).map("/".join)))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_requested_path_loads_or_is_one_artifacts_error(text):
    """Whatever a reload body names: a verified version or an ArtifactsError, never another exception."""
    try:
        Served.load(text)
    except ArtifactsError as error:
        assert str(error).strip()


def test_the_served_model_maps_its_verified_files(copy):
    """Serving maps the model's arrays (pages shared between workers) instead of reading copies."""
    served = Served.load(copy)
    arrays = served.model.arrays()
    assert set(arrays) == {path.stem for path in (copy / "model").glob("*.npy")}
    for name, array in arrays.items():
        if array.size:
            assert type(array) is np.ndarray and isinstance(array.base, np.memmap), name
            assert not array.flags.writeable, name


def test_retraining_never_changes_the_pages_a_server_maps(copy):
    """save() writes new files and renames them over the old ones: a server that maps the old
    version keeps reading it unchanged (writing in place would change it, or truncate it: SIGBUS)."""
    from movierec.recommend import RecommenderModel

    served = Served.load(copy)
    before = {name: np.array(array) for name, array in served.model.arrays().items()}
    model = served.model
    RecommenderModel(model.ids, model.neighbours[:, ::-1], model.scores * 0, model.reasons, model.users,
                     model.meta).save(copy / "model")
    assert not np.array_equal(np.load(copy / "model" / "neighbours.npy"), before["neighbours"])
    for name, array in served.model.arrays().items():
        assert np.array_equal(array, before[name]), name


def test_an_extras_table_missing_a_film_is_refused(copy):
    extras = pd.read_parquet(copy / "extras.parquet")
    rewrite_table(copy, "extras", extras.iloc[1:])
    refused(copy, "extras.parquet")  # its row count is no longer the movies' count
    extras = extras.assign(movie_id=extras["movie_id"].where(extras.index != 0, extras["movie_id"].max() + 1))
    rewrite_table(copy, "extras", extras)
    refused(copy, "índice del catálogo")
    index_refused(copy, "extras.parquet", "una fila por película")


def test_an_extras_table_with_the_wrong_type_is_refused(copy):
    extras = pd.read_parquet(copy / "extras.parquet")
    rewrite_table(copy, "extras", extras.assign(poster_path=1))
    refused(copy, "índice del catálogo")
    with pytest.raises(ArtifactsError, match="poster_path.*extras.parquet"):
        verify_artifacts(copy)


def rewrite_index_array(directory, name, array):
    """Replace one array of the catalog index and make the manifest agree."""
    path = directory / "catalog" / f"{name}.npy"
    np.save(path, array)
    manifest = manifest_of(directory)
    manifest["outputs"][f"catalog/{name}.npy"]["sha256"] = sha256_of(path)
    (directory / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize(("name", "change"), [
    ("title.rows", lambda rows: rows + len(rows) * 10),           # rows past the films
    ("actor.rows", lambda rows: -rows - 1),                       # negative rows
    ("film.title.ends", lambda ends: ends[::-1].copy()),          # offsets that run backwards
    ("film.card.ends", lambda ends: ends.astype(np.int32)),        # offsets of another type
    ("film.year", lambda years: years[:-1]),                       # a film column one short
    ("film.id", lambda ids: np.where(np.arange(len(ids)) == 1, ids[0], ids)),  # a repeated id
    ("genre.codes", lambda codes: codes + 1000),                   # genres that do not exist
    ("count.month", lambda counts: counts[:12]),
    ("film.popularity", lambda values: values.astype("U8")),       # texts where numbers go
    ("film.id_order", lambda rows: rows.astype(">i4")),             # right values, other byte order
])
def test_a_damaged_catalog_index_is_refused(copy, name, change):
    rewrite_index_array(copy, name, change(np.load(copy / "catalog" / f"{name}.npy")))
    refused(copy, "índice del catálogo")


def test_a_missing_catalog_index_array_is_refused(copy):
    manifest = manifest_of(copy)
    del manifest["outputs"]["catalog/people.acted.npy"]
    (copy / "manifest.json").write_text(json.dumps(manifest))
    refused(copy, "índice del catálogo", "people.acted")


def test_the_served_catalog_maps_its_index(copy):
    """The catalog's arrays are the index's files mapped, not copies each worker would own."""
    catalog = Served.load(copy).catalog
    for array in (catalog.film_list.ids, catalog.people.acted, catalog.actors.film_rows, catalog.cards.blob):
        assert isinstance(array.base, np.memmap) and not array.flags.writeable
