"""The diff vocabulary comes from the field maps: which lists are sets is declared once, on the Field."""
from ansible_collections.genesyscloud.routing.plugins.module_utils import field_maps
from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import canonical, fingerprint
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import Field
from ansible_collections.genesyscloud.routing.plugins.plugin_utils.state_compare import differences


def test_no_api_key_is_a_set_in_one_field_map_and_ordered_in_another():
    ordered = set(key for field in field_maps.every_list_field() if field.ordered
                  for key in (field.api,) + field.api_also)
    assert not ordered & field_maps.SET_LIKE_API_KEYS


def test_every_list_declared_unordered_is_fingerprinted_as_a_set():
    for field in field_maps.every_list_field():
        for key in (field.api,) + field.api_also:
            one, other = {'x': {key: ['b', 'a']}}, {'x': {key: ['a', 'b']}}
            assert (fingerprint(one) == fingerprint(other)) is (not field.ordered), key


def test_the_read_form_of_a_set_is_a_set_too():
    """Worktypes answer defaultSkills and destinationStatuses for what they write as ...Ids."""
    assert canonical({'defaultSkills': [{'id': 'b'}, {'id': 'a'}]}) == {'defaultSkills': [{'id': 'a'}, {'id': 'b'}]}
    assert canonical({'s': {'destinationStatuses': ['b', 'a']}}) == {'s': {'destinationStatuses': ['a', 'b']}}


def test_rings_and_rules_keep_their_order_when_environments_are_compared():
    rings = [{'expansion_timeout_seconds': 5.0}, {'expansion_timeout_seconds': 9.0}]
    assert differences({'bullseye_rings': rings}, {'bullseye_rings': rings[::-1]})
    assert not differences({'wrapup_codes': ['a', 'b']}, {'wrapup_codes': ['b', 'a']})
    assert {'bullseye_rings', 'conditional_group_routing', 'preferred_agent_rules'} <= field_maps.ORDERED_OPTIONS


def test_a_new_field_declared_unordered_joins_the_vocabulary_without_a_second_list():
    fields = [Field('colours', type='list', elements='str', ordered=False),
              Field('steps', type='list', elements='dict', children=[Field('tags', type='list', ordered=False)])]
    listed = dict((field.option, field.ordered) for field in field_maps.list_fields(fields))
    assert listed == {'colours': False, 'steps': True, 'tags': False}
