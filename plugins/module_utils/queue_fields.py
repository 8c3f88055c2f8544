# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The field map of a routing queue (Queue / QueueRequest in the platform's models).

Declared once, with each option's type, bounds, choices and description; the genesys_queue
argument spec, documentation, JSON Schema, request bodies, comparison, diffs and the
desired-state export all come from these tables. Bounds follow the platform's documented
limits (see docs/concepts.md); skill-routing rules (bullseye, conditional group routing,
preferred-agent rules) live in skill_rule_fields.py and are managed by genesys_skill_rules.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import (
    NAME_SCHEMA, STATES, EntityRef, Field, FieldMapError, MemberGroupRef, NamedRef, planned_names_field,
    workers_field,
)

WRAPUP_PROMPTS = ('MANDATORY', 'OPTIONAL', 'MANDATORY_TIMEOUT', 'MANDATORY_FORCED_TIMEOUT', 'AGENT_REQUESTED')
TIMED_WRAPUP_PROMPTS = ('AGENT_REQUESTED', 'MANDATORY_TIMEOUT', 'MANDATORY_FORCED_TIMEOUT')
REACTION_TYPES = ('HangUp', 'TransferToQueue', 'TransferToFlow')
SCRIPT_TYPES = ('CALL', 'CALLBACK', 'CHAT', 'COBROWSE', 'EMAIL', 'MESSAGE', 'SOCIAL_EXPRESSION', 'VIDEO', 'SCREENSHARE')
MEMBER_GROUP_TYPES = ('GROUP', 'TEAM', 'SKILLGROUP')
MODES = ('authoritative', 'additive', 'ignore')
SKILL_EVALUATION_METHODS = ('NONE', 'BEST', 'ALL')
# A bullseye has at most this many rings, so a member's ring number is 1 to MAX_RINGS.
MAX_RINGS = 6


def service_level():
    return Field('service_level', type='dict', description='The targeted service level.', children=[
        Field('percentage', type='float', minimum=0, maximum=1,
              description='Fraction of interactions to answer within the target duration, from 0 to 1.'),
        Field('duration_ms', type='int', minimum=1000,
              description='Service level target in milliseconds (at least 1000).'),
    ])


def base_media_fields():
    return [
        Field('alerting_timeout_seconds', type='int', minimum=7, maximum=86400,
              description='How long an offered interaction alerts an agent before it is offered to another '
                          'agent, in seconds (7-86400).'),
        Field('enable_auto_answer', type='bool',
              description='Whether interactions of this media type are auto-answered.'),
        Field('auto_answer_alert_tone_seconds', type='float', minimum=0,
              description='How long the alerting tone plays for an auto-answered interaction, in seconds.'),
        Field('manual_answer_alert_tone_seconds', type='float', minimum=0,
              description='How long the alerting tone plays for a manually answered interaction, in seconds.'),
        service_level(),
    ]


def flow_id(option, what):
    return Field(option, codec=EntityRef(), description='Id of the %s.' % what)


CALLBACK_FIELDS = base_media_fields() + [
    Field('mode', choices=('AgentFirst', 'CustomerFirst'), description='Callback mode.'),
    Field('enable_auto_dial_and_end', type='bool', description='Enable auto-dial and auto-end automation for callbacks.'),
    Field('auto_dial_delay_seconds', type='int', minimum=0, maximum=1200,
          description='Seconds after the agent connects before the outgoing call is dialled (0-1200).'),
    Field('auto_end_delay_seconds', type='int', minimum=0, maximum=1200,
          description='Seconds after the agent disconnects before the callback is ended (0-1200).'),
    Field('pacing_modifier', type='float', minimum=0,
          description='Controls the maximum number of concurrent outbound calls in CustomerFirst mode.'),
    Field('max_retry_count', type='int', minimum=0, maximum=20,
          description='Retries of a customer-first callback that did not connect (0-20).'),
    Field('retry_delay_seconds', type='int', minimum=60, maximum=86400,
          description='Seconds between customer-first callback retries (60-86400).'),
    Field('live_voice_reaction_type', choices=REACTION_TYPES,
          description='What to do when a live voice answers a customer-first callback.'),
    Field('answering_machine_reaction_type', choices=REACTION_TYPES,
          description='What to do when an answering machine answers a customer-first callback.'),
    flow_id('live_voice_flow', 'inbound flow used when live_voice_reaction_type is TransferToFlow'),
    flow_id('answering_machine_flow', 'inbound flow used when answering_machine_reaction_type is TransferToFlow'),
]

