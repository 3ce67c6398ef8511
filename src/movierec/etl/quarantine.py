"""Quarantine records: a rejected raw row with its original fields and the reason."""

from collections import Counter


class RowRejected(Exception):
    """Raised while validating a row; the argument is the quarantine reason."""


def quarantined(record: dict, reason: str) -> dict:
    """Quarantine entry for a raw record (which carries its 1-based "source_row")."""
    fields = {key: value for key, value in record.items() if key != "source_row"}
    return {"source_row": int(record["source_row"]), "reason": reason, "fields": fields}


def count_reasons(entries: list[dict]) -> dict[str, int]:
    return dict(Counter(entry["reason"] for entry in entries))
