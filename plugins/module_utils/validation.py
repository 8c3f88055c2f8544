# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Desired-state validation helpers: JSON Schema errors and name checks as option-path messages.

Every error is a FieldMapError whose path reads like the playbook
(`config[2].bullseye_rings[1].expansion_timeout_seconds`) and whose message names the value,
so modules and the offline playbook validator report problems the same way, before any write.

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

from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError
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


def schema_errors(schema, instance, path=''):
    """Every violation of `schema` by `instance`, as FieldMapErrors sorted by path.

    Needs jsonschema (check HAS_JSONSCHEMA first; modules fail with missing_required_lib).
    """
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema)
    found = non_finite_errors(instance, path)
    for error in validator.iter_errors(instance):
        found.extend(_translate(error, path))
    unique = {}
    for error in found:
        unique.setdefault((error.path, str(error)), error)
    return [unique[key] for key in sorted(unique, key=lambda key: (path_sort_key(key[0]), key[1]))]


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
        if token.startswith('['):
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
