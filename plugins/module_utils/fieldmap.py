# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Declarative field maps: one table per resource drives argspec, request bodies, comparison and diffs.

A field map is a list of `Field` objects. Each field ties a module option (snake_case) to an
API key (camelCase), says how values convert between the two (a codec: plain values, names
resolved to ids, entity references), how they compare (ordered list or set), which bounds
apply, and how the option is documented. Everything else in the collection derives from
these tables:

* `argument_spec(fields)`   the AnsibleModule argument spec (types, choices, nesting)
* `json_schema(fields)`     the JSON Schema that validation.py checks (types, choices, bounds)
* `to_api(fields, value)`   the partial request body for the options the user gave
* `from_api(fields, body)`  the option-shaped view of an API object (ids shown as names)
* `project(given, view)`    that view restricted to what the user manages
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re


class FieldMapError(ValueError):
    """Bad input found before any API call; `path` names the option, `value` what was given."""

    def __init__(self, path, message, value=None):
        self.path = path
        self.value = value
        super(FieldMapError, self).__init__('%s: %s' % (path, message))


class Codec:
    """How one option value becomes an API value and back. The plain codec copies."""

    def to_api(self, value, resolver, path):
        return value

    def from_api(self, value, resolver):
        return value


PLAIN = Codec()


class EntityRef(Codec):
    """An id the API wraps as {"id": ...} and that we do not look up (flows, prompts, scripts)."""

    def to_api(self, value, resolver, path):
        return {'id': value}

    def from_api(self, value, resolver):
        return value.get('id') if isinstance(value, dict) else value


class NamedRef(Codec):
    """A reference the user writes by name (or id) and the API stores as {"id": ...} or a bare id."""

    def __init__(self, kind, bare_id=False):
        self.kind = kind
        self.bare_id = bare_id

    def to_api(self, value, resolver, path):
        object_id = resolver.resolve(self.kind, value, path)
        return object_id if self.bare_id else {'id': object_id}

    def from_api(self, value, resolver):
        object_id = value if self.bare_id else (value or {}).get('id')
        if object_id is None:
            return None
        return resolver.name_of(self.kind, object_id)


# MemberGroup.type -> resolver kind
GROUP_KINDS = {'GROUP': 'group', 'TEAM': 'team', 'SKILLGROUP': 'skill_group'}


class MemberGroupRef(Codec):
    """{name, type} in options, {id, type} in the API; the type says where the name lives."""

    def to_api(self, value, resolver, path):
        kind = GROUP_KINDS[value['type']]
        return {'id': resolver.resolve(kind, value['name'], path + '.name'), 'type': value['type']}

    def from_api(self, value, resolver):
        kind = GROUP_KINDS.get(value.get('type'))
        name = resolver.name_of(kind, value.get('id')) if kind else value.get('id')
        return {'name': name, 'type': value.get('type')}


class Field:
    """One option of a resource and the API key it maps to: its one declaration.

    type: str | int | float | bool | dict | list | raw (a free-form dict passed through)
    elements: for lists, the element type; `children` then describes dict elements
    ordered: for lists, whether order carries meaning (False: compared as a set, sorted in diffs,
        fingerprints and environment comparisons; field_maps.py derives the diff vocabulary from it)
    api_also: other API keys that carry the same value (the read form when the platform answers
        with another key than the one written, e.g. defaultSkills for defaultSkillIds)
    minimum/maximum: bounds of a number; min_length/max_length: bounds of a string's length
    description: the option's documentation (tools/render_docs.py writes DOCUMENTATION from it)
    schema: further JSON Schema keywords for the few rules a table cannot say (uniqueItems,
        patterns, recursion through $defs, errorMessage wording)
    bulk_of: for the bulk list of a module (`queues`, `skills`), the options each item takes; the
        items (elements='any') are checked by the generated JSON Schema, not by Ansible's argument
        spec, so every option is documented once (see validation.prepare_items)
    define: publish this field's (item) schema as `$defs/<define>` so a `schema` can point at it
    items_schema: further JSON Schema keywords for each item of a list of dicts (rules across keys)
    """

    def __init__(self, option, api=None, type='str', children=None, elements=None, choices=None,
                 codec=PLAIN, ordered=True, minimum=None, maximum=None, min_length=None, max_length=None,
                 required=False, default=None, no_log=False, sort_key=None, description='',
                 schema=None, bulk_of=None, define=None, items_schema=None, api_also=()):
        self.option = option
        self.api = api if api is not None else camel(option)
        self.api_also = tuple(api_also)
        self.type = type
        self.children = children or []
        self.elements = elements
        self.choices = choices
        self.codec = codec
        self.ordered = ordered
        self.minimum = minimum
        self.maximum = maximum
        self.min_length = min_length
        self.max_length = max_length
        self.required = required
        self.default = default
        self.no_log = no_log
        self.sort_key = sort_key
        self.description = description
        self.schema = schema or {}
        self.bulk_of = bulk_of
        self.define = define
        self.items_schema = items_schema or {}

    @property
    def is_nested(self):
        return bool(self.children)


