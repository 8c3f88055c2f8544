# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Amazon EventBridge integration that delivers routing change events: plan and apply.

Planning reads the integration (one listing sweep) and its current configuration, lays the
managed keys over that configuration and computes the diff; it never writes, so check mode
is "plan and stop".

Applying uses the platform's real optimistic concurrency: the configuration carries a
`version` that must match on update (a version conflict otherwise: 409, 408, or a 400 saying the
version does not match, see platform_quirks.is_version_conflict). On a conflict the service re-reads the
configuration, lays only its managed keys over the fresh copy (keeping what the other writer
changed) and retries, a bounded number of times. With `expected_version` or `expected_etag`
pinned from a review it refuses instead and writes nothing.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap
from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import (
    canonical, changes, diff_record, fingerprint,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import (
    ConflictError, GenesysApiError, VerificationError,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError
from ansible_collections.genesyscloud.routing.plugins.module_utils.platform_quirks import is_version_conflict
from ansible_collections.genesyscloud.routing.plugins.module_utils.endpoints import build_path
from ansible_collections.genesyscloud.routing.plugins.module_utils.resource import ResourceService
from ansible_collections.genesyscloud.routing.plugins.module_utils.webhook_fields import (
    ACCOUNT_RE, DOCUMENTED_OPTIONS, EVENT_SOURCE_PREFIX, EVENTBRIDGE_TYPE, PROPERTY_FIELDS, REGION_RE,
    SUFFIX_RE, event_pattern, event_source_name, merge_notes, normalize_events, parse_notes, topics_for,
    validate_events,
)

INTEGRATIONS = '/api/v2/integrations'
CONFIGURATION = INTEGRATIONS + '/{integrationId}/config/current'
ORGANIZATION = '/api/v2/organizations/me'
MAX_CONFLICT_ATTEMPTS = 3
# IntegrationConfiguration keys a PUT carries (besides `version`); all are required by the platform.
CONFIG_KEYS = ('name', 'properties', 'advanced', 'notes', 'credentials')
REQUIRED_TO_CREATE = ('aws_account_id', 'aws_region', 'event_source_suffix')


def validate_webhook_spec(spec, prefix=''):
    """The rules of the options a schema cannot say (the runner checks the schema); FieldMapErrors."""
    errors = []
    account = spec.get('aws_account_id')
    if account is not None and not ACCOUNT_RE.match(account):
        errors.append(FieldMapError('aws_account_id', "'%s' is not a 12-digit AWS account id (quote it in YAML so "
                                                      "leading zeros survive)" % account, account))
    region = spec.get('aws_region')
    if region is not None and not REGION_RE.match(region):
        errors.append(FieldMapError('aws_region', "'%s' is not an AWS region name such as eu-west-1" % region, region))
    suffix = spec.get('event_source_suffix')
    if suffix is not None and not SUFFIX_RE.match(suffix):
        errors.append(FieldMapError('event_source_suffix', "'%s' may only hold letters, digits, '.', '-' and '_' "
                                                           "(1-64 characters)" % suffix, suffix))
    errors.extend(validate_events(spec.get('events')))
    return errors


def writable_config(config):
    """The parts of an IntegrationConfiguration a PUT carries (no id, version or selfUri)."""
    config = config or {}
    defaults = {'name': '', 'properties': {}, 'advanced': {}, 'notes': '', 'credentials': {}}
    return dict((key, config.get(key) if config.get(key) is not None else defaults[key]) for key in CONFIG_KEYS)


def etag_source(intended_state, config):
    """What the client-side ETag covers: the writable configuration and the intended state."""
    source = writable_config(config)
    source['intendedState'] = intended_state
    return source


def redact_config(config):
    """The configuration as shown in results: credential references are masked."""
    if config is None:
        return None
    shown = dict((key, value) for key, value in config.items() if key != 'credentials')
    shown['credentials'] = dict((key, '********') for key in sorted(config.get('credentials') or {}))
    return shown


class WebhookPlan:
    """What one integration needs: the action, the configuration to write and the diff to show."""

    def __init__(self, spec):
        self.spec = spec
        self.name = spec['name']
        self.integration = None
        self.config = None
        self.action = 'none'
        self.partial = {}
        self.given = {}
        self.selection = None       # normalized events, None when unmanaged
        self.desired_config = None
        self.desired_enabled = None  # None: the intended state is not managed
        self.written = False         # did any write land (a refused or failed one is no change)
        self.before = None
        self.after = None
        self.changes = []
        self.org_id = None           # part of the partner event source name (state=present)
        self.written_over = None     # the versioned PUT leaves no lost-update window for the runner to settle

    @property
    def integration_id(self):
        return (self.integration or {}).get('id')

    object_id = integration_id

    @property
    def current(self):
        return self.integration

    @property
    def current_enabled(self):
        return (self.integration or {}).get('intendedState') == 'ENABLED'

    @property
    def config_changed(self):
        if self.action == 'create':
            return True
        return self.action == 'update' and \
            canonical(writable_config(self.desired_config)) != canonical(writable_config(self.config))

    @property
    def state_changed(self):
        # A new integration starts DISABLED, so only enabling it is a change of state.
        return self.desired_enabled is not None and self.action in ('create', 'update') and \
            self.desired_enabled != self.current_enabled

    @property
    def changed(self):
        return self.action in ('create', 'delete') or self.config_changed or self.state_changed

    @property
    def pinned(self):
        return self.spec.get('expected_version') is not None or bool(self.spec.get('expected_etag'))


class WebhookService(ResourceService):
    """The integration and its configuration as one resource of the runner.

    It keeps its own write (the platform's versioned PUT of the configuration, then the intended
    state) and its own result keys; planning, check mode, failures and the result's assembly are
    the runner's.
    """
    KIND = 'EventBridge integration'
    RESULT_KEY = 'config'
    PLURAL = 'EventBridge integrations'
    PATH = INTEGRATIONS
    OPTIONS = DOCUMENTED_OPTIONS
    ITEM_OPTIONS = DOCUMENTED_OPTIONS
    validate_item = staticmethod(validate_webhook_spec)

    def __init__(self, client, resolver=None, warn=None):
        super(WebhookService, self).__init__(client, resolver, warn=warn)
        self._org_id = None

    # -- reading -------------------------------------------------------------------------------

    def org_id(self):
        """The organization id: part of the partner event source name."""
        if self._org_id is None:
            self._org_id = (self.client.get(ORGANIZATION) or {}).get('id')
        return self._org_id

    def find(self, spec, prefix=''):
        return self.named_integration(spec['name'])

    def named_integration(self, name):
        """The EventBridge integration with this exact name, or None (one listing sweep)."""
        matches = [item for item in self.client.list_all(INTEGRATIONS)
                   if (item.get('integrationType') or {}).get('id') == EVENTBRIDGE_TYPE and item.get('name') == name]
        if len(matches) > 1:
            raise FieldMapError('name', "EventBridge integration name '%s' matches %d integrations (ids %s); "
                                        "rename or delete the extra ones" % (name, len(matches), ', '.join(
                                            sorted(item['id'] for item in matches))), name)
        return matches[0] if matches else None

    def read_config(self, integration_id):
        return self.client.get(build_path(CONFIGURATION, integrationId=integration_id))

    def read_integration(self, integration_id):
        return self.client.get(self.object_path(integration_id))

    # -- planning (no writes) ------------------------------------------------------------------

    def plan_for(self, spec, prefix=''):
        """Read the integration and its configuration, plan, and refuse a stale review pin (check mode too)."""
        integration = self.find(spec, prefix)
        config = self.read_config(integration['id']) if integration else None
        plan = self.plan(spec, integration, prefix, config=config)
        if spec.get('state', 'present') == 'present':
            plan.org_id = self.org_id()
        self.check_expected(plan)
        return plan

    def plan(self, spec, current, prefix='', config=None):
        integration = current
        plan = WebhookPlan(spec)
        plan.integration = integration
        plan.config = config
        if spec.get('state', 'present') == 'absent':
            if integration is not None:
                plan.action = 'delete'
                plan.before = self.view(integration.get('intendedState'), config, None)
            return plan

        if spec.get('events') is not None:
            plan.selection = normalize_events(spec['events'])
        plan.partial = self.partial_config(spec, plan.selection)
        plan.given = self.given_view(spec, plan.selection)
        plan.desired_enabled = spec.get('enabled')

        if integration is None:
            missing = [option for option in REQUIRED_TO_CREATE if spec.get(option) is None]
            if missing:
                raise FieldMapError(missing[0], "is required to create EventBridge integration '%s' (missing: %s)"
                                    % (plan.name, ', '.join(missing)), None)
            plan.action = 'create'
            if plan.desired_enabled is None:
                plan.desired_enabled = True  # a new delivery integration is meant to deliver
                plan.given['enabled'] = True
            plan.desired_config = fieldmap.deep_merge(writable_config({'name': plan.name}), plan.partial)
            plan.desired_config['notes'] = merge_notes('', plan.selection)
            plan.after = self.view(self.intended(plan.desired_enabled), plan.desired_config, plan.given)
            plan.changes = changes({}, plan.after)
            return plan

        plan.action = 'update'
        self.merge(plan, config)
        return plan

    def partial_config(self, spec, selection):
        """The managed keys of the configuration, in API shape."""
        properties = fieldmap.to_api(PROPERTY_FIELDS, spec, None)
        partial = {'properties': properties}
        if selection is not None:
            properties['eventFilter'] = topics_for(selection)
        return partial

    def given_view(self, spec, selection):
        given = {'name': spec['name']}
        given.update(fieldmap.normalize_given(PROPERTY_FIELDS, spec))
        if spec.get('enabled') is not None:
            given['enabled'] = spec['enabled']
        if selection is not None:
            given['events'] = selection
            given['topics'] = topics_for(selection)
        return given

    def merge(self, plan, current):
        """Lay the managed keys over a (fresh) configuration and recompute the diff."""
        config = plan.config = current
        plan.desired_config = fieldmap.deep_merge(writable_config(config), plan.partial)
        plan.desired_config['notes'] = merge_notes(plan.desired_config['notes'], plan.selection)
        intended = (plan.integration or {}).get('intendedState')
        desired_intended = self.intended(plan.desired_enabled) if plan.desired_enabled is not None else intended
        plan.before = self.view(intended, config, plan.given)
        plan.after = self.view(desired_intended, plan.desired_config, plan.given)
        plan.changes = changes(plan.before, plan.after)

    @staticmethod
    def intended(enabled):
        return 'ENABLED' if enabled else 'DISABLED'

    def view(self, intended_state, config, given):
        """Option-shaped view of the managed configuration, limited to `given` when provided."""
        config = config or {}
        properties = config.get('properties') or {}
        full = fieldmap.from_api(PROPERTY_FIELDS, properties, None)
        full['name'] = config.get('name')
        full['enabled'] = intended_state == 'ENABLED'
        full['topics'] = sorted(properties.get('eventFilter') or [])
        recorded = parse_notes(config.get('notes'))
        full['events'] = sorted(recorded) if recorded is not None else None
        if given is None:
            return full
        return fieldmap.project(given, full)

    # -- guards --------------------------------------------------------------------------------

    def check_expected(self, plan, observed=None):
        """Refuse, before any write, when the reviewed version or etag no longer holds."""
        if not plan.pinned or not plan.changed:
            return
        observed_etag = fingerprint(etag_source(plan.integration.get('intendedState'), plan.config)) \
            if plan.integration else None
        observed_version = (plan.config or {}).get('version')
        expected_version = plan.spec.get('expected_version')
        expected_etag = plan.spec.get('expected_etag')
        if plan.integration is None:
            raise ConflictError("EventBridge integration '%s' no longer exists, but expected_version/expected_etag "
                                "refer to a reviewed state of it; nothing was written." % plan.name)
        if expected_version is not None and expected_version != observed_version:
            raise ConflictError(
                "EventBridge integration '%s' changed since review: its configuration is at version %s, not the "
                "expected version %s; nothing was written. Review the current configuration (etag %s) and run "
                "again." % (plan.name, observed_version, expected_version, observed_etag),
                plan.name, observed_etag, observed_version)
        if expected_etag and expected_etag != observed_etag:
            raise ConflictError(
                "EventBridge integration '%s' changed since review: expected etag %s, found %s (configuration "
                "version %s); nothing was written." % (plan.name, expected_etag, observed_etag, observed_version),
                plan.name, observed_etag, observed_version)

    # -- applying ------------------------------------------------------------------------------

    def apply(self, plan):
        """Carry out a plan; returns (integration, config) as the platform now stores them."""
        self.check_expected(plan)
        if plan.action == 'delete':
            try:
                self.client.delete(self.object_path(plan.integration_id))
            except GenesysApiError as error:
                if error.status != 404:
                    raise
            plan.written = True
            return None, None
        if plan.action == 'create':
            created = self.client.create(
                INTEGRATIONS, {'name': plan.name, 'integrationType': {'id': EVENTBRIDGE_TYPE}},
                lambda: self.named_integration(plan.name))
            plan.written = True
            plan.integration = created
            # A new integration starts DISABLED with an empty configuration at version 1.
            plan.config = self.read_config(created['id'])
            plan.desired_config = fieldmap.deep_merge(writable_config(plan.config), plan.partial)
            plan.desired_config['notes'] = merge_notes(plan.desired_config['notes'], plan.selection)
        config = plan.config
        # Disable before changing what is delivered; enable only once the configuration is valid.
        if plan.state_changed and not plan.desired_enabled:
            self.set_state(plan, 'DISABLED')
        if plan.config_changed:
            config = self.put_config(plan)
        if plan.state_changed and plan.desired_enabled:
            self.set_state(plan, 'ENABLED')
        integration = self.read_integration(plan.integration_id)
        if plan.desired_enabled is not None and integration.get('intendedState') != self.intended(plan.desired_enabled):
            raise VerificationError("EventBridge integration '%s': intended state is %s after the update, not %s"
                                    % (plan.name, integration.get('intendedState'),
                                       self.intended(plan.desired_enabled)))
        return integration, config

    def set_state(self, plan, intended):
        # PATCH {intendedState} sets one field to a fixed value: safe to retry.
        self.client.patch(self.object_path(plan.integration_id), {'intendedState': intended},
                          idempotent=True)
        plan.written = True

    def put_config(self, plan):
        """The versioned PUT; on a version conflict re-read, re-apply only the managed keys and retry (bounded)."""
        path = build_path(CONFIGURATION, integrationId=plan.integration_id)
        config = plan.config
        for _attempt in range(MAX_CONFLICT_ATTEMPTS):
            body = dict(writable_config(plan.desired_config), version=config.get('version'))
            try:
                stored = self.client.put(path, body)
            except GenesysApiError as error:
                if not is_version_conflict(error):
                    raise
                fresh = self.read_config(plan.integration_id)
                if plan.pinned:
                    raise ConflictError(
                        "EventBridge integration '%s' changed since review: the platform refused version %s (%s) and "
                        "now holds version %s; nothing was written." % (
                            plan.name, config.get('version'), error.message, fresh.get('version')),
                        plan.name, fingerprint(etag_source(plan.integration.get('intendedState'), fresh)),
                        fresh.get('version'))
                self.warn("EventBridge integration '%s' was changed by someone else (configuration version %s -> %s); "
                          "re-applied only the managed settings onto the fresh copy"
                          % (plan.name, config.get('version'), fresh.get('version')))
                self.merge(plan, fresh)
                config = fresh
                if not plan.config_changed:
                    return fresh
                continue
            plan.written = True
            self.verify(plan, stored)
            return stored
        raise ConflictError("EventBridge integration '%s' kept changing while we tried to update it (%d attempts); "
                            "the configuration was not written" % (plan.name, MAX_CONFLICT_ATTEMPTS))

    def settle(self, plans):
        return {}, {}  # the versioned PUT is refused, not lost, when another writer was first

    def result(self, plan, stored=None, check_mode=False):
        """The module result; `stored` is the (integration, configuration) pair `apply` returned."""
        integration, config = stored if isinstance(stored, tuple) else (None, None)
        result = plan_result(plan, plan.org_id, integration, config, check_mode=check_mode)
        if result['reported_state'] == 'ERROR' and result['enabled']:
            detail = ((integration or plan.integration or {}).get('reportedState') or {}).get('detail') or {}
            self.warn("EventBridge integration '%s' is enabled but reports an error: %s"
                      % (plan.name, detail.get('message') or 'no detail given'))
        if plan.spec.get('state', 'present') == 'present' and result['event_source_name'] is None and \
                result['events']:
            self.warn("EventBridge integration '%s' has no event source suffix, so its partner event source name "
                      "is unknown; set event_source_suffix" % plan.name)
        return result

    def verify(self, plan, stored):
        """What we wrote is what the platform stored: managed keys and everything we carried over."""
        wanted = canonical(writable_config(plan.desired_config))
        got = canonical(writable_config(stored))
        drift = sorted(set(key for key in set(wanted) | set(got) if wanted.get(key) != got.get(key)))
        if drift:
            raise VerificationError("EventBridge integration '%s': after the update the platform holds different "
                                    "values for %s" % (plan.name, ', '.join(drift)))


def selection_of(plan, config):
    """The events a result describes: the task's selection, else the one recorded on the platform."""
    if plan.selection is not None:
        return plan.selection
    recorded = parse_notes((config or {}).get('notes'))
    if recorded is not None:
        return normalize_events(recorded)
    return sorted(((config or {}).get('properties') or {}).get('eventFilter') or [])


def plan_result(plan, org_id, integration=None, config=None, check_mode=False):
    """The module result for one integration.

    `integration`/`config` are what the platform stores after apply. Without them (no change,
    or check mode) the result shows the current state, or the predicted configuration when a
    change is pending; `etag` and `version` are then those of the current state, the ones to pin
    with expected_etag/expected_version after reviewing the diff.
    """
    deleted = plan.action == 'delete'
    applied = integration is not None
    if applied:
        observed_integration, observed_config = integration, config
        shown_config, intended = config, integration.get('intendedState')
    else:
        observed_integration, observed_config = plan.integration, plan.config
        intended = (plan.integration or {}).get('intendedState')
        shown_config = plan.config
        if check_mode and plan.changed and not deleted:
            shown_config = dict(plan.config or {})
            shown_config.update(writable_config(plan.desired_config))
            if plan.desired_enabled is not None:
                intended = WebhookService.intended(plan.desired_enabled)
    if deleted:
        shown_config = intended = None
    properties = (shown_config or {}).get('properties') or {}
    source = event_source_name(org_id, properties.get('eventSourceSuffix'))
    selection = selection_of(plan, shown_config) if shown_config is not None else None
    prefix = '%s%s/' % (EVENT_SOURCE_PREFIX, org_id) if org_id else EVENT_SOURCE_PREFIX
    etag = None
    if observed_integration is not None and not (deleted and not check_mode):
        etag = fingerprint(etag_source(observed_integration.get('intendedState'), observed_config))
    result = {
        'name': plan.name,
        'id': (observed_integration or {}).get('id'),
        'action': plan.action if (plan.changed if check_mode else plan.written) else 'none',
        'changed': plan.changed if check_mode else plan.written,
        'etag': etag,
        'version': (observed_config or {}).get('version') if etag else None,
        'enabled': None if deleted else intended == 'ENABLED',
        'reported_state': None if deleted else ((observed_integration or {}).get('reportedState') or {}).get('code'),
        'event_source_name': source,
        'events': selection,
        'topics': None if deleted else sorted(properties.get('eventFilter') or []),
        'event_pattern': None if selection is None else event_pattern(selection, source=source,
                                                                      source_prefix=prefix),
        'changes': plan.changes,
        'config': redact_config(shown_config),
        'diff': diff_record('eventbridge integration', plan.name,
                            plan.before if plan.action != 'create' else None,
                            plan.after if plan.action != 'delete' else None),
    }
    if check_mode and plan.changed:
        result['predicted'] = True
    return result
