# movierec: API + recommender, artifacts built at image build time from the bundled sample.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PORT=8000

WORKDIR /app
RUN useradd --create-home --uid 10001 movierec

COPY pyproject.toml requirements.lock README.md ./
COPY src ./src
COPY data ./data
# a regular (non-editable) install: nothing is read from /app/src at run time
RUN pip install -c requirements.lock . && rm -rf build src

# the EDA report the page links to (/reporte) is built here too, at its default path (reports/eda.html)
RUN movierec etl --out /app/artifacts/sample \
 && movierec train --artifacts /app/artifacts/sample \
 && movierec report --artifacts /app/artifacts/sample \
 && chown -R movierec /app/artifacts /app/reports

USER movierec
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('PORT', '8000'), timeout=4)"

CMD ["movierec", "serve", "--artifacts", "/app/artifacts/sample", "--host", "0.0.0.0"]
