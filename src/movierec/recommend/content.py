"""Content features: one L2-normalised vector per film from what describes it.

Each field is its own TF-IDF block (overview and tagline words; genre, collection, cast,
director, company and keyword tokens), normalised and weighted, so a long overview cannot drown
the collection token and a weight means the same for every film. Cosine = dot product.

Genres are kept apart from the other ("sparse") fields: a genre is shared by thousands of
films, so it would make every sparse product dense. Films with the same genre set share
one genre direction, so the genre part of a cosine is a_i · a_j · T[p_i, p_j] with a
small table T over the distinct genre sets.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

# Block weights, checked on the validation users (hybrid nDCG@5 and the collection share,
# never the held-out test users): a heavy collection block keeps sequels together; a light
# genre block stops "same genres" from flooding the list. Other choices moved nDCG < 0.005.
FIELD_WEIGHTS = {
    "text": 1.0,
    "genres": 0.3,
    "collection": 2.0,
    "cast": 0.5,
    "director": 0.5,
    "companies": 0.3,
    "keywords": 0.5,
}
# keywords (TMDB, where the ETL read them; scripts/keyword_weight.py): on the validation users of each
# of the evaluation's five folds (bundled sample, 2,397 of 7,575 films with keywords), weights 0 / 0.3 / 0.5 / 1.0 gave content-only
# nDCG@5 0.1043 / 0.1045 / 0.1063 / 0.1066 and hybrid 0.4301 / 0.4299 / 0.4296 / 0.4289: content gains
# most of what it can by 0.5, and the hybrid does not move beyond noise.
TOP_CAST = 3
MAX_WORD_SHARE = 0.02  # words in more than 2% of the films tell films apart poorly (and cost most)


@dataclass
class ContentFeatures:
    """cosine(i, j) = sparse[i]·sparse[j] + genre_scale[i]·genre_scale[j]·genre_table[p_i, p_j].

    (Up to float rounding: ranking.py fixes the order of the float32 operations.)
    """

    sparse: sparse.csr_matrix     # n × features, everything but genres, already scaled
    genre_scale: np.ndarray       # float32[n]: weight of the genre block in the film's unit vector
    genre_set: np.ndarray         # int32[n]: index p of the film's genre set
    genre_vectors: np.ndarray     # float32[P, genres]: unit one-hot vector of each genre set

    def __post_init__(self):
        self.genre_table = self.genre_vectors @ self.genre_vectors.T   # float32[P, P]: cosine between sets

    def matrix(self) -> sparse.csr_matrix:
        """The whole n × features matrix (unit rows), for checks and the dense baseline."""
        genre = sparse.diags(self.genre_scale) @ sparse.csr_matrix(self.genre_vectors[self.genre_set])
        return sparse.hstack([self.sparse, genre], format="csr", dtype=np.float32)


def split_names(movies: pd.DataFrame, column: str) -> pd.DataFrame:
    """(row, token) pairs of a '|'-joined names column."""
    lists = movies[column].fillna("").str.split("|")
    frame = pd.DataFrame({"row": np.arange(len(movies)).repeat(lists.str.len().to_numpy()),
                          "token": lists.explode().to_numpy()})
    return frame[frame["token"] != ""]


def film_tokens(movies: pd.DataFrame, cast: pd.DataFrame, crew: pd.DataFrame,
                keywords: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Token pairs (row, token) per token field; `row` is the film's position in `movies`."""
    row_of = pd.Series(np.arange(len(movies)), index=movies["id"].to_numpy())

    def people(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame[frame["movie_id"].isin(row_of.index)]
        key = frame["person_id"].astype("string").fillna("n:" + frame["name"].fillna(""))
        return pd.DataFrame({"row": row_of[frame["movie_id"]].to_numpy(), "token": key.to_numpy()})

    leading = cast[cast["order"].notna()].sort_values(["movie_id", "order"], kind="stable")
    leading = leading.groupby("movie_id", sort=False).head(TOP_CAST)
    collection = movies["collection_id"]
    has_collection = collection.notna().to_numpy()
    return {
        "collection": pd.DataFrame({"row": np.flatnonzero(has_collection),
                                    "token": collection[has_collection].astype("int64").astype(str).to_numpy()}),
        "cast": people(leading),
        "director": people(crew[crew["job"] == "Director"]),
        "companies": split_names(movies, "production_companies"),
        "keywords": keyword_tokens(keywords, row_of),
    }


def keyword_tokens(keywords: pd.DataFrame | None, row_of: pd.Series) -> pd.DataFrame:
    """(row, keyword id) pairs of the films in the catalog; none without a keywords table."""
    if keywords is None or keywords.empty:
        return pd.DataFrame({"row": np.zeros(0, dtype=np.int64), "token": np.zeros(0, dtype=str)})
    keywords = keywords[keywords["movie_id"].isin(row_of.index)]
    return pd.DataFrame({"row": row_of[keywords["movie_id"]].to_numpy(),
                         "token": keywords["keyword_id"].astype("int64").astype(str).to_numpy()})


def token_block(pairs: pd.DataFrame, n_rows: int) -> sparse.csr_matrix:
    """Binary film × token matrix weighted by smoothed idf, rows L2-normalised."""
    pairs = pairs.drop_duplicates()
    codes, _ = pd.factorize(pairs["token"], sort=True)
    n_tokens = int(codes.max()) + 1 if len(codes) else 0
    if not n_tokens:   # e.g. no keywords table: an empty block (sklearn cannot normalise zero columns)
        return sparse.csr_matrix((n_rows, 0), dtype=np.float32)
    matrix = sparse.csr_matrix(
        (np.ones(len(codes), dtype=np.float32), (pairs["row"].to_numpy(), codes)), shape=(n_rows, n_tokens)
    )
    df = np.bincount(codes, minlength=n_tokens)
    idf = (np.log((1 + n_rows) / (1 + df)) + 1).astype(np.float32)
    return normalize(matrix @ sparse.diags(idf), copy=False).astype(np.float32)


def text_block(movies: pd.DataFrame) -> sparse.csr_matrix:
    """TF-IDF of overview + tagline; words of a single film or of many films are dropped."""
    text = (movies["overview"].fillna("") + " " + movies["tagline"].fillna("")).str.strip()
    vectorizer = TfidfVectorizer(stop_words="english", min_df=2, max_df=MAX_WORD_SHARE,
                                 sublinear_tf=True, dtype=np.float32)
    try:
        return vectorizer.fit_transform(text).tocsr()
    except ValueError:  # no word survives (tiny or empty catalog)
        return sparse.csr_matrix((len(movies), 0), dtype=np.float32)


def genre_sets(movies: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each film's genre-set index, and the unit one-hot vector of every distinct set."""
    key = movies["genres"].fillna("").str.split("|").map(lambda names: "|".join(sorted(set(names) - {""})))
    codes, sets = pd.factorize(key, sort=True)
    names = sorted({name for s in sets for name in s.split("|") if name})
    column = {name: i for i, name in enumerate(names)}
    onehot = np.zeros((len(sets), len(names)), dtype=np.float32)
    for p, s in enumerate(sets):
        for name in filter(None, s.split("|")):
            onehot[p, column[name]] = 1.0
    return codes.astype(np.int32), normalize(onehot).astype(np.float32)


def content_features(movies: pd.DataFrame, cast: pd.DataFrame, crew: pd.DataFrame,
                     keywords: pd.DataFrame | None = None, weights: dict[str, float] | None = None) -> ContentFeatures:
    """The weighted blocks, scaled together so each film's whole vector has unit length."""
    weights = FIELD_WEIGHTS if weights is None else weights
    n = len(movies)
    blocks = [text_block(movies) * np.float32(weights["text"])]
    blocks += [token_block(pairs, n) * np.float32(weights[name])
               for name, pairs in film_tokens(movies, cast, crew, keywords).items()]
    rest = sparse.hstack(blocks, format="csr", dtype=np.float32)
    genre_set, unit_sets = genre_sets(movies)
    genre_norm = np.where(np.linalg.norm(unit_sets, axis=1)[genre_set] > 0, np.float32(weights["genres"]), 0)
    total = np.sqrt(np.asarray(rest.multiply(rest).sum(axis=1)).ravel() + genre_norm ** 2)
    inverse = np.divide(1.0, total, out=np.zeros_like(total), where=total > 0).astype(np.float32)
    return ContentFeatures(
        sparse=(sparse.diags(inverse) @ rest).tocsr().astype(np.float32),
        genre_scale=(genre_norm * inverse).astype(np.float32),
        genre_set=genre_set,
        genre_vectors=unit_sets,
    )
