"""Title search against a brute-force reference that states the contract in a few lines."""

import random

import pytest

from movierec.lookup import TitleSearch

ALPHABET = ["a", "b", "n", "ñ", "é", " ", "\U0010ffff", "1"]


def reference(keys: list[str], query: str, limit: int) -> list[int]:
    """Keys that start with the query, then with a word that starts with it, then containing it."""
    groups = [
        [p for p, key in enumerate(keys) if key.startswith(query)],
        [p for p, key in enumerate(keys) if any(key[i + 1:].startswith(query) for i, ch in enumerate(key) if ch == " ")],
        [p for p, key in enumerate(keys) if query in key],
    ]
    return list(dict.fromkeys(position for group in groups for position in group))[:limit]


def random_key(rng: random.Random) -> str:
    words = ["".join(rng.choices(ALPHABET[:4] + ALPHABET[5:], k=rng.randint(1, 4)))
             for _ in range(rng.randint(1, 4))]
    return " ".join(words) + (rng.choice(["", "\U0010ffff"]))


@pytest.mark.parametrize("seed", range(5))
def test_search_matches_the_reference(seed):
    rng = random.Random(seed)
    keys = [random_key(rng) for _ in range(300)]
    search = TitleSearch(keys)
    queries = {key[:rng.randint(1, len(key))] for key in rng.sample(keys, 40)}
    queries |= {"".join(rng.choices(ALPHABET, k=rng.randint(1, 3))) for _ in range(60)}
    for query in sorted(q for q in queries if q.strip() == q and q):
        for limit in (1, 10, 50):
            assert search.find(query, limit) == reference(keys, query, limit), (query, limit)


def test_prefix_groups_come_before_substrings():
    search = TitleSearch(["a toy story", "toy story", "story of toys", "the toys"])
    assert search.find("toy", 10) == [1, 0, 2, 3]
    assert search.find("oy", 10) == [0, 1, 2, 3]
    assert search.find("zzz", 10) == []
