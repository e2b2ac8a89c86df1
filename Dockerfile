# syntax=docker/dockerfile:1
# check=skip=SecretsUsedInArgOrEnv
# (The only "secret" ARG below is a throwaway key for collectstatic in the
# builder stage, which is never shipped.)
#
# The portal's production image: gunicorn on :8000, static files served by
# WhiteNoise, media under /data/media (mount a volume there).
#   docker build -t ogp-portal .
# Migrations are not run here: compose.yaml has a one-shot `migrate` service.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---------------------------------------------------------------------------
# Builder: the virtualenv, compiled translations and collected static files.
# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH

# gettext: msgfmt for compilemessages.
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext \
 && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv

# Dependencies first, in their own layer: pyproject has
# `[tool.setuptools] packages = []`, so installing "." installs only the
# pinned dependencies (plus an empty ogp-portal distribution). Built in
# /build so that build/ and *.egg-info do not end up in /app.
WORKDIR /build
COPY pyproject.toml constraints.txt ./
RUN pip install -c constraints.txt .

WORKDIR /app
COPY . .

# DEBUG=0 so collectstatic uses WhiteNoise's CompressedManifestStaticFilesStorage,
# which the runtime (also DEBUG=0) expects; settings then require a secret key.
ARG DJANGO_SECRET_KEY=build-only-collectstatic-not-a-real-secret-0123456789abcdef
RUN DJANGO_DEBUG=0 python manage.py compilemessages -v 0 \
 && DJANGO_DEBUG=0 python manage.py collectstatic --no-input -v 0 \
 && python -m compileall -q -j 0 /app

# ---------------------------------------------------------------------------
# Runtime
# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

# WeasyPrint's runtime libraries (Pango, HarfBuzz, fontconfig) and fonts,
# Amiri for Arabic. fc-cache as root so the non-root user needs no cache.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
      fontconfig fonts-dejavu-core fonts-hosny-amiri \
 && rm -rf /var/lib/apt/lists/* \
 && fc-cache -f

# Non-root user without a login shell. Its home holds gunicorn's control
# socket ($HOME/.gunicorn); /app stays root-owned and read-only to it; only
# the media directory is writable. A new named volume mounted on /data/media
# inherits this directory's ownership.
RUN groupadd --gid 10001 app \
 && useradd --no-log-init --uid 10001 --gid 10001 --create-home --home-dir /home/app \
      --shell /usr/sbin/nologin app \
 && mkdir -p /data/media \
 && chown 10001:10001 /data/media

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=ogp_portal.settings \
    MEDIA_ROOT=/data/media \
    WEB_CONCURRENCY=3

COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /app /app

WORKDIR /app
USER 10001:10001
EXPOSE 8000

# No curl in the image: python's urllib. The Host header is the first entry
# of DJANGO_ALLOWED_HOSTS (else 400 DisallowedHost), and X-Forwarded-Proto:
# https stands in for the TLS proxy (else SECURE_SSL_REDIRECT answers 301).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request as u; hosts = [h.strip().lstrip('.') for h in os.environ.get('DJANGO_ALLOWED_HOSTS', '').split(',') if h.strip() not in ('', '*')]; r = u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': (hosts or ['localhost'])[0], 'X-Forwarded-Proto': 'https'}), timeout=4); raise SystemExit(0 if r.status == 200 else 1)"]

# Workers: gunicorn reads WEB_CONCURRENCY itself (default 3, set above).
CMD ["gunicorn", "ogp_portal.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--access-logfile", "-", \
     "--worker-tmp-dir", "/dev/shm"]
