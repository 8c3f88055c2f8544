"""Helpers for tests that write queues back: what a client must do to a GET body before a PUT."""
import copy


def without_server_filled(queue):
    """A GET body fit for a PUT: without the queue the platform fills into CGR rule 1 (and refuses back)."""
    queue = copy.deepcopy(queue)
    for rule in (queue.get("conditionalGroupRouting") or {}).get("rules", [])[:1]:
        rule.pop("queue", None)
    return queue
