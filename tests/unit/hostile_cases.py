"""Malformed input, generated: the shared part of test_hostile_module_args.py and
test_hostile_state_files.py.

Every case starts from the demo's desired state (inventories/dev/group_vars/all, valid by
construction) and breaks it at one place. Where and how comes from the desired-state JSON
Schema, which is built from the modules' own field maps and schemas: every option of every
section is a *slot*, and each slot offers the defects its schema rules out (a number outside
its bounds, a string too long, a value outside an enumeration, a wrong type, an unknown key
nested arbitrarily deep, too many items, a repeated item) plus, for options that name other
objects, a name the organization does not have. A case knows the option path its error must
name, both in the state's terms (``routing_queues[2].media_settings...``) and in the module's
(``queues[2].media_settings...``).

Inputs that ansible-core itself mishandles before any collection code runs (ANSIBLE_CORE_LIMITS)
are left out and pinned by tests of its current behaviour.
"""
import copy
import json
import os
import re
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from ansible_collections.genesyscloud.routing.plugins.plugin_utils.desired_state import DESIRED_STATE_SCHEMA

ROOT = Path(__file__).resolve().parents[2]
STATE_DIR = ROOT / 'inventories' / 'dev' / 'group_vars' / 'all'

# ansible-core's own argument-spec limits, reached before any collection code runs; also left out.
ANSIBLE_CORE_LIMITS = {
    'list-for-int': 'a list of three items given to an int option is read by decimal.Decimal as a (sign, digits, '
                    'exponent) tuple: [0, [1, 2], 0] becomes 12, [9223372036854775808, 0, 0] crashes with '
                    'OverflowError',
    'bool-for-float': 'a boolean given to a float option reaches the module as 1.0 or 0.0, as any value given to a '
                      'str option reaches it as a string (ansible-core converts them; the offline validator refuses '
                      'both)',
    'infinity-for-int': "an infinite float given to an int option crashes ansible-core's check_type_int with "
                        "OverflowError (fixed upstream by ansible/ansible PR #87253, not in 2.19.14)",
    'scalar-for-dict': "a number, boolean or list given to a dict option with suboptions crashes ansible-core's "
                       "validation ('argument of type 'int' is not iterable'; ansible/ansible PR #81631, open)",
    'string-for-dict': 'a string given to a dict option with suboptions fails with "dictionary requested, could not '
                       'parse JSON or key=value", which does not name the option',
}

# section variable -> (module, option holding the items or None for top-level options, many)
SECTIONS = {
    'routing_skills': ('genesys_skill', 'skills', True),
    'routing_skill_groups': ('genesys_skill_group', 'skill_groups', True),
    'routing_utilization': ('genesys_utilization', None, False),
    'routing_queues': ('genesys_queue', 'queues', True),
    'routing_skill_rules': ('genesys_skill_rules', 'config', True),
    'routing_webhooks': ('genesys_webhook', None, True),
}
# Options whose value names another object (the last named key on the path decides).
REFERENCE_KEYS = {'division', 'user', 'wrapup_codes', 'backup_queue', 'queue', 'skills_to_remove',
                  'routing_skill', 'language_skill', 'member_divisions'}
# Only these kinds can be checked offline, against what the state itself declares.
OFFLINE_REFERENCE_KEYS = {'queue', 'skills_to_remove', 'routing_skill'}
MAX_DEPTH = 9


def load_base_state():
    state = {}
    for path in sorted(STATE_DIR.glob('*.yml')):
        state.update(yaml.safe_load(path.read_text()) or {})
    return state


BASE_STATE = load_base_state()


def resolve(node):
    while isinstance(node, dict) and '$ref' in node:
        node = DESIRED_STATE_SCHEMA['$defs'][node['$ref'].rsplit('/', 1)[1]]
    return node


def types_of(node):
    kind = node.get('type')
    if kind is None and 'enum' in node:
        kinds = set(type(value).__name__ for value in node['enum'])
        return {'string'} if kinds == {'str'} else set()
    return set(kind) if isinstance(kind, list) else ({kind} if kind else set())


class Slot:
    """One option of the desired state: its path from the section variable, schema, and value."""

    def __init__(self, path, node, value):
        self.path = path
        self.node = node
        self.value = value      # the base state's value there (None when the option is absent)

    def __repr__(self):
        return 'Slot(%s)' % state_path(self.path)


