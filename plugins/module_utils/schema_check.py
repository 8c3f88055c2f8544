# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check a value against a JSON Schema with the standard library only.

Code under module_utils may import nothing but the standard library and requests, yet the
collection's schemas must be the one source of the structural checks. This checker implements
the subset of JSON Schema (draft 2020-12) that the skill, skill-group and utilization schemas
use, and refuses any other keyword it meets, so a schema can never rely on a rule that is
silently skipped. A unit test proves that it agrees with the `jsonschema` reference
implementation, and its messages are worded like validation.py's, so both read the same.

Errors are FieldMapErrors addressed by option path (`skill_groups[2].skill_conditions[0].
routing_skill_conditions[1].proficiency: 7 is above the maximum 5`). A property whose value is
None counts as absent: that is how Ansible hands over an option the user left out. A schema may
carry `errorMessage` (a string, or a dict keyed by keyword) to replace the generic wording.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError, join

# Keywords that only describe; they never make a value invalid.
ANNOTATIONS = frozenset([
    '$schema', '$id', '$comment', '$defs', 'title', 'description', 'default', 'examples', 'errorMessage',
])
ASSERTIONS = frozenset([
    'type', 'enum', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems',
    'uniqueItems', 'required', 'properties', 'additionalProperties', 'items', '$ref',
])


def without_none(value):
    """The options a user gave: Ansible fills every option left out with None, recursively."""
    if isinstance(value, dict):
        return dict((key, without_none(item)) for key, item in value.items() if item is not None)
    if isinstance(value, list):
        return [without_none(item) for item in value]
    return value


class UnsupportedSchema(ValueError):
    """The schema uses a keyword this checker does not implement (a bug in the schema, not in the input)."""


def schema_errors(schema, value, path='', root=None):
    """Every FieldMapError of `value` against `schema`; `root` holds the `$defs` that `$ref` points into."""
    root = schema if root is None else root
    unknown = set(schema) - ANNOTATIONS - ASSERTIONS
    if unknown:
        raise UnsupportedSchema('schema keyword(s) not supported here: %s' % ', '.join(sorted(unknown)))
    errors = []
    if '$ref' in schema:  # 2020-12: a reference applies together with its sibling keywords
        errors.extend(schema_errors(resolve_ref(root, schema['$ref']), value, path, root))
    where = path or 'value'
    if 'type' in schema and not has_type(value, schema['type']):
        names = schema['type'] if isinstance(schema['type'], list) else [schema['type']]
        return errors + [failure(schema, 'type', where, 'expected %s, got %r' % (' or '.join(names), value), value)]
    if 'enum' in schema and not any(same(value, choice) for choice in schema['enum']):
        message = '%r is not one of: %s' % (value, ', '.join(str(choice) for choice in schema['enum']))
        return errors + [failure(schema, 'enum', where, message, value)]
    errors.extend(scalar_errors(schema, value, where))
    if isinstance(value, dict):
        errors.extend(object_errors(schema, value, path, root))
    elif isinstance(value, list):
        errors.extend(array_errors(schema, value, path, root))
    return errors


def failure(schema, keyword, path, message, value):
    """A FieldMapError, worded by the schema's `errorMessage` when it has one for this keyword."""
    custom = custom_message(schema, keyword)
    if custom:
        message = custom if keyword == 'required' else '%s (got %r)' % (custom, value)
    return FieldMapError(path, message, value)


def custom_message(schema, keyword):
    custom = schema.get('errorMessage')
    return custom.get(keyword) if isinstance(custom, dict) else custom


def resolve_ref(root, ref):
    prefix = '#/$defs/'
    if not ref.startswith(prefix) or ref[len(prefix):] not in root.get('$defs', {}):
        raise UnsupportedSchema('cannot resolve $ref %r (only local #/$defs/... references)' % ref)
    return root['$defs'][ref[len(prefix):]]


def has_type(value, wanted):
    names = wanted if isinstance(wanted, list) else [wanted]
    return any(is_type(value, name) for name in names)


