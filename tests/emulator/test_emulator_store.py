"""The store: transactions, change events, journal + snapshot persistence."""
from __future__ import annotations

import json

from genesys_emulator.store import Store


def test_rollback_restores_puts_and_deletes():
    store = Store()
    store.put("queues", "a", {"name": "A"})
    store.begin()
    store.put("queues", "a", {"name": "A2"})
    store.put("queues", "b", {"name": "B"})
    store.delete("queues", "a")
    store.rollback()
    assert store.data["queues"] == {"a": {"name": "A"}}


def test_change_events_are_delivered_only_after_commit():
    store = Store()
    seen = []
    store.add_change_listener(lambda event: seen.append((event.entity_type, event.action)))
    store.begin()
    store.on_change("Queue", "Create", {"id": "a"})
    assert seen == []
    store.rollback()
    assert seen == []
    store.begin()
    store.on_change("Queue", "Update", {"id": "a"}, [{"property": "name"}])
    store.commit()
    assert seen == [("Queue", "Update")]


def test_a_failing_listener_does_not_break_the_commit():
    store = Store()
    seen = []

    def broken(event):
        raise RuntimeError("listener bug")

    store.add_change_listener(broken)
    store.add_change_listener(lambda event: seen.append(event.action))
    store.begin()
    store.put("queues", "a", {"name": "A"})
    store.on_change("Queue", "Create", {"id": "a"})
    store.commit()
    assert seen == ["Create"]
    assert store.get("queues", "a") == {"name": "A"}


def test_commit_journals_and_load_replays(tmp_path):
    path = str(tmp_path / "org.json")
    store = Store(path)
    store.replace_all({"queues": {"a": {"name": "A"}}})
    store.begin()
    store.put("queues", "b", {"name": "B"})
    store.delete("queues", "a")
    store.commit()
    journal = (tmp_path / "org.json.journal").read_text().splitlines()
    assert json.loads(journal[-1]) == {"ops": [["put", "queues", "b", {"name": "B"}],
                                               ["del", "queues", "a"]]}
    reloaded = Store(path)
    assert reloaded.load() is True
    assert reloaded.data == {"queues": {"b": {"name": "B"}}}
    # Loading folded the journal into a fresh snapshot.
    assert (tmp_path / "org.json.journal").read_text() == ""
    assert json.loads((tmp_path / "org.json").read_text())["data"] == reloaded.data


def test_compaction_after_many_operations(tmp_path):
    path = str(tmp_path / "org.json")
    store = Store(path, compact_after_ops=3)
    store.replace_all({})
    for index in range(4):
        store.begin()
        store.put("queues", str(index), {"n": index})
        store.commit()
    snapshot = json.loads((tmp_path / "org.json").read_text())["data"]
    assert set(snapshot["queues"]) == {"0", "1", "2"}
    assert len((tmp_path / "org.json.journal").read_text().splitlines()) == 1
    reloaded = Store(path)
    reloaded.load()
    assert set(reloaded.data["queues"]) == {"0", "1", "2", "3"}


def test_writes_outside_a_request_are_journaled_at_once(tmp_path):
    path = str(tmp_path / "org.json")
    store = Store(path)
    store.replace_all({})
    store.put("deliveries", "d1", {"ok": True})
    reloaded = Store(path)
    reloaded.load()
    assert reloaded.data["deliveries"] == {"d1": {"ok": True}}


def test_no_state_file_means_no_files(tmp_path):
    store = Store()
    store.begin()
    store.put("queues", "a", {})
    store.commit()
    assert store.load() is False
    assert list(tmp_path.iterdir()) == []
