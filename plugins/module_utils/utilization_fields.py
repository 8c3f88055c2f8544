# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The field map of organization utilization (UtilizationRequest / MediaUtilization).

The option is spelled `interruptible_media_types`; the API key keeps the platform's own spelling,
`interruptableMediaTypes`. The media type `message` is the option `messaging`, because Ansible
reserves `message` as an option name; as a value (an interrupting media type) it stays `message`.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import MEDIA_TYPES, Field

# MediaUtilization.maximumCapacity: the platform model gives no range; 0-25 is what the utilization
# settings of the platform accept (UNCONFIRMED from a public source; kept from the earlier schema).
MAX_CAPACITY = 25


def media_fields():
    return [
        Field('maximum_capacity', type='int', minimum=0, maximum=MAX_CAPACITY,
              description='How many conversations of this media type an agent can handle at one time (0-%d).'
                          % MAX_CAPACITY),
        Field('interruptible_media_types', api='interruptableMediaTypes', type='list', elements='str',
              choices=MEDIA_TYPES, ordered=False, schema={'uniqueItems': True},
              description='Media types that can interrupt a conversation of this media type. Order does not '
                          'matter. The API spells the key C(interruptableMediaTypes).'),
        Field('include_non_acd', type='bool',
              description="Whether non-ACD conversations count against this media type's capacity."),
    ]


# Label utilizations are not managed (they are written back as the platform holds them); declared
# for what the fingerprint must know of them: the order of interrupting labels means nothing.
LABEL_SETTINGS = [
    Field('maximum_capacity', type='int'),
    Field('interrupting_label_ids', type='list', elements='str', ordered=False),
]


MEDIA_LABELS = {'call': 'Voice calls.', 'callback': 'Callbacks.', 'chat': 'Chats.', 'email': 'Emails.',
                'message': "Messages (the API's media type C(message); Ansible reserves that option name)."}

# API media type -> option name.
MEDIA_OPTIONS = dict((media, 'messaging' if media == 'message' else media) for media in MEDIA_TYPES)

MEDIA_TYPES_FIELD = Field('media_types', api='utilization', type='dict',
                          description='Utilization per media type. Only the media types and keys you give are '
                                      'managed, unless authoritative is true.',
                          children=[
                              Field(MEDIA_OPTIONS[media], api=media, type='dict', children=media_fields(),
                                    description=MEDIA_LABELS[media])
                              for media in MEDIA_TYPES
                          ])

UTILIZATION_SETTINGS = [MEDIA_TYPES_FIELD]

DOCUMENTED_OPTIONS = UTILIZATION_SETTINGS + [
    Field('authoritative', type='bool', default=False,
          description='With C(false) (the default), the media types and keys you do not give keep their current'
                      ' values; the module sends them back, because the platform resets every media type a '
                      'request leaves out. With C(true), O(media_types) is the whole configuration; every media'
                      ' type and key you do not give is set to the documented default (capacity 1 for call, '
                      'callback, email and message, 4 for chat; email interruptible by every other media type, '
                      'no other interruptions; non-ACD not counted), sent '
                      'explicitly. Label utilizations and the maximum of inbound calls are never changed.'),
    Field('expected_etag',
          description='The etag the utilization had when its change was reviewed. If it has changed since, the '
                      'task fails and writes nothing.'),
]

# What `authoritative: true` gives every media type, and every key, the task does not list: the
# defaults the Genesys Cloud help center documents (1 call, up to 4 chats, 1 email, 1 message,
# 1 callback; email interruptible, calls and callbacks not interrupting each other; non-ACD
# conversations not counted). Sent explicitly, so the outcome is known before the write instead
# of depending on values the API does not publish.
DEFAULT_MEDIA_UTILIZATION = {
    'call': {'maximumCapacity': 1, 'interruptableMediaTypes': [], 'includeNonAcd': False},
    'callback': {'maximumCapacity': 1, 'interruptableMediaTypes': [], 'includeNonAcd': False},
    'chat': {'maximumCapacity': 4, 'interruptableMediaTypes': [], 'includeNonAcd': False},
    'email': {'maximumCapacity': 1, 'interruptableMediaTypes': ['call', 'callback', 'chat', 'message'],
              'includeNonAcd': False},
    'message': {'maximumCapacity': 1, 'interruptableMediaTypes': [], 'includeNonAcd': False},
}
