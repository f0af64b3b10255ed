# goenv-ls in a container (the checker; the language server works too with `--stdio`):
#   docker build -t goenv-ls .
#   docker run --rm -v "$PWD:/src:ro" goenv-ls --check .
FROM python:3.12-slim

COPY pyproject.toml README.md /tmp/goenv-ls/
COPY server /tmp/goenv-ls/server
COPY rules /tmp/goenv-ls/rules
RUN python -m pip install --no-cache-dir /tmp/goenv-ls \
    && rm -rf /tmp/goenv-ls \
    && groupadd --gid 10001 goenv \
    && useradd --create-home --uid 10001 --gid 10001 goenv

USER 10001:10001
WORKDIR /src
ENTRYPOINT ["goenv-ls"]
CMD ["--check", "."]
