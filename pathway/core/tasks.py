"""The retry policy every Celery task shares. Tasks take ids (or nothing), call a service and own
the retries; they keep the names they were first queued under ("pathway.tasks.…"), which the
periodic-task rows in the database refer to."""

RETRY = {
    "autoretry_for": (Exception,),
    "retry_backoff": 30,
    "retry_backoff_max": 15 * 60,
    "retry_jitter": True,
    "max_retries": 5,
}
