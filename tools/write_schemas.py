"""Write the collection's JSON Schema files from their Python dicts (the single source).

Modules cannot read data files at run time, so each schema is a dict under
plugins/module_utils/; this tool writes it to schemas/<file> for the offline validator of
playbooks and for editors. A unit test fails when a file is out of date.

    .venv/bin/python tools/write_schemas.py           # check: exit 1 when a file is stale
    .venv/bin/python tools/write_schemas.py --write   # rewrite the stale files
"""
import argparse
import importlib
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, '.build', 'collections'))
PACKAGE = 'ansible_collections.genesyscloud.routing.plugins.'

SCHEMAS = {
    # file under schemas/ -> (module under plugins/, attribute holding the schema dict)
    'skill_rules.schema.json': ('module_utils.rule_schema', 'SKILL_RULES_SCHEMA'),
    'desired_state.schema.json': ('plugin_utils.desired_state', 'DESIRED_STATE_SCHEMA'),
}


def rendered(file_name):
    module_name, attribute = SCHEMAS[file_name]
    schema = getattr(importlib.import_module(PACKAGE + module_name), attribute)
    # Keys keep the dict's order (it reads top-down like the options); stable across runs.
    return json.dumps(schema, indent=2, ensure_ascii=False) + '\n'


def schema_path(file_name):
    return os.path.join(ROOT, 'schemas', file_name)


def stale_files():
    stale = []
    for file_name in sorted(SCHEMAS):
        path = schema_path(file_name)
        current = None
        if os.path.exists(path):
            with open(path, encoding='utf-8') as handle:
                current = handle.read()
        if current != rendered(file_name):
            stale.append(file_name)
    return stale


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--write', action='store_true', help='rewrite the stale schema files')
    args = parser.parse_args()
    stale = stale_files()
    if not args.write:
        if stale:
            sys.exit('schema files out of date: %s (run tools/write_schemas.py --write)' % ', '.join(stale))
        return
    for file_name in stale:
        with open(schema_path(file_name), 'w', encoding='utf-8') as handle:
            handle.write(rendered(file_name))
        print('wrote', schema_path(file_name))


if __name__ == '__main__':
    main()
