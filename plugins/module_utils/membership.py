# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading the members and wrap-up codes of many queues with the fewest calls.

Members can be read from either side:

* per queue: ``GET /routing/queues/{id}/members`` (pages of at most 100), which gives everything:
  who, their ring number, and whether they are members directly or through a group;
* per user: ``GET /users/{id}/queues`` (UserQueue: the queue and ``joined``; no ring number, no
  ``memberBy``). ``joined`` defaults to true (SDK docs), so unjoined memberships take a second
  listing with ``joined=false``.

The queue listing already says, per queue, ``memberCount`` (all members), ``userMemberCount``
(direct members) and ``joinedMemberCount``. The per-user side can stand in for a queue's own listing
only where those counts and the queue prove that the result would be the same:

* the queue has no bullseye, so its only ring is 1 and every member is on it (the platform refuses
  a ring the queue does not have; reference 1.1, TF PR #37);
* ``memberCount == userMemberCount``: no member through a group (the per-user listing cannot tell
  them apart);
* the users read cover every direct member: for a drift check, the declared users, and only when
  ``userMemberCount`` is not above their number (otherwise someone undeclared is a member, and who
  it is only the queue's listing says); for an export, every user of the organization;
* after reading, the users found in the queue are exactly ``userMemberCount``; otherwise the queue
  is read per queue after all.

A queue whose ``memberCount`` is 0 has no member to read. Anything else (a bullseye, group members,
counts missing) is read per queue. Among the queues either side could serve, the per-user side is
used only when it takes fewer calls (one per user, two when a queue of theirs has unjoined members)
than the queues' own listings. Wrap-up codes have only the per-queue listing.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils.endpoints import build_path
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysApiError
from ansible_collections.genesyscloud.routing.plugins.module_utils.members import QUEUE_MEMBERS, QUEUE_WRAPUP_CODES
from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import run_bounded

USER_QUEUES = '/api/v2/users/{userId}/queues'
MEMBERS_PAGE = 100  # the member listing's largest page (reference 1.1)


def counts(queue):
    """(memberCount, userMemberCount, joinedMemberCount), or None when the queue object lacks one."""
    values = tuple(queue.get(key) for key in ('memberCount', 'userMemberCount', 'joinedMemberCount'))
    if all(isinstance(value, int) and not isinstance(value, bool) for value in values):
        return values
    return None


def member_pages(queue):
    """Calls the queue's own member listing takes (at least one when the count is unknown)."""
    known = counts(queue)
    if known is None:
        return 1
    return -(-known[0] // MEMBERS_PAGE)


def single_ring(queue):
    return not ((queue.get('bullseye') or {}).get('rings'))


class ReadPlan:
    """Which queues are read per queue, which through their users, and which need no read."""

    def __init__(self, queues, candidates):
        self.queues = dict((queue['id'], queue) for queue in queues)
        self.candidates = candidates
        self.empty = []        # memberCount 0: nothing to read
        self.per_queue = []    # only the queue's own listing can say
        self.either = []       # the per-user side could serve these
        for queue_id, queue in sorted(self.queues.items()):
            known = counts(queue)
            users = candidates.get(queue_id)
            if known is not None and known[0] == 0:
                self.empty.append(queue_id)
            elif known is None or not single_ring(queue) or known[0] != known[1] or users is None \
                    or known[1] > len(users):
                self.per_queue.append(queue_id)
            else:
                self.either.append(queue_id)
        self.user_calls = self.users_to_read()
        self.by_user = sum(self.user_calls.values()) < sum(member_pages(self.queues[q]) for q in self.either)
        if not self.by_user:
            self.per_queue = sorted(self.per_queue + self.either)
            self.either = []

    def users_to_read(self):
        """user id -> listings needed: joined ones, and unjoined ones too where a queue has some."""
        calls = {}
        for queue_id in self.either:
            member_count, _users, joined = counts(self.queues[queue_id])
            for user_id in self.candidates[queue_id]:
                calls[user_id] = max(calls.get(user_id, 1), 2 if joined < member_count else 1)
        return calls

    def summary(self):
        return {'strategy': 'per_user' if self.by_user else 'per_queue', 'queues_read': len(self.per_queue),
                'users_read': len(self.user_calls) if self.by_user else 0, 'proven_empty': len(self.empty)}


def read_members(client, queues, candidates, workers=1):
    """queue id -> its members (QueueMember-shaped: id, ringNumber, memberBy, joined), from the cheaper side.

    `candidates`: queue id -> the user ids that may be its direct members (the declared members for a
    check, every user for an export), or None where unknown. Returns (members by queue id, ReadPlan).
    """
    plan = ReadPlan(queues, candidates)
    found = dict((queue_id, []) for queue_id in plan.empty)
    if plan.by_user:
        found.update(through_users(client, plan, workers))
    rest = [queue_id for queue_id in plan.queues if queue_id not in found]
    listed = run_bounded(lambda queue_id: client.list_all(build_path(QUEUE_MEMBERS, queueId=queue_id)), rest, workers)
    found.update(zip(rest, listed))
    return found, plan


def through_users(client, plan, workers):
    """The `either` queues whose members the users' own listings fully account for."""
    jobs = [(user_id, joined) for user_id, calls in sorted(plan.user_calls.items())
            for joined in ('true', 'false')[:calls]]
    listings = run_bounded(lambda job: (job[0], user_queues(client, *job)), jobs, workers)
    members = dict((queue_id, {}) for queue_id in plan.either)
    for user_id, listed in listings:
        for user_queue in listed:
            queue_id = user_queue.get('id')
            if queue_id in members and user_id in plan.candidates[queue_id]:
                members[queue_id][user_id] = {'id': user_id, 'ringNumber': 1, 'memberBy': 'user',
                                              'joined': user_queue.get('joined')}
    # Where the users found do not make up the queue's direct members, its own listing decides.
    return dict((queue_id, [entries[user_id] for user_id in sorted(entries)]) for queue_id, entries in members.items()
                if len(entries) == counts(plan.queues[queue_id])[1])


def user_queues(client, user_id, joined):
    """A user's queues; a user gone since the name look-up has none (their queues are then read per queue)."""
    try:
        return client.list_all(build_path(USER_QUEUES, userId=user_id), params={'joined': joined})
    except GenesysApiError as error:
        if error.status == 404:
            return []
        raise


def read_wrapup_codes(client, queue_ids, workers=1):
    """queue id -> its wrap-up codes: the only listing there is, one per queue."""
    queue_ids = list(queue_ids)
    listed = run_bounded(lambda queue_id: client.list_all(build_path(QUEUE_WRAPUP_CODES, queueId=queue_id)), queue_ids, workers)
    return dict(zip(queue_ids, listed))
