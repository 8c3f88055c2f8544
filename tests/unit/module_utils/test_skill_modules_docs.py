"""genesys_skill, genesys_skill_group, genesys_utilization: documentation agrees with the argument spec."""
import importlib

import pytest
import yaml

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap

MODULES = {
    'genesys_skill': 'skill_fields',
    'genesys_skill_group': 'skill_group_fields',
    'genesys_utilization': 'utilization_fields',
}
PREFIX = 'ansible_collections.genesyscloud.routing.plugins.'


def load(module_name):
    module = importlib.import_module(PREFIX + 'modules.' + module_name)
    table = importlib.import_module(PREFIX + 'module_utils.' + MODULES[module_name])
    return module, fieldmap.argument_spec(table.DOCUMENTED_OPTIONS)


def mismatches(spec, docs, path=''):
    """validate-modules' checks: same options, and the same type, elements, default, choices, required."""
    found = []
    for name in sorted(set(spec) | set(docs)):
        where = path + name
        if name not in docs or name not in spec:
            found.append('%s: only in %s' % (where, 'the argspec' if name in spec else 'the documentation'))
            continue
        arg, doc = spec[name], docs[name]
        for key in ('type', 'elements', 'default', 'choices'):
            if arg.get(key) != doc.get(key):
                found.append('%s.%s: argspec %r, documentation %r' % (where, key, arg.get(key), doc.get(key)))
        if bool(arg.get('required')) != bool(doc.get('required')):
            found.append('%s.required differs' % where)
        if not doc.get('description'):
            found.append('%s: no description' % where)
        found.extend(mismatches(arg.get('options') or {}, doc.get('suboptions') or {}, where + '.'))
    return found


@pytest.mark.parametrize('module_name', sorted(MODULES))
def test_every_option_is_documented_as_the_argspec_declares_it(module_name):
    module, spec = load(module_name)
    documentation = yaml.safe_load(module.DOCUMENTATION)
    assert documentation['module'] == module_name
    assert 'genesyscloud.routing.auth' in documentation['extends_documentation_fragment']
    assert 'options' not in documentation  # each option is documented once, in its generated fragment
    assert mismatches(spec, generated_options(module_name)) == []


def generated_options(module_name):
    from ansible_collections.genesyscloud.routing.plugins.doc_fragments.options import ModuleDocFragment
    return yaml.safe_load(getattr(ModuleDocFragment, module_name[len('genesys_'):].upper()))['options']


@pytest.mark.parametrize('module_name', sorted(MODULES))
def test_examples_and_return_parse_and_use_the_module(module_name):
    module, _spec = load(module_name)
    examples = yaml.safe_load(module.EXAMPLES)
    tasks = [task for block in examples for task in block.get('block', [block])]
    assert any('genesyscloud.routing.' + module_name in task for task in tasks)
    returned = yaml.safe_load(module.RETURN)
    assert {'changes', 'diff', 'api_calls', 'etag'} <= set(returned)
    for name, entry in returned.items():
        assert entry.get('description') and entry.get('returned') and entry.get('type'), name
