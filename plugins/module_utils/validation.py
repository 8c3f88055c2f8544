# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one validation engine: JSON Schema (checked by jsonschema) generated from the field maps.

Every error is a FieldMapError whose path reads like the playbook
(`config[2].bullseye_rings[1].expansion_timeout_seconds`) and whose message names the value,
so modules and the offline playbook validator report problems the same way, before any write.

* check_options(module, fields)           at a module's start: jsonschema is there, and the items
                                          of its bulk list (`queues`, `skills`...) are checked and
                                          given their defaults, all errors at once
* field_errors(fields, value, path)       a value against its field map's schema
* schema_errors(schema, instance, path)   structural checks (types, enumerations, bounds, counts)
* reference_errors(references, resolver)  every referenced name exists (online: a Resolver on the
                                          org; offline: DeclaredNames built from a desired state)
* without_none(value)                     module params minus the None that Ansible fills in

A schema may carry `errorMessage` (a string, or a dict keyed by JSON Schema keyword) on any
subschema: it replaces the generic message for errors raised there.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math
import traceback

from ansible.module_utils.common.validation import (
    check_type_bool, check_type_float, check_type_int, check_type_str,
)

from ansible_collections.genesyscloud.routing.plugins.module_utils.module_client import fail_on_input_errors
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import missing_library_message
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError, json_schema
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import Resolver

try:
    import jsonschema
    HAS_JSONSCHEMA = True
    JSONSCHEMA_IMPORT_ERROR = None
except ImportError:
    HAS_JSONSCHEMA = False
    JSONSCHEMA_IMPORT_ERROR = traceback.format_exc()


def format_path(prefix, parts):
    """'config' + (2, 'bullseye_rings', 1) -> 'config[2].bullseye_rings[1]'."""
    path = prefix
    for part in parts:
        if isinstance(part, int):
            path += '[%d]' % part
        else:
            path = '%s.%s' % (path, part) if path else str(part)
    return path


def without_none(value):
    """The value with every None-valued dict key dropped, recursively (options not given)."""
    if isinstance(value, dict):
        return dict((key, without_none(item)) for key, item in value.items() if item is not None)
    if isinstance(value, list):
        return [without_none(item) for item in value]
    return value


class MissingJsonschema(ImportError):
    """jsonschema is not installed where the module runs; the message says how to install it."""


def schema_errors(schema, instance, path=''):
    """Every violation of `schema` by `instance`, as FieldMapErrors sorted by path."""
    if not HAS_JSONSCHEMA:
        raise MissingJsonschema(missing_library_message('jsonschema', 'this collection'))
    validator = validator_of(schema)
    found = non_finite_errors(instance, path)
    for error in validator.iter_errors(instance):
        found.extend(_translate(error, path))
    unique = {}
    for error in found:
        unique.setdefault((error.path, str(error)), error)
    return [unique[key] for key in sorted(unique, key=lambda key: (path_sort_key(key[0]), key[1]))]


VALIDATORS = {}


def validator_of(schema):
    """One compiled validator per schema object (a bulk run checks a thousand queues with one)."""
    key = id(schema)
    if key not in VALIDATORS:
        VALIDATORS[key] = (schema, jsonschema.validators.validator_for(schema)(schema))
    return VALIDATORS[key][1]


SCHEMAS = {}


def schema_of(fields, closed=True):
    """The generated schema of a field map, built once per table."""
    key = (id(fields), closed)
    if key not in SCHEMAS:
        SCHEMAS[key] = (fields, json_schema(fields, closed=closed))
    return SCHEMAS[key][1]


def field_errors(fields, value, path=''):
    """Violations of the options in `fields` by `value` (other keys of `value` are not judged)."""
    return schema_errors(schema_of(fields, closed=False), without_none(value), path)


# ---------------------------------------------------------------------------------------------
# Bulk lists: the items of `queues`, `skills`, `skill_groups` are documented once ("each item
# takes the options of a single object") and checked here instead of by Ansible's argument spec.