# Vocabulary several resources share.
STATES = ('present', 'absent')
MEDIA_TYPES = ('call', 'callback', 'chat', 'email', 'message')

# Parallel calls of one task; the client paces them all together under the rate limit.
MAX_WORKERS = 16


def workers_field(what):
    return Field('workers', type='int', default=4, minimum=1, maximum=MAX_WORKERS,
                 description='How many %s run in parallel (1-%d). The client paces all of them together under '
                             'the rate limit.' % (what, MAX_WORKERS))


def bulk_form(item_options, plural, singular, read_with='one listing sweep'):
    """``(one item's options, the documented options)`` of a module that takes one item at top level or
    many under ``plural``; ``item_options(name_required)`` builds one item's options (the name is only
    required inside the list)."""
    single = item_options(name_required=False)
    return single, single + [
        Field(plural, type='list', elements='any', bulk_of=item_options(name_required=True),
              description='Many %s in one task, each with the options of a single %s. All %s are read with %s; only '
                          'those that change are written. Mutually exclusive with the single-%s options.'
                          % (plural, singular, plural, read_with, singular)),
    ]


def planned_names_field(description, *kinds):
    """The ``planned_names`` option of a module that runs after others in one play: per kind, the
    names an earlier task creates, so that check mode can plan with them."""
    return Field('planned_names', type='dict', description=description,
                 children=[Field(kind, type='list', elements='str', ordered=False,
                                 description='%s names the same run creates before this task.'
                                 % kind.replace('_', ' ').capitalize())
                           for kind in kinds])


# What the platform accepts as a name, as JSON Schema keywords (for `Field(schema=...)`): not blank,
# no control characters (a tab or newline in a name breaks every report and lookup), and at most
# NAME_MAX_LENGTH characters. UNCONFIRMED: no public source states the platform's limit on queue or
# skill names; 255 is the usual bound of the platform's name columns and keeps 10,000-character
# names from reaching the API.
NAME_MAX_LENGTH = 255
NAME_SCHEMA = {
    'maxLength': NAME_MAX_LENGTH,
    'pattern': r'^(?=.*\S)[^\x00-\x1f\x7f]*$',
    'errorMessage': {'pattern': 'must be a name: not empty, not blank and without control characters'},
}


def camel(snake):
    words = snake.split('_')
    return words[0] + ''.join(word[:1].upper() + word[1:] for word in words[1:])


def by_option(fields):
    return dict((field.option, field) for field in fields)


def list_fields(fields):
    """Every list field of a field map, nested ones and the items of bulk lists included."""
    found = []
    for field in fields:
        if field.type == 'list' and field.elements != 'any':
            found.append(field)
        found.extend(list_fields(field.children))
        found.extend(list_fields(field.bulk_of or []))
    return found


# ---------------------------------------------------------------------------------------------
# Argument spec

# `any`: passed through untouched (a bulk list's items, which the generated schema checks so that
# a wrong item is reported with its path and value instead of Ansible's "dictionary requested").
ARG_TYPES = {'str': 'str', 'int': 'int', 'float': 'float', 'bool': 'bool', 'dict': 'dict',
             'list': 'list', 'raw': 'dict', 'any': 'raw'}


def argument_spec(fields):
    spec = {}
    for field in fields:
        entry = {'type': ARG_TYPES[field.type]}
        if field.type == 'list':
            entry['elements'] = ARG_TYPES[field.elements or 'str']
        if field.children:
            entry['options'] = argument_spec(field.children)
        if field.choices:
            entry['choices'] = list(field.choices)
        if field.required:
            entry['required'] = True
        if field.default is not None:
            entry['default'] = field.default
        if field.no_log:
            entry['no_log'] = True
        spec[field.option] = entry
    return spec


# ---------------------------------------------------------------------------------------------
# JSON Schema: the one statement of types, choices and bounds that validation.py checks

JSON_TYPES = {'str': 'string', 'int': 'integer', 'float': 'number', 'bool': 'boolean', 'dict': 'object',
              'list': 'array', 'raw': 'object'}


def json_schema(fields, closed=True, required=(), defs=None):
    """The JSON Schema (draft 2020-12) of an object with these options.

    closed: unknown keys are errors (a bulk item, a desired-state entry); open schemas check only
    the options they know (a module's params also hold credentials). `defs` collects the
    definitions fields publish with `define`; the root schema carries them as `$defs`.
    """
    root = defs is None
    defs = {} if root else defs
    properties = {}
    needed = list(required)
    for field in fields:
        properties[field.option] = field_schema(field, defs)
        if field.required and field.option not in needed:
            needed.append(field.option)
    schema = {'type': 'object', 'properties': properties}
    if closed:
        schema['additionalProperties'] = False
    if needed:
        schema['required'] = needed
    if root and defs:
        schema['$defs'] = defs
    return schema


