"""The reliability harness: the machinery behind tests/reliability (short runs) and
bench/soak_reliability.py (long runs).

    org        snapshot an emulator's org in a comparable form, find duplicates and differences
    runs       run the demo's apply/drift playbooks and read their outcome (clean failure or not)
    scenarios  the issue's experiments (faults, kills, restarts, concurrent writers), each
               returning its figures as a dict
    secrets    run the demo at -vvv with a recognisable secret and grep everything it left

Both entry points put ``tests/reliability`` on ``sys.path`` and import ``harness``.
"""