MESSAGE_FIELDS = base_media_fields() + [
    Field('enable_inactivity_timeout', type='bool',
          description='Whether the inactivity timeout is enabled for all message subtypes.'),
    Field('inactivity_timeout_settings', type='dict', description='What happens when a message interaction is inactive.',
          children=[
              Field('action_type', choices=('DISCONNECT', 'SEND_TO_ARCHITECT_FLOW'),
                    description='Action taken when the inactivity timeout fires.'),
              Field('timeout_seconds', type='int', minimum=1, description='Inactivity timeout in seconds.'),
              Field('flow', api='flowId', codec=EntityRef(),
                    description='Id of the Architect flow used by SEND_TO_ARCHITECT_FLOW.'),
          ]),
]


def media(option, what, children, api=None):
    return Field(option, api=api, type='dict', children=children, description='Settings for %s.' % what)


MEDIA_SETTINGS = Field('media_settings', type='dict', description='Per media type settings. Only the media types and '
                       'keys you give are managed.', children=[
                           media('call', 'voice calls', base_media_fields()),
                           media('callback', 'callbacks', CALLBACK_FIELDS),
                           media('chat', 'chats', base_media_fields()),
                           media('email', 'emails', base_media_fields()),
                           # `message` is reserved by Ansible as an option name, hence `messaging`.
                           media('messaging', 'messages (the API key C(message); Ansible reserves that option name)',
                                 MESSAGE_FIELDS, api='message'),
                       ])


def member_groups(option='member_groups', description='Groups whose members are queue members, by name and type. '
                                                      'Order does not matter.', minimum=None, api='memberGroups'):
    schema = {'uniqueItems': True, 'errorMessage': {'uniqueItems': 'lists the same group twice'}}
    if minimum:
        schema.update(minItems=minimum, errorMessage=dict(schema['errorMessage'], minItems='needs at least one group'))
    return Field(option, api=api, type='list', elements='dict', ordered=False,
                 codec=MemberGroupRef(), description=description, define='memberGroup', schema=schema,
                 children=[
                     Field('name', required=True, schema=NAME_SCHEMA,
                           description='Name (or id) of the group, team or skill group.'),
                     Field('type', required=True, choices=MEMBER_GROUP_TYPES, description='Kind of group.'),
                 ])


def script_option(script_type):
    # `message` is reserved by Ansible as an option name.
    return 'messaging' if script_type == 'MESSAGE' else script_type.lower()


def direct_routing_media(option, what):
    return Field(option, type='dict', description='Direct routing settings for %s.' % what, children=[
        Field('use_agent_address_outbound', type='bool',
              description="Use the agent's direct routing address for outbound interactions."),
    ])


