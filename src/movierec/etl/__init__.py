"""ETL stage: raw CSVs → validated, curated Parquet tables, quarantine and manifest."""
