"""The membership read strategy: which side is read, for how many calls, and what it gives back."""
import re

from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysApiError
from ansible_collections.genesyscloud.routing.plugins.module_utils.membership import (
    ReadPlan, read_members, read_wrapup_codes,
)

RINGS = {'rings': [{}, {}]}


def queue(queue_id, members, direct=None, joined=None, bullseye=None):
    """A listed queue with its counts: `members` in all, `direct` of them direct, `joined` of them joined."""
    body = {'id': queue_id, 'name': queue_id, 'memberCount': members,
            'userMemberCount': members if direct is None else direct,
            'joinedMemberCount': members if joined is None else joined}
    if bullseye:
        body['bullseye'] = bullseye
    return body


class FakeMemberships:
    """The two listings over one membership table: queue id -> {user id: (ring, memberBy, joined)}."""

    def __init__(self, table):
        self.table = table
        self.calls = []

    def list_all(self, path, params=None):
        self.calls.append(path)
        found = re.match(r'/api/v2/routing/queues/([^/]+)/members$', path)
        if found:
            return [{'id': user_id, 'ringNumber': ring, 'memberBy': by, 'joined': joined}
                    for user_id, (ring, by, joined) in sorted(self.table.get(found.group(1), {}).items())]
        found = re.match(r'/api/v2/users/([^/]+)/queues$', path)
        if found:
            joined = (params or {}).get('joined', 'true') == 'true'
            return [{'id': queue_id, 'name': queue_id, 'joined': entry[2]}
                    for queue_id, members in sorted(self.table.items())
                    for user_id, entry in members.items() if user_id == found.group(1) and entry[2] == joined]
        if path.endswith('/wrapupcodes'):
            return [{'id': 'code-1', 'name': 'Done'}]
        raise AssertionError('unexpected call %s' % path)

    def count(self, part):
        return sum(1 for path in self.calls if part in path)


def many_queues_two_agents(count=8):
    """Many single-ring queues, each with the same two direct, joined agents: the users' side is cheaper."""
    table = dict(('q%d' % number, {'ada': (1, 'user', True), 'bob': (1, 'user', True)}) for number in range(count))
    return [queue(queue_id, 2) for queue_id in sorted(table)], table


def test_users_side_is_read_when_it_takes_fewer_calls():
    queues, table = many_queues_two_agents()
    client = FakeMemberships(table)
    members, plan = read_members(client, queues, dict((q['id'], {'ada', 'bob'}) for q in queues), workers=2)
    assert plan.summary() == {'strategy': 'per_user', 'queues_read': 0, 'users_read': 2, 'proven_empty': 0}
    assert client.count('/users/') == 2 and client.count('/members') == 0
    assert members['q3'] == [{'id': 'ada', 'ringNumber': 1, 'memberBy': 'user', 'joined': True},
                             {'id': 'bob', 'ringNumber': 1, 'memberBy': 'user', 'joined': True}]


def test_users_side_gives_what_the_queue_listings_give():
    queues, table = many_queues_two_agents()
    table['q2']['bob'] = (1, 'user', False)  # unjoined: found only by the joined=false listing
    queues[2] = queue('q2', 2, joined=1)
    by_user, plan = read_members(FakeMemberships(table), queues, dict((q['id'], {'ada', 'bob'}) for q in queues))
    assert plan.by_user
    by_queue, _plan = read_members(FakeMemberships(table), queues, dict((q['id'], None) for q in queues))
    assert by_user == by_queue


def test_queue_side_is_read_when_it_takes_fewer_calls():
    """One queue with many declared members: one member listing, not one listing per user."""
    members = dict(('user%d' % index, (1, 'user', True)) for index in range(30))
    client = FakeMemberships({'big': members})
    found, plan = read_members(client, [queue('big', 30)], {'big': set(members)})
    assert plan.summary()['strategy'] == 'per_queue'
    assert client.calls == ['/api/v2/routing/queues/big/members']
    assert [entry['id'] for entry in found['big']] == sorted(members)


def test_unjoined_members_cost_a_second_listing_per_user():
    queues = [queue('q%d' % number, 2, joined=1) for number in range(3)]
    plan = ReadPlan(queues, dict((q['id'], {'ada', 'bob'}) for q in queues))
    assert plan.user_calls == {'ada': 2, 'bob': 2}
    assert not plan.by_user  # 4 user listings against 3 queue listings


def test_what_only_the_queue_listing_shows_is_read_per_queue():
    """Rings, group members, undeclared members and missing counts: only the queue's listing can say."""
    queues = [queue('rings', 2, bullseye=RINGS), queue('group', 3, direct=2), queue('undeclared', 3),
              {'id': 'no-counts', 'name': 'no-counts'}] + [queue('plain%d' % number, 2) for number in range(6)]
    candidates = dict((q['id'], {'ada', 'bob'}) for q in queues)
    plan = ReadPlan(queues, candidates)
    assert plan.by_user
    assert plan.per_queue == ['group', 'no-counts', 'rings', 'undeclared']
    assert plan.either == ['plain%d' % number for number in range(6)]


def test_authoritative_still_sees_an_undeclared_member():
    """A queue with more direct members than declared is read per queue, so the extra member is found."""
    queues, table = many_queues_two_agents()
    table['q5']['eve'] = (1, 'user', True)
    queues[5] = queue('q5', 3)
    client = FakeMemberships(table)
    members, plan = read_members(client, queues, dict((q['id'], {'ada', 'bob'}) for q in queues))
    assert plan.by_user and plan.per_queue == ['q5']
    assert [entry['id'] for entry in members['q5']] == ['ada', 'bob', 'eve']
    assert client.count('/members') == 1


def test_counts_that_do_not_add_up_fall_back_to_the_queue_listing():
    """The users found must make up the queue's direct members; if not (stale counts), the queue is read."""
    queues, table = many_queues_two_agents()
    del table['q4']['bob']  # the count still says two direct members
    client = FakeMemberships(table)
    members, plan = read_members(client, queues, dict((q['id'], {'ada', 'bob'}) for q in queues))
    assert plan.by_user
    assert client.calls[-1] == '/api/v2/routing/queues/q4/members' and client.count('/members') == 1
    assert [entry['id'] for entry in members['q4']] == ['ada']


def test_an_empty_queue_is_not_read():
    client = FakeMemberships({})
    members, plan = read_members(client, [queue('empty', 0)], {'empty': {'ada'}})
    assert members == {'empty': []} and client.calls == []
    assert plan.summary()['proven_empty'] == 1


def test_wrapup_codes_take_one_listing_per_queue():
    client = FakeMemberships({})
    codes = read_wrapup_codes(client, ['a', 'b', 'c'], workers=3)
    assert sorted(codes) == ['a', 'b', 'c'] and client.count('/wrapupcodes') == 3


def test_a_user_gone_since_the_look_up_leaves_their_queues_to_the_queue_listing():
    queues, table = many_queues_two_agents()

    class Gone(FakeMemberships):
        def list_all(self, path, params=None):
            if path == '/api/v2/users/bob/queues':
                self.calls.append(path)
                raise GenesysApiError(404, 'not.found', 'User [bob] was not found.')
            return super(Gone, self).list_all(path, params)

    client = Gone(table)
    members, plan = read_members(client, queues, dict((q['id'], {'ada', 'bob'}) for q in queues))
    assert plan.by_user and client.count('/members') == len(queues)
    assert [entry['id'] for entry in members['q0']] == ['ada', 'bob']
