"""Taking alert messages out: each due delivery is leased, sent by its channel, and settled:
delivered, tried again after a pause that doubles each time, or dead after too many
failures (listed by ``rasid alert deliveries --dead`` and the API, and sent again by
``rasid alert retry``). A webhook gets the JSON of ``render.webhook_body`` signed with
HMAC-SHA256 of the alert's secret and an idempotency key (``X-Rasid-Delivery``) that stays
the same when a delivery is sent again, so a receiver takes each message once; an email goes
through the SMTP server of ``SmtpSettings``. A digest alert's due messages go as one.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import smtplib
import ssl
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from rasid.alerts.render import email, webhook_body
from rasid.errors import FetchError, RasidError
from rasid.ingest.http import post
from rasid.store.alerts import Due

log = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Rasid-Signature"  # sha256=<hex HMAC-SHA256 of the body with the alert's secret>
KEY_HEADER = "X-Rasid-Delivery"  # the idempotency key: the same each time a delivery is sent again
SENDERS = 8  # webhook calls and SMTP sessions at once


class NotConfigured(RasidError):
    """A channel with no way out: an email alert with no SMTP server set."""

    code = "not_configured"


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """Where emails go (``from_env``: RASID_SMTP_HOST, _PORT, _STARTTLS, _USER, _PASSWORD, _FROM)."""

    host: str
    port: int = 587
    starttls: bool = True
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str = "rasid@localhost"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> SmtpSettings | None:
        env = os.environ if env is None else env
        if not env.get("RASID_SMTP_HOST"):
            return None
        return cls(env["RASID_SMTP_HOST"], int(env.get("RASID_SMTP_PORT") or 587),
                   (env.get("RASID_SMTP_STARTTLS") or "1").lower() not in ("0", "no", "false"),
                   env.get("RASID_SMTP_USER") or None, env.get("RASID_SMTP_PASSWORD") or None,
                   env.get("RASID_SMTP_FROM") or "rasid@localhost")


@dataclass(frozen=True, slots=True)
class DeliveryOptions:
    retry_base: float = 30.0  # seconds before the first retry; each later one waits twice as long
    max_attempts: int = 8  # failures after which a delivery is dead
    lease: float = 120.0  # seconds a deliverer holds what it took
    batch: int = 100
    timeout: float = 10.0  # seconds for one webhook call or one SMTP session
    allow_private_hosts: bool = False  # webhooks to loopback and private addresses (a desk's intranet)
    allow_networks: tuple[str, ...] = ()
    public_url: str = ""  # rasid's address as its users reach it, for links to the dashboard (RASID_PUBLIC_URL)
    smtp: SmtpSettings | None = None

    @classmethod
    def from_env(cls, **options: object) -> DeliveryOptions:
        """``options``, with the SMTP server and rasid's public address from the environment."""
        return cls(**{"public_url": os.environ.get("RASID_PUBLIC_URL", ""), "smtp": SmtpSettings.from_env(),
                      **options})


@dataclass
class DeliveryReport:
    delivered: int = 0
    failed: int = 0
    dead: int = 0


