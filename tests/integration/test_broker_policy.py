"""At-least-once dead-lettering is in force on the real broker (the policy ensure_vhost applies, as
`make run` and the Kubernetes Job do): the consuming queues and their retry queues carry it, the DLQs
do not, and the broker really keeps a dead-lettered message until its target takes it."""

from __future__ import annotations

import json
import subprocess
import time

import devctl
import pika
import pytest

from maintfund_common import broker_policy
from maintfund_common.messaging import connection_parameters, declare_topology

pytestmark = pytest.mark.integration


def _json(*args: str) -> list[dict]:
    out = subprocess.run(
        ["rabbitmqctl", "-q", *args, "--formatter", "json"], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out)


def effective(vhost: str) -> dict[str, tuple[str, dict]]:
    """queue -> (its policy, that policy's definition); RabbitMQ 3.10 has no effective_policy_definition
    column, and one policy applies to a queue, so its definition is the effective one."""
    policies = {p["name"]: json.loads(p["definition"]) for p in _json("list_policies", "-p", vhost)}
    queues = _json("list_queues", "-p", vhost, "name", "policy")
    return {q["name"]: (q["policy"], policies.get(q["policy"], {})) for q in queues}


def test_policy_is_effective_on_the_declared_queues(amqp_url: str) -> None:
    vhost = broker_policy.vhost_of(amqp_url)
    broker_policy.apply_with_rabbitmqctl(vhost)  # idempotent: a second application changes nothing
    # every consumer of the suite declares its queue from its handler map, as `make run` does
    mains = devctl.declare_queues(AMQP_URL=amqp_url)
    assert {"identity.events", "deposit.events", "invoice.events", "invoice.issue"} <= set(mains)
    queues = effective(vhost)
    for main in mains:
        for name in (main, f"{main}.retry"):
            policy, definition = queues[name]
            assert policy == broker_policy.POLICY_NAME, name
            assert definition.get("dead-letter-strategy") == "at-least-once", name
            assert definition.get("overflow") == "reject-publish", name
        assert queues[f"{main}.dlq"][0] in ("", None), f"{main}.dlq dead-letters nowhere: no policy"


def held_for_dead_lettering(vhost: str, queue: str) -> int:
    """Messages a quorum queue has dead-lettered but keeps until the target confirms (at least once)."""
    expr = (
        f'{{ok, Q}} = rabbit_amqqueue:lookup(rabbit_misc:r(<<"{vhost}">>, queue, <<"{queue}">>)), '
        "{Name, _} = amqqueue:get_pid(Q), "
        "{ok, {_, O}, _} = ra:local_query({Name, node()}, fun rabbit_fifo:overview/1), "
        "maps:get(num_discarded, O) + maps:get(num_discard_checked_out, O)."
    )
    out = subprocess.run(["rabbitmqctl", "-q", "eval", expr], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def test_a_dead_lettered_message_waits_for_its_target(amqp_url: str) -> None:
    """A retry queue's expired message whose target is gone is kept by the retry queue (at most once
    would drop it); the broker sends it again once the target is back."""
    vhost = broker_policy.vhost_of(amqp_url)
    retry, target = "deposit.events.retry", "deposit.events"
    connection = pika.BlockingConnection(connection_parameters(amqp_url))
    channel = connection.channel()
    channel.confirm_delivery()
    deposit_events = {target: ("maintfund.events.v1.HouseRegistered",)}
    declare_topology(channel, deposit_events)  # retry delay 2 s
    before = held_for_dead_lettering(vhost, retry)
    channel.queue_delete(target)  # the dead-letter target is unavailable
    try:
        channel.basic_publish("", retry, b"held", pika.BasicProperties(delivery_mode=2), mandatory=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and held_for_dead_lettering(vhost, retry) <= before:
            time.sleep(0.5)
        assert held_for_dead_lettering(vhost, retry) == before + 1, "the expired message was dropped"
        assert channel.queue_declare(retry, passive=True).method.message_count == 0  # it did expire
    finally:
        # the target is back: the broker resends it (here within 3 minutes)
        declare_topology(channel, deposit_events)
        connection.close()
