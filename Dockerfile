FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# collectstatic needs settings but no real secrets, and connects to no Redis.
RUN DJANGO_SECRET_KEY=build DJANGO_ALLOWED_HOSTS=localhost REDIS_URL=redis://build/1 python manage.py collectstatic --noinput
# media/: imported garden images, on the `media` volume (docker-compose.yml), written by the worker as `app`.
RUN useradd --create-home app && mkdir -p media && chown app media
USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--threads", "4", "--worker-class", "gthread"]
