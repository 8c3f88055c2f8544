# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The field map of a routing queue (Queue / QueueRequest in the platform's models).

Declared once; the genesys_queue argument spec, request bodies, comparison, diffs and the
desired-state export all come from these tables. Bounds follow the platform's documented
limits (see docs/concepts.md); skill-routing rules (bullseye, conditional group routing,
preferred-agent rules) live in skill_rule_fields.py and are managed by genesys_skill_rules.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import (
    EntityRef, Field, FieldMapError, MemberGroupRef, NamedRef,
)

MEDIA_TYPES = ('call', 'callback', 'chat', 'email', 'message')
WRAPUP_PROMPTS = ('MANDATORY', 'OPTIONAL', 'MANDATORY_TIMEOUT', 'MANDATORY_FORCED_TIMEOUT', 'AGENT_REQUESTED')
TIMED_WRAPUP_PROMPTS = ('AGENT_REQUESTED', 'MANDATORY_TIMEOUT', 'MANDATORY_FORCED_TIMEOUT')
REACTION_TYPES = ('HangUp', 'TransferToQueue', 'TransferToFlow')
SCRIPT_TYPES = ('CALL', 'CALLBACK', 'CHAT', 'COBROWSE', 'EMAIL', 'MESSAGE', 'SOCIAL_EXPRESSION', 'VIDEO', 'SCREENSHARE')
MEMBER_GROUP_TYPES = ('GROUP', 'TEAM', 'SKILLGROUP')


def service_level():
    return Field('service_level', type='dict', children=[
        Field('percentage', type='float', minimum=0, maximum=1),
        Field('duration_ms', type='int', minimum=1000),
    ])


def base_media_fields():
    return [
        Field('alerting_timeout_seconds', type='int', minimum=7, maximum=86400),
        Field('enable_auto_answer', type='bool'),
        Field('auto_answer_alert_tone_seconds', type='float', minimum=0),
        Field('manual_answer_alert_tone_seconds', type='float', minimum=0),
        service_level(),
    ]


CALLBACK_FIELDS = base_media_fields() + [
    Field('mode', choices=('AgentFirst', 'CustomerFirst')),
    Field('enable_auto_dial_and_end', type='bool'),
    Field('auto_dial_delay_seconds', type='int', minimum=0, maximum=1200),
    Field('auto_end_delay_seconds', type='int', minimum=0, maximum=1200),
    Field('pacing_modifier', type='float', minimum=0),
    Field('max_retry_count', type='int', minimum=0, maximum=20),
    Field('retry_delay_seconds', type='int', minimum=60, maximum=86400),
    Field('live_voice_reaction_type', choices=REACTION_TYPES),
    Field('answering_machine_reaction_type', choices=REACTION_TYPES),
    Field('live_voice_flow', codec=EntityRef()),
    Field('answering_machine_flow', codec=EntityRef()),
]

MESSAGE_FIELDS = base_media_fields() + [
    Field('enable_inactivity_timeout', type='bool'),
    Field('inactivity_timeout_settings', type='dict', children=[
        Field('action_type', choices=('DISCONNECT', 'SEND_TO_ARCHITECT_FLOW')),
        Field('timeout_seconds', type='int', minimum=1),
        Field('flow', api='flowId', codec=EntityRef()),
    ]),
]

MEDIA_SETTINGS = Field('media_settings', type='dict', children=[
    Field('call', type='dict', children=base_media_fields()),
    Field('callback', type='dict', children=CALLBACK_FIELDS),
    Field('chat', type='dict', children=base_media_fields()),
    Field('email', type='dict', children=base_media_fields()),
    # `message` is reserved by Ansible as an option name, hence `messaging`.
    Field('messaging', api='message', type='dict', children=MESSAGE_FIELDS),
])


def member_groups(option='member_groups'):
    return Field(option, api='memberGroups', type='list', elements='dict', ordered=False,
                 codec=MemberGroupRef(), children=[
                     Field('name', required=True),
                     Field('type', required=True, choices=MEMBER_GROUP_TYPES),
                 ])


def script_option(script_type):
    # `message` is reserved by Ansible as an option name.
    return 'messaging' if script_type == 'MESSAGE' else script_type.lower()


def direct_routing_media(option):
    return Field(option, type='dict', children=[Field('use_agent_address_outbound', type='bool')])