def _slots(node, value, path, found):
    node = resolve(node)
    found.append(Slot(path, node, value))
    if len(path) >= MAX_DEPTH:
        return
    kinds = types_of(node)
    if 'object' in kinds or 'properties' in node:
        if value is not None and not isinstance(value, dict):
            return
        for key, child in sorted((node.get('properties') or {}).items()):
            child_value = (value or {}).get(key)
            if child_value is None and resolve(child).get('required'):
                # An absent option with required parts: break the option itself, not its insides.
                found.append(Slot(path + (key,), resolve(child), None))
                continue
            _slots(child, child_value, path + (key,), found)
    if 'array' in kinds and isinstance(value, list):
        items = node.get('items') or {}
        prefix = node.get('prefixItems') or []
        for index, item in enumerate(value):
            _slots(prefix[index] if index < len(prefix) else items, item, path + (index,), found)


def all_slots():
    found = []
    for var in SECTIONS:
        _slots(DESIRED_STATE_SCHEMA['properties'][var], BASE_STATE.get(var), (var,), found)
    # Not the section itself; for webhooks (one per task) not a whole item either.
    return [slot for slot in found if len(slot.path) > 1
            and not (slot.path[0] == 'routing_webhooks' and len(slot.path) == 2)]


SLOTS = all_slots()


# ---------------------------------------------------------------------------------------------
# Paths

def state_path(path):
    text = ''
    for part in path:
        text += '[%d]' % part if isinstance(part, int) else ('.%s' % part if text else part)
    return text


def module_path(path):
    """The same option as the module calls it: queues[2]... ; webhook and utilization options are
    top-level (one webhook per task)."""
    module, option, many = SECTIONS[path[0]]
    rest = path[1:]
    if option is None:
        rest = rest[1:] if many else rest
        return state_path(rest)
    return state_path((option,) + rest)


def option_names(path):
    """The option names on a module path, without list indexes (how Ansible's own errors name them)."""
    module, option, many = SECTIONS[path[0]]
    rest = [part for part in path[1:] if not isinstance(part, int)]
    return ([option] if option else []) + rest


# ---------------------------------------------------------------------------------------------
# Values

PRINTABLE = st.characters(categories=('L', 'N', 'P', 'S', 'Zs'), exclude_characters='{}%')
WORDS = st.text(alphabet=st.characters(categories=('L',)), min_size=1, max_size=40)


def names(existing=()):
    """Names an organization does not have: unicode, sometimes very long, never blank."""
    taken = set(name.lower() for name in existing)
    short = st.text(alphabet=PRINTABLE, min_size=1, max_size=80)
    long_name = st.builds(lambda text, times: (text * times)[:6000],
                          st.text(alphabet=PRINTABLE, min_size=1, max_size=20),
                          st.integers(min_value=100, max_value=600))
    return st.one_of(short, short, long_name).filter(
        lambda name: name.strip() and name.strip().lower() not in taken and name.lower() not in taken)


def deep_dict(depth, leaf):
    value = leaf
    for level in range(depth):
        value = {'nested_%d' % (depth - level): value}
    return value


def not_a_number(booleans):
    # Lists of one or two items: ANSIBLE_CORE_LIMITS['list-for-int'] for three.
    values = [WORDS.filter(lambda text: not _numeric(text)), st.lists(st.integers(), min_size=1, max_size=2),
              st.dictionaries(WORDS, st.integers(), min_size=1, max_size=2)]
    return st.one_of(*(values + ([st.booleans()] if booleans else [])))


# YAML's .nan and .inf are floats, within no bound, that no JSON body can carry.
NOT_FINITE = st.sampled_from([float('nan'), float('inf'), float('-inf')])


