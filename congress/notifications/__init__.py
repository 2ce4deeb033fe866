"""Notifications: an outbox written in the same transaction as the change that causes it, delivered
by a Celery worker. Apps call ``congress.notifications.services.notify``."""