# Writable queue settings managed by genesys_queue (identity fields `name` and `division`
# are handled by the module itself: the name is the key, a division moves by its own endpoint).
QUEUE_SETTINGS = [
    Field('description', maximum=512),
    MEDIA_SETTINGS,
    Field('acw_settings', type='dict', children=[
        Field('wrapup_prompt', choices=WRAPUP_PROMPTS),
        Field('timeout_ms', type='int', minimum=1000, maximum=3600000),
    ]),
    Field('skill_evaluation_method', choices=('NONE', 'BEST', 'ALL')),
    Field('scoring_method', choices=('TimestampAndPriority', 'PriorityOnly')),
    Field('last_agent_routing_mode', choices=('Disabled', 'QueueMembersOnly', 'AnyAgent')),
    Field('queue_flow', codec=EntityRef()),
    Field('email_in_queue_flow', codec=EntityRef()),
    Field('message_in_queue_flow', codec=EntityRef()),
    Field('whisper_prompt', codec=EntityRef()),
    Field('on_hold_prompt', codec=EntityRef()),
    Field('auto_answer_only', type='bool'),
    Field('default_scripts', type='dict', children=[
        Field(script_option(script_type), api=script_type, codec=EntityRef()) for script_type in SCRIPT_TYPES
    ]),
    Field('calling_party_name'),
    Field('calling_party_number'),
    Field('outbound_email_address', type='dict', children=[
        Field('domain', codec=EntityRef()),
        Field('route', codec=EntityRef()),
    ]),
    Field('outbound_messaging_addresses', type='dict', children=[
        Field('sms_address', codec=EntityRef()),
        Field('open_messaging_recipient', codec=EntityRef()),
        Field('whatsapp_recipient', api='whatsAppRecipient', codec=EntityRef()),
    ]),
    Field('direct_routing', type='dict', children=[
        direct_routing_media('call_media_settings'),
        direct_routing_media('email_media_settings'),
        direct_routing_media('message_media_settings'),
        Field('backup_queue', api='backupQueueId', codec=NamedRef('queue', bare_id=True)),
        Field('wait_for_agent', type='bool'),
        Field('agent_wait_seconds', type='int', minimum=60, maximum=864000),
    ]),
    Field('agent_owned_routing', type='dict', children=[
        Field('enable_agent_owned_callbacks', type='bool'),
        Field('max_owned_callback_hours', type='int', minimum=1, maximum=168),
        Field('max_owned_callback_delay_hours', type='int', minimum=1, maximum=720),
    ]),
    Field('enable_transcription', type='bool'),
    Field('enable_audio_monitoring', type='bool'),
    Field('enable_manual_assignment', type='bool'),
    Field('suppress_in_queue_call_recording', type='bool'),
    Field('canned_response_libraries', type='dict', children=[
        Field('mode', choices=('All', 'SelectedOnly', 'None')),
        Field('library_ids', type='list', elements='str', ordered=False),
    ]),
    member_groups(),
]

MODES = ('authoritative', 'additive', 'ignore')

# Options of one queue besides its settings: identity, state, sub-resources, concurrency pin.
QUEUE_CONTROL = [
    Field('name'),
    Field('id'),
    Field('state', choices=('present', 'absent'), default='present'),
    Field('division'),
    Field('members', type='list', elements='dict', children=[
        Field('user', required=True),
        Field('ring', type='int', minimum=1, maximum=6),
    ]),
    Field('members_mode', choices=MODES),
    Field('wrapup_codes', type='list', elements='str'),
    Field('wrapup_codes_mode', choices=MODES),
    Field('expected_etag'),
    Field('expected_members_etag'),
    Field('force_delete', type='bool', default=False),
]

QUEUE_OPTIONS = QUEUE_CONTROL[:4] + QUEUE_SETTINGS + QUEUE_CONTROL[4:]

# genesys_queue's options: one queue at top level, or many under `queues` (one listing sweep).
DOCUMENTED_OPTIONS = QUEUE_OPTIONS + [
    Field('queues', type='list', elements='dict', children=QUEUE_OPTIONS),
    Field('workers', type='int', default=4, minimum=1, maximum=16),
    Field('delete_timeout', type='int', default=60, minimum=0, maximum=600),
    Field('planned_names', type='dict', children=[Field('skill_group', type='list', elements='str')]),
]

# API keys the server owns on a Queue; dropped from request bodies.
QUEUE_SERVER_OWNED = ('id', 'selfUri', 'dateCreated', 'dateModified', 'createdBy', 'modifiedBy',
                      'memberCount', 'userMemberCount', 'joinedMemberCount')


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