def _numeric(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


BOOLEAN_WORDS = {'y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', '1', '0', 't', 'f', '1.0', '0.0'}


def defects(slot, for_module):
    """The defects this slot's schema rules out: [(kind, strategy of the bad value)]."""
    node = slot.node
    kinds = types_of(node)
    found = []
    if {'integer', 'number'} & kinds:
        integer = 'integer' in kinds and 'number' not in kinds
        if node.get('minimum') is not None:
            low = node['minimum']
            found.append(('below minimum', st.integers(min_value=-10 ** 12, max_value=int(low) - 1)
                          if integer else st.floats(max_value=low, exclude_max=True, allow_nan=False,
                                                    allow_infinity=False, min_value=-1e12)))
        if node.get('maximum') is not None:
            high = node['maximum']
            found.append(('above maximum', st.integers(min_value=int(high) + 1, max_value=10 ** 30)
                          if integer else st.floats(min_value=high, exclude_min=True, allow_nan=False,
                                                    allow_infinity=False, max_value=1e12)))
        # ansible-core's int check lets booleans through to the module (bool is an int in Python), which
        # must refuse them; its float check turns them into 1.0/0.0 (ANSIBLE_CORE_LIMITS['bool-for-float']).
        bad = not_a_number(booleans=integer or not for_module)
        if integer:
            bad = st.one_of(bad, st.floats(min_value=-1e6, max_value=1e6).filter(lambda x: x != int(x)))
        found.append(('wrong type', bad))
        if integer and for_module:  # infinity: ANSIBLE_CORE_LIMITS['infinity-for-int']
            found.append(('not finite', st.just(float('nan'))))
        else:
            found.append(('not finite', NOT_FINITE))
    if 'boolean' in kinds:
        found.append(('wrong type', st.one_of(WORDS.filter(lambda text: text.lower() not in BOOLEAN_WORDS),
                                              st.dictionaries(WORDS, st.integers(), min_size=1, max_size=2))))
    if 'string' in kinds:
        if node.get('maxLength') is not None:
            found.append(('too long', st.integers(min_value=node['maxLength'] + 1, max_value=node['maxLength'] + 4000)
                          .map(lambda size: ('Ü' * size))))
        if node.get('enum'):
            allowed = set(str(value).lower() for value in node['enum'])
            found.append(('not an allowed value', st.text(alphabet=PRINTABLE, min_size=1, max_size=300)
                          .filter(lambda text: text.lower() not in allowed and text.strip())))
        if node.get('pattern') == r'\S' or node.get('minLength'):
            found.append(('blank', st.sampled_from(['', ' ', '   ', '\t'])))
        if not for_module:
            # Ansible converts anything to a string for a str option; the state files must be typed.
            found.append(('wrong type', st.one_of(st.integers(), st.lists(WORDS, min_size=1, max_size=2))))
    if 'object' in kinds or 'properties' in node:
        if node.get('additionalProperties') is False:
            known = set(node.get('properties') or {})
            found.append(('unknown option, nested', st.tuples(
                WORDS.map(lambda word: 'x_' + word.lower()).filter(lambda key: key not in known),
                st.integers(min_value=0, max_value=40), st.integers()).map(
                    lambda parts: ('__unknown__', parts[0], deep_dict(parts[1], parts[2])))))
        if not for_module:  # for modules every wrong type here hits an ANSIBLE_CORE_LIMITS entry
            found.append(('wrong type', st.one_of(st.integers(), WORDS, st.lists(st.integers(), min_size=1))))
    if 'array' in kinds:
        found.append(('wrong type', st.dictionaries(WORDS, st.integers(), min_size=1, max_size=2)))
        if node.get('maxItems') is not None and isinstance(slot.value, list) and slot.value:
            limit = node['maxItems']
            found.append(('too many items', st.just(('__repeat__', limit + 1))))
        if node.get('uniqueItems') and isinstance(slot.value, list) and slot.value:
            found.append(('repeated item', st.just(('__repeat__', len(slot.value) + 1))))
    return found


def is_reference(slot):
    named = [part for part in slot.path if isinstance(part, str)]
    if not named:
        return False
    if named[-1] in REFERENCE_KEYS:
        return True
    # member group / rule group names: the `name` of an item of member_groups or groups
    return named[-1] == 'name' and len(named) >= 2 and named[-2] in ('member_groups', 'groups')


# ---------------------------------------------------------------------------------------------
# Cases

class Case:
    """One malformed desired state: the base state with `value` put at `path`."""

    def __init__(self, kind, path, value):
        self.kind = kind
        self.path = path
        self.value = value
        self.state = place(BASE_STATE, path, value)
        if isinstance(value, tuple) and value and value[0] == '__unknown__':
            self.path = path + (value[1],)
            self.value = value[2]

    @property
    def section(self):
        return self.path[0]

    def __repr__(self):
        shown = repr(self.value)
        return 'Case(%s at %s: %s)' % (self.kind, state_path(self.path), shown[:200])


def place(state, path, value):
    state = copy.deepcopy(state)
    parent = state
    for part in path[:-1]:
        if isinstance(part, int):
            parent = parent[part]
        else:
            parent = parent.setdefault(part, {}) if parent.get(part) is None else parent[part]
    last = path[-1]
    if isinstance(value, tuple) and value and value[0] == '__unknown__':
        target = parent[last] if isinstance(last, int) else parent.setdefault(last, {})
        target[value[1]] = value[2]
    elif isinstance(value, tuple) and value and value[0] == '__repeat__':
        items = parent[last]
        parent[last] = [copy.deepcopy(items[index % len(items)]) for index in range(value[1])]
    else:
        parent[last] = value
    return state


def expected_path(case):
    """The path the error must name: the repeated item for count errors, else the option."""
    if isinstance(case.value, tuple) and case.value[0] == '__repeat__':
        return None  # the schema names the first item over the limit, or the repeat; any item path will do
    return case.path


def _offers(for_module):
    """{section: {kind of defect: [(slot, strategy of bad values)]}}."""
    offers = {}
    for slot in SLOTS:
        for kind, values in defects(slot, for_module):
            offers.setdefault(slot.path[0], {}).setdefault(kind, []).append((slot, values))
    return offers


OFFERS = {True: _offers(True), False: _offers(False)}


@st.composite
def schema_cases(draw, for_module=True):
    """A section, then a kind of defect, then a place for it: every section and kind gets its share,
    however many options a section has."""
    offers = OFFERS[for_module]
    section = draw(st.sampled_from(sorted(offers)))
    kind = draw(st.sampled_from(sorted(offers[section])))
    slot, values = draw(st.sampled_from(offers[section][kind]))
    return Case(kind, slot.path, draw(values))


def _state_strings():
    """Every string of the demo state, so generated unknown names never hit a real one by chance."""
    found = set()

    def collect(value):
        if isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)
        elif isinstance(value, str):
            found.add(value)
    collect(BASE_STATE)
    return found


