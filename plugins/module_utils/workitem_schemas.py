# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Workitem schemas: the options of genesys_workitem_schema and what is specific to the object.

A schema is the set of custom fields a worktype's workitems carry. On the platform it is a
DataSchema `{name, version, enabled, jsonSchema}` whose `jsonSchema.properties` keys are
`<field>_<core type>`, each `{allOf: [{$ref: "#/definitions/<core type>"}], title, ...}`.
It is written with a whole-object PUT that must carry the current `version` (the platform
refuses a stale one) and answers with the next version, which the module reports. Fields the
task does not list are kept unless `purge_fields` is set; a field listed with another type
replaces the old one of the same name.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.genesyscloud.routing.plugins.module_utils import task_listing
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import STATES, Field, FieldMapError, bulk_form
from ansible_collections.genesyscloud.routing.plugins.module_utils.resource import Plan
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import ConflictError, GenesysApiError
from ansible_collections.genesyscloud.routing.plugins.module_utils.task_resource import TaskResourceService

CORE_TYPES = ('text', 'longtext', 'url', 'identifier', 'enum', 'date', 'datetime', 'integer', 'number',
              'checkbox', 'tag')
MAX_FIELDS = 50
FIELD_OPTIONS = [
    Field('name', required=True,
          description='Field name, lower case letters, digits and underscores, starting with a letter.'),
    Field('type', required=True, choices=CORE_TYPES,
          description='Core type of the field.'),
    Field('title',
          description='Label shown to agents; defaults to the name.'),
    Field('description',
          description='Description of the field.'),
    Field('required', type='bool',
          description='Whether workitems must carry the field.'),
    Field('constraints', type='raw',
          description='Further JSON-Schema keywords the core type allows, as a dict (for example C(minLength), '
                      'C(maxLength), C(minimum), C(maximum), C(items) for enum values).'),
]


def schema_options(name_required):
    return [
        Field('name', required=name_required, max_length=256,
              description='Name of the schema (the key).'),
        Field('state', choices=STATES, default='present',
              description='Whether the schema should exist. A schema a worktype uses cannot be deleted.'),
        Field('expected_etag',
              description='The etag this schema had when its change was reviewed. If the schema has changed since, the '
                          'task fails without writing. The write itself also carries the schema version that was read, '
                          'so the platform refuses it if someone else wrote in between.'),
        Field('description',
              description='Description of the schema (C(jsonSchema.description)). Left as it is when omitted.'),
        Field('enabled', type='bool',
              description='Whether the schema is enabled. Left as it is when omitted; new schemas are enabled.'),
        Field('fields', type='list', elements='dict', children=FIELD_OPTIONS, ordered=False,
              description='Custom fields of the workitems, by name. A field is stored as the property C(<name>_<type>).'
                          ' Fields not listed are kept unless O(purge_fields) is set.'),
        Field('purge_fields', type='bool', default=False,
              description='Remove the fields not listed in O(fields).'),
    ]


SCHEMA_OPTIONS, DOCUMENTED_OPTIONS = bulk_form(schema_options, 'schemas', 'schema', read_with='one listing')

NAME_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789_'


def check_schema_spec(spec, prefix):
    errors = []
    listed = spec.get('fields') or []
    if len(listed) > MAX_FIELDS:
        errors.append(FieldMapError(prefix + 'fields', 'holds %d fields; a schema has at most %d'
                                    % (len(listed), MAX_FIELDS), len(listed)))
    seen = set()
    for index, item in enumerate(listed):
        name = item['name']
        path = '%sfields[%d].name' % (prefix, index)
        if not name[:1].isalpha() or not name[:1].islower() or any(char not in NAME_CHARS for char in name):
            errors.append(FieldMapError(path, "'%s' must be lower case letters, digits and underscores, starting "
                                        "with a letter" % name, name))
        if name in seen:
            errors.append(FieldMapError(path, "field '%s' is listed twice" % name, name))
        seen.add(name)
    return errors


def split_key(key):
    """'order_number_identifier' -> ('order_number', 'identifier')."""
    for core in sorted(CORE_TYPES, key=len, reverse=True):
        if key.endswith('_' + core):
            return key[:-len(core) - 1], core
    return key, None


def field_property(item):
    prop = dict(copy.deepcopy(item.get('constraints') or {}))
    prop['allOf'] = [{'$ref': '#/definitions/%s' % item['type']}]
    prop['title'] = item.get('title') or item['name']
    if item.get('description') is not None:
        prop['description'] = item['description']
    return prop


