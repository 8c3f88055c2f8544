#!/usr/bin/python
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only module: genesys_queue without its compare-before-write (the naive baseline).

It reads, plans and writes exactly like genesys_queue in bulk form (same listing sweep, same
name resolution, same merge, same workers), but PUTs the body it planned from the first read:
no re-read and no ETag comparison before the PUT, no verification after it. That is the plain
GET-then-PUT a module without the guard would do. The concurrent-writers experiment runs it
side by side with genesys_queue to measure how much the guard narrows the lost-update window.
Only the `queues` form and the connection options are supported.
"""
from ansible.module_utils.basic import AnsibleModule

from ansible_collections.genesyscloud.routing.plugins.module_utils.module_client import (
    auth_argument_spec, client_from_module, fail_on_api_error,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysError
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import argument_spec
from ansible_collections.genesyscloud.routing.plugins.module_utils.queue_fields import QUEUE_OPTIONS
from ansible_collections.genesyscloud.routing.plugins.module_utils.queues import (
    QueueService, ensure_queues, request_body,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import Resolver


class NaiveQueueService(QueueService):
    """QueueService whose write is a plain PUT of the planned body."""

    def prefetch(self, plans):
        pass  # no re-read before the writes

    def verify_batch(self, plans):
        return {}, {}  # no read-back after them

    def guarded_write(self, plan):
        self.client.put(self.object_path(plan.object_id), request_body(plan.desired))
        plan.written = True
        return dict(plan.desired)


def main():
    spec = {'queues': {'type': 'list', 'elements': 'dict', 'required': True,
                       'options': argument_spec(QUEUE_OPTIONS)},
            'workers': {'type': 'int', 'default': 4}}
    spec.update(auth_argument_spec())
    module = AnsibleModule(argument_spec=spec)
    specs = [dict(item, delete_timeout=60) for item in module.params['queues']]
    client = client_from_module(module)
    service = NaiveQueueService(client, Resolver(client))
    try:
        results, failures = ensure_queues(service, specs, False, workers=module.params['workers'], sweep=True)
    except GenesysError as error:
        fail_on_api_error(module, error, api_calls=client.stats)
    output = {'changed': any(result['changed'] for result in results), 'api_calls': client.stats}
    if failures:
        module.fail_json(msg='; '.join('%s: %s' % (name, error) for name, error in failures), **output)
    module.exit_json(**output)


if __name__ == '__main__':
    main()
