"""Hostile requests to the emulator: whatever arrives - malformed JSON, bodies of the wrong shape,
wrong or missing content types, oversized bodies, garbage ids, unknown paths - it answers with
the platform's error shape (ErrorBody with message, code and matching status, and an
ININ-Correlation-Id) and keeps serving. A 5xx counts as a failure: the platform answers bad
input with a 4xx. Example-based tests of the same promises: tests/emulator/test_emulator_http.py.

HOSTILE_SCALE=N (bench/soak_reliability.py) runs N times as many examples, with a random seed.
"""
import json
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from hypothesis import HealthCheck, given, settings, strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hostile_cases as cases  # noqa: E402  (a helper next to this file)

from ansible_collections.genesyscloud.routing.plugins.module_utils.operations import OPERATIONS  # noqa: E402

ROUTES = sorted(tuple(operation.split(' ', 1)) for operation in OPERATIONS
                if operation.split(' ', 1)[1].startswith('/api/v2/'))
METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']
# Mostly what a client would send to a real route, so requests reach the handlers' own checks.
BODY_KINDS = ['json'] * 10 + ['broken json'] * 3 + ['bytes'] * 2 + ['none'] * 3 + ['oversized']
CONTENT_TYPES = [None, 'application/json', 'application/json; charset=utf-8', 'text/plain',
                 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '*/*', 'ü']
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=20), children, max_size=4),
    max_leaves=25)


@pytest.fixture(scope='module')
def org(emulator_session):
    emulator_session.reset()
    yield emulator_session
    emulator_session.reset()


def known_ids(org):
    state = org.state()
    return sorted(item['id'] for collection in state.values() if isinstance(collection, dict)
                  for item in collection.values() if isinstance(item, dict) and isinstance(item.get('id'), str))


@st.composite
def hostile_requests(draw, ids):
    method, template = draw(st.sampled_from(ROUTES))
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        method = draw(st.sampled_from(METHODS))
    path = template
    while '{' in path:
        start, end = path.index('{'), path.index('}')
        value = draw(st.one_of(st.sampled_from(ids), st.builds(lambda: str(uuid.uuid4())),
                               st.text(min_size=1, max_size=300)))
        path = path[:start] + quote(value, safe='') + path[end + 1:]
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        path += '/' + quote(draw(st.text(min_size=1, max_size=30)), safe='')  # no such path
    body_kind = draw(st.sampled_from(BODY_KINDS))
    if body_kind == 'json':
        body = json.dumps(draw(JSON_VALUES)).encode('utf-8')
    elif body_kind == 'broken json':
        text = json.dumps(draw(JSON_VALUES))
        body = text[:draw(st.integers(min_value=0, max_value=max(0, len(text) - 1)))].encode('utf-8') + b'{'
    elif body_kind == 'bytes':
        body = draw(st.binary(min_size=1, max_size=200))
    elif body_kind == 'oversized':
        body = b'[' + b'1,' * (600 * 1024) + b'1]'  # over the 1 MiB body limit
    else:
        body = None
    params = draw(st.dictionaries(st.sampled_from(['pageSize', 'pageNumber', 'name', 'id', 'after', 'expand',
                                                   'divisionId', 'forceDelete', 'sortOrder']),
                                  st.text(max_size=40), max_size=3))
    content_type = draw(st.one_of(st.just('application/json'), st.just('application/json'),
                                  st.sampled_from(CONTENT_TYPES)))
    return method, path, params, content_type, body


def test_the_emulator_answers_hostile_requests_with_the_error_shape(org):
    token = org.token(fresh=True)
    session = requests.Session()
    seen = set()
    counts = {'requests': 0}

    @settings(max_examples=250 * cases.SCALE, deadline=None, derandomize=cases.SCALE == 1, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(hostile_requests(known_ids(org)))
    def prop(request):
        method, path, params, content_type, body = request
        seen.add(repr(request)[:2000])
        headers = {'Authorization': 'Bearer ' + token}
        if content_type:
            headers['Content-Type'] = content_type
        response = session.request(method, org.base_url + path, params=params, data=body, headers=headers,
                                   timeout=60)
        counts['requests'] += 1
        status = response.status_code
        assert status < 500, '%s %s answered %d: %s' % (method, path[:200], status, response.text[:500])
        if status >= 400:
            error = response.json()
            assert error.get('status') == status and error.get('code') and error.get('message'), error
            assert response.headers.get('ININ-Correlation-Id')
        assert requests.get(org.base_url + '/__emulator/health', timeout=30).json()['status'] == 'ok'

    prop()
    cases.record_count(test_the_emulator_answers_hostile_requests_with_the_error_shape, len(seen))
    assert len(seen) >= 200
