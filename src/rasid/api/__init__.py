"""The HTTP API (FastAPI; OpenAPI at /docs) and the dashboard it serves.

Read: ``/api/events`` (filters, sorting, cursor pages, ``format=`` for every export),
``/api/events/{id}``, ``/api/articles/{doc_id}``, ``/api/stats``, ``/api/health``.
Write: ``POST /api/articles`` runs the pipeline on one article or a batch and stores them;
it needs an API key (``rasid apikey create``) in the ``X-API-Key`` header. Every error is
JSON: ``{"error": {"status": 4xx, "message": "..."}}``.
"""
from rasid.api.app import create_app

__all__ = ["create_app"]
