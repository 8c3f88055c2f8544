"""Issue 9, concurrent writers (short version; the long one: bench/soak_reliability.py concurrent).

The platform's queue PUT is last-writer-wins, so no client can close the lost-update window;
genesys_queue narrows it by re-reading and comparing just before its PUT. These tests measure
the window exactly, in API calls: a colleague's edit is made before each call of one apply in
turn, and the calls before which the edit gets lost are the window. The naive baseline is the
same module code without the re-read (tests/reliability/library/genesys_queue_naive.py).
"""
import pytest

from harness import concurrency

PUT = concurrency.PUT_QUEUE


def windows(emulator, bulk):
    specs = concurrency.writer_specs('A', 1)
    if not bulk:
        specs = specs[:1]
    edited = 'Support' if bulk else 'Sales'
    return (concurrency.edit_windows(emulator, False, specs, edited, bulk),
            concurrency.edit_windows(emulator, True, specs, edited, bulk), edited)


def put_of(result, edited, emulator):
    """Index of the PUT of the edited queue in the apply's calls (the n-th PUT, in spec order)."""
    order = [spec['name'] for spec in concurrency.writer_specs('A', 1)]
    puts = [index for index, call in enumerate(result['calls']) if call == PUT]
    return puts[order.index(edited)] if result['bulk'] else puts[0]


def test_one_queue_the_window_is_the_single_call_between_the_re_read_and_the_put(emulator):
    ours, naive, edited = windows(emulator, bulk=False)
    put = put_of(ours, edited, emulator)

    assert ours['lost_at'] == [put], ours['rows']
    assert ours['calls'][put - 1] == 'GET /api/v2/routing/queues/{queueId}'  # the re-read
    naive_put = put_of(naive, edited, emulator)
    assert naive['lost_at'] == list(range(1, naive_put + 1)), naive['rows']
    assert len(naive['lost_at']) > len(ours['lost_at'])
    assert all(row['own_value_held'] for row in ours['rows'] + naive['rows'])


def test_bulk_the_window_runs_from_the_batch_re_read_to_the_put_of_the_queue(emulator):
    ours, naive, edited = windows(emulator, bulk=True)
    put = put_of(ours, edited, emulator)
    re_read = max(index for index in range(put) if ours['calls'][index] == 'GET /api/v2/routing/queues')

    assert ours['lost_at'] == list(range(re_read + 1, put + 1)), ours['rows']
    naive_put = put_of(naive, edited, emulator)
    assert naive['lost_at'] == list(range(1, naive_put + 1)), naive['rows']
    assert len(naive['lost_at']) > len(ours['lost_at'])


# Found by the concurrent trials (docs/reliability.md, "Findings"): the verification used to blame
# its own update for a change someone else made after the PUT.
def test_an_edit_after_the_put_does_not_fail_the_apply(emulator):
    ours, _naive, edited = windows(emulator, bulk=False)
    put = put_of(ours, edited, emulator)
    after = [row for row in ours['rows'] if row['boundary'] > put]
    assert after and all(not row['failures'] for row in after), after


def test_two_applies_and_a_colleague_run_without_crashes(emulator_factory, tmp_path):
    org = emulator_factory(clients=concurrency.EXTRA_CLIENTS, latency_ms=20)
    for naive in (False, True):
        figures = concurrency.concurrent_trials(org, str(tmp_path), trials=2, naive=naive, seed=3)
        assert figures['crashes'] == [] and figures['colleague_errors'] == [], figures
        assert figures['updates_by_applies'] > 0 and figures['updates_by_colleague'] > 0, figures
        # A failed apply may only be genesys_queue's verification noticing that its own update was
        # undone right after its write (a lost update it caught).
        assert all(concurrency.OWN_UPDATE_UNDONE in message for message in figures['failure_messages']), figures


# Issue 14: two runs editing the same queues at once must both end with their changes in place,
# or one of them must fail; never rc=0 with a lost update. The naive writer shows the experiment
# can see a loss.
@pytest.mark.parametrize('latency_ms', [150, 0])
def test_two_concurrent_runs_never_end_successfully_with_a_lost_update(emulator_factory, tmp_path, latency_ms):
    org = emulator_factory(clients=concurrency.EXTRA_CLIENTS, latency_ms=latency_ms)
    rows = concurrency.two_writers(org, str(tmp_path), rounds=3)
    assert not [row for row in rows if row['crashed']], rows
    assert concurrency.silent_losses(rows) == [], rows
    # A run that failed said why: another writer kept undoing its update.
    assert all('another writer kept undoing' in row['failure'] for row in rows if row['rc']), rows
