"""Pages of coaching and mentoring, one module per area."""
