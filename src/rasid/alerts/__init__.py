"""Alerts: saved searches that tell an analyst when a matching event appears or changes.

A saved search (``search``) uses the filters of ``GET /api/events``. When a write
transaction changes events, ``outbox.queue_messages`` matches them against every alert,
after fusion, and writes a message for each event newly matching and for each change in
what an alert shows of one (``shown``), in that same transaction. ``deliver`` takes the
messages out by webhook and email, with retries and a dead-letter state; ``render`` writes
them in Arabic or English, and the Atom feed of each alert.
"""
