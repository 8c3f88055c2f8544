"""Check-mode planning across dependencies (issue 14 item 14): names the same run creates resolve to placeholders."""
import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import Resolver


class Listing:
    def __init__(self, entities):
        self.entities = entities

    def list_all(self, path):
        return list(self.entities)


def test_an_expected_name_resolves_to_a_placeholder_shown_by_its_name():
    resolver = Resolver(Listing([{'id': 's1', 'name': 'Billing'}]))
    resolver.expect('skill', ['Brand New'])
    placeholder = resolver.resolve('skill', 'brand new', 'path')
    assert placeholder != 'Brand New' and resolver.name_of('skill', placeholder) == 'Brand New'
    assert resolver.resolve('skill', 'Billing', 'path') == 's1'


def test_an_existing_object_wins_over_the_plan_and_unknown_names_still_fail():
    resolver = Resolver(Listing([{'id': 's1', 'name': 'Billing'}]))
    resolver.expect('skill', ['Billing'])
    assert resolver.resolve('skill', 'Billing', 'path') == 's1'
    with pytest.raises(FieldMapError, match="unknown skill 'Bilingual'"):
        resolver.resolve('skill', 'Bilingual', 'skill_conditions[0]')