def signature(secret: str, body: bytes) -> str:
    """The value of ``SIGNATURE_HEADER``: what a receiver computes to trust a body."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


class Deliverer:
    """Delivers what is due, once (``deliver_due``) or until stopped (``run``)."""

    def __init__(self, store, options: DeliveryOptions = DeliveryOptions()) -> None:  # noqa: ANN001 (a Store)
        self.store, self.options = store, options

    def deliver_due(self) -> DeliveryReport:
        """Send what is due now: taken in one transaction, sent side by side, settled in one."""
        report = DeliveryReport()
        taken = self.store.lease_deliveries(self.options.batch, timedelta(seconds=self.options.lease))
        if not taken:
            return report
        groups = _groups(taken)
        with ThreadPoolExecutor(min(SENDERS, len(groups))) as pool:
            errors = list(pool.map(self._attempt, groups))
        outcomes = []
        for group, error in zip(groups, errors):
            for due in group:
                next_at = None
                if error is not None and due.attempts + 1 < self.options.max_attempts:
                    pause = self.options.retry_base * 2 ** due.attempts
                    next_at = datetime.now(timezone.utc) + timedelta(seconds=pause)
                outcomes.append((due.id, error, next_at))
                if error is None:
                    report.delivered += 1
                elif next_at is None:
                    report.dead += 1
                    log.warning("delivery %d of alert %d is dead after %d attempts: %s", due.id,
                                due.alert["id"], due.attempts + 1, error)
                else:
                    report.failed += 1
        self.store.settle_deliveries(outcomes)
        return report

    def _attempt(self, group: list[Due]) -> str | None:
        """Send one group; what went wrong, or None."""
        try:
            self._send(group)
        except (FetchError, NotConfigured, OSError, smtplib.SMTPException) as exc:
            return f"{type(exc).__name__}: {exc}"
        return None

    def run(self, stop: threading.Event, poll: float = 1.0) -> None:
        """Deliver until ``stop`` is set, looking for due deliveries every ``poll`` seconds."""
        while not stop.is_set():
            try:
                report = self.deliver_due()
            except Exception:  # a store that is briefly away must not end the deliverer
                log.exception("delivering alerts failed; trying again")
                report = DeliveryReport()
            if not (report.delivered or report.failed or report.dead):
                stop.wait(poll)

    def _send(self, group: list[Due]) -> None:
        alert, messages = group[0].alert, [due.message for due in group]
        if group[0].channel == "webhook":
            body = webhook_body(alert, messages, self.options.public_url)
            key = messages[0]["key"] if len(messages) == 1 else hashlib.sha256(
                "+".join(m["key"] for m in messages).encode()).hexdigest()[:40]
            headers = {"Content-Type": "application/json; charset=utf-8", KEY_HEADER: key}
            if alert.get("webhook_secret"):
                headers[SIGNATURE_HEADER] = signature(alert["webhook_secret"], body)
            post(alert["webhook_url"], body, headers, timeout=self.options.timeout,
                 allow_private_hosts=self.options.allow_private_hosts, allow_networks=self.options.allow_networks)
        else:
            self._email(alert, messages)

    def _email(self, alert: dict, messages: list[dict]) -> None:
        smtp = self.options.smtp
        if smtp is None:
            raise NotConfigured("no SMTP server: set RASID_SMTP_HOST (and _PORT, _STARTTLS, _USER, _PASSWORD, _FROM)")
        text = email(alert, messages, self.options.public_url)
        mail = EmailMessage()
        mail["Subject"], mail["From"], mail["To"] = text.subject, smtp.sender, alert["email_to"]
        mail["Date"], mail["Message-ID"] = formatdate(localtime=False), make_msgid(domain="rasid")
        mail["X-Rasid-Delivery"] = "+".join(m["key"] for m in messages)
        mail.set_content(text.text)
        with smtplib.SMTP(smtp.host, smtp.port, timeout=self.options.timeout) as server:
            if smtp.starttls:
                server.starttls(context=ssl.create_default_context())
            if smtp.user:
                server.login(smtp.user, smtp.password or "")
            server.send_message(mail)


@contextmanager
def delivering(store, options: DeliveryOptions, poll: float = 1.0) -> Iterator[None]:  # noqa: ANN001 (a Store)
    """A deliverer in a thread for as long as the block runs (``rasid serve``, ``rasid watch``)."""
    stop = threading.Event()
    thread = threading.Thread(target=Deliverer(store, options).run, args=(stop, poll), daemon=True,
                              name="rasid-deliverer")
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(options.timeout + 5)


def _groups(taken: list[Due]) -> list[list[Due]]:
    """One group per digest alert and channel; one per delivery otherwise."""
    groups: dict[tuple, list[Due]] = {}
    for due in taken:
        key = (due.alert["id"], due.channel) if due.alert["digest_minutes"] else (due.id,)
        groups.setdefault(key, []).append(due)
    return list(groups.values())
