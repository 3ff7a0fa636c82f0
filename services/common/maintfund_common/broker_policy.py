"""The broker policy the service queues need, which declaration arguments cannot give an existing queue.

Quorum queues dead-letter at most once by default: a message whose delivery limit ran out (main queue
-> DLQ) or whose retry delay expired (retry queue -> main queue) is dropped when the target does not
take it at that moment, and the copy it would have updated stays wrong. With at-least-once
dead-lettering the source queue keeps the message until the target confirms it; RabbitMQ (3.10+)
requires ``overflow: reject-publish`` for that (with drop-head it falls back to at most once). The DLQs
dead-letter nowhere, so the policy leaves them alone. Policies do not merge: the matching policy with the
highest priority is a queue's only policy, so this one carries everything the queues take from a policy
(their dead-letter targets, TTL and delivery limit are declaration arguments).

    python -m maintfund_common.broker_policy     # for AMQP_URL's vhost: rabbitmqctl locally, or the
                                                # management API when RABBITMQ_MANAGEMENT_URL is set
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request

POLICY_NAME = "maintfund-queues"
PRIORITY = 10
DEFINITION: dict[str, str] = {"dead-letter-strategy": "at-least-once", "overflow": "reject-publish"}
DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/%2F"


def queue_pattern() -> str:
    """Every consuming queue (``<service>.<purpose>``: ``deposit.events``, ``invoice.issue``) and its retry
    queue (both dead-letter), not the DLQs (``….dlq``): by the naming rule, so no service is named here."""
    return r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*(\.retry)?$"


def vhost_of(amqp_url: str) -> str:
    path = urllib.parse.urlsplit(amqp_url).path
    return urllib.parse.unquote(path[1:]) if len(path) > 1 else "/"


def apply_with_rabbitmqctl(vhost: str) -> None:
    """On the broker's own host (local runs, tests); idempotent: set_policy replaces a policy."""
    subprocess.run(  # noqa: S603 - fixed arguments; the vhost is our own configuration
        [  # noqa: S607 - rabbitmqctl from the broker host's PATH
            "rabbitmqctl",
            "-q",
            "set_policy",
            "-p",
            vhost,
            "--priority",
            str(PRIORITY),
            "--apply-to",
            "queues",
            POLICY_NAME,
            queue_pattern(),
            json.dumps(DEFINITION),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )


def apply_with_management_api(base_url: str, vhost: str, user: str, password: str) -> None:
    """From anywhere the management API is reachable (the Kubernetes Job); PUT is idempotent."""
    url = f"{base_url.rstrip('/')}/api/policies/{urllib.parse.quote(vhost, safe='')}/{POLICY_NAME}"
    body = {"pattern": queue_pattern(), "definition": DEFINITION, "priority": PRIORITY, "apply-to": "queues"}
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="PUT")  # noqa: S310
    request.add_header("Content-Type", "application/json")
    request.add_header("Authorization", "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode())
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - the configured broker
        if response.status not in (200, 201, 204):
            raise RuntimeError(f"management API answered {response.status}")


def main() -> int:
    vhost = vhost_of(os.environ.get("AMQP_URL", DEFAULT_AMQP_URL))
    management = os.environ.get("RABBITMQ_MANAGEMENT_URL", "")
    if management:
        apply_with_management_api(
            management,
            vhost,
            os.environ["RABBITMQ_MANAGEMENT_USER"],
            os.environ["RABBITMQ_MANAGEMENT_PASSWORD"],
        )
    else:
        apply_with_rabbitmqctl(vhost)
    print(f"policy {POLICY_NAME} on vhost {vhost}: {queue_pattern()} -> {json.dumps(DEFINITION)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
