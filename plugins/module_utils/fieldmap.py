# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Declarative field maps: one table per resource drives argspec, request bodies, comparison and diffs.

A field map is a list of `Field` objects. Each field ties a module option (snake_case) to an
API key (camelCase), says how values convert between the two (a codec: plain values, names
resolved to ids, entity references), how they compare (ordered list or set), which bounds
apply, and whether the server owns the key. Everything else in the collection derives from
these tables:

* `argument_spec(fields)`   the AnsibleModule argument spec (types, choices, nesting)
* `validate(fields, value)` bounds and cross-field rules, errors addressed by option path
* `to_api(fields, value)`   the partial request body for the options the user gave
* `from_api(fields, body)`  the option-shaped view of an API object (ids shown as names)
* `project(given, view)`    that view restricted to what the user manages
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math
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
    """One option of a resource and the API key it maps to.

    type: str | int | float | bool | dict | list | raw (a free-form dict passed through)
    elements: for lists, the element type; `children` then describes dict elements
    ordered: for lists, whether order carries meaning (False: compared as a set, sorted in diffs)
    read_only: the server owns the key; never sent, ignored in comparison
    """

    def __init__(self, option, api=None, type='str', children=None, elements=None, choices=None,
                 codec=PLAIN, ordered=True, minimum=None, maximum=None, read_only=False,
                 required=False, default=None, no_log=False, sort_key=None, description=''):
        self.option = option
        self.api = api if api is not None else camel(option)
        self.type = type
        self.children = children or []
        self.elements = elements
        self.choices = choices
        self.codec = codec
        self.ordered = ordered
        self.minimum = minimum
        self.maximum = maximum
        self.read_only = read_only
        self.required = required
        self.default = default
        self.no_log = no_log
        self.sort_key = sort_key
        self.description = description

    @property
    def is_nested(self):
        return bool(self.children)


def camel(snake):
    words = snake.split('_')
    return words[0] + ''.join(word[:1].upper() + word[1:] for word in words[1:])


def by_option(fields):
    return dict((field.option, field) for field in fields)


# ---------------------------------------------------------------------------------------------
# Argument spec

ARG_TYPES = {'str': 'str', 'int': 'int', 'float': 'float', 'bool': 'bool', 'dict': 'dict',
             'list': 'list', 'raw': 'dict'}


def argument_spec(fields):
    spec = {}
    for field in fields:
        if field.read_only:
            continue
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
# Validation of bounds (argspec already checked types and choices)

def validate(fields, value, path=''):
    """Return the list of FieldMapError for every out-of-bounds value below `value`."""
    errors = []
    for field in fields:
        if not isinstance(value, dict) or value.get(field.option) is None:
            continue
        item = value[field.option]
        item_path = join(path, field.option)
        if field.type == 'list':
            for index, element in enumerate(item):
                element_path = '%s[%d]' % (item_path, index)
                if field.children:
                    errors.extend(validate(field.children, element, element_path))
                else:
                    errors.extend(check_bounds(field, element, element_path))
        elif field.children:
            errors.extend(validate(field.children, item, item_path))
        else:
            errors.extend(check_bounds(field, item, item_path))
    return errors


def check_bounds(field, value, path):
    if field.type in ('int', 'float'):
        # ansible-core's int/float checks let booleans through (bool is an int in Python), and
        # YAML's .nan/.inf are floats that no JSON body can carry.
        if isinstance(value, bool):
            return [FieldMapError(path, 'expects a number, got the boolean %r' % value, value)]
        if isinstance(value, float) and not math.isfinite(value):
            return [FieldMapError(path, 'expects a finite number, got %r' % value, value)]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        if field.type == 'str' and isinstance(value, str) and field.maximum is not None and len(value) > field.maximum:
            return [FieldMapError(path, 'is %d characters long; the maximum is %d' % (len(value), field.maximum), value)]
        return []
    if field.minimum is not None and value < field.minimum:
        return [FieldMapError(path, '%r is below the minimum %r' % (value, field.minimum), value)]
    if field.maximum is not None and value > field.maximum:
        return [FieldMapError(path, '%r is above the maximum %r' % (value, field.maximum), value)]
    return []


def join(path, option):
    return '%s.%s' % (path, option) if path else option


# ---------------------------------------------------------------------------------------------
# Options -> API (only what the user gave) and API -> options (everything the map knows)

def to_api(fields, value, resolver, path=''):
    body = {}
    for field in fields:
        if field.read_only or value.get(field.option) is None:
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
        if field.read_only or not isinstance(body, dict) or body.get(field.api) is None:
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
        if field.read_only or value.get(field.option) is None:
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


def strip_read_only(fields, body):
    """Drop keys the server owns (declared read-only at the top level of the map)."""
    owned = set(field.api for field in fields if field.read_only)
    return dict((key, value) for key, value in body.items() if key not in owned)


# ---------------------------------------------------------------------------------------------
# Documentation helper: lets a unit test prove DOCUMENTATION and the table agree.

def option_paths(fields, prefix=''):
    paths = []
    for field in fields:
        if field.read_only:
            continue
        path = join(prefix, field.option)
        paths.append(path)
        paths.extend(option_paths(field.children, path))
    return paths


UUID_RE = re.compile(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')


def looks_like_id(value):
    return isinstance(value, str) and bool(UUID_RE.match(value))