def field_schema(field, defs):
    """The JSON Schema of one option, from its type, choices, bounds, children and extra keywords."""
    if field.type == 'list':
        items = {'type': JSON_TYPES[field.elements or 'str']}
        if field.children or field.bulk_of:
            items = json_schema(field.children or field.bulk_of, defs=defs)
        elif field.choices:
            items = {'enum': list(field.choices)}
        items.update(field.items_schema)
        if field.define:
            defs[field.define] = items
            items = {'$ref': '#/$defs/' + field.define}
        schema = {'type': 'array', 'items': items}
    elif field.children:
        schema = json_schema(field.children, defs=defs)
    elif field.choices:
        schema = {'enum': list(field.choices)}
    else:
        schema = {'type': JSON_TYPES[field.type]}
    for keyword, value in (('minimum', field.minimum), ('maximum', field.maximum),
                           ('minLength', field.min_length), ('maxLength', field.max_length)):
        if value is not None:
            schema[keyword] = value
    schema.update(field.schema)
    if field.default is not None:
        schema['default'] = field.default
    if field.description:
        schema['description'] = field.description
    return schema


def join(path, option):
    return '%s.%s' % (path, option) if path else option


# ---------------------------------------------------------------------------------------------
# Options -> API (only what the user gave) and API -> options (everything the map knows)

def to_api(fields, value, resolver, path=''):
    body = {}
    for field in fields:
        if value.get(field.option) is None:
            continue
        body[field.api] = value_to_api(field, value[field.option], resolver, join(path, field.option))
    return body


def value_to_api(field, item, resolver, path):
    if field.type == 'list':
        result = []
        for index, element in enumerate(item):
            element_path = '%s[%d]' % (path, index)
            if field.children and field.codec is PLAIN:
                result.append(to_api(field.children, element, resolver, element_path))
            else:
                result.append(field.codec.to_api(element, resolver, element_path))
        return result
    if field.children:
        return to_api(field.children, item, resolver, path)
    if field.type == 'float':
        item = float(item)
    return field.codec.to_api(item, resolver, path)


def from_api(fields, body, resolver):
    view = {}
    for field in fields:
        if not isinstance(body, dict) or body.get(field.api) is None:
            continue
        view[field.option] = value_from_api(field, body[field.api], resolver)
    return view


def value_from_api(field, item, resolver):
    if field.type == 'list':
        if not isinstance(item, list):
            return item
        if field.children and field.codec is PLAIN:
            elements = [from_api(field.children, element, resolver) for element in item]
        else:
            elements = [field.codec.from_api(element, resolver) for element in item]
        return elements if field.ordered else sorted(elements, key=field.sort_key or sort_token)
    if field.children:
        return from_api(field.children, item, resolver)
    value = field.codec.from_api(item, resolver)
    if field.type == 'float' and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value


def sort_token(value):
    """A total order over JSON-like values so set-like lists sort the same way every time."""
    if isinstance(value, dict):
        return tuple(sorted((key, repr(sort_token(item))) for key, item in value.items()))
    return (type(value).__name__, repr(value))


def normalize_given(fields, value):
    """The user's options in the same shape `from_api` produces (floats as floats, sets sorted)."""
    result = {}
    for field in fields:
        if value.get(field.option) is None:
            continue
        item = value[field.option]
        if field.type == 'list':
            elements = [normalize_given(field.children, element) if field.children else element for element in item]
            result[field.option] = elements if field.ordered else sorted(elements, key=field.sort_key or sort_token)
        elif field.children:
            result[field.option] = normalize_given(field.children, item)
        elif field.type == 'float':
            result[field.option] = float(item)
        else:
            result[field.option] = item
    return result


def project(given, view):
    """Restrict an option-shaped view to the keys present in `given` (what the user manages).

    Dicts are managed key by key; lists and scalars are managed whole.
    """
    if not isinstance(given, dict) or not isinstance(view, dict):
        return view
    result = {}
    for key, wanted in given.items():
        if wanted is None:
            continue
        current = view.get(key)
        if isinstance(wanted, dict) and isinstance(current, dict):
            result[key] = project(wanted, current)
        else:
            result[key] = current
    return result


def deep_merge(current, partial):
    """Lay the managed API keys over the current object: dicts merge, lists and scalars replace."""
    merged = dict(current)
    for key, value in partial.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict) and not is_reference(value):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def is_reference(value):
    """{"id": ...} objects replace whole: merging would keep the old reference's name."""
    return set(value) == set(['id'])


# ---------------------------------------------------------------------------------------------
# Documentation helper: lets a unit test prove DOCUMENTATION and the table agree.

def option_paths(fields, prefix=''):
    paths = []
    for field in fields:
        path = join(prefix, field.option)
        paths.append(path)
        paths.extend(option_paths(field.children, path))
    return paths


UUID_RE = re.compile(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')


def looks_like_id(value):
    return isinstance(value, str) and bool(UUID_RE.match(value))