def is_type(value, name):
    if name == 'integer':  # JSON Schema: 3.0 is an integer, true is not
        return not isinstance(value, bool) and (isinstance(value, int) or isinstance(value, float) and value.is_integer())
    if name == 'number':
        return not isinstance(value, bool) and isinstance(value, (int, float))
    checks = {'boolean': bool, 'string': str, 'object': dict, 'array': list}
    if name in checks:
        return isinstance(value, checks[name])
    if name == 'null':
        return value is None
    raise UnsupportedSchema('unknown type %r' % name)


def same(left, right):
    """JSON equality: true is not 1, 1.0 is 1."""
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(same(a, b) for a, b in zip(left, right))
    if isinstance(left, dict) and isinstance(right, dict):
        return set(left) == set(right) and all(same(left[key], right[key]) for key in left)
    if is_type(left, 'number') and is_type(right, 'number'):
        return left == right
    return type(left) is type(right) and left == right


def scalar_errors(schema, value, where):
    if is_type(value, 'number'):
        if 'minimum' in schema and value < schema['minimum']:
            return [failure(schema, 'minimum', where, '%r is below the minimum %r' % (value, schema['minimum']), value)]
        if 'maximum' in schema and value > schema['maximum']:
            return [failure(schema, 'maximum', where, '%r is above the maximum %r' % (value, schema['maximum']), value)]
    if isinstance(value, str):
        if 'minLength' in schema and len(value) < schema['minLength']:
            return [failure(schema, 'minLength', where, '%r is shorter than %d characters'
                            % (value, schema['minLength']), value)]
        if 'maxLength' in schema and len(value) > schema['maxLength']:
            return [failure(schema, 'maxLength', where, 'is %d characters long; the maximum is %d'
                            % (len(value), schema['maxLength']), value)]
        if 'pattern' in schema and not re.search(schema['pattern'], value):
            return [failure(schema, 'pattern', where, '%r does not match %r' % (value, schema['pattern']), value)]
    return []


def object_errors(schema, value, path, root):
    errors = []
    properties = schema.get('properties', {})
    for name in schema.get('required', []):
        if value.get(name) is None:
            errors.append(failure(schema, 'required', join(path, name), 'is required', None))
    extra = schema.get('additionalProperties', True)
    for name in sorted(value):
        item = value[name]
        if item is None:
            continue
        if name in properties:
            errors.extend(schema_errors(properties[name], item, join(path, name), root))
        elif extra is False:
            known = ', '.join(sorted(properties)) or 'none'
            errors.append(FieldMapError(join(path, name), 'is not a known option (known: %s)' % known, item))
        elif isinstance(extra, dict):
            errors.extend(schema_errors(extra, item, join(path, name), root))
    return errors


def array_errors(schema, value, path, root):
    errors = []
    if 'minItems' in schema and len(value) < schema['minItems']:
        errors.append(failure(schema, 'minItems', path or 'value', 'has %d items; at least %d are required'
                              % (len(value), schema['minItems']), value))
    if 'maxItems' in schema and len(value) > schema['maxItems']:
        limit = schema['maxItems']  # point at the first item too many: the one to remove
        message = custom_message(schema, 'maxItems') or 'at most %d items are allowed' % limit
        errors.append(FieldMapError('%s[%d]' % (path, limit), '%s; this is item %d of %d'
                                    % (message, limit + 1, len(value)), value[limit]))
    if schema.get('uniqueItems'):
        for index, item in enumerate(value):
            first = next(position for position, earlier in enumerate(value) if same(earlier, item))
            if first < index:
                label = custom_message(schema, 'uniqueItems') or 'has duplicates'
                errors.append(FieldMapError('%s[%d]' % (path, index), '%s: %r is also item [%d]'
                                            % (label, item, first), item))
                break
    if 'items' in schema:
        for index, item in enumerate(value):
            errors.extend(schema_errors(schema['items'], item, '%s[%d]' % (path, index), root))
    return errors
