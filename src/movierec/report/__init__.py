"""EDA report: figures of the curated artifacts assembled into one self-contained HTML file."""

from movierec.report.build import build_report, release_counts
from movierec.report.data import ReportError

__all__ = ["build_report", "release_counts", "ReportError"]