STATE_STRINGS = _state_strings()


@st.composite
def reference_cases(draw, offline=False, org_names=()):
    slots = [slot for slot in SLOTS if is_reference(slot) and 'string' in types_of(slot.node)]
    if offline:
        slots = [slot for slot in slots if [part for part in slot.path if isinstance(part, str)][-1]
                 in OFFLINE_REFERENCE_KEYS]
    slot = draw(st.sampled_from(slots))
    return Case('unknown name', slot.path, draw(names(STATE_STRINGS | set(org_names))))


def module_args(case):
    """(module name, args) that apply the broken section the way the role does."""
    module, option, many = SECTIONS[case.section]
    value = case.state[case.section]
    if option is not None:
        return module, {option: value}
    if not many:
        return module, dict(value)
    index = case.path[1]
    return module, dict(value[index])


def record_count(check, count):
    """bench/soak_reliability.py reads how many distinct cases each property ran (HOSTILE_COUNTS_FILE)."""
    target = os.environ.get('HOSTILE_COUNTS_FILE')
    if target:
        with open(target, 'a') as stream:
            stream.write(json.dumps({'property': check.__qualname__.split('.<locals>')[0], 'cases': count}) + '\n')


# HOSTILE_SCALE=N (bench/soak_reliability.py) runs N times as many examples, with a random seed.
SCALE = int(os.environ.get('HOSTILE_SCALE', '1'))
SETTINGS = dict(deadline=None, derandomize=SCALE == 1, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


def run_property(strategy, check, examples):
    """Run `check` on `examples` generated cases (times SCALE); returns how many distinct cases ran."""
    seen = set()

    @settings(max_examples=examples * SCALE, **SETTINGS)
    @given(strategy)
    def prop(case):
        seen.add(repr(case))
        check(case)

    prop()
    record_count(check, len(seen))
    return len(seen)


# The wording of ansible-core's own argument-spec errors (they name options their own way).
ANSIBLE_ARGSPEC = re.compile(r"^(argument '|value of |Unsupported parameters|Elements value|missing required|"
                             r"parameters are mutually exclusive|Value '.*' in the sub parameter field|"
                             r"one of the following is required|Invalid type)")
