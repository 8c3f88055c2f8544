"""Render the `options:` part of a module's DOCUMENTATION from its field-map table.

The field map (plugins/module_utils/*_fields.py) is the one declaration of a resource's
options; this tool writes the documentation from it between the markers
`# BEGIN GENERATED OPTIONS` / `# END GENERATED OPTIONS` in the module file, and a unit test
fails when the two disagree. Run: .venv/bin/python tools/render_docs.py --write
"""
import argparse
import importlib
import os
import re
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, '.build', 'collections'))
BEGIN = '# BEGIN GENERATED OPTIONS'
END = '# END GENERATED OPTIONS'


def describe(docs, path):
    parts = path.split('.')
    candidates = []
    for start in range(len(parts)):
        tail = parts[start:]
        candidates.append('.'.join(tail))
        if len(tail) > 1:
            candidates.append('.'.join(tail[:-1] + ['*']))
    for candidate in candidates:
        if candidate in docs:
            return docs[candidate]
    raise KeyError('no description for option %s' % path)


def quote(text):
    return "'%s'" % text.replace("'", "''")


def render(fields, docs, indent, prefix=''):
    from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import ARG_TYPES
    lines = []
    pad = ' ' * indent
    for field in fields:
        if field.read_only:
            continue
        path = prefix + field.option
        lines.append('%s%s:' % (pad, field.option))
        lines.append('%s  description:' % pad)
        lines.append('%s    - >-' % pad)
        lines.extend('%s      %s' % (pad, line) for line in textwrap.wrap(
            describe(docs, path), 100, break_on_hyphens=False, break_long_words=False))
        lines.append('%s  type: %s' % (pad, ARG_TYPES[field.type]))
        if field.type == 'list':
            lines.append('%s  elements: %s' % (pad, ARG_TYPES[field.elements or 'str']))
        if field.required:
            lines.append('%s  required: true' % pad)
        if field.default is not None:
            default = str(field.default).lower() if isinstance(field.default, bool) else field.default
            lines.append('%s  default: %s' % (pad, default))
        if field.choices:
            lines.append('%s  choices: [%s]' % (pad, ', '.join(quote(choice) for choice in field.choices)))
        if field.no_log:
            lines.append('%s  no_log: true' % pad)
        if field.children:
            lines.append('%s  suboptions:' % pad)
            lines.extend(render(field.children, docs, indent + 4, path + '.'))
    return lines


MODULES = {
    # module name -> (field-map module, function returning (fields, docs))
    'genesys_queue': 'ansible_collections.genesyscloud.routing.plugins.module_utils.queue_fields',
    'genesys_queue_facts': 'ansible_collections.genesyscloud.routing.plugins.module_utils.queue_facts',
    'genesys_skill': 'ansible_collections.genesyscloud.routing.plugins.module_utils.skill_fields',
    'genesys_skill_group': 'ansible_collections.genesyscloud.routing.plugins.module_utils.skill_group_fields',
    'genesys_utilization': 'ansible_collections.genesyscloud.routing.plugins.module_utils.utilization_fields',
    'genesys_skill_rules': 'ansible_collections.genesyscloud.routing.plugins.module_utils.skill_rule_fields',
    'genesys_webhook': 'ansible_collections.genesyscloud.routing.plugins.module_utils.webhook_fields',
    'genesys_workbin': 'ansible_collections.genesyscloud.routing.plugins.module_utils.workbins',
    'genesys_workitem_schema': 'ansible_collections.genesyscloud.routing.plugins.module_utils.workitem_schemas',
    'genesys_worktype': 'ansible_collections.genesyscloud.routing.plugins.module_utils.worktype_fields',
}


def generated(module_name):
    table = importlib.import_module(MODULES[module_name])
    return '\n'.join(render(table.DOCUMENTED_OPTIONS, table.OPTION_DOCS, 2))


def module_path(module_name):
    return os.path.join(ROOT, 'plugins', 'modules', module_name + '.py')


def current_block(text):
    match = re.search(r'^  %s\n(.*?)^  %s$' % (re.escape(BEGIN), re.escape(END)), text, re.S | re.M)
    return match.group(1).rstrip('\n') if match else None


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--write', action='store_true', help='update the module files in place')
    args = parser.parse_args()
    stale = []
    for name in sorted(MODULES):
        path = module_path(name)
        with open(path, encoding='utf-8') as handle:
            text = handle.read()
        block = generated(name)
        if current_block(text) == block:
            continue
        if not args.write:
            stale.append(name)
            continue
        new_text, count = re.subn(r'(^  %s\n).*?(^  %s$)' % (re.escape(BEGIN), re.escape(END)),
                                  lambda m: m.group(1) + block + '\n' + m.group(2), text, flags=re.S | re.M)
        if count != 1:
            sys.exit('%s: markers not found' % path)
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write(new_text)
        print('updated', path)
    if stale:
        sys.exit('documentation out of date for: %s (run tools/render_docs.py --write)' % ', '.join(stale))


if __name__ == '__main__':
    main()