COERCE = {'int': check_type_int, 'float': check_type_float, 'bool': check_type_bool}


def coerce(fields, value):
    """Ansible's conversions for the options of one item ('15' -> 15, 'yes' -> True, 5 -> '5').

    A value that does not convert is left as given, for the schema to report with its path.
    """
    if not isinstance(value, dict):
        return value
    result = dict(value)
    for field in fields:
        item = result.get(field.option)
        if item is None:
            continue
        if field.type == 'list' and isinstance(item, list):
            result[field.option] = [coerce(field.children, element) if field.children
                                    else convert(field.elements or 'str', element) for element in item]
        elif field.children:
            result[field.option] = coerce(field.children, item)
        else:
            result[field.option] = convert(field.type, item)
    return result


def convert(type_name, value):
    try:
        if type_name == 'str':
            # Numbers become strings as Ansible does; booleans, lists and dicts stay wrong.
            return check_type_str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value
        if type_name in COERCE and isinstance(value, (str, int, float)):
            return COERCE[type_name](value)
    except (TypeError, ValueError):
        pass
    return value


def with_defaults(fields, value):
    """Every option present, None or its default where not given: the shape Ansible's argspec makes."""
    result = dict(value)
    for field in fields:
        item = result.get(field.option)
        if item is None:
            result[field.option] = field.default
        elif field.type == 'list' and field.children:
            result[field.option] = [with_defaults(field.children, element) for element in item]
        elif field.children and field.type == 'dict':
            result[field.option] = with_defaults(field.children, item)
    return result


def prepare_items(fields, items, path):
    """(items with defaults, FieldMapErrors of every item) for a bulk list whose items take `fields`."""
    schema = schema_of(fields)
    prepared = []
    errors = []
    for index, item in enumerate(items):
        item = coerce(fields, item)
        found = schema_errors(schema, without_none(item), '%s[%d]' % (path, index))
        errors.extend(found)
        if not found:
            prepared.append(with_defaults(fields, item))
    return prepared, errors


def check_options(module, fields):
    """At a module's start: fail unless jsonschema is importable; check and complete the bulk list.

    The bulk list is the field declared with `bulk_of`; its items get every error at once, each
    with its path (`queues[3].media_settings.call.alerting_timeout_seconds`), and nothing is written.
    """
    if not HAS_JSONSCHEMA:
        module.fail_json(msg=missing_library_message('jsonschema', module._name), exception=JSONSCHEMA_IMPORT_ERROR)
    for field in fields:
        if field.bulk_of is None or module.params.get(field.option) is None:
            continue
        items, errors = prepare_items(field.bulk_of, module.params[field.option], field.option)
        if errors:
            fail_on_input_errors(module, errors)
        module.params[field.option] = items


def non_finite_errors(value, path='', parts=()):
    """NaN and infinities: JSON Schema's number checks let them through, and no JSON body can carry them."""
    if isinstance(value, float) and not math.isfinite(value):
        where = format_path(path, parts)
        return [FieldMapError(where, 'expects a finite number, got %r' % value, value)]
    if isinstance(value, dict):
        return [error for key in sorted(value, key=str) for error in non_finite_errors(value[key], path, parts + (key,))]
    if isinstance(value, list):
        return [error for index, item in enumerate(value) for error in non_finite_errors(item, path, parts + (index,))]
    return []


def path_sort_key(path):
    """Sort key that orders config[10] after config[9]."""
    key = []
    for token in path.replace(']', '').replace('[', '.[').split('.'):
        if token.startswith('[') and token[1:].isdigit():
            key.append((0, int(token[1:]), ''))
        else:
            key.append((1, 0, token))
    return key


