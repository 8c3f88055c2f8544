"""tests/data/genesys-sdk-operations.tsv is the repository's copy of the shared reference list.

The tests that check every request and every emulator route against the SDK's operations read the
copy, so they run in any clone. Where the shared reference sits beside the checkout
(../shared/reference, as on the development machines), the copy must equal it.
"""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COPY = os.path.join(ROOT, 'tests', 'data', 'genesys-sdk-operations.tsv')
SHARED = os.path.join(ROOT, '..', 'shared', 'reference', 'genesys-sdk-operations.tsv')
METHODS = {'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'}


def read(path):
    with open(path, 'rb') as handle:
        return handle.read()


def test_copy_is_well_formed():
    lines = read(COPY).decode('utf-8').splitlines()
    operations = [line.split('\t') for line in lines if line and not line.startswith('#')]
    assert len(operations) > 1000
    assert all(len(fields) >= 2 and fields[0] in METHODS and fields[1].startswith('/api/v2/')
               for fields in operations)
    assert ['GET', '/api/v2/routing/queues'] in [fields[:2] for fields in operations]


def test_copy_equals_the_shared_reference_when_present():
    if os.path.isfile(SHARED):
        assert read(COPY) == read(SHARED), 'refresh tests/data/genesys-sdk-operations.tsv from ../shared/reference'
    else:
        # A clone without ../shared: the copy is the reference (checked by test_copy_is_well_formed).
        assert os.path.isfile(COPY)