# Option descriptions for the generated documentation (tools/render_docs.py). Looked up by full
# option path first, then by the last path component, so shared sub-structures are described once.
OPTION_DOCS = {
    'name': 'Exact name of the queue (the key). Two queues with this name make the task fail, listing both ids.',
    'id': 'Id of the queue; takes precedence over name for finding it (the name is then applied as a rename).',
    'state': 'Whether the queue should exist.',
    'members': 'Users who are direct members of the queue (members through groups are not touched).',
    'members.user': 'The user, by email, name or id.',
    'members.ring': 'Bullseye ring number of the member (1-6); the queue must have that many rings. '
                    'Left unmanaged when omitted; new members get ring 1.',
    'members_mode': 'How members is applied. C(authoritative) makes the direct members exactly the list, '
                    'C(additive) adds and updates rings but never removes, C(ignore) leaves members alone. '
                    'Defaults to C(additive) when members is given, else C(ignore).',
    'wrapup_codes': 'Wrap-up codes available on the queue, by name.',
    'wrapup_codes_mode': 'How wrapup_codes is applied, with the same meanings as members_mode.',
    'expected_etag': 'The etag this queue had when its change was reviewed (from a drift report or an earlier '
                     'result). If the queue has changed since, the task fails and writes nothing.',
    'expected_members_etag': 'The C(members_etag) this queue had when its change was reviewed: a fingerprint of '
                             'the managed members (with rings) and wrap-up codes, which the queue etag does not '
                             'cover. If they have changed since, the task fails and writes nothing.',
    'queues': 'Many queues in one task, each with the same options as a single queue (name, settings, members, '
              'state...). All queues are read with one listing sweep instead of one GET each; only queues that '
              'change are written. Mutually exclusive with name and id.',
    'planned_names': 'Check mode only: names that an earlier task of the same run would create, by kind. A '
                     'skill group named here (in member_groups) that does not exist yet is planned as if it did, so '
                     'a first C(--check) of a new queue on a new skill group reports both. Ignored outside check '
                     'mode. The routing role passes the skill groups its skill-group task plans to create.',
    'planned_names.skill_group': 'Skill group names the same run creates before this task.',
    'workers': 'How many queues are written in parallel in the bulk form. The client paces all of them together '
               'under the rate limit.',
    'delete_timeout': 'Seconds to wait, after a DELETE, until the platform no longer returns the queue '
                      '(deletion is eventually consistent).',
    'force_delete': 'With state=absent, delete the queue even if it still has members or interactions.',
    'description': 'Free-text description of the queue (at most 512 characters).',
    'division': 'Division of the queue, by name or id. On an existing queue a different division moves the '
                'queue through the authorization divisions objects endpoint, as the platform requires.',
    'media_settings': 'Per media type settings. Only the media types and keys you give are managed.',
    'media_settings.call': 'Settings for voice calls.',
    'media_settings.callback': 'Settings for callbacks.',
    'media_settings.chat': 'Settings for chats.',
    'media_settings.email': 'Settings for emails.',
    'media_settings.messaging': 'Settings for messages (the API key C(message); Ansible reserves that option name).',
    'alerting_timeout_seconds': 'How long an offered interaction alerts an agent before it is offered to another '
                                'agent, in seconds (at least 7).',
    'enable_auto_answer': 'Whether interactions of this media type are auto-answered.',
    'auto_answer_alert_tone_seconds': 'How long the alerting tone plays for an auto-answered interaction, in seconds.',
    'manual_answer_alert_tone_seconds': 'How long the alerting tone plays for a manually answered interaction, '
                                        'in seconds.',
    'service_level': 'The targeted service level.',
    'percentage': 'Fraction of interactions to answer within the target duration, from 0 to 1.',
    'duration_ms': 'Service level target in milliseconds (at least 1000).',
    'mode': 'Callback mode.',
    'enable_auto_dial_and_end': 'Enable auto-dial and auto-end automation for callbacks.',
    'auto_dial_delay_seconds': 'Seconds after the agent connects before the outgoing call is dialled (0-1200).',
    'auto_end_delay_seconds': 'Seconds after the agent disconnects before the callback is ended (0-1200).',
    'pacing_modifier': 'Controls the maximum number of concurrent outbound calls in CustomerFirst mode.',
    'max_retry_count': 'Retries of a customer-first callback that did not connect (0-20).',
    'retry_delay_seconds': 'Seconds between customer-first callback retries (60-86400).',
    'live_voice_reaction_type': 'What to do when a live voice answers a customer-first callback.',
    'answering_machine_reaction_type': 'What to do when an answering machine answers a customer-first callback.',
    'live_voice_flow': 'Id of the inbound flow used when live_voice_reaction_type is TransferToFlow.',
    'answering_machine_flow': 'Id of the inbound flow used when answering_machine_reaction_type is TransferToFlow.',
    'enable_inactivity_timeout': 'Whether the inactivity timeout is enabled for all message subtypes.',
    'inactivity_timeout_settings': 'What happens when a message interaction is inactive.',
    'action_type': 'Action taken when the inactivity timeout fires.',
    'timeout_seconds': 'Inactivity timeout in seconds.',
    'flow': 'Id of the Architect flow used by SEND_TO_ARCHITECT_FLOW.',
    'acw_settings': 'After-call work settings.',
    'acw_settings.wrapup_prompt': 'How the agent is prompted for a wrap-up code.',
    'acw_settings.timeout_ms': 'How long the agent may stay in after-call work, in milliseconds (1000-3600000). '
                               'Only with wrapup_prompt AGENT_REQUESTED, MANDATORY_TIMEOUT or '
                               'MANDATORY_FORCED_TIMEOUT.',
    'skill_evaluation_method': 'How agent skills are evaluated when routing: NONE, BEST or ALL.',
    'scoring_method': 'How conversations are scored for routing.',
    'last_agent_routing_mode': 'Last agent routing mode.',
    'queue_flow': 'Id of the in-queue flow for calls.',
    'email_in_queue_flow': 'Id of the in-queue flow for emails.',
    'message_in_queue_flow': 'Id of the in-queue flow for messages.',
    'whisper_prompt': 'Id of the whisper prompt.',
    'on_hold_prompt': 'Id of the on-hold prompt (audio played while calls are on hold).',
    'auto_answer_only': 'Play the whisper only for auto-answered calls.',
    'default_scripts': 'Default script id per communication type.',
    'default_scripts.*': 'Id of the default script for this communication type.',
    'calling_party_name': 'Caller name shown for outbound calls from this queue.',
    'calling_party_number': 'Caller number shown for outbound calls from this queue.',
    'outbound_email_address': 'Default address for outbound email from this queue.',
    'domain': 'Id of the email domain.',
    'route': 'Id of the inbound email route.',
    'outbound_messaging_addresses': 'Addresses used for outbound messages from this queue.',
    'sms_address': 'Id of the SMS address.',
    'open_messaging_recipient': 'Id of the open messaging recipient.',
    'whatsapp_recipient': 'Id of the WhatsApp recipient.',
    'direct_routing': 'Direct routing settings.',
    'call_media_settings': 'Direct routing settings for calls.',
    'email_media_settings': 'Direct routing settings for emails.',
    'message_media_settings': 'Direct routing settings for messages.',
    'use_agent_address_outbound': "Use the agent's direct routing address for outbound interactions.",
    'backup_queue': 'Backup queue, by name or id, used when an agent has no backup settings.',
    'wait_for_agent': 'Whether direct routing interactions wait for the agent before going to the backup.',
    'agent_wait_seconds': 'How long a direct routing interaction waits for the agent, in seconds (60-864000).',
    'agent_owned_routing': 'Agent-owned callback settings.',
    'enable_agent_owned_callbacks': 'Enable agent-owned callbacks.',
    'max_owned_callback_hours': 'Maximum time a callback can be owned, in hours (1-168).',
    'max_owned_callback_delay_hours': 'Maximum time a callback can be scheduled ahead, in hours (1-720).',
    'enable_transcription': 'Enable voice transcription.',
    'enable_audio_monitoring': 'Enable audio monitoring.',
    'enable_manual_assignment': 'Enable manual assignment.',
    'suppress_in_queue_call_recording': 'Suppress recording of in-queue calls.',
    'canned_response_libraries': 'Canned response libraries available on the queue.',
    'canned_response_libraries.mode': 'Which libraries are associated.',
    'library_ids': 'Library ids, used with mode SelectedOnly. Order does not matter.',
    'member_groups': 'Groups whose members are queue members, by name and type. Order does not matter.',
    'member_groups.name': 'Name (or id) of the group, team or skill group.',
    'member_groups.type': 'Kind of group.',
}
