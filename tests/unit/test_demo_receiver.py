"""The demo's receiver prints audit events whose propertyChanges may lack oldValues or newValues."""
import importlib.util
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load_demo():
    spec = importlib.util.spec_from_file_location('demo_tool', os.path.join(ROOT, 'tools', 'demo.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def envelope(changes):
    return {'detail-type': 'v2.audits.entitytype.{id}.entityid.{id}',
            'detail': {'topicName': 'v2.audits.entitytype.Queue.entityid.q1', 'timestamp': '2026-12-02T06:00:00.000Z',
                       'eventBody': {'entityType': 'Queue', 'action': 'MemberAdd', 'serviceName': 'ContactCenter',
                                     'entity': {'id': 'q1', 'name': 'Billing'}, 'propertyChanges': changes}}}


def test_property_changes_without_old_or_new_values():
    demo = load_demo()
    lines = demo.describe_event(envelope([
        {'property': 'members', 'newValues': ['u1']},
        {'property': 'members', 'oldValues': ['u2']},
        {'property': 'description', 'oldValues': ['a'], 'newValues': ['b']},
        {'property': 'flag'},
    ]))
    at = ' (at 2026-12-02T06:00:00.000Z)'
    assert lines == [
        'Queue MemberAdd Billing: members: set to ["u1"]' + at,
        'Queue MemberAdd Billing: members: removed (was ["u2"])' + at,
        'Queue MemberAdd Billing: description: ["a"] -> ["b"]' + at,
        'Queue MemberAdd Billing: flag: changed' + at,
    ]
    assert demo.describe_event(envelope([])) == ['Queue MemberAdd Billing' + at]