def schema_partial(spec):
    """The write keys a spec manages: `enabled`, and in `jsonSchema` the description and listed fields."""
    partial = {}
    if spec.get('enabled') is not None:
        partial['enabled'] = spec['enabled']
    if spec.get('description') is not None or spec.get('fields') is not None:
        partial['jsonSchema'] = {}
    if spec.get('description') is not None:
        partial['jsonSchema']['description'] = spec['description']
    if spec.get('fields') is not None:
        partial['jsonSchema']['properties'] = dict(
            ('%s_%s' % (item['name'], item['type']), field_property(item)) for item in spec['fields'])
        partial['jsonSchema']['required'] = sorted('%s_%s' % (item['name'], item['type'])
                                                   for item in spec['fields'] if item.get('required'))
    return partial


class WorkitemSchemaService(TaskResourceService):
    KIND = 'workitem schema'
    RESULT_KEY = 'workitem_schema'
    RESOLVER_KIND = 'workitem_schema'
    PATH = task_listing.SCHEMAS
    WRITE_METHOD = 'put'
    OPTIONS = DOCUMENTED_OPTIONS
    ITEM_OPTIONS = SCHEMA_OPTIONS
    LIST_OPTION = 'schemas'
    validate_item = staticmethod(check_schema_spec)

    def list_everything(self):
        return task_listing.list_schemas(self.client)

    def asked(self, name):
        return self.list_everything()  # one unpaged GET: there is no name filter

    def request_form(self, entity):
        return {'name': entity.get('name'), 'enabled': entity.get('enabled'),
                'jsonSchema': copy.deepcopy(entity.get('jsonSchema') or {})}

    def plan(self, spec, current, prefix=''):
        if spec.get('state', 'present') == 'absent':
            return super(WorkitemSchemaService, self).plan(spec, current, prefix)
        plan = Plan(spec, current, prefix)
        plan.partial = schema_partial(spec)
        plan.given = dict((key, True) for key in ('name', 'description', 'enabled', 'fields') if key in spec)
        if current is None:
            plan.action = 'create'
            plan.desired = self.create_body(plan)
            plan.after = self.view(plan.desired, plan.given)
        else:
            plan.action = 'update'
            self.lay_over(plan, current)
        self.diff_details(plan)
        if plan.action == 'update' and not plan.changed:
            plan.action = 'none'
        return plan

    def create_body(self, plan):
        return self.merge_form({'enabled': True, 'jsonSchema': {}}, plan.partial, plan.spec, name=plan.spec['name'])

    def merge_form(self, form, partial, spec, name=None):
        merged = copy.deepcopy(form)
        if name is not None:
            merged['name'] = name
        if 'enabled' in partial:
            merged['enabled'] = partial['enabled']
        wanted = partial.get('jsonSchema')
        if wanted is None:
            return merged
        document = merged.setdefault('jsonSchema', {})
        if 'description' in wanted:
            document['description'] = wanted['description']
        if 'properties' in wanted:
            listed = set(split_key(key)[0] for key in wanted['properties'])
            kept = {} if spec.get('purge_fields') else dict(
                (key, value) for key, value in (document.get('properties') or {}).items()
                if split_key(key)[0] not in listed)
            kept_required = [key for key in document.get('required') or [] if key in kept]
            kept.update(wanted['properties'])
            document['properties'] = kept
            document['required'] = sorted(set(kept_required) | set(wanted['required']))
            if not document['required']:
                document.pop('required')
        return merged

    def view(self, body, given):
        form = self.as_form(body)
        document = form.get('jsonSchema') or {}
        required = set(document.get('required') or [])
        fields = []
        for key, prop in sorted((document.get('properties') or {}).items()):
            name, core = split_key(key)
            item = {'name': name, 'type': core, 'title': prop.get('title'), 'required': key in required}
            if prop.get('description') is not None:
                item['description'] = prop['description']
            constraints = dict((k, v) for k, v in prop.items() if k not in ('allOf', 'title', 'description'))
            if constraints:
                item['constraints'] = constraints
            fields.append(item)
        view = {'name': form.get('name'), 'enabled': form.get('enabled'), 'fields': fields}
        if document.get('description') is not None:
            view['description'] = document['description']
        return view if given is None else dict((key, value) for key, value in view.items() if key in given)

    def write(self, plan):
        """The whole schema, with the version it was read at: the platform refuses a stale one."""
        body = dict(plan.desired, version=plan.current['version'])
        try:
            answer = self.client.put(self.object_path(plan.object_id), body)
        except GenesysApiError as error:
            if error.status != 409:
                raise
            raise ConflictError("workitem schema '%s' was changed by someone else (version %s is no longer the "
                                "current one); nothing was written" % (plan.name, plan.current['version']),
                                plan.name, version=plan.current['version'])
        plan.written = True
        return answer

    def result_details(self, plan, result):
        shown = result.get(self.RESULT_KEY)
        if isinstance(shown, dict) and isinstance(shown.get('version'), int):
            result['version'] = shown['version']  # the version the change produced