def _custom_message(error):
    """The schema's own wording for this error, if it has one."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    message = schema.get('errorMessage')
    if isinstance(message, dict):
        return message.get(error.validator)
    return message


def _translate(error, prefix):
    """One jsonschema error -> FieldMapErrors addressed to the option that is wrong."""
    parts = list(error.absolute_path)
    value = error.instance
    custom = _custom_message(error)
    keyword = error.validator

    if keyword == 'required':
        missing = [name for name in error.validator_value
                   if isinstance(value, dict) and name not in value and repr(name) in error.message]
        return [FieldMapError(format_path(prefix, parts + [name]), custom or 'is required', None)
                for name in missing[:1]]
    if keyword == 'additionalProperties':
        known = sorted((error.schema.get('properties') or {}))
        extras = [key for key in value if key not in known]
        return [FieldMapError(format_path(prefix, parts + [key]),
                              'is not a known option (known: %s)' % ', '.join(known), value[key])
                for key in sorted(extras)]
    if keyword == 'maxItems':
        # Point at the first item over the limit: "the sixth rule" is what the user must remove.
        limit = error.validator_value
        message = custom or 'at most %d items are allowed' % limit
        return [FieldMapError(format_path(prefix, parts + [limit]),
                              '%s; this is item %d of %d' % (message, limit + 1, len(value)), value[limit])]
    if keyword == 'uniqueItems':
        for index, item in enumerate(value):
            if item in value[:index]:
                first = value.index(item)
                return [FieldMapError(format_path(prefix, parts + [index]),
                                      '%s: %r is also item [%d]' % (custom or 'has duplicates', item, first), item)]
    return [FieldMapError(format_path(prefix, parts), _describe(error, custom), value)]


def _describe(error, custom):
    keyword = error.validator
    value = error.instance
    expected = error.validator_value
    if custom:
        return '%s (got %r)' % (custom, value)
    if keyword == 'minimum':
        return '%r is below the minimum %r' % (value, expected)
    if keyword == 'maximum':
        return '%r is above the maximum %r' % (value, expected)
    if keyword == 'enum':
        return '%r is not one of: %s' % (value, ', '.join(str(item) for item in expected))
    if keyword == 'type':
        names = expected if isinstance(expected, list) else [expected]
        return 'expected %s, got %r' % (' or '.join(names), value)
    if keyword == 'minItems':
        return 'has %d items; at least %d are required' % (len(value), expected)
    if keyword == 'not':
        return '%r is not allowed here' % (value,)
    return error.message


# ---------------------------------------------------------------------------------------------
# Names that must exist

def reference_errors(references, resolver):
    """FieldMapErrors for every (kind, name, path) the resolver cannot resolve to exactly one object.

    The resolver's messages suggest close names ("unknown skill 'Spansih'; did you mean
    'Spanish'?"). Kinds a DeclaredNames resolver was not told about are not checked.
    """
    errors = []
    knows = getattr(resolver, 'knows', None)
    for kind, name, path in references:
        if knows is not None and not knows(kind):
            continue
        try:
            resolver.resolve(kind, name, path)
        except FieldMapError as error:
            errors.append(error)
    return errors


class DeclaredNames:
    """Offline stand-in for a Resolver: only the names a desired state declares exist.

    names_by_kind: {'skill': ['Billing', ...], 'queue': [...]} with resolver kinds as keys.
    Unknown names get the same messages and suggestions as on a live org.
    """

    def __init__(self, names_by_kind):
        self._kinds = set(names_by_kind)
        self._resolver = Resolver(client=None)
        for kind, names in names_by_kind.items():
            self._resolver.prime(kind, [{'id': 'declared:%s:%s' % (kind, name), 'name': name}
                                        for name in names])

    def knows(self, kind):
        return kind in self._kinds

    def resolve(self, kind, name, path):
        return self._resolver.resolve(kind, name, path)

    def name_of(self, kind, object_id):
        return self._resolver.name_of(kind, object_id) if kind in self._kinds else object_id
