"""Issue 9, interrupted applies (short versions; the long ones: bench/soak_reliability.py kill
and restart).

* ansible-playbook is killed (SIGKILL, SIGTERM or SIGINT to its process group, modules included)
  after a random number of API calls of an apply; the next run must converge with no duplicate
  and nothing lost.
* The emulator crashes (SIGKILL; its state file persists) after a random number of calls and
  comes back on the same port after a random outage; the run must recover or fail cleanly, and
  the org end up as the reference apply leaves it.
"""
from harness import scenarios


def test_an_apply_killed_at_random_points_converges_on_the_next_run(emulator, reference, tmp_path):
    figures = scenarios.kill_during_apply(emulator, reference, str(tmp_path), trials=2, seed=41)

    assert figures['killed_mid_run'] >= 1, figures
    assert figures['next_run_failed'] == [], figures['next_run_failed']
    assert figures['differences'] == [], figures['differences']
    assert figures['duplicates'] == [], figures['duplicates']


def test_an_apply_survives_an_emulator_restart_or_fails_cleanly(emulator_factory, reference, tmp_path):
    def start(state, port=None):
        return emulator_factory(state=state, extra_args=['--port', str(port)] if port else [])

    figures = scenarios.restart_during_apply(start, reference, str(tmp_path), trials=2, seed=7)

    assert figures['finished_before_restart'] < figures['trials'], figures
    assert figures['recovered'] + figures['failed_cleanly'] + figures['finished_before_restart'] == 2, figures
    assert figures['unclear_failures'] == [], figures['unclear_failures']
    assert figures['next_run_failed'] == [], figures['next_run_failed']
    assert figures['differences'] == [], figures['differences']
    assert figures['duplicates'] == [], figures['duplicates']