# Writable queue settings managed by genesys_queue (identity fields `name` and `division`
# are handled by the module itself: the name is the key, a division moves by its own endpoint).
QUEUE_SETTINGS = [
    Field('description', max_length=512, description='Free-text description of the queue (at most 512 characters).'),
    MEDIA_SETTINGS,
    Field('acw_settings', type='dict', description='After-call work settings.', children=[
        Field('wrapup_prompt', choices=WRAPUP_PROMPTS, description='How the agent is prompted for a wrap-up code.'),
        Field('timeout_ms', type='int', minimum=1000, maximum=3600000,
              description='How long the agent may stay in after-call work, in milliseconds (1000-3600000). Only '
                          'with wrapup_prompt %s.' % ', '.join(TIMED_WRAPUP_PROMPTS)),
    ]),
    Field('skill_evaluation_method', choices=SKILL_EVALUATION_METHODS,
          description='How agent skills are evaluated when routing: NONE, BEST or ALL.'),
    Field('scoring_method', choices=('TimestampAndPriority', 'PriorityOnly'),
          description='How conversations are scored for routing.'),
    Field('last_agent_routing_mode', choices=('Disabled', 'QueueMembersOnly', 'AnyAgent'),
          description='Last agent routing mode.'),
    flow_id('queue_flow', 'in-queue flow for calls'),
    flow_id('email_in_queue_flow', 'in-queue flow for emails'),
    flow_id('message_in_queue_flow', 'in-queue flow for messages'),
    flow_id('whisper_prompt', 'whisper prompt'),
    flow_id('on_hold_prompt', 'on-hold prompt (audio played while calls are on hold)'),
    Field('auto_answer_only', type='bool', description='Play the whisper only for auto-answered calls.'),
    Field('default_scripts', type='dict', description='Default script id per communication type.', children=[
        Field(script_option(script_type), api=script_type, codec=EntityRef(),
              description='Id of the default script for this communication type.') for script_type in SCRIPT_TYPES
    ]),
    Field('calling_party_name', description='Caller name shown for outbound calls from this queue.'),
    Field('calling_party_number', description='Caller number shown for outbound calls from this queue.'),
    Field('outbound_email_address', type='dict', description='Default address for outbound email from this queue.',
          children=[
              flow_id('domain', 'email domain'),
              flow_id('route', 'inbound email route'),
          ]),
    Field('outbound_messaging_addresses', type='dict',
          description='Addresses used for outbound messages from this queue.', children=[
              flow_id('sms_address', 'SMS address'),
              flow_id('open_messaging_recipient', 'open messaging recipient'),
              Field('whatsapp_recipient', api='whatsAppRecipient', codec=EntityRef(),
                    description='Id of the WhatsApp recipient.'),
          ]),
    Field('direct_routing', type='dict', description='Direct routing settings.', children=[
        direct_routing_media('call_media_settings', 'calls'),
        direct_routing_media('email_media_settings', 'emails'),
        direct_routing_media('message_media_settings', 'messages'),
        Field('backup_queue', api='backupQueueId', codec=NamedRef('queue', bare_id=True),
              description='Backup queue, by name or id, used when an agent has no backup settings.'),
        Field('wait_for_agent', type='bool',
              description='Whether direct routing interactions wait for the agent before going to the backup.'),
        Field('agent_wait_seconds', type='int', minimum=60, maximum=864000,
              description='How long a direct routing interaction waits for the agent, in seconds (60-864000).'),
    ]),
    Field('agent_owned_routing', type='dict', description='Agent-owned callback settings.', children=[
        Field('enable_agent_owned_callbacks', type='bool', description='Enable agent-owned callbacks.'),
        Field('max_owned_callback_hours', type='int', minimum=1, maximum=168,
              description='Maximum time a callback can be owned, in hours (1-168).'),
        Field('max_owned_callback_delay_hours', type='int', minimum=1, maximum=720,
              description='Maximum time a callback can be scheduled ahead, in hours (1-720).'),
    ]),
    Field('enable_transcription', type='bool', description='Enable voice transcription.'),
    Field('enable_audio_monitoring', type='bool', description='Enable audio monitoring.'),
    Field('enable_manual_assignment', type='bool', description='Enable manual assignment.'),
    Field('suppress_in_queue_call_recording', type='bool', description='Suppress recording of in-queue calls.'),
    Field('canned_response_libraries', type='dict', description='Canned response libraries available on the queue.',
          children=[
              Field('mode', choices=('All', 'SelectedOnly', 'None'), description='Which libraries are associated.'),
              Field('library_ids', type='list', elements='str', ordered=False,
                    description='Library ids, used with mode SelectedOnly. Order does not matter.'),
          ]),
    member_groups(),
]

# Options of one queue besides its settings: identity, state, sub-resources, concurrency pin.
QUEUE_CONTROL = [
    Field('name', schema=NAME_SCHEMA,
          description='Exact name of the queue (the key). Two queues with this name make the task fail, listing '
                      'both ids.'),
    Field('id', description='Id of the queue; takes precedence over name for finding it (the name is then applied '
                            'as a rename).'),
    Field('state', choices=STATES, default='present', description='Whether the queue should exist.'),
    Field('division', schema=NAME_SCHEMA,
          description='Division of the queue, by name or id. On an existing queue a different division moves the '
                      'queue through the authorization divisions objects endpoint, as the platform requires.'),
    Field('members', type='list', elements='dict', ordered=False,
          description='Users who are direct members of the queue (members through groups are not touched).',
          children=[
              Field('user', required=True, schema=NAME_SCHEMA, description='The user, by email, name or id.'),
              Field('ring', type='int', minimum=1, maximum=MAX_RINGS,
                    description='Bullseye ring number of the member (1-%d); the queue must have that many rings. '
                                'Left unmanaged when omitted; new members get ring 1.' % MAX_RINGS),
          ]),
    Field('members_mode', choices=MODES,
          description='How members is applied. C(authoritative) makes the direct members exactly the list, '
                      'C(additive) adds and updates rings but never removes, C(ignore) leaves members alone. '
                      'Defaults to C(additive) when members is given, else C(ignore).'),
    Field('wrapup_codes', type='list', elements='str', ordered=False,
          description='Wrap-up codes available on the queue, by name.'),
    Field('wrapup_codes_mode', choices=MODES,
          description='How wrapup_codes is applied, with the same meanings as members_mode.'),
    Field('expected_etag', description='The etag this queue had when its change was reviewed (from a drift report '
                                       'or an earlier result). If the queue has changed since, the task fails and '
                                       'writes nothing.'),
    Field('expected_members_etag',
          description='The C(members_etag) this queue had when its change was reviewed: a fingerprint of the '
                      'managed members (with rings) and wrap-up codes, which the queue etag does not cover. If they '
                      'have changed since, the task fails and writes nothing.'),
    Field('force_delete', type='bool', default=False,
          description='With state=absent, delete the queue even if it still has members or interactions.'),
]

