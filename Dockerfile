FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=congress.settings.production

# WeasyPrint needs Pango; PDFs and posters need CJK fonts; translations need gettext.
# `manage.py backup` needs pg_dump/pg_restore of the server's major version (16); Debian 12 carries
# 15, so the client comes from the PostgreSQL project's own apt repository (PGDG), signed by its key.
# A site with an internal mirror sets PGDG_MIRROR.
ARG PGDG_MIRROR=https://apt.postgresql.org/pub/repos/apt
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl gnupg \
 && install -d /usr/share/postgresql-common/pgdg \
 && curl -fsSL https://www.postgresql.org/media/keys/ACCC4CF8.asc \
    | gpg --dearmor -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.gpg \
 && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.gpg] ${PGDG_MIRROR} bookworm-pgdg main" \
    > /etc/apt/sources.list.d/pgdg.list \
 && apt-get update \
 && apt-get install -y --no-install-recommends gettext fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 libjpeg62-turbo shared-mime-info postgresql-client-16 \
 && apt-get purge -y gnupg && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
RUN python -c "import tomllib; p=tomllib.load(open('pyproject.toml','rb'))['project']; print('\n'.join(p['dependencies']))" > /tmp/requirements.txt \
 && pip install --no-cache-dir -r /tmp/requirements.txt
COPY . .
# Collect static files and compile translations at build time (a throw-away key is enough here).
RUN DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=build python scripts/i18n.py compile \
 && DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=build python manage.py collectstatic --noinput -v 0

RUN useradd --create-home --uid 1000 congress && mkdir -p /app/var && chown -R congress /app/var
USER congress
EXPOSE 8000
CMD ["gunicorn", "--config", "python:congress.gunicorn_conf", "congress.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
