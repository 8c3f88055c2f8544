#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: genesys_queue
short_description: Manage Genesys Cloud routing queues without losing fields you do not manage
version_added: 0.1.0
description:
  - Creates, updates and deletes routing queues in a Genesys Cloud organization, one per task or many
    in one task (O(queues)).
  - Only the options you give are managed. The platform's queue update replaces the whole object,
    so the module reads the queue, lays the managed keys over it and writes the whole body back;
    every other field survives as it was, and a GET after the write verifies it.
  - Queue members and wrap-up codes are managed through their own endpoints, in bulk calls of at
    most 100, with modes that never remove anything by surprise.
  - The routing API has no ETag, so the module computes a client-side one (a fingerprint of the
    queue's writable state) and returns it as RV(etag). Before writing it re-reads the queue; if
    someone changed it meanwhile, only the managed keys are re-applied onto the fresh copy (with a
    warning), or, when O(expected_etag) pins the reviewed state, the task fails and writes nothing.
  - "API operations used: C(GET /api/v2/routing/queues), C(GET/PUT/DELETE /api/v2/routing/queues/{queueId}),
    C(POST /api/v2/routing/queues), C(GET/POST /api/v2/routing/queues/{queueId}/members),
    C(PATCH /api/v2/routing/queues/{queueId}/members/{memberId}),
    C(GET/POST /api/v2/routing/queues/{queueId}/wrapupcodes),
    C(DELETE /api/v2/routing/queues/{queueId}/wrapupcodes/{codeId}),
    C(POST /api/v2/authorization/divisions/{divisionId}/objects/QUEUE), and the listings used to resolve
    names (divisions, users, groups, teams, skill groups, wrap-up codes)."
  - "Permissions: C(routing:queue:view), C(routing:queue:add), C(routing:queue:edit), C(routing:queue:delete),
    C(routing:queueMember:manage), C(routing:wrapupCode:view), C(authorization:division:view),
    C(directory:user:view), C(directory:group:view), C(groups:team:view), C(routing:skillGroup:view), and to
    move divisions C(routing:queue:edit) in both divisions. A 403 names the missing permission."
author:
  - genesyscloud.routing maintainers (@genesyscloud-routing)
extends_documentation_fragment:
  - genesyscloud.routing.auth
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: Reads only; returns the predicted queue and the diff.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
    details: Shows the managed fields only, names instead of ids, set-like lists sorted.
notes:
  - Members that belong to the queue through a group are never touched; only direct user members are managed.
  - Skill-routing rules (bullseye rings, conditional group routing, preferred-agent rules) are managed by
    M(genesyscloud.routing.genesys_skill_rules).
  - Names are matched exactly on the client side, because the platform's name filter is a wildcard filter.
options:
  # BEGIN GENERATED OPTIONS
  name:
    description:
      - >-
        Exact name of the queue (the key). Two queues with this name make the task fail, listing both ids.
    type: str
  id:
    description:
      - >-
        Id of the queue; takes precedence over name for finding it (the name is then applied as a rename).
    type: str
  state:
    description:
      - >-
        Whether the queue should exist.
    type: str
    default: present
    choices: ['present', 'absent']
  division:
    description:
      - >-
        Division of the queue, by name or id. On an existing queue a different division moves the queue
        through the authorization divisions objects endpoint, as the platform requires.
    type: str
  description:
    description:
      - >-
        Free-text description of the queue (at most 512 characters).
    type: str
  media_settings:
    description:
      - >-
        Per media type settings. Only the media types and keys you give are managed.
    type: dict
    suboptions:
      call:
        description:
          - >-
            Settings for voice calls.
        type: dict
        suboptions:
          alerting_timeout_seconds:
            description:
              - >-
                How long an offered interaction alerts an agent before it is offered to another agent, in seconds
                (at least 7).
            type: int
          enable_auto_answer:
            description:
              - >-
                Whether interactions of this media type are auto-answered.
            type: bool
          auto_answer_alert_tone_seconds:
            description:
              - >-
                How long the alerting tone plays for an auto-answered interaction, in seconds.
            type: float
          manual_answer_alert_tone_seconds:
            description:
              - >-
                How long the alerting tone plays for a manually answered interaction, in seconds.
            type: float
          service_level:
            description:
              - >-
                The targeted service level.
            type: dict
            suboptions:
              percentage:
                description:
                  - >-
                    Fraction of interactions to answer within the target duration, from 0 to 1.
                type: float
              duration_ms:
                description:
                  - >-
                    Service level target in milliseconds (at least 1000).
                type: int
      callback:
        description:
          - >-
            Settings for callbacks.
        type: dict
        suboptions:
          alerting_timeout_seconds:
            description:
              - >-
                How long an offered interaction alerts an agent before it is offered to another agent, in seconds
                (at least 7).
            type: int
          enable_auto_answer:
            description:
              - >-
                Whether interactions of this media type are auto-answered.
            type: bool
          auto_answer_alert_tone_seconds:
            description:
              - >-
                How long the alerting tone plays for an auto-answered interaction, in seconds.
            type: float
          manual_answer_alert_tone_seconds:
            description:
              - >-
                How long the alerting tone plays for a manually answered interaction, in seconds.
            type: float
          service_level:
            description:
              - >-
                The targeted service level.
            type: dict
            suboptions:
              percentage:
                description:
                  - >-
                    Fraction of interactions to answer within the target duration, from 0 to 1.
                type: float
              duration_ms:
                description:
                  - >-
                    Service level target in milliseconds (at least 1000).
                type: int
          mode:
            description:
              - >-
                Callback mode.
            type: str
            choices: ['AgentFirst', 'CustomerFirst']
          enable_auto_dial_and_end:
            description:
              - >-
                Enable auto-dial and auto-end automation for callbacks.
            type: bool
          auto_dial_delay_seconds:
            description:
              - >-
                Seconds after the agent connects before the outgoing call is dialled (0-1200).
            type: int
          auto_end_delay_seconds:
            description:
              - >-
                Seconds after the agent disconnects before the callback is ended (0-1200).
            type: int
          pacing_modifier:
            description:
              - >-
                Controls the maximum number of concurrent outbound calls in CustomerFirst mode.
            type: float
          max_retry_count:
            description:
              - >-
                Retries of a customer-first callback that did not connect (0-20).
            type: int
          retry_delay_seconds:
            description:
              - >-
                Seconds between customer-first callback retries (60-86400).
            type: int
          live_voice_reaction_type:
            description:
              - >-
                What to do when a live voice answers a customer-first callback.
            type: str
            choices: ['HangUp', 'TransferToQueue', 'TransferToFlow']
          answering_machine_reaction_type:
            description:
              - >-
                What to do when an answering machine answers a customer-first callback.
            type: str
            choices: ['HangUp', 'TransferToQueue', 'TransferToFlow']
          live_voice_flow:
            description:
              - >-
                Id of the inbound flow used when live_voice_reaction_type is TransferToFlow.
            type: str
          answering_machine_flow:
            description:
              - >-
                Id of the inbound flow used when answering_machine_reaction_type is TransferToFlow.
            type: str
      chat:
        description:
          - >-
            Settings for chats.
        type: dict
        suboptions:
          alerting_timeout_seconds:
            description:
              - >-
                How long an offered interaction alerts an agent before it is offered to another agent, in seconds
                (at least 7).
            type: int
          enable_auto_answer:
            description:
              - >-
                Whether interactions of this media type are auto-answered.
            type: bool
          auto_answer_alert_tone_seconds:
            description:
              - >-
                How long the alerting tone plays for an auto-answered interaction, in seconds.
            type: float
          manual_answer_alert_tone_seconds:
            description:
              - >-
                How long the alerting tone plays for a manually answered interaction, in seconds.
            type: float
          service_level:
            description:
              - >-
                The targeted service level.
            type: dict
            suboptions:
              percentage:
                description:
                  - >-
                    Fraction of interactions to answer within the target duration, from 0 to 1.
                type: float
              duration_ms:
                description:
                  - >-
                    Service level target in milliseconds (at least 1000).
                type: int
      email:
        description:
          - >-
            Settings for emails.
        type: dict
        suboptions:
          alerting_timeout_seconds:
            description:
              - >-
                How long an offered interaction alerts an agent before it is offered to another agent, in seconds
                (at least 7).
            type: int
          enable_auto_answer:
            description:
              - >-
                Whether interactions of this media type are auto-answered.
            type: bool
          auto_answer_alert_tone_seconds:
            description:
              - >-
                How long the alerting tone plays for an auto-answered interaction, in seconds.
            type: float
          manual_answer_alert_tone_seconds:
            description:
              - >-
                How long the alerting tone plays for a manually answered interaction, in seconds.
            type: float
          service_level:
            description:
              - >-
                The targeted service level.
            type: dict
            suboptions:
              percentage:
                description:
                  - >-
                    Fraction of interactions to answer within the target duration, from 0 to 1.
                type: float
              duration_ms:
                description:
                  - >-
                    Service level target in milliseconds (at least 1000).
                type: int
      messaging:
        description:
          - >-
            Settings for messages (the API key C(message); Ansible reserves that option name).
        type: dict
        suboptions:
          alerting_timeout_seconds:
            description:
              - >-
                How long an offered interaction alerts an agent before it is offered to another agent, in seconds
                (at least 7).
            type: int
          enable_auto_answer:
            description:
              - >-
                Whether interactions of this media type are auto-answered.
            type: bool
          auto_answer_alert_tone_seconds:
            description:
              - >-
                How long the alerting tone plays for an auto-answered interaction, in seconds.
            type: float
          manual_answer_alert_tone_seconds:
            description:
              - >-
                How long the alerting tone plays for a manually answered interaction, in seconds.
            type: float
          service_level:
            description:
              - >-
                The targeted service level.
            type: dict
            suboptions:
              percentage:
                description:
                  - >-
                    Fraction of interactions to answer within the target duration, from 0 to 1.
                type: float
              duration_ms:
                description:
                  - >-
                    Service level target in milliseconds (at least 1000).
                type: int
          enable_inactivity_timeout:
            description:
              - >-
                Whether the inactivity timeout is enabled for all message subtypes.
            type: bool
          inactivity_timeout_settings:
            description:
              - >-
                What happens when a message interaction is inactive.
            type: dict
            suboptions:
              action_type:
                description:
                  - >-
                    Action taken when the inactivity timeout fires.
                type: str
                choices: ['DISCONNECT', 'SEND_TO_ARCHITECT_FLOW']
              timeout_seconds:
                description:
                  - >-
                    Inactivity timeout in seconds.
                type: int
              flow:
                description:
                  - >-
                    Id of the Architect flow used by SEND_TO_ARCHITECT_FLOW.
                type: str
  acw_settings:
    description:
      - >-
        After-call work settings.
    type: dict
    suboptions:
      wrapup_prompt:
        description:
          - >-
            How the agent is prompted for a wrap-up code.
        type: str
        choices: ['MANDATORY', 'OPTIONAL', 'MANDATORY_TIMEOUT', 'MANDATORY_FORCED_TIMEOUT', 'AGENT_REQUESTED']
      timeout_ms:
        description:
          - >-
            How long the agent may stay in after-call work, in milliseconds (1000-3600000). Only with
            wrapup_prompt AGENT_REQUESTED, MANDATORY_TIMEOUT or MANDATORY_FORCED_TIMEOUT.
        type: int
  skill_evaluation_method:
    description:
      - >-
        How agent skills are evaluated when routing: NONE, BEST or ALL.
    type: str
    choices: ['NONE', 'BEST', 'ALL']
  scoring_method:
    description:
      - >-
        How conversations are scored for routing.
    type: str
    choices: ['TimestampAndPriority', 'PriorityOnly']
  last_agent_routing_mode:
    description:
      - >-
        Last agent routing mode.
    type: str
    choices: ['Disabled', 'QueueMembersOnly', 'AnyAgent']
  queue_flow:
    description:
      - >-
        Id of the in-queue flow for calls.
    type: str
  email_in_queue_flow:
    description:
      - >-
        Id of the in-queue flow for emails.
    type: str
  message_in_queue_flow:
    description:
      - >-
        Id of the in-queue flow for messages.
    type: str
  whisper_prompt:
    description:
      - >-
        Id of the whisper prompt.
    type: str
  on_hold_prompt:
    description:
      - >-
        Id of the on-hold prompt (audio played while calls are on hold).
    type: str
  auto_answer_only:
    description:
      - >-
        Play the whisper only for auto-answered calls.
    type: bool
  default_scripts:
    description:
      - >-
        Default script id per communication type.
    type: dict
    suboptions:
      call:
        description:
          - >-
            Id of the default script for this communication type.
        type: str
      callback:
        description:
          - >-
            Id of the default script for this communication type.
        type: str
      chat:
        description:
          - >-
            Id of the default script for this communication type.
        type: str
      cobrowse:
        description:
          - >-
            Id of the default script for this communication type.
        type: str
      email:
        description:
          - >-
            Id of the default script for this communication type.
        type: str
      messaging:
        description:
          - >-
            Id of the default script for this communication type.
        type: str
      social_expression:
        description:
          - >-
            Id of the default script for this communication type.
        type: str
      video:
        description:
          - >-
            Id of the default script for this communication type.
        type: str
      screenshare:
        description:
          - >-
            Id of the default script for this communication type.
        type: str
  calling_party_name:
    description:
      - >-
        Caller name shown for outbound calls from this queue.
    type: str
  calling_party_number:
    description:
      - >-
        Caller number shown for outbound calls from this queue.
    type: str
  outbound_email_address:
    description:
      - >-
        Default address for outbound email from this queue.
    type: dict
    suboptions:
      domain:
        description:
          - >-
            Id of the email domain.
        type: str
      route:
        description:
          - >-
            Id of the inbound email route.
        type: str
  outbound_messaging_addresses:
    description:
      - >-
        Addresses used for outbound messages from this queue.
    type: dict
    suboptions:
      sms_address:
        description:
          - >-
            Id of the SMS address.
        type: str
      open_messaging_recipient:
        description:
          - >-
            Id of the open messaging recipient.
        type: str
      whatsapp_recipient:
        description:
          - >-
            Id of the WhatsApp recipient.
        type: str
  direct_routing:
    description:
      - >-
        Direct routing settings.
    type: dict
    suboptions:
      call_media_settings:
        description:
          - >-
            Direct routing settings for calls.
        type: dict
        suboptions:
          use_agent_address_outbound:
            description:
              - >-
                Use the agent's direct routing address for outbound interactions.
            type: bool
      email_media_settings:
        description:
          - >-
            Direct routing settings for emails.
        type: dict
        suboptions:
          use_agent_address_outbound:
            description:
              - >-
                Use the agent's direct routing address for outbound interactions.
            type: bool
      message_media_settings:
        description:
          - >-
            Direct routing settings for messages.
        type: dict
        suboptions:
          use_agent_address_outbound:
            description:
              - >-
                Use the agent's direct routing address for outbound interactions.
            type: bool
      backup_queue:
        description:
          - >-
            Backup queue, by name or id, used when an agent has no backup settings.
        type: str
      wait_for_agent:
        description:
          - >-
            Whether direct routing interactions wait for the agent before going to the backup.
        type: bool
      agent_wait_seconds:
        description:
          - >-
            How long a direct routing interaction waits for the agent, in seconds (60-864000).
        type: int
  agent_owned_routing:
    description:
      - >-
        Agent-owned callback settings.
    type: dict
    suboptions:
      enable_agent_owned_callbacks:
        description:
          - >-
            Enable agent-owned callbacks.
        type: bool
      max_owned_callback_hours:
        description:
          - >-
            Maximum time a callback can be owned, in hours (1-168).
        type: int
      max_owned_callback_delay_hours:
        description:
          - >-
            Maximum time a callback can be scheduled ahead, in hours (1-720).
        type: int
  enable_transcription:
    description:
      - >-
        Enable voice transcription.
    type: bool
  enable_audio_monitoring:
    description:
      - >-
        Enable audio monitoring.
    type: bool
  enable_manual_assignment:
    description:
      - >-
        Enable manual assignment.
    type: bool
  suppress_in_queue_call_recording:
    description:
      - >-
        Suppress recording of in-queue calls.
    type: bool
  canned_response_libraries:
    description:
      - >-
        Canned response libraries available on the queue.
    type: dict
    suboptions:
      mode:
        description:
          - >-
            Which libraries are associated.
        type: str
        choices: ['All', 'SelectedOnly', 'None']
      library_ids:
        description:
          - >-
            Library ids, used with mode SelectedOnly. Order does not matter.
        type: list
        elements: str
  member_groups:
    description:
      - >-
        Groups whose members are queue members, by name and type. Order does not matter.
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - >-
            Name (or id) of the group, team or skill group.
        type: str
        required: true
      type:
        description:
          - >-
            Kind of group.
        type: str
        required: true
        choices: ['GROUP', 'TEAM', 'SKILLGROUP']
  members:
    description:
      - >-
        Users who are direct members of the queue (members through groups are not touched).
    type: list
    elements: dict
    suboptions:
      user:
        description:
          - >-
            The user, by email, name or id.
        type: str
        required: true
      ring:
        description:
          - >-
            Bullseye ring number of the member (1-6); the queue must have that many rings. Left unmanaged when
            omitted; new members get ring 1.
        type: int
  members_mode:
    description:
      - >-
        How members is applied. C(authoritative) makes the direct members exactly the list, C(additive) adds
        and updates rings but never removes, C(ignore) leaves members alone. Defaults to C(additive) when
        members is given, else C(ignore).
    type: str
    choices: ['authoritative', 'additive', 'ignore']
  wrapup_codes:
    description:
      - >-
        Wrap-up codes available on the queue, by name.
    type: list
    elements: str
  wrapup_codes_mode:
    description:
      - >-
        How wrapup_codes is applied, with the same meanings as members_mode.
    type: str
    choices: ['authoritative', 'additive', 'ignore']
  expected_etag:
    description:
      - >-
        The etag this queue had when its change was reviewed (from a drift report or an earlier result). If
        the queue has changed since, the task fails and writes nothing.
    type: str
  expected_members_etag:
    description:
      - >-
        The C(members_etag) this queue had when its change was reviewed: a fingerprint of the managed
        members (with rings) and wrap-up codes, which the queue etag does not cover. If they have changed
        since, the task fails and writes nothing.
    type: str
  force_delete:
    description:
      - >-
        With state=absent, delete the queue even if it still has members or interactions.
    type: bool
    default: false
  queues:
    description:
      - >-
        Many queues in one task, each with the same options as a single queue (name, settings, members,
        state...). All queues are read with one listing sweep instead of one GET each; only queues that
        change are written. Mutually exclusive with name and id.
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - >-
            Exact name of the queue (the key). Two queues with this name make the task fail, listing both ids.
        type: str
      id:
        description:
          - >-
            Id of the queue; takes precedence over name for finding it (the name is then applied as a rename).
        type: str
      state:
        description:
          - >-
            Whether the queue should exist.
        type: str
        default: present
        choices: ['present', 'absent']
      division:
        description:
          - >-
            Division of the queue, by name or id. On an existing queue a different division moves the queue
            through the authorization divisions objects endpoint, as the platform requires.
        type: str
      description:
        description:
          - >-
            Free-text description of the queue (at most 512 characters).
        type: str
      media_settings:
        description:
          - >-
            Per media type settings. Only the media types and keys you give are managed.
        type: dict
        suboptions:
          call:
            description:
              - >-
                Settings for voice calls.
            type: dict
            suboptions:
              alerting_timeout_seconds:
                description:
                  - >-
                    How long an offered interaction alerts an agent before it is offered to another agent, in seconds
                    (at least 7).
                type: int
              enable_auto_answer:
                description:
                  - >-
                    Whether interactions of this media type are auto-answered.
                type: bool
              auto_answer_alert_tone_seconds:
                description:
                  - >-
                    How long the alerting tone plays for an auto-answered interaction, in seconds.
                type: float
              manual_answer_alert_tone_seconds:
                description:
                  - >-
                    How long the alerting tone plays for a manually answered interaction, in seconds.
                type: float
              service_level:
                description:
                  - >-
                    The targeted service level.
                type: dict
                suboptions:
                  percentage:
                    description:
                      - >-
                        Fraction of interactions to answer within the target duration, from 0 to 1.
                    type: float
                  duration_ms:
                    description:
                      - >-
                        Service level target in milliseconds (at least 1000).
                    type: int
          callback:
            description:
              - >-
                Settings for callbacks.
            type: dict
            suboptions:
              alerting_timeout_seconds:
                description:
                  - >-
                    How long an offered interaction alerts an agent before it is offered to another agent, in seconds
                    (at least 7).
                type: int
              enable_auto_answer:
                description:
                  - >-
                    Whether interactions of this media type are auto-answered.
                type: bool
              auto_answer_alert_tone_seconds:
                description:
                  - >-
                    How long the alerting tone plays for an auto-answered interaction, in seconds.
                type: float
              manual_answer_alert_tone_seconds:
                description:
                  - >-
                    How long the alerting tone plays for a manually answered interaction, in seconds.
                type: float
              service_level:
                description:
                  - >-
                    The targeted service level.
                type: dict
                suboptions:
                  percentage:
                    description:
                      - >-
                        Fraction of interactions to answer within the target duration, from 0 to 1.
                    type: float
                  duration_ms:
                    description:
                      - >-
                        Service level target in milliseconds (at least 1000).
                    type: int
              mode:
                description:
                  - >-
                    Callback mode.
                type: str
                choices: ['AgentFirst', 'CustomerFirst']
              enable_auto_dial_and_end:
                description:
                  - >-
                    Enable auto-dial and auto-end automation for callbacks.
                type: bool
              auto_dial_delay_seconds:
                description:
                  - >-
                    Seconds after the agent connects before the outgoing call is dialled (0-1200).
                type: int
              auto_end_delay_seconds:
                description:
                  - >-
                    Seconds after the agent disconnects before the callback is ended (0-1200).
                type: int
              pacing_modifier:
                description:
                  - >-
                    Controls the maximum number of concurrent outbound calls in CustomerFirst mode.
                type: float
              max_retry_count:
                description:
                  - >-
                    Retries of a customer-first callback that did not connect (0-20).
                type: int
              retry_delay_seconds:
                description:
                  - >-
                    Seconds between customer-first callback retries (60-86400).
                type: int
              live_voice_reaction_type:
                description:
                  - >-
                    What to do when a live voice answers a customer-first callback.
                type: str
                choices: ['HangUp', 'TransferToQueue', 'TransferToFlow']
              answering_machine_reaction_type:
                description:
                  - >-
                    What to do when an answering machine answers a customer-first callback.
                type: str
                choices: ['HangUp', 'TransferToQueue', 'TransferToFlow']
              live_voice_flow:
                description:
                  - >-
                    Id of the inbound flow used when live_voice_reaction_type is TransferToFlow.
                type: str
              answering_machine_flow:
                description:
                  - >-
                    Id of the inbound flow used when answering_machine_reaction_type is TransferToFlow.
                type: str
          chat:
            description:
              - >-
                Settings for chats.
            type: dict
            suboptions:
              alerting_timeout_seconds:
                description:
                  - >-
                    How long an offered interaction alerts an agent before it is offered to another agent, in seconds
                    (at least 7).
                type: int
              enable_auto_answer:
                description:
                  - >-
                    Whether interactions of this media type are auto-answered.
                type: bool
              auto_answer_alert_tone_seconds:
                description:
                  - >-
                    How long the alerting tone plays for an auto-answered interaction, in seconds.
                type: float
              manual_answer_alert_tone_seconds:
                description:
                  - >-
                    How long the alerting tone plays for a manually answered interaction, in seconds.
                type: float
              service_level:
                description:
                  - >-
                    The targeted service level.
                type: dict
                suboptions:
                  percentage:
                    description:
                      - >-
                        Fraction of interactions to answer within the target duration, from 0 to 1.
                    type: float
                  duration_ms:
                    description:
                      - >-
                        Service level target in milliseconds (at least 1000).
                    type: int
          email:
            description:
              - >-
                Settings for emails.
            type: dict
            suboptions:
              alerting_timeout_seconds:
                description:
                  - >-
                    How long an offered interaction alerts an agent before it is offered to another agent, in seconds
                    (at least 7).
                type: int
              enable_auto_answer:
                description:
                  - >-
                    Whether interactions of this media type are auto-answered.
                type: bool
              auto_answer_alert_tone_seconds:
                description:
                  - >-
                    How long the alerting tone plays for an auto-answered interaction, in seconds.
                type: float
              manual_answer_alert_tone_seconds:
                description:
                  - >-
                    How long the alerting tone plays for a manually answered interaction, in seconds.
                type: float
              service_level:
                description:
                  - >-
                    The targeted service level.
                type: dict
                suboptions:
                  percentage:
                    description:
                      - >-
                        Fraction of interactions to answer within the target duration, from 0 to 1.
                    type: float
                  duration_ms:
                    description:
                      - >-
                        Service level target in milliseconds (at least 1000).
                    type: int
          messaging:
            description:
              - >-
                Settings for messages (the API key C(message); Ansible reserves that option name).
            type: dict
            suboptions:
              alerting_timeout_seconds:
                description:
                  - >-
                    How long an offered interaction alerts an agent before it is offered to another agent, in seconds
                    (at least 7).
                type: int
              enable_auto_answer:
                description:
                  - >-
                    Whether interactions of this media type are auto-answered.
                type: bool
              auto_answer_alert_tone_seconds:
                description:
                  - >-
                    How long the alerting tone plays for an auto-answered interaction, in seconds.
                type: float
              manual_answer_alert_tone_seconds:
                description:
                  - >-
                    How long the alerting tone plays for a manually answered interaction, in seconds.
                type: float
              service_level:
                description:
                  - >-
                    The targeted service level.
                type: dict
                suboptions:
                  percentage:
                    description:
                      - >-
                        Fraction of interactions to answer within the target duration, from 0 to 1.
                    type: float
                  duration_ms:
                    description:
                      - >-
                        Service level target in milliseconds (at least 1000).
                    type: int
              enable_inactivity_timeout:
                description:
                  - >-
                    Whether the inactivity timeout is enabled for all message subtypes.
                type: bool
              inactivity_timeout_settings:
                description:
                  - >-
                    What happens when a message interaction is inactive.
                type: dict
                suboptions:
                  action_type:
                    description:
                      - >-
                        Action taken when the inactivity timeout fires.
                    type: str
                    choices: ['DISCONNECT', 'SEND_TO_ARCHITECT_FLOW']
                  timeout_seconds:
                    description:
                      - >-
                        Inactivity timeout in seconds.
                    type: int
                  flow:
                    description:
                      - >-
                        Id of the Architect flow used by SEND_TO_ARCHITECT_FLOW.
                    type: str
      acw_settings:
        description:
          - >-
            After-call work settings.
        type: dict
        suboptions:
          wrapup_prompt:
            description:
              - >-
                How the agent is prompted for a wrap-up code.
            type: str
            choices: ['MANDATORY', 'OPTIONAL', 'MANDATORY_TIMEOUT', 'MANDATORY_FORCED_TIMEOUT', 'AGENT_REQUESTED']
          timeout_ms:
            description:
              - >-
                How long the agent may stay in after-call work, in milliseconds (1000-3600000). Only with
                wrapup_prompt AGENT_REQUESTED, MANDATORY_TIMEOUT or MANDATORY_FORCED_TIMEOUT.
            type: int
      skill_evaluation_method:
        description:
          - >-
            How agent skills are evaluated when routing: NONE, BEST or ALL.
        type: str
        choices: ['NONE', 'BEST', 'ALL']
      scoring_method:
        description:
          - >-
            How conversations are scored for routing.
        type: str
        choices: ['TimestampAndPriority', 'PriorityOnly']
      last_agent_routing_mode:
        description:
          - >-
            Last agent routing mode.
        type: str
        choices: ['Disabled', 'QueueMembersOnly', 'AnyAgent']
      queue_flow:
        description:
          - >-
            Id of the in-queue flow for calls.
        type: str
      email_in_queue_flow:
        description:
          - >-
            Id of the in-queue flow for emails.
        type: str
      message_in_queue_flow:
        description:
          - >-
            Id of the in-queue flow for messages.
        type: str
      whisper_prompt:
        description:
          - >-
            Id of the whisper prompt.
        type: str
      on_hold_prompt:
        description:
          - >-
            Id of the on-hold prompt (audio played while calls are on hold).
        type: str
      auto_answer_only:
        description:
          - >-
            Play the whisper only for auto-answered calls.
        type: bool
      default_scripts:
        description:
          - >-
            Default script id per communication type.
        type: dict
        suboptions:
          call:
            description:
              - >-
                Id of the default script for this communication type.
            type: str
          callback:
            description:
              - >-
                Id of the default script for this communication type.
            type: str
          chat:
            description:
              - >-
                Id of the default script for this communication type.
            type: str
          cobrowse:
            description:
              - >-
                Id of the default script for this communication type.
            type: str
          email:
            description:
              - >-
                Id of the default script for this communication type.
            type: str
          messaging:
            description:
              - >-
                Id of the default script for this communication type.
            type: str
          social_expression:
            description:
              - >-
                Id of the default script for this communication type.
            type: str
          video:
            description:
              - >-
                Id of the default script for this communication type.
            type: str
          screenshare:
            description:
              - >-
                Id of the default script for this communication type.
            type: str
      calling_party_name:
        description:
          - >-
            Caller name shown for outbound calls from this queue.
        type: str
      calling_party_number:
        description:
          - >-
            Caller number shown for outbound calls from this queue.
        type: str
      outbound_email_address:
        description:
          - >-
            Default address for outbound email from this queue.
        type: dict
        suboptions:
          domain:
            description:
              - >-
                Id of the email domain.
            type: str
          route:
            description:
              - >-
                Id of the inbound email route.
            type: str
      outbound_messaging_addresses:
        description:
          - >-
            Addresses used for outbound messages from this queue.
        type: dict
        suboptions:
          sms_address:
            description:
              - >-
                Id of the SMS address.
            type: str
          open_messaging_recipient:
            description:
              - >-
                Id of the open messaging recipient.
            type: str
          whatsapp_recipient:
            description:
              - >-
                Id of the WhatsApp recipient.
            type: str
      direct_routing:
        description:
          - >-
            Direct routing settings.
        type: dict
        suboptions:
          call_media_settings:
            description:
              - >-
                Direct routing settings for calls.
            type: dict
            suboptions:
              use_agent_address_outbound:
                description:
                  - >-
                    Use the agent's direct routing address for outbound interactions.
                type: bool
          email_media_settings:
            description:
              - >-
                Direct routing settings for emails.
            type: dict
            suboptions:
              use_agent_address_outbound:
                description:
                  - >-
                    Use the agent's direct routing address for outbound interactions.
                type: bool
          message_media_settings:
            description:
              - >-
                Direct routing settings for messages.
            type: dict
            suboptions:
              use_agent_address_outbound:
                description:
                  - >-
                    Use the agent's direct routing address for outbound interactions.
                type: bool
          backup_queue:
            description:
              - >-
                Backup queue, by name or id, used when an agent has no backup settings.
            type: str
          wait_for_agent:
            description:
              - >-
                Whether direct routing interactions wait for the agent before going to the backup.
            type: bool
          agent_wait_seconds:
            description:
              - >-
                How long a direct routing interaction waits for the agent, in seconds (60-864000).
            type: int
      agent_owned_routing:
        description:
          - >-
            Agent-owned callback settings.
        type: dict
        suboptions:
          enable_agent_owned_callbacks:
            description:
              - >-
                Enable agent-owned callbacks.
            type: bool
          max_owned_callback_hours:
            description:
              - >-
                Maximum time a callback can be owned, in hours (1-168).
            type: int
          max_owned_callback_delay_hours:
            description:
              - >-
                Maximum time a callback can be scheduled ahead, in hours (1-720).
            type: int
      enable_transcription:
        description:
          - >-
            Enable voice transcription.
        type: bool
      enable_audio_monitoring:
        description:
          - >-
            Enable audio monitoring.
        type: bool
      enable_manual_assignment:
        description:
          - >-
            Enable manual assignment.
        type: bool
      suppress_in_queue_call_recording:
        description:
          - >-
            Suppress recording of in-queue calls.
        type: bool
      canned_response_libraries:
        description:
          - >-
            Canned response libraries available on the queue.
        type: dict
        suboptions:
          mode:
            description:
              - >-
                Which libraries are associated.
            type: str
            choices: ['All', 'SelectedOnly', 'None']
          library_ids:
            description:
              - >-
                Library ids, used with mode SelectedOnly. Order does not matter.
            type: list
            elements: str
      member_groups:
        description:
          - >-
            Groups whose members are queue members, by name and type. Order does not matter.
        type: list
        elements: dict
        suboptions:
          name:
            description:
              - >-
                Name (or id) of the group, team or skill group.
            type: str
            required: true
          type:
            description:
              - >-
                Kind of group.
            type: str
            required: true
            choices: ['GROUP', 'TEAM', 'SKILLGROUP']
      members:
        description:
          - >-
            Users who are direct members of the queue (members through groups are not touched).
        type: list
        elements: dict
        suboptions:
          user:
            description:
              - >-
                The user, by email, name or id.
            type: str
            required: true
          ring:
            description:
              - >-
                Bullseye ring number of the member (1-6); the queue must have that many rings. Left unmanaged when
                omitted; new members get ring 1.
            type: int
      members_mode:
        description:
          - >-
            How members is applied. C(authoritative) makes the direct members exactly the list, C(additive) adds
            and updates rings but never removes, C(ignore) leaves members alone. Defaults to C(additive) when
            members is given, else C(ignore).
        type: str
        choices: ['authoritative', 'additive', 'ignore']
      wrapup_codes:
        description:
          - >-
            Wrap-up codes available on the queue, by name.
        type: list
        elements: str
      wrapup_codes_mode:
        description:
          - >-
            How wrapup_codes is applied, with the same meanings as members_mode.
        type: str
        choices: ['authoritative', 'additive', 'ignore']
      expected_etag:
        description:
          - >-
            The etag this queue had when its change was reviewed (from a drift report or an earlier result). If
            the queue has changed since, the task fails and writes nothing.
        type: str
      expected_members_etag:
        description:
          - >-
            The C(members_etag) this queue had when its change was reviewed: a fingerprint of the managed
            members (with rings) and wrap-up codes, which the queue etag does not cover. If they have changed
            since, the task fails and writes nothing.
        type: str
      force_delete:
        description:
          - >-
            With state=absent, delete the queue even if it still has members or interactions.
        type: bool
        default: false
  workers:
    description:
      - >-
        How many queues are written in parallel in the bulk form. The client paces all of them together
        under the rate limit.
    type: int
    default: 4
  delete_timeout:
    description:
      - >-
        Seconds to wait, after a DELETE, until the platform no longer returns the queue (deletion is
        eventually consistent).
    type: int
    default: 60
  planned_names:
    description:
      - >-
        Check mode only: names that an earlier task of the same run would create, by kind. A skill group
        named here (in member_groups) that does not exist yet is planned as if it did, so a first C(--check)
        of a new queue on a new skill group reports both. Ignored outside check mode. The routing role
        passes the skill groups its skill-group task plans to create.
    type: dict
    suboptions:
      skill_group:
        description:
          - >-
            Skill group names the same run creates before this task.
        type: list
        elements: str
  # END GENERATED OPTIONS
'''

EXAMPLES = r'''
- name: Use one set of credentials for every task of the collection
  module_defaults:
    group/genesyscloud.routing.genesys:
      client_id: "{{ genesys_client_id }}"
      client_secret: "{{ genesys_client_secret }}"
      region: eu-west-1
  block:
    - name: Create or update a support queue; fields not listed here are left as they are
      genesyscloud.routing.genesys_queue:
        name: Support - Tier 1
        division: Support
        description: First line support
        media_settings:
          call:
            alerting_timeout_seconds: 15
            service_level:
              percentage: 0.8
              duration_ms: 20000
          chat:
            alerting_timeout_seconds: 30
        acw_settings:
          wrapup_prompt: MANDATORY_TIMEOUT
          timeout_ms: 60000
        skill_evaluation_method: BEST
        member_groups:
          - name: Support Agents
            type: GROUP

    - name: Make the direct members exactly this list (adds and removes in bulk calls of 100)
      genesyscloud.routing.genesys_queue:
        name: Support - Tier 1
        members_mode: authoritative
        members:
          - user: ada.lovelace@example.com
            ring: 1
          - user: grace.hopper@example.com
            ring: 2
        wrapup_codes: [Resolved, Escalated]

    - name: Add a member without removing anyone
      genesyscloud.routing.genesys_queue:
        name: Support - Tier 1
        members:
          - user: alan.turing@example.com

    - name: Apply a reviewed change only if nobody touched the queue since the review
      genesyscloud.routing.genesys_queue:
        name: Support - Tier 1
        description: Reviewed in change CHG-1234
        expected_etag: 'W/"3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b"'

    - name: Many queues in one task (one listing sweep, only changed queues written)
      genesyscloud.routing.genesys_queue:
        queues:
          - name: Sales - Inbound
            division: Sales
            media_settings:
              call:
                alerting_timeout_seconds: 20
          - name: Sales - Callback
            division: Sales
          - name: Legacy queue
            state: absent
      register: result

    - name: Delete a queue even if it still has members
      genesyscloud.routing.genesys_queue:
        name: Old queue
        state: absent
        force_delete: true
'''

RETURN = r'''
queue:
  description: The queue as the platform stores it after the task (the predicted queue in check mode).
  returned: when a single queue is managed and it exists (or would exist)
  type: dict
  sample: {"id": "a1b2c3d4-0000-4000-8000-000000000001", "name": "Support - Tier 1", "description": "First line"}
etag:
  description:
    - Client-side ETag of the queue, a fingerprint of its writable state. The same state gives the same
      etag in every module, report and export. Pass it back as O(expected_etag) to refuse a write if the
      queue changed since.
  returned: when a single queue is managed and it exists
  type: str
  sample: W/"3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b"
members_etag:
  description:
    - Fingerprint of the queue's managed members (by name, with rings) and wrap-up codes, which RV(etag) does
      not cover; null when neither is managed or the queue does not exist yet. Pass it back as
      O(expected_members_etag) to refuse a write if the membership changed since.
  returned: when a single queue is managed
  type: str
  sample: W/"9b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"
id:
  description: Id of the queue.
  returned: when a single queue is managed and it exists
  type: str
action:
  description: What the task did or, in check mode, would do.
  returned: when a single queue is managed
  type: str
  sample: update
changes:
  description: Field-level changes (option path, before, after), names instead of ids, sorted by path.
  returned: when a single queue is managed
  type: list
  elements: dict
  sample: [{"path": "media_settings.call.alerting_timeout_seconds", "before": 8, "after": 15}]
diff:
  description:
    - Before and after of the managed fields only (and of members and wrap-up codes when managed).
      A list with one entry per queue in the bulk form.
  returned: always
  type: raw
members:
  description: Counts of member additions, removals and ring changes, and the mode used.
  returned: when members are managed
  type: dict
  sample: {"mode": "additive", "added": 1, "removed": 0, "ring_changes": 0}
wrapup_codes:
  description: Counts of wrap-up code additions and removals, and the mode used.
  returned: when wrap-up codes are managed
  type: dict
results:
  description: One entry per queue in the bulk form, with the keys above plus C(failed) and C(msg) for a queue
    whose write failed (the others are still applied). Unchanged queues carry only C(name), C(id), C(action),
    C(changed) and C(etag).
  returned: when O(queues) is given
  type: list
  elements: dict
summary:
  description: Counts of queues created, updated, deleted, unchanged and failed.
  returned: always
  type: dict
  sample: {"create": 1, "update": 2, "delete": 0, "none": 97, "failed": 0}
api_calls:
  description: API calls the task made, by operation (useful to check a no-op run made no writes).
  returned: always
  type: dict
'''

from ansible_collections.genesyscloud.routing.plugins.module_utils.queue_fields import DOCUMENTED_OPTIONS, QUEUE_OPTIONS
from ansible_collections.genesyscloud.routing.plugins.module_utils.queues import QueueService, validate_queue_spec
from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import ResourceModule


def main():
    ResourceModule(
        DOCUMENTED_OPTIONS, 'queues', [field.option for field in QUEUE_OPTIONS], validate_queue_spec, QueueService,
        'queue', 'queues', shared=('delete_timeout',), brief_unchanged=True, workers_option='workers',
        mutually_exclusive=[('queues', 'name'), ('queues', 'id')],
        required_one_of=[('name', 'id', 'queues')],
    ).run()


if __name__ == '__main__':
    main()