QUEUE_OPTIONS = QUEUE_CONTROL[:4] + QUEUE_SETTINGS + QUEUE_CONTROL[4:]

# genesys_queue's options: one queue at top level, or many under `queues` (one listing sweep).
DOCUMENTED_OPTIONS = QUEUE_OPTIONS + [
    Field('queues', type='list', elements='any', bulk_of=QUEUE_OPTIONS,
          description='Many queues in one task. Each item is a dictionary of the options of a single queue (see above: '
                      'name, settings, members, state...), checked before any API call with errors that name the item '
                      '(C(queues[3].media_settings.call.alerting_timeout_seconds)). All queues are read with one '
                      'listing sweep instead of one GET each; only queues that change are written. Mutually exclusive '
                      'with name and id.'),
    workers_field('queue writes of the bulk form (and its member and wrap-up code reads)'),
    Field('delete_timeout', type='int', default=60, minimum=0, maximum=600,
          description='Seconds to wait, after a DELETE, until the platform no longer returns the queue (deletion '
                      'is eventually consistent; 0-600).'),
    planned_names_field('Check mode only: names that an earlier task of the same run would create, by kind. A skill '
                        'group named here (in member_groups) that does not exist yet is planned as if it did, so a '
                        'first C(--check) of a new queue on a new skill group reports both. Ignored outside check '
                        'mode. The routing role passes the skill groups its skill-group task plans to create.',
                        'skill_group'),
]


def cross_field_errors(settings, path, complete=False):
    """Rules that span options; each message names the option path and the offending value.

    With complete=False (the user's options alone, before any API call) a rule only fires when
    every option it involves was given; with complete=True (the merged desired queue) it
    judges the whole object.
    """
    errors = []
    acw = settings.get('acw_settings') or {}
    prompt_known = complete or 'wrapup_prompt' in acw and acw['wrapup_prompt'] is not None
    if acw.get('timeout_ms') is not None and prompt_known and acw.get('wrapup_prompt') not in TIMED_WRAPUP_PROMPTS:
        errors.append(FieldMapError(
            path + 'acw_settings.timeout_ms',
            'can only be set when wrapup_prompt is one of %s (wrapup_prompt is %r)'
            % (', '.join(TIMED_WRAPUP_PROMPTS), acw.get('wrapup_prompt')), acw.get('timeout_ms')))
    libraries = settings.get('canned_response_libraries') or {}
    mode_known = complete or libraries.get('mode') is not None
    if libraries.get('library_ids') and mode_known and libraries.get('mode') != 'SelectedOnly':
        errors.append(FieldMapError(
            path + 'canned_response_libraries.library_ids',
            "is only used when mode is 'SelectedOnly' (mode is %r)" % libraries.get('mode'),
            libraries.get('library_ids')))
    callback = (settings.get('media_settings') or {}).get('callback') or {}
    for reaction, flow in (('live_voice_reaction_type', 'live_voice_flow'),
                           ('answering_machine_reaction_type', 'answering_machine_flow')):
        if complete and callback.get(reaction) == 'TransferToFlow' and not callback.get(flow):
            errors.append(FieldMapError(
                path + 'media_settings.callback.' + flow,
                'is required when %s is TransferToFlow' % reaction, callback.get(flow)))
    return errors
